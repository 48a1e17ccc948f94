using GeoMonitor.Api.Tests.Infrastructure;

namespace GeoMonitor.Api.Tests.GraphQL;

/// <summary>
/// A world of its own for the batching and write tests (no geodata): a Blue Line along 33°N, four square zones side by
/// side north of it (0.05° wide, boundaries shared), and 100 published incidents, 25 in each square, all during the
/// truce gq-truce. Incident k lies at (35.0 + 0.05·(k mod 4) + 0.025, 33.1 + 0.001·(k div 4)), so zone gq-zone-(k mod 4)
/// holds it by construction.
/// </summary>
public sealed class GraphQLWorld() : ApiFixture(new ApiHostOptions { LoadGeodata = false })
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _seeded;

    public async Task ReadyAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_seeded) return;
            await using var cmd = Db.CreateCommand("""
                INSERT INTO lines (slug, name, kind, geom, source)
                VALUES ('gq-blue-line', 'Test Blue Line', 'blue_line', ST_GeomFromText('MULTILINESTRING((34.9 33.0, 35.5 33.0))', 4326), 'test');
                INSERT INTO zones (slug, name, kind, geom, source)
                SELECT 'gq-zone-' || k, 'Zone ' || k, 'withdrawal',
                       ST_Multi(ST_MakeEnvelope(35.0 + 0.05 * k, 33.1, 35.05 + 0.05 * k, 33.2, 4326)), 'test'
                FROM generate_series(0, 3) k;
                INSERT INTO truces (slug, name, during, source) VALUES ('gq-truce', 'Test truce', '[2026-04-16T21:00:00Z,2026-05-17T21:00:00Z)', 'test');
                INSERT INTO incidents (source, external_id, occurred_at, geom, event_type, sub_event_type, status)
                SELECT 'gq', 'gq-' || k, '2026-04-20T00:00:00Z'::timestamptz + k * interval '1 minute',
                       ST_SetSRID(ST_MakePoint(35.025 + 0.05 * (k % 4), 33.1 + 0.001 * (k / 4) + 0.0005), 4326),
                       'Battles', 'Armed clash', 'published_verified'
                FROM generate_series(0, 99) k;
                SELECT gm_enrich_incidents(NULL);
                """);
            await cmd.ExecuteNonQueryAsync();
            _seeded = true;
        }
        finally { _gate.Release(); }
    }
}
