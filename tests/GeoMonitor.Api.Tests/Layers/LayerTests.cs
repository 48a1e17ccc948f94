using System.Net;
using System.Text.Json;
using GeoMonitor.Api.Tests.Query;

namespace GeoMonitor.Api.Tests.Layers;

/// <summary>Lines, zones, corridors and truces, on the hand-placed layers of the query fixture.</summary>
[Collection(QueryCollection.Name)]
public sealed class LayerTests(QueryFixture api)
{
    [Fact]
    public async Task Lines_are_a_FeatureCollection_with_provenance()
    {
        await api.ReadyAsync();
        var res = await api.CreateClient().GetAsync("/api/lines");
        Assert.Equal("application/geo+json", res.Content.Headers.ContentType?.MediaType);
        var fc = JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement;
        var blue = Feature(fc, "test-blue-line");
        var p = blue.GetProperty("properties");
        Assert.Equal("blue_line", p.GetProperty("kind").GetString());
        Assert.Equal("test", p.GetProperty("source").GetString());
        Assert.Equal("hand-placed", p.GetProperty("method").GetString());
        Assert.True(p.GetProperty("approximate").GetBoolean());
        var first = blue.GetProperty("geometry").GetProperty("coordinates")[0][0];
        Assert.Equal(34.9, first[0].GetDouble());
        Assert.Equal(33.0, first[1].GetDouble());
        Assert.Equal("test-blue-line", (await api.CreateClient().GetJson("/api/lines/test-blue-line")).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Zones_filter_by_kind_and_validity_and_rings_are_counter_clockwise()
    {
        await api.ReadyAsync();
        var client = api.CreateClient();
        Assert.Equal(["test-square"], Ids(await client.GetJson("/api/zones?kind=withdrawal")));
        Assert.Equal(["test-north-2km", "test-old-zone"], Ids(await client.GetJson("/api/zones?activeAt=2020-06-01T00:00:00Z")));
        Assert.Equal(["test-north-2km", "test-square"], Ids(await client.GetJson("/api/zones?activeAt=2026-04-20T00:00:00Z")));
        var all = await client.GetJson("/api/zones");
        foreach (var f in all.GetProperty("features").EnumerateArray())
            foreach (var polygon in f.GetProperty("geometry").GetProperty("coordinates").EnumerateArray())
                Assert.True(SignedArea(polygon[0]) > 0, $"{f.GetProperty("id")}: exterior ring must be counter-clockwise");

        var square = Feature(all, "test-square").GetProperty("properties");
        Assert.Equal(1, square.GetProperty("phase").GetInt32());
        Assert.Equal("2026-05-17T21:00:00Z", square.GetProperty("deadline").GetString());
        Assert.Equal("2026-04-16T21:00:00Z", square.GetProperty("validFrom").GetString());
        Assert.Equal(JsonValueKind.Null, square.GetProperty("validTo").ValueKind);
        // 0.1° × 0.1° at 33.15°N: about 11.09 km × 9.33 km.
        Assert.InRange(square.GetProperty("areaKm2").GetDouble(), 102, 105);
        var buffer = Feature(all, "test-north-2km").GetProperty("properties").GetProperty("bufferOf");
        Assert.Equal("test-blue-line", buffer.GetProperty("line").GetString());
        Assert.Equal(2000, buffer.GetProperty("metres").GetDouble());
        Assert.Equal("north", buffer.GetProperty("side").GetString());
    }

    [Fact]
    public async Task Corridors_filter_by_open_window_and_carry_width_route_and_windows()
    {
        await api.ReadyAsync();
        var client = api.CreateClient();
        Assert.Equal(["test-corridor"], Ids(await client.GetJson("/api/corridors?openAt=2026-04-20T12:00:00Z")));
        Assert.Empty(Ids(await client.GetJson("/api/corridors?openAt=2026-04-21T00:00:00Z")));   // the window is half-open
        var c = (await client.GetJson("/api/corridors/test-corridor")).GetProperty("properties");
        Assert.Equal(2000, c.GetProperty("widthM").GetDouble());
        Assert.Equal("open", c.GetProperty("status").GetString());
        Assert.Equal("UN", c.GetProperty("operator").GetString());
        Assert.Equal("MultiLineString", c.GetProperty("route").GetProperty("type").GetString());
        var w = c.GetProperty("windows").EnumerateArray().Single();
        Assert.Equal("2026-04-20T00:00:00Z", w.GetProperty("from").GetString());
        Assert.Equal("2026-04-21T00:00:00Z", w.GetProperty("to").GetString());
    }

    [Fact]
    public async Task Truces_have_zones_in_scope_and_the_extension_history()
    {
        await api.ReadyAsync();
        var client = api.CreateClient();
        var t = await client.GetJson("/api/truces/test-truce");
        Assert.Equal("2026-04-16T21:00:00Z", t.GetProperty("start").GetString());
        Assert.Equal("2026-05-17T21:00:00Z", t.GetProperty("end").GetString());
        Assert.Equal("2026-04-26T21:00:00Z", t.GetProperty("originalEnd").GetString());
        Assert.True(t.GetProperty("wholeRegion").GetBoolean());
        var ext = t.GetProperty("extensions").EnumerateArray().Single();
        Assert.Equal("2026-04-26T21:00:00Z", ext.GetProperty("previousEnd").GetString());
        Assert.Equal("2026-05-17T21:00:00Z", ext.GetProperty("newEnd").GetString());
        var scoped = await client.GetJson("/api/truces/test-scoped");
        Assert.Equal(["test-square"], scoped.GetProperty("zones").EnumerateArray().Select(z => z.GetProperty("slug").GetString()!).ToArray());
        Assert.False(scoped.GetProperty("wholeRegion").GetBoolean());

        static string[] Active(JsonElement list) => list.GetProperty("truces").EnumerateArray().Select(x => x.GetProperty("slug").GetString()!).Order().ToArray();
        Assert.Equal(["test-scoped", "test-truce"], Active(await client.GetJson("/api/truces?activeAt=2026-04-17T00:00:00Z")));
        Assert.Equal(["test-truce"], Active(await client.GetJson("/api/truces?activeAt=2026-04-20T00:00:00Z")));
        Assert.Empty(Active(await client.GetJson("/api/truces?activeAt=2026-05-17T21:00:00Z")));   // end exclusive
    }

    [Theory]
    [InlineData("/api/lines")]
    [InlineData("/api/zones?kind=withdrawal")]
    [InlineData("/api/corridors")]
    [InlineData("/api/truces")]
    [InlineData("/api/zones/test-square")]
    public async Task Layers_have_an_ETag_and_answer_304_when_unchanged(string url)
    {
        await api.ReadyAsync();
        var client = api.CreateClient();
        var first = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.Equal("public, max-age=60", first.Headers.CacheControl?.ToString());
        var again = new HttpRequestMessage(HttpMethod.Get, url);
        again.Headers.IfNoneMatch.Add(etag);
        var second = await client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
        var other = new HttpRequestMessage(HttpMethod.Get, url);
        other.Headers.IfNoneMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"something-else\""));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(other)).StatusCode);
    }

    [Fact]
    public async Task A_different_answer_has_a_different_ETag()
    {
        await api.ReadyAsync();
        var client = api.CreateClient();
        var a = (await client.GetAsync("/api/zones")).Headers.ETag;
        var b = (await client.GetAsync("/api/zones?kind=withdrawal")).Headers.ETag;
        Assert.NotEqual(a, b);
    }

    private static JsonElement Feature(JsonElement fc, string id) =>
        fc.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("id").GetString() == id);

    private static string[] Ids(JsonElement fc) =>
        fc.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetString()!).Order(StringComparer.Ordinal).ToArray();

    // Shoelace formula in lon/lat: positive for a counter-clockwise ring.
    private static double SignedArea(JsonElement ring)
    {
        var pts = ring.EnumerateArray().Select(p => (X: p[0].GetDouble(), Y: p[1].GetDouble())).ToList();
        double s = 0;
        for (var i = 0; i < pts.Count - 1; i++) s += pts[i].X * pts[i + 1].Y - pts[i + 1].X * pts[i].Y;
        return s / 2;
    }
}
