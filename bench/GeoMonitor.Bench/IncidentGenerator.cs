using System.Diagnostics;
using Npgsql;

namespace GeoMonitor.Bench;

/// <summary>
/// Generates the bench incidents in SQL (generate_series, ST_GeneratePoints with fixed seeds), concentrated like real
/// reports: 25 % inside the UNSC 1701 area, 30 % within 5 km of the Blue Line, 45 % spread over the region; times
/// uniform from 2023-10-08 over 987 days; 85 % verified. Then the stored enrichment is computed as for real data, and
/// the table is clustered by occurred_at (the order in which real reports arrive).
/// Also adds the truce bench-truce-21d, [2026-04-16T21:00Z, 2026-05-07T21:00Z), for the headline query.
/// </summary>
public static class IncidentGenerator
{
    /// <summary>Creates the incidents unless the database already holds <paramref name="count"/> of them.</summary>
    public static async Task EnsureAsync(NpgsqlDataSource db, int count)
    {
        await Exec(db, """
            INSERT INTO truces (slug, name, during, source, notes)
            VALUES ('bench-truce-21d', 'Bench: 21 days', '[2026-04-16T21:00:00Z,2026-05-07T21:00:00Z)', 'bench', 'benchmark only')
            ON CONFLICT (slug) DO NOTHING
            """);
        await using (var cmd = db.CreateCommand("SELECT count(*) FROM incidents WHERE source = 'bench'"))
            if ((long)(await cmd.ExecuteScalarAsync())! == count)
            {
                await using var clustered = db.CreateCommand("SELECT EXISTS (SELECT 1 FROM pg_index WHERE indrelid = 'incidents'::regclass AND indisclustered)");
                if ((bool)(await clustered.ExecuteScalarAsync())!) return;
                BenchContext.Log("clustering the existing bench incidents by occurred_at...");
                await Exec(db, "CLUSTER incidents USING incidents_occurred_ix");
                await Exec(db, "VACUUM ANALYZE incidents");
                return;
            }

        var sw = Stopwatch.StartNew();
        BenchContext.Log($"generating {count:N0} incidents...");
        await Exec(db, "DELETE FROM incidents WHERE source = 'bench' AND NOT EXISTS (SELECT 1 FROM incident_revisions r WHERE r.incident_id = incidents.id)");
        var nArea = count / 4;
        var nBand = count * 3 / 10;
        var nRest = count - nArea - nBand;
        await Exec(db, $"""
            SELECT setseed(0.42);
            WITH codes AS (SELECT array_agg(event_type || '|' || sub_event_type ORDER BY event_type, sub_event_type) AS a FROM acled_event_types),
            pts AS (
              SELECT (ST_Dump(ST_GeneratePoints((SELECT geom FROM zones WHERE slug = 'unsc-1701-area'), {nArea}, 42))).geom AS g
              UNION ALL
              SELECT (ST_Dump(ST_GeneratePoints((SELECT ST_Union(geom) FROM zones WHERE slug IN ('blue-line-north-5km', 'blue-line-south-5km')), {nBand}, 43))).geom
              UNION ALL
              SELECT ST_SetSRID(ST_MakePoint(35.1 + random() * 1.5, 32.8 + random() * 1.2), 4326) FROM generate_series(1, {nRest})
            ),
            numbered AS (SELECT row_number() OVER () AS n, g, random() AS r1, random() AS r2, random() AS r3 FROM pts)
            INSERT INTO incidents (source, external_id, occurred_at, geom, event_type, sub_event_type, status, fatalities, actor1, notes,
                                   created_by, updated_by)
            SELECT 'bench', 'b' || n,
                   timestamptz '2023-10-08T00:00:00Z' + (r1 * 987 * 86400) * interval '1 second',
                   g,
                   split_part(code, '|', 1), split_part(code, '|', 2),
                   CASE WHEN r2 < 0.85 THEN 'published_verified' WHEN r2 < 0.93 THEN 'reported' ELSE 'assigned' END,
                   floor(r3 * r3 * 4)::int, 'Bench actor', 'generated for the benchmark', 'bench', 'bench'
            FROM numbered, codes, LATERAL (SELECT codes.a[1 + floor(r3 * array_length(codes.a, 1))::int] AS code) c
            """);
        BenchContext.Log($"inserted in {sw.Elapsed.TotalSeconds:F0} s; enriching (zones, corridors, truces, Blue Line distance)...");
        await Exec(db, "SELECT gm_enrich_incidents(ARRAY(SELECT id FROM incidents WHERE source = 'bench'))");
        // Real reports arrive roughly in time order, so the table is stored that way (as it would be after years of uploads).
        await Exec(db, "CLUSTER incidents USING incidents_occurred_ix");
        await Exec(db, "VACUUM ANALYZE incidents");
        BenchContext.Log($"generated and enriched in {sw.Elapsed.TotalSeconds:F0} s");
    }

    private static async Task Exec(NpgsqlDataSource db, string sql)
    {
        await using var cmd = db.CreateCommand(sql);
        cmd.CommandTimeout = 0;
        await cmd.ExecuteNonQueryAsync();
    }
}
