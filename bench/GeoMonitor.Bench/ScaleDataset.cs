using System.Diagnostics;
using GeoMonitor.Api.Infrastructure.Geodata;
using Npgsql;

namespace GeoMonitor.Bench;

/// <summary>
/// The databases of the scale benchmark: <c>geomonitor_scale_1m</c> and <c>geomonitor_scale_10m</c> on the bench
/// cluster, apart from the shared bench database so that index experiments never disturb the other benchmarks.
/// <para>
/// Both are built from the same one million located points, drawn like <see cref="IncidentGenerator"/> draws them
/// (25 % in the UNSC 1701 area, 30 % within 5 km of the Blue Line, 45 % over the region, fixed seeds). A dataset of
/// k million incidents places k incidents on each point (as real reports at geo_precision 1 share the coordinates of
/// their named place), each with its own time, uniform over the same 987 days: ten times the reporting density over
/// the same period, the harder way to grow. The stored enrichment is computed exactly, in one statement, not
/// approximated: what depends only on the point (Blue Line distance and side, corridors) once per point, what depends
/// on time (zones valid then, truces in force) per incident. The rows are inserted in occurred_at order with the
/// secondary indexes dropped (and rebuilt after, then ANALYZE), which is what makes 10M practical on two cores.
/// </para>
/// </summary>
public static class ScaleDataset
{
    /// <summary>The distinct points every size is built from.</summary>
    public const int Points = 1_000_000;

    /// <summary>The connection string of the scale database holding <paramref name="millions"/> million incidents (created and filled when missing).</summary>
    public static async Task<string> EnsureAsync(BenchContext ctx, int millions)
    {
        var name = $"geomonitor_scale_{millions}m";
        var cs = new NpgsqlConnectionStringBuilder(ctx.ConnectionString) { Database = name, CommandTimeout = 0 }.ConnectionString;
        await BenchDatabases.MigrateOrRecreateAsync(cs);
        await using var db = NpgsqlDataSource.Create(cs);
        await GeodataLoader.LoadAsync(db, Path.Combine(ctx.Root, "geodata"));
        await Exec(db, """
            INSERT INTO truces (slug, name, during, source, notes)
            VALUES ('bench-truce-21d', 'Bench: 21 days', '[2026-04-16T21:00:00Z,2026-05-07T21:00:00Z)', 'bench', 'benchmark only')
            ON CONFLICT (slug) DO NOTHING
            """);
        var want = (long)millions * Points;
        await using (var count = db.CreateCommand("SELECT count(*) FROM incidents WHERE source = 'bench'"))
            if ((long)(await count.ExecuteScalarAsync())! == want) return cs;
        await GenerateAsync(db, millions);
        return cs;
    }

