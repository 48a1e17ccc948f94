using System.Net;
using System.Text.Json.Nodes;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Tests.Infrastructure;
using GeoMonitor.Api.Tests.Uploads;
using static GeoMonitor.Api.Tests.Uploads.UploadWorld;

namespace GeoMonitor.Api.Tests.Layers;

/// <summary>
/// The layer cells (V060) follow every write of a zone or corridor in the writing transaction, and the enrichment of a
/// new upload follows them. Cells are 1/200 degree: cell i spans longitudes [i/200 − 180, (i+1)/200 − 180], so a box
/// from lon 35.60 to 35.70 (i = 43120 … 43140 in grid units, exactly on cell borders) and lat 33.60 to 33.70
/// (j = 24720 … 24740) reaches cells i 43119–43140 and j 24719–24740 (the cells left of and below a border it lies on
/// touch it): 22 × 22 = 484 cells, of which the 18 × 18 = 324 with i 43121–43138 and j 24721–24738 lie wholly inside.
/// </summary>
public sealed class LayerCellsTests(UploadFixture api) : IClassFixture<UploadFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => SeedAsync(api);
    public Task DisposeAsync() => Task.CompletedTask;

    private static JsonObject Box(double w, double s, double e, double n) => new()
    {
        ["type"] = "Feature",
        ["geometry"] = new JsonObject { ["type"] = "Polygon", ["coordinates"] = new JsonArray(new JsonArray(
            new JsonArray(w, s), new JsonArray(e, s), new JsonArray(e, n), new JsonArray(w, n), new JsonArray(w, s))) },
        ["properties"] = new JsonObject { ["name"] = "Cells box", ["kind"] = "other", ["source"] = "test" },
    };

    private async Task<List<(int I, int J, bool Inside)>> Cells(string layer, string slug)
    {
        var table = layer == "zone" ? "zones" : "corridors";
        var cells = new List<(int, int, bool)>();
        // The table name is one of two constants above.
        await using var cmd = api.Db.CreateCommand($"SELECT c.i, c.j, c.inside FROM layer_cells c JOIN {table} t ON t.id = c.id WHERE c.layer = $1 AND t.slug = $2");
        cmd.Parameters.AddWithValue(layer);
        cmd.Parameters.AddWithValue(slug);
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) cells.Add((r.GetInt32(0), r.GetInt32(1), r.GetBoolean(2)));
        return cells;
    }

    // The cells a box drawn on cell borders reaches, counted by hand (see the class summary): i0, j0 the grid units of
    // its west and south edges, 20 × 20 cells wide.
    private static void AssertBoxCells(List<(int I, int J, bool Inside)> cells, int i0, int j0)
    {
        Assert.Equal(484, cells.Count);
        Assert.Equal(324, cells.Count(c => c.Inside));
        Assert.All(cells, c =>
        {
            Assert.InRange(c.I, i0 - 1, i0 + 20);
            Assert.InRange(c.J, j0 - 1, j0 + 20);
            var wholly = c.I >= i0 + 1 && c.I <= i0 + 18 && c.J >= j0 + 1 && c.J <= j0 + 18;
            Assert.Equal(wholly, c.Inside);
        });
    }

    /// <summary>How many stored cells differ from the cells of the zones' and corridors' geometries as they are now (0 = in step).</summary>
    public const string StaleCellsSql = """
        SELECT count(*) FROM (
          (SELECT layer, id, i, j, inside FROM layer_cells
           EXCEPT SELECT 'zone', z.id, c.i, c.j, c.inside FROM zones z, gm_area_cells(z.geom) c
           EXCEPT SELECT 'corridor', k.id, c.i, c.j, c.inside FROM corridors k, gm_area_cells(k.geom) c)
          UNION ALL
          (SELECT 'zone', z.id, c.i, c.j, c.inside FROM zones z, gm_area_cells(z.geom) c
           UNION ALL SELECT 'corridor', k.id, c.i, c.j, c.inside FROM corridors k, gm_area_cells(k.geom) c
           EXCEPT SELECT layer, id, i, j, inside FROM layer_cells)) d
        """;

    private Task<long> StaleCells() => api.ScalarAsync<long>(StaleCellsSql);

    private async Task<Dictionary<string, string[]>> UploadBatch(params (string Id, double Lon, double Lat)[] points)
    {
        var client = await api.CreateClientAsAsync(Role.Reporter);
        var csv = "source,externalId,occurredAt,eventType,subEventType,lon,lat\n" + string.Concat(points.Select(p =>
            FormattableString.Invariant($"cells,{p.Id},2024-12-01T10:00:00Z,Battles,Armed clash,{p.Lon},{p.Lat}\n")));
        var res = await client.PostAsync("/api/incidents/batch", Raw(csv, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        var zones = new Dictionary<string, string[]>();
        foreach (var (id, _, _) in points)
        {
            await using var cmd = api.Db.CreateCommand("SELECT zone_slugs FROM incidents WHERE source = 'cells' AND external_id = $1");
            cmd.Parameters.AddWithValue(id);
            zones[id] = (string[])(await cmd.ExecuteScalarAsync())!;
        }
        return zones;
    }

    [Fact]
    public async Task A_zone_redrawn_moves_its_cells_in_the_same_write_and_new_uploads_follow_the_new_shape()
    {
        var admin = await api.CreateClientAsAsync(Role.Admin);
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync("/api/zones/cells-box", Json(Box(35.60, 33.60, 35.70, 33.70), "application/geo+json"))).StatusCode);
        AssertBoxCells(await Cells("zone", "cells-box"), 43120, 24720);
        var before = await UploadBatch(("a-west", 35.65, 33.65), ("a-east", 35.85, 33.65), ("a-edge", 35.60, 33.65));
        Assert.Equal(["cells-box"], before["a-west"]);
        Assert.Empty(before["a-east"]);
        Assert.Equal(["cells-box"], before["a-edge"]);

        // Redrawn 0.2° east: lon 35.80–35.90, i = 43160 … 43180.
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync("/api/zones/cells-box", Json(Box(35.80, 33.60, 35.90, 33.70), "application/geo+json"))).StatusCode);
        AssertBoxCells(await Cells("zone", "cells-box"), 43160, 24720);
        var after = await UploadBatch(("b-west", 35.65, 33.65), ("b-east", 35.85, 33.65), ("b-edge", 35.90, 33.65));
        Assert.Empty(after["b-west"]);
        Assert.Equal(["cells-box"], after["b-east"]);
        Assert.Equal(["cells-box"], after["b-edge"]);
        // The incidents stored before were re-derived by the same write (V053), through the new cells.
        Assert.Empty(await api.ScalarAsync<string[]>("SELECT zone_slugs FROM incidents WHERE source = 'cells' AND external_id = 'a-west'"));
        Assert.Equal(["cells-box"], await api.ScalarAsync<string[]>("SELECT zone_slugs FROM incidents WHERE source = 'cells' AND external_id = 'a-east'"));
        // Cells serve the zone as it is now; its first shape is still what asOf reads (zone_versions).
        Assert.Equal(2L, await api.ScalarAsync<long>("SELECT count(*) FROM zone_versions WHERE slug = 'cells-box'"));
        Assert.True(await api.ScalarAsync<bool>(
            "SELECT ST_Intersects(geom, ST_SetSRID(ST_MakePoint(35.65, 33.65), 4326)) FROM zone_versions WHERE slug = 'cells-box' AND version = 1"));
        Assert.Equal(0L, await StaleCells());

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/zones/cells-box")).StatusCode);
        Assert.Equal(0L, await api.ScalarAsync<long>(
            "SELECT count(*) FROM layer_cells WHERE layer = 'zone' AND id NOT IN (SELECT id FROM zones)"));
        Assert.Empty((await UploadBatch(("c-east", 35.85, 33.66)))["c-east"]);
    }

    [Fact]
    public async Task A_buffer_zone_moved_by_its_line_and_a_corridor_rewritten_keep_their_cells()
    {
        var admin = await api.CreateClientAsAsync(Role.Admin);
        JsonObject Line(double lat) => new()
        {
            ["type"] = "Feature",
            ["geometry"] = new JsonObject { ["type"] = "LineString", ["coordinates"] = new JsonArray(new JsonArray(35.1, lat), new JsonArray(35.9, lat)) },
            ["properties"] = new JsonObject { ["name"] = "Cells line", ["kind"] = "other", ["source"] = "test" },
        };
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync("/api/lines/cells-line", Json(Line(33.5)))).StatusCode);
        var zone = new JsonObject { ["name"] = "1 km north of the cells line", ["kind"] = "buffer", ["bufferOf"] = "cells-line", ["metres"] = 1000, ["side"] = "north", ["source"] = "test" };
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync("/api/zones/cells-buffer", Json(zone))).StatusCode);
        // 500 m north of the line (lat 33.5 and, moved, 33.6): echo "33.5 35.5 0 500" | geod +ellps=WGS84 -f "%.9f" → 33.504508020;
        // echo "33.6 35.5 0 500" | geod … → 33.604507947.
        Assert.Equal(["cells-buffer"], (await UploadBatch(("l-1", 35.5, 33.504508020)))["l-1"]);

        // The line moves (a direct UPDATE of the derived zone by the line write, not the zone API).
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync("/api/lines/cells-line", Json(Line(33.6)))).StatusCode);
        var moved = await UploadBatch(("l-2", 35.5, 33.504508020), ("l-3", 35.5, 33.604507947));
        Assert.Empty(moved["l-2"]);
        Assert.Equal(["cells-buffer"], moved["l-3"]);

        var corridor = JsonNode.Parse("""
            {"type":"Feature","geometry":{"type":"LineString","coordinates":[[35.3,33.3],[35.4,33.3]]},
             "properties":{"name":"Cells corridor","widthM":1000,"status":"open","source":"test"}}
            """)!;
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync("/api/corridors/cells-corridor", Json(corridor))).StatusCode);
        Assert.NotEmpty(await Cells("corridor", "cells-corridor"));
        // 1 km north of the route: outside the 1,000 m wide corridor (500 m each side), inside the 3,000 m one.
        // echo "33.3 35.35 0 1000" | geod +ellps=WGS84 -f "%.9f" → 33.309016329
        await UploadBatch(("k-0", 35.35, 33.309016329));
        Assert.Empty(await api.ScalarAsync<string[]>("SELECT corridor_slugs FROM incidents WHERE source = 'cells' AND external_id = 'k-0'"));
        corridor["properties"]!["widthM"] = 3000;
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync("/api/corridors/cells-corridor", Json(corridor))).StatusCode);
        await UploadBatch(("k-1", 35.35, 33.309016329));
        Assert.Equal(["cells-corridor"], await api.ScalarAsync<string[]>("SELECT corridor_slugs FROM incidents WHERE source = 'cells' AND external_id = 'k-1'"));
        Assert.Equal(0L, await StaleCells());
    }
}
