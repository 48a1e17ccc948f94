using System.Globalization;
using System.Net;
using System.Text;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Tests.Infrastructure;
using static GeoMonitor.Api.Tests.Uploads.UploadWorld;

namespace GeoMonitor.Api.Tests.Uploads;

/// <summary>
/// The enrichment through the layer cells (V060/V061, LayerJoins.HeldBy) against the enrichment as it was computed
/// before them (V053's expressions, written out below as the referee): zones, corridors, truces, Blue Line distance and
/// side of every point must be identical, not close. The points are the ones where a shortcut could go wrong: on every
/// vertex and a centimetre around it, along every edge of every zone, corridor and the Blue Line at offsets from 10 cm to
/// 20 m on both sides, on the grid lines where an edge crosses from one cell into the next, 0–50 m and up to 50 km from
/// the Blue Line, a grid over the whole upload region, and (for gm_enrich_incidents, which takes any stored point) points
/// around the globe; times on both sides of every zone validity and truce bound.
/// </summary>
public sealed class EnrichmentEquivalenceTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    // V053's gm_enrich_incidents, the enrichment every stored incident had before the cells: the referee. (Its line is
    // materialized here, as the batch upload did: the same value, cast to geography once instead of once per point.)
    private const string Referee = """
        WITH bl AS MATERIALIZED (SELECT geom::geography AS geog, north_side, south_side FROM lines WHERE kind = 'blue_line' ORDER BY id LIMIT 1)
        SELECT i.id,
               COALESCE((SELECT array_agg(z.slug ORDER BY z.slug) FROM zones z
                         WHERE ST_Intersects(z.geom, i.geom) AND z.valid @> i.occurred_at), '{}') AS zone_slugs,
               COALESCE((SELECT array_agg(c.slug ORDER BY c.slug) FROM corridors c
                         WHERE ST_Intersects(c.geom, i.geom)), '{}') AS corridor_slugs,
               COALESCE((SELECT array_agg(t.slug ORDER BY t.slug) FROM truces t
                         WHERE t.during @> i.occurred_at
                           AND (t.scope IS NULL OR EXISTS (
                                SELECT 1 FROM zones z WHERE z.slug = ANY (t.scope) AND ST_Intersects(z.geom, i.geom)))), '{}') AS truce_slugs,
               d.dist,
               CASE WHEN d.dist IS NULL THEN NULL WHEN d.dist < 0.5 THEN 'on_line'
                    WHEN ST_Intersects(d.north_side, i.geom) THEN 'north' WHEN ST_Intersects(d.south_side, i.geom) THEN 'south' END AS side
        FROM incidents i
        LEFT JOIN LATERAL (SELECT ST_Distance(bl.geog, i.geom::geography) AS dist, bl.north_side, bl.south_side FROM bl) d ON true
        WHERE i.source = $1
        """;

    // Rows whose stored enrichment differs from the referee's in any field, bit for bit (float8 compared exactly), with
    // both versions of the first few for the failure message.
    private static readonly string Differences = $"""
        WITH r AS MATERIALIZED ({Referee}), d AS MATERIALIZED (
          SELECT i.id, ST_AsText(i.geom) AS point, i.occurred_at,
                 concat_ws(' | ', i.zone_slugs, i.corridor_slugs, i.truce_slugs, i.blue_line_distance_m, i.blue_line_side) AS stored,
                 concat_ws(' | ', r.zone_slugs, r.corridor_slugs, r.truce_slugs, r.dist, r.side) AS before
          FROM incidents i JOIN r ON r.id = i.id
          WHERE i.source = $1
            AND (i.zone_slugs, i.corridor_slugs, i.truce_slugs, i.blue_line_distance_m, i.blue_line_side)
                IS DISTINCT FROM (r.zone_slugs, r.corridor_slugs, r.truce_slugs, r.dist, r.side)
        )
        SELECT (SELECT count(*) FROM d), id, point, occurred_at, stored, before FROM d ORDER BY id LIMIT 5
        """;

    // Instants on both sides of the bounds of the zones' validity and the truces (the withdrawal zones and the 2024
    // cessation of hostilities start at 2024-11-27T02:00Z and end at 2025-02-18T22:00Z, the IDF posts start there, the
    // UNSC 1701 area on 2006-08-11, the 2026 ceasefire on 2026-04-16T21:00Z), and between them.
    private static readonly string[] Instants =
    [
        "2024-11-27T01:59:59.999999Z", "2024-11-27T02:00:00Z", "2025-02-18T21:59:59.999999Z", "2025-02-18T22:00:00Z",
        "2006-08-10T23:59:59Z", "2006-08-11T00:00:00Z", "2026-04-16T21:00:00Z", "2024-12-15T12:00:00Z",
    ];

    // The points, in SQL: (lon, lat) float8, deterministic. Offsets across an edge are taken along the edge's normal in
    // metres (a local metric scale is enough to place them; the comparison does not depend on where exactly they land).
    private const string Points = """
        CREATE TABLE eq_points AS
        WITH seg AS (
          SELECT d.geom AS s, false AS line FROM zones z, ST_DumpSegments(z.geom) d
          UNION ALL SELECT d.geom, false FROM corridors c, ST_DumpSegments(c.geom) d
          UNION ALL SELECT d.geom, true FROM lines l, ST_DumpSegments(l.geom) d WHERE l.kind = 'blue_line'
        ), metric AS (
          SELECT s, line, ST_X(ST_StartPoint(s)) AS x0, ST_Y(ST_StartPoint(s)) AS y0, ST_X(ST_EndPoint(s)) AS x1, ST_Y(ST_EndPoint(s)) AS y1,
                 111320 * cos(radians(ST_Y(ST_StartPoint(s)))) AS mx, 110574.0 AS my
          FROM seg
        ), normal AS (
          SELECT *, (x1 - x0) * mx AS dx, (y1 - y0) * my AS dy, sqrt(((x1 - x0) * mx) ^ 2 + ((y1 - y0) * my) ^ 2) AS len FROM metric
        ), across AS (
          -- at the start vertex and the middle of every edge, across it (and on it: the vertices come below)
          SELECT x0 + f * (x1 - x0) - m * dy / len / mx AS lon, y0 + f * (y1 - y0) + m * dx / len / my AS lat
          FROM normal, (VALUES (0, -20), (0, -2), (0, -0.1), (0, 0.1), (0, 2), (0, 20),
                               (0.5, -20), (0.5, -2), (0.5, -0.1), (0.5, 0), (0.5, 0.1), (0.5, 2), (0.5, 20)) o(f, m)
          WHERE len > 0
          UNION ALL
          -- the Blue Line: around the on-line threshold (0.5 m), and far out
          SELECT x0 + 0.5 * (x1 - x0) - m * dy / len / mx, y0 + 0.5 * (y1 - y0) + m * dx / len / my
          FROM normal, unnest(ARRAY[-50000, -5000, -500, -50, -0.55, -0.45, 0.45, 0.55, 50, 500, 5000, 50000]) m
          WHERE line AND len > 0
        ), vertex AS (
          -- every vertex, and a centimetre around it
          SELECT x0 + a AS lon, y0 + b AS lat
          FROM normal, (VALUES (0, 0), (1e-7, 0), (-1e-7, 0), (0, 1e-7), (0, -1e-7)) o(a, b)
        ), gridline AS (
          -- where an edge crosses a cell's border: on the border line itself and a hair either side of the edge
          SELECT gx AS lon, y0 + (gx - x0) / (x1 - x0) * (y1 - y0) + e AS lat
          FROM normal, generate_series(ceil((least(x0, x1) + 180) * 200)::int, floor((greatest(x0, x1) + 180) * 200)::int) ci,
               LATERAL (SELECT ci / 200.0 - 180 AS gx) g, unnest(ARRAY[-1e-6, 0, 1e-6]) e
          WHERE NOT line AND x1 <> x0
          UNION ALL
          SELECT x0 + (gy - y0) / (y1 - y0) * (x1 - x0) + e, gy
          FROM normal, generate_series(ceil((least(y0, y1) + 90) * 200)::int, floor((greatest(y0, y1) + 90) * 200)::int) cj,
               LATERAL (SELECT cj / 200.0 - 90 AS gy) g, unnest(ARRAY[-1e-6, 0, 1e-6]) e
          WHERE NOT line AND y1 <> y0
        ), region AS (
          SELECT 34.8 + a * 0.03 AS lon, 32.5 + b * 0.03 AS lat FROM generate_series(0, 63) a, generate_series(0, 76) b
        )
        SELECT row_number() OVER () AS n, lon, lat FROM (
          SELECT * FROM across UNION ALL SELECT * FROM vertex UNION ALL SELECT * FROM gridline UNION ALL SELECT * FROM region
        ) p
        WHERE lon BETWEEN 34.8 AND 36.7 AND lat BETWEEN 32.5 AND 34.8
        """;

    [Fact]
    public async Task Dense_points_along_every_edge_are_enriched_exactly_as_before_by_the_batch_and_by_gm_enrich_incidents()
    {
        // A truce scoped to zones, so that the scope branch is compared too (the geodata's truces cover the whole region).
        await api.ExecAsync("""
            INSERT INTO truces (slug, name, during, scope, source)
            VALUES ('eq-scoped', 'Scoped (test)', tstzrange('2024-11-27T02:00:00Z', '2025-02-18T22:00:00Z', '[)'),
                    ARRAY['withdrawal-phase1-west', 'blue-line-north-1km', 'idf-post-hamames'], 'test')
            """, 600);
        await api.ExecAsync(Points, 600);
        var count = await api.ScalarAsync<long>("SELECT count(*) FROM eq_points");
        Assert.InRange(count, 40_000, 100_000);

        // Through the API, as a field team's CSV (one batch).
        var csv = new StringBuilder("source,externalId,occurredAt,eventType,subEventType,lon,lat\n");
        await using (var cmd = api.Db.CreateCommand("SELECT n, lon, lat FROM eq_points ORDER BY n"))
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync())
            {
                var n = r.GetInt64(0);
                csv.Append(CultureInfo.InvariantCulture,
                    $"eq,p-{n},{Instants[n % Instants.Length]},Battles,Armed clash,{r.GetDouble(1):R},{r.GetDouble(2):R}\n");
            }
        var client = await api.CreateClientAsAsync(Role.Reporter, "eq-team");
        client.Timeout = TimeSpan.FromMinutes(10);
        var res = await client.PostAsync("/api/incidents/batch", Raw(csv.ToString(), "text/csv"));
        Assert.True(res.StatusCode == HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
        Assert.Equal(count, await api.ScalarAsync<long>("SELECT count(*) FROM incidents WHERE source = 'eq'"));
        // Statistics for the 100,000 new rows, so that the checks below join by hash (not a nested loop over both sets).
        await api.ExecAsync("ANALYZE incidents", 600);

        // The points go where a shortcut would fail: through edge cells and inside cells, into and out of each zone and
        // corridor near its edges, on, near and far from the Blue Line on both sides.
        Assert.True(await api.ScalarAsync<long>("""
            SELECT count(*) FROM incidents i JOIN layer_cells c ON (c.i, c.j) = (gm_cell_x(ST_X(i.geom)), gm_cell_y(ST_Y(i.geom)))
            WHERE i.source = 'eq' AND NOT c.inside
            """) > 20_000);
        Assert.True(await api.ScalarAsync<long>("""
            SELECT count(*) FROM incidents i JOIN layer_cells c ON (c.i, c.j) = (gm_cell_x(ST_X(i.geom)), gm_cell_y(ST_Y(i.geom)))
            WHERE i.source = 'eq' AND c.inside
            """) > 5_000);
        Assert.Equal(0L, await api.ScalarAsync<long>("""
            SELECT count(*) FROM (SELECT slug, geom FROM zones UNION ALL SELECT slug, geom FROM corridors) a
            WHERE NOT EXISTS (SELECT 1 FROM incidents i WHERE i.source = 'eq' AND ST_DWithin(i.geom, ST_Boundary(a.geom), 0.0003)
                                AND ST_Intersects(a.geom, i.geom))
               OR NOT EXISTS (SELECT 1 FROM incidents i WHERE i.source = 'eq' AND ST_DWithin(i.geom, ST_Boundary(a.geom), 0.0003)
                                AND NOT ST_Intersects(a.geom, i.geom))
            """));
        // (none: north of lat 34.3, beyond the sides' extent of the line's envelope and 100 km, V001's gm_line_half_utm)
        Assert.Equal(["(none)", "north", "on_line", "south"], await api.ScalarAsync<string[]>(
            "SELECT array_agg(DISTINCT COALESCE(blue_line_side, '(none)') ORDER BY COALESCE(blue_line_side, '(none)')) FROM incidents WHERE source = 'eq'"));
        Assert.True(await api.ScalarAsync<long>(
            "SELECT count(*) FROM incidents WHERE source = 'eq' AND blue_line_distance_m BETWEEN 0.5 AND 50") > 500);
        Assert.True(await api.ScalarAsync<long>(
            "SELECT count(*) FROM incidents WHERE source = 'eq' AND 'eq-scoped' = ANY (truce_slugs)") > 100);

        await AssertSameAsReferee("eq", "the batch upload");

        // gm_enrich_incidents (a single upload, a layer write) on the same points, from scrambled values.
        await api.ExecAsync("""
            UPDATE incidents SET zone_slugs = '{x}', corridor_slugs = '{x}', truce_slugs = '{x}', blue_line_distance_m = -1, blue_line_side = NULL
            WHERE source = 'eq'
            """, 600);
        Assert.Equal(count, await Scalar<int>("SELECT gm_enrich_incidents(array_agg(id)) FROM incidents WHERE source = 'eq'"));
        await AssertSameAsReferee("eq", "gm_enrich_incidents");
    }

    [Fact]
    public async Task Points_around_the_globe_are_enriched_by_gm_enrich_incidents_exactly_as_before()
    {
        // Outside the upload region (the API refuses them), but a stored point may come from anywhere: a grid over the
        // globe, the poles and the antimeridian, where the cells hold nothing and every answer is the Blue Line's.
        await api.ExecAsync("""
            INSERT INTO incidents (source, external_id, occurred_at, geom, event_type, sub_event_type)
            SELECT 'eq-far', 'f-' || row_number() OVER (), timestamptz '2024-12-15T12:00:00Z', ST_SetSRID(ST_MakePoint(lon, lat), 4326),
                   'Battles', 'Armed clash'
            FROM (SELECT a * 15.0 - 180 AS lon, b * 10.0 - 90 AS lat FROM generate_series(0, 24) a, generate_series(0, 18) b
                  UNION ALL VALUES (179.999999, 0.0), (-179.999999, 33.2), (35.5, 89.999999), (35.5, -89.999999), (35.3, 33.1)) p
            """, 600);
        await api.ExecAsync("ANALYZE incidents", 600);
        await Scalar<int>("SELECT gm_enrich_incidents(array_agg(id)) FROM incidents WHERE source = 'eq-far'");
        await AssertSameAsReferee("eq-far", "gm_enrich_incidents");
    }

    [Fact]
    public async Task The_cells_of_every_loaded_zone_and_corridor_are_the_cells_of_its_geometry()
    {
        Assert.True(await api.ScalarAsync<long>("SELECT count(DISTINCT (layer, id)) FROM layer_cells") >= 15);
        Assert.Equal(0L, await Scalar<long>(Layers.LayerCellsTests.StaleCellsSql));
    }

    private async Task AssertSameAsReferee(string source, string path)
    {
        await using var cmd = api.Db.CreateCommand(Differences);
        cmd.CommandTimeout = 600;
        cmd.Parameters.AddWithValue(source);
        await using var r = await cmd.ExecuteReaderAsync();
        var lines = new List<string>();
        long total = 0;
        while (await r.ReadAsync())
        {
            total = r.GetInt64(0);
            lines.Add($"incident {r.GetInt64(1)} {r.GetString(2)} at {r.GetDateTime(3):O}: stored [{r.GetString(4)}], before [{r.GetString(5)}]");
        }
        Assert.True(total == 0, $"{total} points enriched by {path} differ from the enrichment before the layer cells:\n{string.Join("\n", lines)}");
    }

    private async Task<T> Scalar<T>(string sql)
    {
        await using var cmd = api.Db.CreateCommand(sql);
        cmd.CommandTimeout = 600;
        return (T)(await cmd.ExecuteScalarAsync())!;
    }
}
