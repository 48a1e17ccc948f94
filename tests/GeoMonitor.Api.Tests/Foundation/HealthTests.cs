using System.Net;
using System.Text.Json;
using GeoMonitor.Api.Tests.Infrastructure;

namespace GeoMonitor.Api.Tests.Foundation;

public sealed class HealthTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Health_is_200_with_versions_when_the_database_answers()
    {
        var res = await api.CreateClient().GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        using var doc = JsonDocument.Parse(await res.Content.ReadAsStringAsync());
        Assert.StartsWith("15.", doc.RootElement.GetProperty("postgres").GetString());
        Assert.StartsWith("3.", doc.RootElement.GetProperty("postGis").GetString());
    }

    [Fact]
    public async Task Health_is_503_when_the_database_is_unreachable()
    {
        // Port 1 on loopback: nothing listens there, so every connection is refused at once.
        await using var down = await ApiFixture.StartAsync(new ApiHostOptions { LoadGeodata = false }
            .With("ConnectionStrings:GeoMonitor", "Host=127.0.0.1;Port=1;Username=x;Password=x;Database=x;Timeout=2"));
        var res = await down.CreateClient().GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, res.StatusCode);
        using var doc = JsonDocument.Parse(await res.Content.ReadAsStringAsync());
        Assert.Equal("unavailable", doc.RootElement.GetProperty("status").GetString());
    }
}
