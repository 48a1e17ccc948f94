using GeoMonitor.Api.Tests.Query;

namespace GeoMonitor.Api.Tests.GraphQL;

/// <summary>Walks GET /api/incidents through its next links.</summary>
public static class RestWalk
{
    /// <summary>The externalIds of every page, in order.</summary>
    public static async Task<List<string>> WalkRestAsync(this HttpClient client, string query, int limit)
    {
        var ids = new List<string>();
        string? url = $"/api/incidents?limit={limit}{query}";
        for (var pages = 0; url is not null; pages++)
        {
            Assert.True(pages < 1000, "the REST walk does not end");
            var page = await client.GetJson(url);
            ids.AddRange(page.GetProperty("features").EnumerateArray()
                .Select(f => f.GetProperty("properties").GetProperty("externalId").GetString()!));
            var next = page.GetProperty("links").EnumerateArray().FirstOrDefault(l => l.GetProperty("rel").GetString() == "next");
            url = next.ValueKind == System.Text.Json.JsonValueKind.Object ? new Uri(next.GetProperty("href").GetString()!).PathAndQuery : null;
        }
        return ids;
    }
}
