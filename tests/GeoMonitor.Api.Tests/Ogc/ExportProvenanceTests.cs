using System.Text.Json;
using GeoMonitor.Api.Tests.Infrastructure;

namespace GeoMonitor.Api.Tests.Ogc;

public sealed class ExportProvenanceTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task GeoJson_exports_carry_licence_generation_time_permalink_and_sources()
    {
        var source = "prov-" + Guid.NewGuid().ToString("N")[..8];
        var t = new DateTimeOffset(2025, 4, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 3; i++) await HandPlaced.InsertAsync(api, source, "a" + i, 35.5, 33.2, t.AddHours(i));
        var before = DateTime.UtcNow.AddSeconds(-1);
        var doc = JsonDocument.Parse(await api.CreateClient().GetStringAsync($"/api/incidents?source={source}&from=2025-01-01")).RootElement;
        Assert.Equal("CC BY 4.0", doc.GetProperty("licence").GetProperty("name").GetString());
        Assert.InRange(doc.GetProperty("generatedAt").GetDateTime().ToUniversalTime(), before, DateTime.UtcNow.AddSeconds(1));
        var permalink = doc.GetProperty("permalink").GetString()!;
        Assert.Contains($"source={source}", permalink);
        Assert.Contains("from=2025-01-01", permalink);
        // No upper bound was given: the permalink pins it to the generation instant.
        Assert.Contains("to=" + Uri.EscapeDataString(doc.GetProperty("generatedAt").GetString()!), permalink);
        var sources = doc.GetProperty("sources").EnumerateArray().ToList();
        Assert.Equal(source, Assert.Single(sources).GetProperty("source").GetString());
        Assert.Equal(3, sources[0].GetProperty("features").GetInt32());

        // The permalink answers the same features.
        var again = JsonDocument.Parse(await api.CreateClient().GetStringAsync(permalink)).RootElement;
        Assert.Equal(doc.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetInt64()),
            again.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetInt64()));

        var ogc = JsonDocument.Parse(await api.CreateClient().GetStringAsync($"/ogc/collections/incidents/items?source={source}")).RootElement;
        Assert.Equal(3, Assert.Single(ogc.GetProperty("sources").EnumerateArray()).GetProperty("features").GetInt32());
        Assert.True(ogc.TryGetProperty("licence", out _));
    }

    [Fact]
    public async Task Csv_with_hxl_has_the_hashtag_row_under_the_header()
    {
        var source = "hxl-" + Guid.NewGuid().ToString("N")[..8];
        await HandPlaced.InsertAsync(api, source, "h1", 35.5, 33.2, new DateTimeOffset(2030, 5, 1, 0, 0, 0, TimeSpan.Zero), fatalities: 4);
        var client = api.CreateClient();
        var lines = (await client.GetStringAsync($"/api/incidents?source={source}&format=csv&hxl=true")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length); // header, hashtags, one row
        var header = lines[0].Split(',');
        var tags = lines[1].Split(',');
        var row = lines[2].Split(',');
        Assert.Equal(header.Length, tags.Length);
        Assert.Equal("#date+occurred", tags[Array.IndexOf(header, "occurredAt")]);
        Assert.Equal("#event+type", tags[Array.IndexOf(header, "eventType")]);
        Assert.Equal("#event+type+sub", tags[Array.IndexOf(header, "subEventType")]);
        Assert.Equal("#affected+killed", tags[Array.IndexOf(header, "fatalities")]);
        Assert.Equal("#geo+lat", tags[Array.IndexOf(header, "lat")]);
        Assert.Equal("#geo+lon", tags[Array.IndexOf(header, "lon")]);
        Assert.Equal("#loc+name", tags[Array.IndexOf(header, "locationName")]);
        Assert.Equal("4", row[Array.IndexOf(header, "fatalities")]);

        var plain = (await client.GetStringAsync($"/api/incidents?source={source}&format=csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, plain.Length);
        Assert.DoesNotContain('#', plain[1]);
    }
}
