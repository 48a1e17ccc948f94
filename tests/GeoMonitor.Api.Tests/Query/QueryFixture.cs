using GeoMonitor.Api.Tests.Infrastructure;
using NpgsqlTypes;

namespace GeoMonitor.Api.Tests.Query;

/// <summary>
/// The API on a database holding only the hand-placed layers and incidents of <see cref="QueryData"/> (no geodata/), so
/// every count is known in advance.
/// </summary>
public sealed class QueryFixture() : ApiFixture(new ApiHostOptions { LoadGeodata = false })
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _seeded;

    /// <summary>Inserts the test world once (call at the start of every test).</summary>
    public async Task ReadyAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_seeded) return;
            await SeedAsync();
            _seeded = true;
        }
        finally { _gate.Release(); }
    }

    private async Task SeedAsync()
    {
        await Exec("""
            INSERT INTO lines (slug, name, kind, geom, source, method, approximate)
            VALUES ('test-blue-line', 'Test Blue Line', 'blue_line',
                    ST_GeomFromText('MULTILINESTRING((34.9 33.0, 35.1 33.0, 35.5 33.0))', 4326), 'test', 'hand-placed', true);
            INSERT INTO lines (slug, name, kind, geom, source)
            VALUES ('test-river', 'Test river', 'river', ST_GeomFromText('MULTILINESTRING((35.5 33.5, 35.6 33.6))', 4326), 'test');
            INSERT INTO zones (slug, name, kind, geom, phase, deadline, valid, source, method)
            VALUES ('test-square', 'Test square', 'withdrawal',
                    ST_GeomFromText('MULTIPOLYGON(((35.0 33.1, 35.1 33.1, 35.1 33.2, 35.0 33.2, 35.0 33.1)))', 4326),
                    1, '2026-05-17T21:00:00Z', '[2026-04-16T21:00:00Z,)', 'test', 'hand-placed square');
            INSERT INTO zones (slug, name, kind, geom, valid, source)
            VALUES ('test-old-zone', 'Old zone', 'buffer',
                    -- Drawn clockwise on purpose: the API must return it counter-clockwise (RFC 7946).
                    ST_GeomFromText('MULTIPOLYGON(((35.4 33.4, 35.4 33.5, 35.5 33.5, 35.5 33.4, 35.4 33.4)))', 4326),
                    '[2020-01-01T00:00:00Z,2021-01-01T00:00:00Z)', 'test');
            INSERT INTO zones (slug, name, kind, geom, source, buffer_of_line, buffer_metres, buffer_side)
            SELECT 'test-north-2km', 'North 2 km', 'buffer', gm_line_buffer(geom, 2000, 'north'), 'test', slug, 2000, 'north'
            FROM lines WHERE slug = 'test-blue-line';
            INSERT INTO corridors (slug, name, route, width_m, status, operator, source)
            VALUES ('test-corridor', 'Test corridor', ST_GeomFromText('MULTILINESTRING((35.3 33.1, 35.3 33.3))', 4326), 2000, 'open', 'UN', 'test');
            INSERT INTO corridor_windows (corridor_id, during, note)
            SELECT id, '[2026-04-20T00:00:00Z,2026-04-21T00:00:00Z)', 'one day' FROM corridors WHERE slug = 'test-corridor';
            INSERT INTO truces (slug, name, during, original_end, parties, scope, source)
            VALUES ('test-truce', 'Test truce', '[2026-04-16T21:00:00Z,2026-05-17T21:00:00Z)', '2026-04-26T21:00:00Z',
                    '{Israel,Lebanon}', NULL, 'test');
            INSERT INTO truce_extensions (truce_id, announced_at, previous_end, new_end, source)
            SELECT id, '2026-04-23T18:00:00Z', '2026-04-26T21:00:00Z', '2026-05-17T21:00:00Z', 'test' FROM truces WHERE slug = 'test-truce';
            INSERT INTO truces (slug, name, during, scope, source)
            VALUES ('test-scoped', 'Scoped truce', '[2026-04-16T21:00:00Z,2026-04-18T21:00:00Z)', '{test-square}', 'test');
            """);
        foreach (var p in QueryData.Points)
        {
            await using var cmd = Db.CreateCommand("""
                INSERT INTO incidents (source, external_id, occurred_at, geom, event_type, sub_event_type, status, notes)
                VALUES ($1, $2, $3, ST_SetSRID(ST_MakePoint($4, $5), 4326), $6, $7, $8, $9)
                """);
            cmd.Parameters.AddWithValue(p.Source);
            cmd.Parameters.AddWithValue(p.Ext);
            cmd.Parameters.AddWithValue(NpgsqlDbType.TimestampTz, p.At);
            cmd.Parameters.AddWithValue(p.Lon);
            cmd.Parameters.AddWithValue(p.Lat);
            cmd.Parameters.AddWithValue(p.Type);
            cmd.Parameters.AddWithValue(p.Sub);
            cmd.Parameters.AddWithValue(p.Status);
            // A note with a comma, a quote and a line break, to exercise CSV quoting.
            cmd.Parameters.AddWithValue($"note for {p.Ext}, \"quoted\"\nsecond line; Ṣūr / צור");
            await cmd.ExecuteNonQueryAsync();
        }
        await Exec("SELECT gm_enrich_incidents(NULL)");
    }

    private async Task Exec(string sql)
    {
        await using var cmd = Db.CreateCommand(sql);
        await cmd.ExecuteNonQueryAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class QueryCollection : ICollectionFixture<QueryFixture>
{
    public const string Name = "query";
}
