using System.Text.Json;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Tests.Infrastructure;
using static GeoMonitor.Api.Tests.Query.QueryData;

namespace GeoMonitor.Api.Tests.Query;

/// <summary>The truce report's numbers, recomputed here from the hand-placed points.</summary>
[Collection(QueryCollection.Name)]
public sealed class TruceReportTests(QueryFixture api)
{
    /// <summary>The zones a point lies in, by construction (zone validity is not applied in reports).</summary>
    private static IEnumerable<string> ZonesOf(Point p)
    {
        if (p.InZone) yield return "test-square";
        if (p.Side == "north" && p.LineM <= 2000) yield return "test-north-2km";
    }

    [Theory]
    [InlineData("test-truce", "test-square", false)]
    [InlineData("test-truce", null, false)]
    [InlineData("test-truce", null, true)]
    [InlineData("test-scoped", null, false)]   // scoped to test-square
    [InlineData("test-scoped", null, true)]
    public async Task Report_counts_match_the_points(string truce, string? zone, bool reader)
    {
        await api.ReadyAsync();
        var (start, end, scoped) = truce == "test-truce" ? (TruceStart, TruceEnd, false) : (TruceStart, TruceStart.AddDays(2), true);
        var length = end - start;
        var before = start - length;
        var population = (reader ? Points : Verified).Where(p => (zone is null && !scoped) || p.InZone).ToList();
        var during = population.Where(p => p.At >= start && p.At < end).ToList();
        var earlier = population.Where(p => p.At >= before && p.At < start).ToList();

        var client = reader ? await api.CreateClientAsAsync(Role.Reviewer) : api.CreateClient();
        var report = await client.GetJson($"/api/truces/{truce}/report" + (zone is null ? "" : $"?zone={zone}"));

        Assert.Equal(length.TotalDays, report.GetProperty("lengthDays").GetDouble());
        CheckWindow(report.GetProperty("during"), during, start, (int)length.TotalDays);
        CheckWindow(report.GetProperty("before"), earlier, before, (int)length.TotalDays);
        var total = report.GetProperty("change").GetProperty("total");
        Assert.Equal(during.Count, total.GetProperty("during").GetInt64());
        Assert.Equal(earlier.Count, total.GetProperty("before").GetInt64());
        Assert.Equal(during.Count - earlier.Count, total.GetProperty("difference").GetInt64());
        if (earlier.Count == 0) Assert.Equal(JsonValueKind.Null, total.GetProperty("percent").ValueKind);
        else Assert.Equal(Math.Round(100.0 * (during.Count - earlier.Count) / earlier.Count, 1), total.GetProperty("percent").GetDouble());
        foreach (var type in during.Concat(earlier).Select(p => p.Type).Distinct())
        {
            var c = report.GetProperty("change").GetProperty("byEventType").GetProperty(type);
            Assert.Equal(during.Count(p => p.Type == type) - earlier.Count(p => p.Type == type), c.GetProperty("difference").GetInt64());
        }
    }

    [Fact]
    public async Task The_scoped_truce_report_has_these_numbers()
    {
        // Written out by hand: during [T0, T0+2d) in test-square, verified: t-start (day 0), z-in (day 1);
        // before [T0-2d, T0): t-before at T0-1s (day 1). Change: +1, +100 %.
        await api.ReadyAsync();
        var r = await api.CreateClient().GetJson("/api/truces/test-scoped/report");
        Assert.Equal(2, r.GetProperty("during").GetProperty("total").GetInt64());
        Assert.Equal([1L, 1L], r.GetProperty("during").GetProperty("byDay").EnumerateArray().Select(d => d.GetProperty("count").GetInt64()).ToArray());
        Assert.Equal([0L, 1L], r.GetProperty("before").GetProperty("byDay").EnumerateArray().Select(d => d.GetProperty("count").GetInt64()).ToArray());
        Assert.Equal(100.0, r.GetProperty("change").GetProperty("total").GetProperty("percent").GetDouble());
        Assert.Equal("2026-04-14T21:00:00Z", r.GetProperty("before").GetProperty("from").GetString());
    }

    private static void CheckWindow(JsonElement w, List<Point> points, DateTime from, int days)
    {
        Assert.Equal(from, w.GetProperty("from").GetDateTime().ToUniversalTime());
        Assert.Equal(points.Count, w.GetProperty("total").GetInt64());
        var byDay = w.GetProperty("byDay").EnumerateArray().ToList();
        Assert.Equal(days, byDay.Count);
        for (var d = 0; d < days; d++)
        {
            Assert.Equal(d, byDay[d].GetProperty("day").GetInt32());
            Assert.Equal(points.Count(p => (int)Math.Floor((p.At - from).TotalDays) == d), byDay[d].GetProperty("count").GetInt64());
        }
        var types = w.GetProperty("byEventType");
        foreach (var g in points.GroupBy(p => p.Type)) Assert.Equal(g.Count(), types.GetProperty(g.Key).GetInt64());
        var zones = w.GetProperty("byZone");
        foreach (var g in points.SelectMany(ZonesOf).GroupBy(z => z)) Assert.Equal(g.Count(), zones.GetProperty(g.Key).GetInt64());
        Assert.Equal(points.SelectMany(ZonesOf).Count(), zones.EnumerateObject().Sum(z => z.Value.GetInt64()));
    }
}