    private static async Task GenerateAsync(NpgsqlDataSource db, int copies)
    {
        var sw = Stopwatch.StartNew();
        BenchContext.Log($"scale: generating {copies * Points:N0} incidents ({copies} per point)...");
        await using var conn = await db.OpenConnectionAsync();
        // Bulk load: the tile NOTIFY trigger (a transition table of every row) and the ACLED foreign key (the codes
        // come from acled_event_types itself) are skipped for this session only.
        await Exec(conn, "SET session_replication_role = replica; SET work_mem = '256MB'; SET maintenance_work_mem = '1GB'");
        await Exec(conn, "DELETE FROM incidents WHERE source = 'bench'");
        var rebuild = new List<string>();
        await using (var cmd = new NpgsqlCommand("""
            SELECT 'ALTER TABLE incidents ADD CONSTRAINT ' || quote_ident(conname) || ' ' || pg_get_constraintdef(oid),
                   'ALTER TABLE incidents DROP CONSTRAINT ' || quote_ident(conname)
            FROM pg_constraint WHERE conrelid = 'incidents'::regclass AND contype IN ('u', 'x')
            UNION ALL
            SELECT pg_get_indexdef(i.indexrelid), 'DROP INDEX ' || i.indexrelid::regclass::text
            FROM pg_index i WHERE i.indrelid = 'incidents'::regclass AND NOT i.indisprimary
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
            """, conn))
        await using (var r = await cmd.ExecuteReaderAsync())
        {
            var drops = new List<string>();
            while (await r.ReadAsync()) { rebuild.Add(r.GetString(0)); drops.Add(r.GetString(1)); }
            await r.CloseAsync();
            foreach (var d in drops) await Exec(conn, d);
        }
        await Exec(conn, "DROP TABLE IF EXISTS bench_scale_points");
        // The points and everything that depends on the point alone, once.
        await Exec(conn, $"""
            SELECT setseed(0.42);
            CREATE UNLOGGED TABLE bench_scale_points AS
            WITH pts AS (
              SELECT (ST_Dump(ST_GeneratePoints((SELECT geom FROM zones WHERE slug = 'unsc-1701-area'), {Points / 4}, 42))).geom AS g
              UNION ALL
              SELECT (ST_Dump(ST_GeneratePoints((SELECT ST_Union(geom) FROM zones WHERE slug IN ('blue-line-north-5km', 'blue-line-south-5km')), {Points * 3 / 10}, 43))).geom
              UNION ALL
              SELECT ST_SetSRID(ST_MakePoint(35.1 + random() * 1.5, 32.8 + random() * 1.2), 4326) FROM generate_series(1, {Points - Points / 4 - Points * 3 / 10})
            ),
            bl AS (SELECT geom::geography AS geog, north_side, south_side FROM lines WHERE kind = 'blue_line' ORDER BY id LIMIT 1)
            SELECT row_number() OVER () AS n, p.g, d.m AS dist,
                   CASE WHEN d.m < 0.5 THEN 'on_line' WHEN ST_Intersects(bl.north_side, p.g) THEN 'north'
                        WHEN ST_Intersects(bl.south_side, p.g) THEN 'south' END AS side,
                   COALESCE((SELECT array_agg(c.slug ORDER BY c.slug) FROM corridors c WHERE ST_Intersects(c.geom, p.g)), ARRAY[]::text[]) AS corridors
            FROM pts p CROSS JOIN bl CROSS JOIN LATERAL (SELECT ST_Distance(bl.geog, p.g::geography) AS m) d
            """);
        BenchContext.Log($"scale: points and their distances in {sw.Elapsed.TotalSeconds:F0} s; inserting incidents...");
        // Per incident: its time, codes and status, then what depends on time (zones valid then, truces in force).
        await Exec(conn, $"""
            SELECT setseed(0.43);
            WITH codes AS (SELECT array_agg(event_type || '|' || sub_event_type ORDER BY event_type, sub_event_type) AS a FROM acled_event_types),
            x AS (
              SELECT p.n, k, p.g, p.dist, p.side, p.corridors,
                     timestamptz '2023-10-08T00:00:00Z' + (random() * 987 * 86400) * interval '1 second' AS t, random() AS r2, random() AS r3
              FROM bench_scale_points p CROSS JOIN generate_series(0, {copies - 1}) k
            )
            INSERT INTO incidents (source, external_id, occurred_at, geom, event_type, sub_event_type, status, fatalities, actor1, notes,
                                   created_by, updated_by, zone_slugs, corridor_slugs, truce_slugs, blue_line_distance_m, blue_line_side)
            SELECT 'bench', 'b' || x.n || '-' || x.k, x.t, x.g,
                   split_part(c.code, '|', 1), split_part(c.code, '|', 2),
                   CASE WHEN x.r2 < 0.85 THEN 'published_verified' WHEN x.r2 < 0.93 THEN 'reported' ELSE 'assigned' END,
                   floor(x.r3 * x.r3 * 4)::int, 'Bench actor', 'generated for the scale benchmark', 'bench', 'bench',
                   COALESCE((SELECT array_agg(z.slug ORDER BY z.slug) FROM zones z WHERE ST_Intersects(z.geom, x.g) AND z.valid @> x.t), ARRAY[]::text[]),
                   x.corridors,
                   COALESCE((SELECT array_agg(t.slug ORDER BY t.slug) FROM truces t WHERE t.during @> x.t AND (t.scope IS NULL OR EXISTS (
                       SELECT 1 FROM zones z WHERE z.slug = ANY (t.scope) AND ST_Intersects(z.geom, x.g)))), ARRAY[]::text[]),
                   x.dist, x.side
            FROM x CROSS JOIN codes CROSS JOIN LATERAL (SELECT codes.a[1 + floor(x.r3 * array_length(codes.a, 1))::int] AS code) c
            ORDER BY x.t
            """);
        BenchContext.Log($"scale: inserted in {sw.Elapsed.TotalSeconds:F0} s; building indexes...");
        foreach (var sql in rebuild) await Exec(conn, sql);
        await Exec(conn, "DROP TABLE bench_scale_points");
        await Exec(conn, "VACUUM ANALYZE incidents");
        BenchContext.Log($"scale: {copies * Points:N0} incidents ready in {sw.Elapsed.TotalSeconds:F0} s");
    }

    private static async Task Exec(NpgsqlDataSource db, string sql)
    {
        await using var cmd = db.CreateCommand(sql);
        cmd.CommandTimeout = 0;
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task Exec(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        cmd.CommandTimeout = 0;
        await cmd.ExecuteNonQueryAsync();
    }
}
