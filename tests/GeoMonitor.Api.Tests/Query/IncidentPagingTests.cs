using System.Net;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Tests.Infrastructure;
using static GeoMonitor.Api.Tests.Query.QueryData;

namespace GeoMonitor.Api.Tests.Query;

/// <summary>Keyset pages: following `next` links returns every match exactly once, in order, and then stops.</summary>
[Collection(QueryCollection.Name)]
public sealed class IncidentPagingTests(QueryFixture api)
{
    [Theory]
    [InlineData(1, "asc", "")]
    [InlineData(3, "asc", "")]
    [InlineData(4, "desc", "")]
    [InlineData(2, "asc", "&zone=test-square")]
    [InlineData(1, "desc", "&zone=test-square&truce=test-truce")]
    public async Task Walking_the_next_links_returns_every_match_exactly_once(int limit, string order, string filter)
    {
        await api.ReadyAsync();
        var client = await api.CreateClientAsAsync(Role.Reader);
        var all = QueryHttp.ExternalIds(await client.GetJson($"/api/incidents?limit=1000&order={order}{filter}"));
        var seen = new List<string>();
        var times = new List<DateTime>();
        string? url = $"/api/incidents?limit={limit}&order={order}{filter}";
        var pages = 0;
        while (url is not null)
        {
            var page = await client.GetJson(url);
            var features = page.GetProperty("features").EnumerateArray().ToList();
            Assert.Equal(features.Count, page.GetProperty("numberReturned").GetInt32());
            Assert.True(features.Count <= limit);
            seen.AddRange(features.Select(f => f.GetProperty("properties").GetProperty("externalId").GetString()!));
            times.AddRange(features.Select(f => f.GetProperty("properties").GetProperty("occurredAt").GetDateTime()));
            var links = page.GetProperty("links").EnumerateArray().ToList();
            Assert.Contains(links, l => l.GetProperty("rel").GetString() == "self");
            var next = links.FirstOrDefault(l => l.GetProperty("rel").GetString() == "next");
            url = next.ValueKind == System.Text.Json.JsonValueKind.Object ? new Uri(next.GetProperty("href").GetString()!).PathAndQuery : null;
            if (url is not null) Assert.Contains("cursor=", url);
            Assert.True(++pages <= all.Length + 1, "the walk does not end");
        }
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(all, seen.Order(StringComparer.Ordinal).ToArray());
        var sorted = order == "asc" ? times.Order().ToList() : times.OrderDescending().ToList();
        Assert.Equal(sorted, times);
    }

    [Fact]
    public async Task The_next_link_keeps_the_filters()
    {
        await api.ReadyAsync();
        var page = await api.CreateClient().GetJson("/api/incidents?limit=1&zone=test-square&truce=test-truce");
        var next = page.GetProperty("links").EnumerateArray().Single(l => l.GetProperty("rel").GetString() == "next").GetProperty("href").GetString()!;
        Assert.Contains("zone=test-square", next);
        Assert.Contains("truce=test-truce", next);
        Assert.Contains("limit=1", next);
    }

    [Fact]
    public async Task The_default_page_is_100_and_the_last_page_has_no_next_link()
    {
        await api.ReadyAsync();
        var page = await api.CreateClient().GetJson("/api/incidents");
        Assert.Equal(Verified.Count(), page.GetProperty("numberReturned").GetInt32());
        Assert.DoesNotContain(page.GetProperty("links").EnumerateArray(), l => l.GetProperty("rel").GetString() == "next");
    }

    [Theory]
    [InlineData("cursor=abc")]
    [InlineData("cursor=AgAAAAAAAAAAAAAAAAAAAAAA")]  // well-formed base64url, unknown version
    [InlineData("cursor=AQAAAAAAAAAAAAAAAAAAAA")]      // too short
    public async Task A_forged_cursor_is_a_400(string query)
    {
        await api.ReadyAsync();
        await api.CreateClient().Problem($"/api/incidents?{query}", HttpStatusCode.BadRequest, "cursor");
    }

    [Fact]
    public async Task A_cursor_for_the_other_order_is_a_400()
    {
        await api.ReadyAsync();
        var page = await api.CreateClient().GetJson("/api/incidents?limit=1&order=asc");
        var next = new Uri(page.GetProperty("links").EnumerateArray().Single(l => l.GetProperty("rel").GetString() == "next").GetProperty("href").GetString()!);
        var cursor = System.Web.HttpUtility.ParseQueryString(next.Query)["cursor"];
        await api.CreateClient().Problem($"/api/incidents?order=desc&cursor={cursor}", HttpStatusCode.BadRequest, "cursor");
    }
}
