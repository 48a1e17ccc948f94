using System.Text.Json;
using GeoMonitor.Api.Tests.Infrastructure;
using static GeoMonitor.Api.Tests.Query.QueryData;

namespace GeoMonitor.Api.Tests.Query;

/// <summary>GET /api/stats/incidents and GET /api/locate on the hand-placed world.</summary>
[Collection(QueryCollection.Name)]
public sealed class StatsAndLocateTests(QueryFixture api)
{
    [Fact]
    public async Task Daily_counts_in_the_zone_during_the_truce()
    {
        await api.ReadyAsync();
        var s = await api.CreateClient().GetJson("/api/stats/incidents?zone=test-square&truce=test-truce&bucket=day");
        var points = Verified.Where(p => p.InZone && p.InTruce).ToList();
        var buckets = s.GetProperty("buckets").EnumerateArray().ToList();
        Assert.Equal(points.Count, s.GetProperty("total").GetInt64());
        // From the first match's day to the last's, every day listed once, empty days as 0.
        var first = points.Min(p => p.At).Date;
        var last = points.Max(p => p.At).Date;
        Assert.Equal((int)(last - first).TotalDays + 1, buckets.Count);
        foreach (var b in buckets)
        {
            var day = b.GetProperty("start").GetDateTime().ToUniversalTime();
            Assert.Equal(points.Count(p => p.At.Date == day), b.GetProperty("count").GetInt64());
        }
    }

    [Fact]
    public async Task Weekly_buckets_start_on_Monday_and_cover_from_to()
    {
        await api.ReadyAsync();
        var s = await api.CreateClient().GetJson("/api/stats/incidents?from=2026-04-13&to=2026-04-27&bucket=week");
        var buckets = s.GetProperty("buckets").EnumerateArray().ToList();
        // 2026-04-13 is a Monday: two weeks, [13, 20) and [20, 27).
        Assert.Equal(["2026-04-13T00:00:00Z", "2026-04-20T00:00:00Z"], buckets.Select(b => b.GetProperty("start").GetString()!).ToArray());
        var monday = new DateTime(2026, 4, 13, 0, 0, 0, DateTimeKind.Utc);
        Assert.Equal(Verified.Count(p => p.At >= monday && p.At < monday.AddDays(7)), buckets[0].GetProperty("count").GetInt64());
        Assert.Equal(Verified.Count(p => p.At >= monday.AddDays(7) && p.At < monday.AddDays(14)), buckets[1].GetProperty("count").GetInt64());
    }

    [Fact]
    public async Task Locate_a_point_inside_the_square_during_the_truce()
    {
        await api.ReadyAsync();
        var l = await api.CreateClient().GetJson("/api/locate?lon=35.05&lat=33.15&at=2026-04-17T00:00:00Z");
        Assert.Equal(["test-square"], Slugs(l, "zones"));
        Assert.Equal(["test-scoped", "test-truce"], Slugs(l, "truces"));   // ordered by start, then slug
        Assert.Empty(Slugs(l, "corridors"));
        // After the scoped truce ended, only the whole-region one remains.
        var later = await api.CreateClient().GetJson("/api/locate?lon=35.05&lat=33.15&at=2026-04-20T00:00:00Z");
        Assert.Equal(["test-truce"], Slugs(later, "truces"));
        // Outside the square the scoped truce does not apply.
        var outside = await api.CreateClient().GetJson("/api/locate?lon=35.2&lat=33.15&at=2026-04-17T00:00:00Z");
        Assert.Equal(["test-truce"], Slugs(outside, "truces"));
        Assert.Empty(Slugs(outside, "zones"));
    }

    [Theory]
    [InlineData("l-n999", 999.0)]
    [InlineData("l-s1001", -1001.0)]
    public async Task Locate_gives_the_signed_geodesic_distance_to_the_Blue_Line(string ext, double signed)
    {
        await api.ReadyAsync();
        var p = Points.Single(x => x.Ext == ext);
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var l = await api.CreateClient().GetJson($"/api/locate?lon={p.Lon.ToString("R", inv)}&lat={p.Lat.ToString("R", inv)}");
        var bl = l.GetProperty("blueLine");
        Assert.Equal("test-blue-line", bl.GetProperty("line").GetString());
        Assert.Equal(signed, bl.GetProperty("signedDistanceM").GetDouble(), 0.11);
        Assert.Equal(Math.Abs(signed), bl.GetProperty("distanceM").GetDouble(), 0.11);
        Assert.Equal(signed > 0 ? "north" : "south", bl.GetProperty("side").GetString());
    }

    [Theory]
    [InlineData("2026-04-20T12:00:00Z", true)]
    [InlineData("2026-04-22T12:00:00Z", false)]
    public async Task Locate_in_the_corridor_tells_whether_it_is_open(string at, bool open)
    {
        await api.ReadyAsync();
        var p = Points.Single(x => x.Ext == "c-in-open");
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var l = await api.CreateClient().GetJson($"/api/locate?lon={p.Lon.ToString("R", inv)}&lat=33.2&at={at}");
        var c = l.GetProperty("corridors").EnumerateArray().Single();
        Assert.Equal("test-corridor", c.GetProperty("slug").GetString());
        Assert.Equal(open, c.GetProperty("openAt").GetBoolean());
    }

    [Theory]
    [InlineData("2020-06-01T00:00:00Z", true)]
    [InlineData("2026-04-20T00:00:00Z", false)]
    public async Task Locate_respects_zone_validity(string at, bool inOldZone)
    {
        await api.ReadyAsync();
        var l = await api.CreateClient().GetJson($"/api/locate?lon=35.45&lat=33.45&at={at}");
        Assert.Equal(inOldZone ? ["test-old-zone"] : Array.Empty<string>(), Slugs(l, "zones"));
    }

    private static string[] Slugs(JsonElement e, string name) =>
        e.GetProperty(name).EnumerateArray().Select(x => x.GetProperty("slug").GetString()!).ToArray();
}
