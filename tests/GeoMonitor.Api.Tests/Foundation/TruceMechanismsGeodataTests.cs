using System.Text.Json;
using GeoMonitor.Api.Infrastructure.Geodata;
using GeoMonitor.Api.Tests.Infrastructure;

namespace GeoMonitor.Api.Tests.Foundation;

/// <summary>
/// geodata/truce-mechanisms.json loads completely, once, with a source on every record, and says what ../shared/
/// reference/facts.txt says: the November 2024 arrangement's 60-day withdrawal (F5: due 26 Jan 2025, extended to 18 Feb
/// 2025), the five posts kept after 18 Feb 2025 without coordinates (F7), the 1701 area held by the LAF with UNIFIL (F6).
/// </summary>
public sealed class TruceMechanismsGeodataTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static JsonElement File()
    {
        using var doc = JsonDocument.Parse(System.IO.File.ReadAllText(Path.Combine(TestCluster.GeodataFolder, TruceMechanismsLoader.File)));
        return doc.RootElement.Clone();
    }

    [Theory]
    [InlineData("benchmarks", "benchmarks")]
    [InlineData("custody", "custody")]
    public async Task Every_record_is_loaded_once_with_its_source(string member, string table)
    {
        var slugs = File().GetProperty(member).EnumerateArray().Select(r => r.GetProperty("slug").GetString()!).ToArray();
        // The table name comes from the test data above, not from input.
        Assert.Equal(slugs.Length, await api.ScalarAsync<long>($"SELECT count(*) FROM {table} WHERE slug = ANY ($1) AND length(source) > 0", new object[] { slugs }));
        Assert.False((await TruceMechanismsLoader.LoadAsync(api.Db, TestCluster.GeodataFolder)).Any);
    }

    [Fact]
    public async Task Every_unsourced_record_says_it_is_an_illustration()
    {
        foreach (var k in File().GetProperty("custody").EnumerateArray().Where(k => k.GetProperty("source").GetString()!.StartsWith("ILLUSTRATIVE")))
            Assert.True(await api.ScalarAsync<bool>("SELECT illustrative FROM custody WHERE slug = $1", k.GetProperty("slug").GetString()!));
        Assert.Equal(0L, await api.ScalarAsync<long>("SELECT count(*) FROM custody WHERE NOT illustrative AND source LIKE 'ILLUSTRATIVE%'"));
    }

    [Fact]
    public async Task The_five_posts_kept_after_18_February_2025_are_held_by_the_idf_without_geometry()
    {
        Assert.Equal(5L, await api.ScalarAsync<long>("""
            SELECT count(*) FROM custody WHERE force = 'idf' AND zone_id IS NULL AND site IS NOT NULL
              AND lower(during) = '2025-02-18T22:00:00Z' AND upper_inf(during) AND source LIKE 'F7%'
            """));
        // Nothing locates them: no custody is answered for a point inside the posts' search areas but outside the 1701 area.
        var answer = await api.CreateClient().GetStringAsync("/api/custody?force=idf&at=2025-03-01T00:00:00Z");
        Assert.Contains("Jabal Blat", answer);
    }

    [Theory]
    [InlineData("2025-01-26T01:59:59Z", "coh-2024-idf-withdrawal-60-days", "pending", "pending")]
    [InlineData("2025-01-26T02:00:00Z", "coh-2024-idf-withdrawal-60-days", "overdue", "not_met")]
    [InlineData("2025-02-18T21:59:59Z", "coh-2024-idf-withdrawal-extended", "pending", "pending")]
    [InlineData("2025-02-18T22:00:00Z", "coh-2024-idf-withdrawal-extended", "overdue", "partially_met")]
    public async Task The_november_2024_withdrawal_benchmarks_answer_as_the_sources_date_them(string asOf, string slug, string state, string reported)
    {
        var b = JsonDocument.Parse(await api.CreateClient().GetStringAsync($"/api/benchmarks/{slug}?asOf={asOf}")).RootElement;
        Assert.Equal(state, b.GetProperty("state").GetString());
        Assert.Equal(reported, b.GetProperty("reportedStatus").GetString());
        Assert.Equal("coh-2024", b.GetProperty("truce").GetString());
    }

    [Fact]
    public async Task The_extension_to_18_February_2025_depends_on_the_extended_benchmark()
    {
        var truce = JsonDocument.Parse(await api.CreateClient().GetStringAsync("/api/truces/coh-2024")).RootElement;
        var extension = truce.GetProperty("extensions").EnumerateArray().Single(e => e.GetProperty("newEnd").GetString() == "2025-02-18T22:00:00Z");
        Assert.Equal(["coh-2024-idf-withdrawal-extended"], extension.GetProperty("benchmarks").EnumerateArray().Select(x => x.GetString()));
    }

    [Fact]
    public async Task The_1701_area_is_held_by_the_laf_with_unifil_since_11_August_2006()
    {
        var located = JsonDocument.Parse(await api.CreateClient().GetStringAsync("/api/locate?lon=35.25&lat=33.25&at=2010-01-01T00:00:00Z")).RootElement;
        var c = Assert.Single(located.GetProperty("custody").EnumerateArray());
        Assert.Equal("laf", c.GetProperty("force").GetString());
        Assert.Equal(["unifil"], c.GetProperty("supportedBy").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal("2006-08-11T00:00:00Z", c.GetProperty("from").GetString());
    }
}
