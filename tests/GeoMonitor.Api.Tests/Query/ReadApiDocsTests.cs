using System.Text.Json;

namespace GeoMonitor.Api.Tests.Query;

/// <summary>Every read endpoint is in the Swagger document with a description holding an example request.</summary>
[Collection(QueryCollection.Name)]
public sealed class ReadApiDocsTests(QueryFixture api)
{
    [Theory]
    [InlineData("/api/incidents")]
    [InlineData("/api/incidents/{id}")]
    [InlineData("/api/lines")]
    [InlineData("/api/lines/{slug}")]
    [InlineData("/api/zones")]
    [InlineData("/api/zones/{slug}")]
    [InlineData("/api/corridors")]
    [InlineData("/api/corridors/{slug}")]
    [InlineData("/api/truces")]
    [InlineData("/api/truces/{slug}")]
    [InlineData("/api/truces/{slug}/report")]
    [InlineData("/api/locate")]
    [InlineData("/api/stats/incidents")]
    [InlineData("/api/notifications")]
    [InlineData("/api/notifications/{id}")]
    [InlineData("/api/notifications/{id}/conflicts")]
    [InlineData("/api/benchmarks")]
    [InlineData("/api/benchmarks/{slug}")]
    [InlineData("/api/custody")]
    [InlineData("/api/custody/{slug}")]
    [InlineData("/api/changes")]
    [InlineData("/api/disputes")]
    [InlineData("/api/disputes/{slug}")]
    [InlineData("/api/lines/{slug}/versions")]
    [InlineData("/api/zones/{slug}/versions")]
    [InlineData("/api/corridors/{slug}/versions")]
    [InlineData("/api/truces/{slug}/versions")]
    public async Task Endpoint_is_documented_with_an_example(string path)
    {
        var doc = JsonDocument.Parse(await api.CreateClient().GetStringAsync("/swagger/v1/swagger.json")).RootElement;
        var get = doc.GetProperty("paths").GetProperty(path).GetProperty("get");
        Assert.False(string.IsNullOrWhiteSpace(get.GetProperty("summary").GetString()));
        Assert.Contains("Example: GET /api/", get.GetProperty("description").GetString());
    }
}
