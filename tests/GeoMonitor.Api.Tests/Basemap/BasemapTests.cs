using System.Security.Cryptography;
using System.Text.Json;
using GeoMonitor.Api.Infrastructure.Geodata;
using GeoMonitor.Api.Tests.Infrastructure;
using GeoMonitor.Api.Tests.Tiles;

namespace GeoMonitor.Api.Tests.Basemap;

/// <summary>
/// The basemap (migration V070, BasemapLoader, tile layers land, borders and places): loaded whole and valid, once,
/// replaced when its file changes, and drawn where the places are. Known coordinates come from
/// ../shared/reference/gazetteer.csv and are typed in here (not read back from the loaded rows).
/// </summary>
public sealed class BasemapTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    // gazetteer.csv: Tyre (Sour) 33.272121, 35.196402 (LB). A point 4.4 km west of it is in the Mediterranean.
    private const double TyreLon = 35.196402, TyreLat = 33.272121, SeaLon = 35.15, SeaLat = 33.27;

    private static JsonElement File(string name) =>
        JsonDocument.Parse(System.IO.File.ReadAllBytes(Path.Combine(TestCluster.GeodataFolder, name))).RootElement;

    [Fact]
    public async Task Every_feature_of_both_files_is_loaded_valid_and_inside_the_region_with_its_checksum()
    {
        var basemap = File(BasemapLoader.BasemapFile);
        var layers = basemap.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("layer").GetString()).ToList();
        Assert.Equal((long)layers.Count(l => l == "land"), await api.ScalarAsync<long>("SELECT count(*) FROM basemap_land"));
        Assert.Equal((long)layers.Count(l => l != "land"), await api.ScalarAsync<long>("SELECT count(*) FROM basemap_lines"));
        Assert.Equal((long)File(BasemapLoader.PlacesFile).GetProperty("features").GetArrayLength(),
            await api.ScalarAsync<long>("SELECT count(*) FROM basemap_places"));

        Assert.Equal(0L, await api.ScalarAsync<long>("""
            SELECT (SELECT count(*) FROM basemap_land WHERE NOT ST_IsValid(geom))
                 + (SELECT count(*) FROM basemap_lines WHERE NOT ST_IsValid(geom))
                 + (SELECT count(*) FROM basemap_land WHERE source NOT LIKE 'Natural Earth%')
            """));
        var region = basemap.GetProperty("properties").GetProperty("region").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var extent = await api.ScalarAsync<double[]>("""
            SELECT ARRAY[ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)] FROM
              (SELECT ST_Extent(geom)::box2d AS e FROM (SELECT geom FROM basemap_land UNION ALL SELECT geom FROM basemap_lines) u) s
            """);
        Assert.True(extent[0] >= region[0] - 1e-9 && extent[1] >= region[1] - 1e-9 && extent[2] <= region[2] + 1e-9 && extent[3] <= region[3] + 1e-9,
            $"extent {string.Join(',', extent)} inside region {string.Join(',', region)}");

        foreach (var file in new[] { BasemapLoader.BasemapFile, BasemapLoader.PlacesFile })
        {
            var sha = Convert.ToHexString(SHA256.HashData(System.IO.File.ReadAllBytes(Path.Combine(TestCluster.GeodataFolder, file)))).ToLowerInvariant();
            Assert.Equal(sha, await api.ScalarAsync<string>("SELECT sha256 FROM basemap_files WHERE file = $1", file));
        }
        Assert.Equal("1:10m", await api.ScalarAsync<string>("SELECT scale FROM basemap_files WHERE file = 'basemap.geojson'"));
    }

    [Fact]
    public async Task Tyre_is_land_in_Lebanon_and_the_sea_off_Tyre_is_not_land()
    {
        const string At = "SELECT COALESCE(string_agg(name, ','), '') FROM basemap_land WHERE ST_Intersects(geom, ST_SetSRID(ST_Point($1, $2), 4326))";
        Assert.Equal("Lebanon", await api.ScalarAsync<string>(At, TyreLon, TyreLat));
        Assert.Equal("", await api.ScalarAsync<string>(At, SeaLon, SeaLat));
        // gazetteer.csv: Kiryat Shmona 33.20750, 35.56972 (IL); Nabatieh 33.36389, 35.48750 (LB).
        Assert.Equal("Israel", await api.ScalarAsync<string>(At, 35.56972, 33.20750));
        Assert.Equal("Lebanon", await api.ScalarAsync<string>(At, 35.48750, 33.36389));
    }

    [Fact]
    public async Task Places_more_than_2_km_from_the_Blue_Line_lie_in_the_country_the_gazetteer_gives_them()
    {
        // Two independent sources: the gazetteer's side of each place, and Natural Earth's country polygons. Within
        // 2 km of the line they may disagree (Natural Earth's 1:10m boundary, quantized to ~300 m, and our sketch of
        // the line are both approximate), beyond it they must not.
        await using var cmd = api.Db.CreateCommand("""
            SELECT p.slug, p.side, COALESCE((SELECT string_agg(l.name, ',') FROM basemap_land l WHERE ST_Intersects(l.geom, p.geom)), '')
            FROM basemap_places p, lines b
            WHERE b.slug = 'blue-line' AND p.side IN ('LB', 'IL')
              AND ST_Distance(p.geom::geography, b.geom::geography) > 2000
            """);
        await using var r = await cmd.ExecuteReaderAsync();
        var n = 0;
        while (await r.ReadAsync())
        {
            n++;
            Assert.Equal(r.GetString(1) == "LB" ? "Lebanon" : "Israel", r.GetString(2));
        }
        Assert.True(n >= 15, $"{n} places checked");
    }

    [Fact]
    public async Task Loading_again_changes_nothing_and_a_changed_file_replaces_only_its_own_rows()
    {
        Assert.False((await BasemapLoader.LoadAsync(api.Db, TestCluster.GeodataFolder)).Any);

        var dir = Directory.CreateTempSubdirectory("gm-basemap-").FullName;
        try
        {
            System.IO.File.Copy(Path.Combine(TestCluster.GeodataFolder, BasemapLoader.BasemapFile), Path.Combine(dir, BasemapLoader.BasemapFile));
            var places = System.IO.File.ReadAllText(Path.Combine(TestCluster.GeodataFolder, BasemapLoader.PlacesFile));
            using var doc = JsonDocument.Parse(places);
            var features = doc.RootElement.GetProperty("features").EnumerateArray().ToList();
            var kept = features.Where(f => f.GetProperty("properties").GetProperty("slug").GetString() != "tyre").Select(f => f.GetRawText());
            System.IO.File.WriteAllText(Path.Combine(dir, BasemapLoader.PlacesFile),
                $$"""{"type":"FeatureCollection","properties":{"source":"edited copy"},"features":[{{string.Join(",", kept)}}]}""");

            var landIds = await api.ScalarAsync<long[]>("SELECT array_agg(id ORDER BY id) FROM basemap_land");
            var changed = await BasemapLoader.LoadAsync(api.Db, dir);
            Assert.Equal(new BasemapLoader.Result(0, 0, features.Count - 1), changed);
            Assert.Equal(0L, await api.ScalarAsync<long>("SELECT count(*) FROM basemap_places WHERE slug = 'tyre'"));
            Assert.Equal("edited copy", await api.ScalarAsync<string>("SELECT source FROM basemap_files WHERE file = 'places.geojson'"));
            Assert.Equal(landIds, await api.ScalarAsync<long[]>("SELECT array_agg(id ORDER BY id) FROM basemap_land"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
            await BasemapLoader.LoadAsync(api.Db, TestCluster.GeodataFolder);
        }
        Assert.Equal(1L, await api.ScalarAsync<long>("SELECT count(*) FROM basemap_places WHERE slug = 'tyre'"));
    }

    private static (int X, int Y, double Px, double Py) Locate(double lon, double lat, int z) => Mvt.Locate(lon, lat, z);

    // Even-odd rule over every ring of every polygon feature: inside an exterior ring and not in a hole.
    private static bool Inside(Mvt.Layer layer, double px, double py)
    {
        var inside = false;
        foreach (var ring in layer.Features.Where(f => f.GeometryType == 3).SelectMany(f => f.Paths))
            for (int i = 0, j = ring.Count - 1; i < ring.Count; j = i++)
            {
                var (xi, yi) = ring[i];
                var (xj, yj) = ring[j];
                if ((yi > py) != (yj > py) && px < (double)(xj - xi) * (py - yi) / (yj - yi) + xi) inside = !inside;
            }
        return inside;
    }

    // The layer of that tile; a tile with no feature of the layer (open sea, for land) has no such layer: null.
    private async Task<Mvt.Layer?> TileLayerOrNull(string layer, int z, int x, int y)
    {
        var res = await api.CreateClient().GetAsync($"/tiles/{layer}/{z}/{x}/{y}.mvt");
        Assert.True(res.IsSuccessStatusCode, $"{layer} {z}/{x}/{y}: {(int)res.StatusCode}");
        Assert.Equal("application/vnd.mapbox-vector-tile", res.Content.Headers.ContentType!.MediaType);
        return Mvt.Decode(await res.Content.ReadAsByteArrayAsync()).SingleOrDefault(l => l.Name == layer);
    }

    private async Task<Mvt.Layer> TileLayer(string layer, int z, int x, int y) =>
        await TileLayerOrNull(layer, z, x, y) ?? throw new Xunit.Sdk.XunitException($"no {layer} layer in tile {z}/{x}/{y}");

    [Theory]
    [InlineData(9)]
    [InlineData(11)]
    [InlineData(13)]
    public async Task The_land_tile_holds_Tyre_and_not_the_sea_off_Tyre(int z)
    {
        var tyre = Locate(TyreLon, TyreLat, z);
        var land = await TileLayer("land", z, tyre.X, tyre.Y);
        Assert.True(Inside(land, tyre.Px, tyre.Py), $"Tyre on land at z{z}");
        Assert.Contains(land.Features, f => (string)f.Tags["name"] == "Lebanon");

        var sea = Locate(SeaLon, SeaLat, z);
        var seaTile = sea.X == tyre.X && sea.Y == tyre.Y ? land : await TileLayerOrNull("land", z, sea.X, sea.Y);
        Assert.False(seaTile is not null && Inside(seaTile, sea.Px, sea.Py), $"the sea off Tyre is not land at z{z}");
    }

    [Fact]
    public async Task The_borders_tile_has_the_coast_and_the_Israel_Lebanon_boundary()
    {
        var (x, y, _, _) = Locate(35.4, 33.1, 8);
        var borders = await TileLayer("borders", 8, x, y);
        Assert.All(borders.Features, f => Assert.Equal(2, f.GeometryType)); // LINESTRING
        Assert.Contains(borders.Features, f => (string)f.Tags["kind"] == "boundary" && (string)f.Tags["name"] == "Israel / Lebanon");
        Assert.Contains(borders.Features, f => (string)f.Tags["kind"] == "coastline" && (string)f.Tags["name"] == "Lebanon");
    }

    [Fact]
    public async Task The_places_tile_carries_English_Arabic_and_Hebrew_names_where_the_gazetteer_has_them()
    {
        // gazetteer.csv cites an Arabic Wikipedia page for Blida (33.13833, 35.50806) and a Hebrew one for Shukin
        // (33.354167, 35.466667); their titles, percent-decoded by hand: بليدا and שוכין.
        var (x, y, _, _) = Locate(35.50806, 33.13833, 10);
        var places = await TileLayer("places", 10, x, y);
        var blida = Assert.Single(places.Features, f => (string)f.Tags["slug"] == "blida");
        Assert.Equal("Blida", blida.Tags["name"]);
        Assert.Equal("\u0628\u0644\u064A\u062F\u0627", blida.Tags["name_ar"]);
        Assert.Equal(1, blida.GeometryType); // POINT

        (x, y, _, _) = Locate(35.466667, 33.354167, 10);
        var shukin = Assert.Single((await TileLayer("places", 10, x, y)).Features, f => (string)f.Tags["slug"] == "shukin");
        Assert.Equal("\u05E9\u05D5\u05DB\u05D9\u05DF", shukin.Tags["name_he"]);
        Assert.False(shukin.Tags.ContainsKey("name_ar"));
    }

    [Fact]
    public async Task The_tilejson_states_the_source_and_scale_of_the_basemap()
    {
        var client = api.CreateClient();
        foreach (var layer in new[] { "land", "borders" })
        {
            var tj = JsonDocument.Parse(await client.GetStringAsync($"/tiles/{layer}.json")).RootElement;
            var attribution = tj.GetProperty("attribution").GetString()!;
            Assert.Contains("Natural Earth", attribution);
            Assert.Contains("1:10m", attribution);
            Assert.Contains("world-atlas", attribution);
            Assert.Equal(34.0, tj.GetProperty("bounds")[0].GetDouble());
        }
        var places = JsonDocument.Parse(await client.GetStringAsync("/tiles/places.json")).RootElement;
        Assert.Contains("gazetteer", places.GetProperty("attribution").GetString()!);
        var index = JsonDocument.Parse(await client.GetStringAsync("/tiles")).RootElement;
        Assert.Equal(["land", "borders", "zones", "corridors", "lines", "incidents", "places"],
            index.GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("id").GetString()!).ToArray());
    }
}
