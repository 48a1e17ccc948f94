using System.Text.Json;
using GeoMonitor.Api.Infrastructure.Geodata;
using GeoMonitor.Api.Tests.Infrastructure;

namespace GeoMonitor.Api.Tests.Foundation;

/// <summary>The layers of geodata/ load completely, validly, once, and where they belong.</summary>
public sealed class GeodataTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static int FeaturesIn(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestCluster.GeodataFolder, file)));
        return doc.RootElement.ValueKind == JsonValueKind.Array
            ? doc.RootElement.GetArrayLength()
            : doc.RootElement.GetProperty("features").GetArrayLength();
    }

    [Theory]
    [InlineData("lines", "lines.geojson")]
    [InlineData("zones", "zones.geojson")]
    [InlineData("corridors", "corridors.geojson")]
    [InlineData("truces", "truces.json")]
    [InlineData("incidents", "incidents.geojson")]
    public async Task Every_feature_of_every_file_is_loaded(string table, string file)
    {
        // The table name comes from the test data above, not from input.
        Assert.Equal((long)FeaturesIn(file), await api.ScalarAsync<long>($"SELECT count(*) FROM {table}"));
    }

    [Fact]
    public async Task The_sample_is_large_enough_and_loads_once()
    {
        Assert.True(await api.ScalarAsync<long>("SELECT count(*) FROM incidents") >= 300);
        var again = await GeodataLoader.LoadAsync(api.Db, TestCluster.GeodataFolder);
        Assert.False(again.Any);
    }

    [Fact]
    public async Task Every_geometry_is_valid_and_every_feature_has_a_source()
    {
        var invalid = await api.ScalarAsync<long>("""
            SELECT (SELECT count(*) FROM lines WHERE NOT ST_IsValid(geom) OR source = '')
                 + (SELECT count(*) FROM zones WHERE NOT ST_IsValid(geom) OR ST_IsEmpty(geom) OR source = '')
                 + (SELECT count(*) FROM corridors WHERE NOT ST_IsValid(geom) OR source = '')
                 + (SELECT count(*) FROM truces WHERE source = '')
            """);
        Assert.Equal(0L, invalid);
    }

    [Fact]
    public async Task The_blue_line_is_between_100_and_140_km_long()
    {
        var metres = await api.ScalarAsync<double>("SELECT ST_Length(geom::geography) FROM lines WHERE slug = 'blue-line'");
        Assert.InRange(metres, 100_000, 140_000);
    }

    [Fact]
    public async Task Buffer_zones_are_computed_in_metres_on_each_side()
    {
        // A one-sided buffer of width w along a line of length L covers about L·w (less at convex bends,
        // more at concave ones); in degrees the same buffer would be off by the factor cos(33°) ≈ 0.84 in x.
        var length = await api.ScalarAsync<double>("SELECT ST_Length(geom::geography) FROM lines WHERE slug = 'blue-line'");
        foreach (var (side, km) in new[] { ("north", 1), ("north", 2), ("north", 5), ("south", 1), ("south", 2), ("south", 5) })
        {
            var area = await api.ScalarAsync<double>(
                "SELECT ST_Area(geom::geography) FROM zones WHERE buffer_of_line = 'blue-line' AND buffer_side = $1 AND buffer_metres = $2",
                side, km * 1000.0);
            Assert.InRange(area / (length * km * 1000), 0.75, 1.25);
        }
    }

    [Theory]
    [InlineData("Bint Jbeil", 35.44278, 33.12583, "north")]
    [InlineData("Khiam", 35.6111, 33.3271667, "north")]
    [InlineData("Avivim", 35.4720639, 33.089222, "south")]
    [InlineData("Shlomi", 35.14472, 33.07444, "south")]
    [InlineData("Kiryat Shmona", 35.56972, 33.20750, "south")]
    public async Task Gazetteer_places_are_on_their_side_of_the_blue_line(string place, double lon, double lat, string side)
    {
        var north = await api.ScalarAsync<bool>(
            "SELECT ST_Intersects(north_side, ST_SetSRID(ST_MakePoint($1, $2), 4326)) FROM lines WHERE slug = 'blue-line'", lon, lat);
        Assert.True(north == (side == "north"), $"{place} should be {side} of the Blue Line");
    }

    [Theory]
    [InlineData("Bint Jbeil", 35.44278, 33.12583, true)]
    [InlineData("Tyre", 35.196402, 33.272121, true)]
    [InlineData("Nabatieh (north of the Litani)", 35.48750, 33.36389, false)]
    [InlineData("Avivim (Israel)", 35.4720639, 33.089222, false)]
    [InlineData("Metula (Israel)", 35.576667, 33.278889, false)]
    public async Task The_1701_area_lies_between_the_blue_line_and_the_litani(string place, double lon, double lat, bool inside)
    {
        var contains = await api.ScalarAsync<bool>(
            "SELECT ST_Intersects(geom, ST_SetSRID(ST_MakePoint($1, $2), 4326)) FROM zones WHERE slug = 'unsc-1701-area'", lon, lat);
        Assert.True(contains == inside, $"{place}: expected inside={inside}");
        // Practically all of the area is on the Lebanese side of the Blue Line.
        var outside = await api.ScalarAsync<double>("""
            SELECT ST_Area(ST_Difference(z.geom, l.north_side)::geography) / ST_Area(z.geom::geography)
            FROM zones z, lines l WHERE z.slug = 'unsc-1701-area' AND l.slug = 'blue-line'
            """);
        Assert.True(outside < 0.01, $"{outside:P1} of the 1701 area is south of the Blue Line");
    }

    [Fact]
    public async Task Truce_windows_use_the_end_in_force_after_extensions()
    {
        var extended = await api.ScalarAsync<long>("""
            SELECT count(*) FROM truces t
            WHERE EXISTS (SELECT 1 FROM truce_extensions e WHERE e.truce_id = t.id)
              AND upper(t.during) = (SELECT e.new_end FROM truce_extensions e WHERE e.truce_id = t.id ORDER BY e.new_end DESC LIMIT 1)
              AND upper(t.during) > t.original_end
            """);
        Assert.True(extended >= 2, "both the 2024 cessation of hostilities and the April 2026 ceasefire were extended");
        // 27 Nov 2024 cessation of hostilities, extended to 18 Feb 2025 (facts.txt F5).
        var coh = await api.ScalarAsync<long>("""
            SELECT count(*) FROM truces WHERE lower(during) >= '2024-11-26' AND lower(during) < '2024-11-28'
              AND upper(during) >= '2025-02-18' AND upper(during) < '2025-02-20'
            """);
        Assert.Equal(1L, coh);
    }

    [Fact]
    public async Task Incidents_are_enriched_at_load()
    {
        var unenriched = await api.ScalarAsync<long>("SELECT count(*) FROM incidents WHERE blue_line_distance_m IS NULL");
        Assert.Equal(0L, unenriched);
        // Every sample lies within 100 km of the Blue Line, so every one has a side.
        Assert.Equal(0L, await api.ScalarAsync<long>("SELECT count(*) FROM incidents WHERE blue_line_side IS NULL"));
        var inZones = await api.ScalarAsync<long>("SELECT count(*) FROM incidents WHERE cardinality(zone_slugs) > 0");
        Assert.True(inZones > 0);
    }
}
