using GeoMonitor.Api.Features.Truces;
using GeoMonitor.Api.Features.Layers;
using GeoMonitor.Api.Features.Common;
using Npgsql;
using NpgsqlTypes;

namespace GeoMonitor.Api.Features.Uploads;

/// <summary>
/// Writes a batch in one transaction: binary COPY into a temporary table, one INSERT … SELECT … ON CONFLICT DO NOTHING
/// into incidents that computes the enrichment of the new rows, their 'create' revisions by binary COPY, and a comparison
/// of the rows that hit an existing key. Either everything commits or nothing does.
/// </summary>
public sealed class BatchWriteStore(NpgsqlDataSource db)
{
    // A 100,000-row batch takes 10–30 s on a busy machine (docs/performance.md, "Batch upload"): past Npgsql's default 30 s
    // command timeout under load, which would fail a valid upload.
    private const int TimeoutSeconds = 900;

    /// <summary>The outcome per row, and whether the transaction committed.</summary>
    public sealed record Outcome(Dictionary<int, (long Id, bool Created)> Stored, List<FieldError> Conflicts, bool Committed);

    /// <summary>
    /// Stores the rows. Rows whose (source, externalId) already holds the identical report are "unchanged"; a different
    /// report under the key is a conflict. With <paramref name="partial"/> false any conflict rolls everything back.
    /// </summary>
    public async Task<Outcome> WriteAsync(IReadOnlyList<BatchRow> rows, string? by, string? organisation, bool partial, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // The enrichment joins and groups every staged row (Features/Layers/LayerJoins.cs, HeldBy): with PostgreSQL's 4 MB
        // default a 100,000-row batch sorts on disk.
        await Exec(conn, tx, "SET LOCAL work_mem = '64MB'", ct);
        await Exec(conn, tx, """
            CREATE TEMP TABLE gm_upload (
              row int, source text, external_id text, occurred_at timestamptz, time_precision smallint, lon float8, lat float8,
              geo_precision smallint, uncertainty_m float8, event_type text, sub_event_type text, actor1 text, actor2 text,
              fatalities int, location_name text, notes text, raw_coordinate text, raw_crs text) ON COMMIT DROP
            """, ct);
        await using (var w = await conn.BeginBinaryImportAsync("COPY gm_upload FROM STDIN (FORMAT BINARY)", ct))
        {
            w.Timeout = TimeSpan.FromSeconds(TimeoutSeconds);
            foreach (var (row, _, n) in rows)
            {
                await w.StartRowAsync(ct);
                await w.WriteAsync(row, NpgsqlDbType.Integer, ct);
                await w.WriteAsync(n.Source, NpgsqlDbType.Text, ct);
                await w.WriteAsync(n.ExternalId, NpgsqlDbType.Text, ct);
                await w.WriteAsync(n.OccurredAt, NpgsqlDbType.TimestampTz, ct);
                await w.WriteAsync(n.TimePrecision, NpgsqlDbType.Smallint, ct);
                await w.WriteAsync(n.Lon, NpgsqlDbType.Double, ct);
                await w.WriteAsync(n.Lat, NpgsqlDbType.Double, ct);
                await w.WriteAsync(n.GeoPrecision, NpgsqlDbType.Smallint, ct);
                await Maybe(w, n.UncertaintyM, NpgsqlDbType.Double, ct);
                await w.WriteAsync(n.EventType, NpgsqlDbType.Text, ct);
                await w.WriteAsync(n.SubEventType, NpgsqlDbType.Text, ct);
                await Maybe(w, n.Actor1, NpgsqlDbType.Text, ct);
                await Maybe(w, n.Actor2, NpgsqlDbType.Text, ct);
                await w.WriteAsync(n.Fatalities, NpgsqlDbType.Integer, ct);
                await Maybe(w, n.LocationName, NpgsqlDbType.Text, ct);
                await Maybe(w, n.Notes, NpgsqlDbType.Text, ct);
                await w.WriteAsync(n.RawCoordinate, NpgsqlDbType.Text, ct);
                await w.WriteAsync(n.RawCrs, NpgsqlDbType.Text, ct);
            }
            await w.CompleteAsync(ct);
        }

        var byKey = new Dictionary<(string, string), BatchRow>(rows.Count);
        foreach (var r in rows) byKey[(r.Incident.Source, r.Incident.ExternalId)] = r;
        var stored = new Dictionary<int, (long, bool)>(rows.Count);
        var inserted = new List<(long Id, NewIncident Incident)>(rows.Count);
        // One statement: the enrichment of every staged row (the zones, corridors and truces holding it through the layer
        // cells, the geodesic Blue Line distance and side: the values gm_enrich_incidents computes, V061 — BatchUploadTests
        // checks that running it afterwards changes nothing) and the idempotent insert in row order.
        await using (var cmd = new NpgsqlCommand($$"""
            WITH bl AS MATERIALIZED ({{LayerJoins.BlueLine}}), points AS (
              SELECT row AS key, ST_SetSRID(ST_MakePoint(lon, lat), 4326) AS g, occurred_at AS at, {{LayerJoins.CellOf("lon", "lat")}} FROM gm_upload
            ), {{LayerJoins.HeldBy("points")}}, {{TruceSql.Cte}}
            INSERT INTO incidents ({{IncidentWriteStore.InsertColumns}},
                                   zone_slugs, corridor_slugs, truce_slugs, blue_line_distance_m, blue_line_side)
            SELECT s.source, s.external_id, s.occurred_at, s.time_precision, s.g, s.geo_precision,
                   s.uncertainty_m, s.event_type, s.sub_event_type, s.actor1, s.actor2, s.fatalities, s.location_name, s.notes,
                   s.raw_coordinate, s.raw_crs, $1, $1, $2,
                   {{LayerJoins.ZoneSlugs("h")}}, {{LayerJoins.CorridorSlugs("h")}}, {{TruceSql.SlugsCovering("h.any_zones", "s.occurred_at")}},
                   d.dist,
                   CASE WHEN d.dist < 0.5 THEN 'on_line'
                        WHEN ST_Intersects(d.north_side, s.g) THEN 'north'
                        WHEN ST_Intersects(d.south_side, s.g) THEN 'south' END
            FROM (SELECT u.*, ST_SetSRID(ST_MakePoint(u.lon, u.lat), 4326) AS g FROM gm_upload u) s
            LEFT JOIN gm_held h ON h.key = s.row
            LEFT JOIN LATERAL (SELECT ST_Distance(bl.geog, s.g::geography) AS dist, bl.north_side, bl.south_side FROM bl) d ON true
            ORDER BY s.row
            ON CONFLICT (source, external_id) DO NOTHING
            RETURNING id, source, external_id
            """, conn, tx) { CommandTimeout = TimeoutSeconds })
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)by ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)organisation ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var id = r.GetInt64(0);
                var row = byKey[(r.GetString(1), r.GetString(2))];
                inserted.Add((id, row.Incident));
                stored[row.Row] = (id, true);
            }
        }

        // The 'create' revision of each new row, in id order, streamed straight into the history (CreateRevision writes
        // the changes, as for a single upload).
        if (inserted.Count > 0)
        {
            inserted.Sort((a, b) => a.Id.CompareTo(b.Id));
            var revision = new CreateRevision();
            await using var w = await conn.BeginBinaryImportAsync(
                "COPY incident_revisions (incident_id, version, action, changed_by, changes) FROM STDIN (FORMAT BINARY)", ct);
            w.Timeout = TimeSpan.FromSeconds(TimeoutSeconds);
            foreach (var (id, n) in inserted)
            {
                await w.StartRowAsync(ct);
                await w.WriteAsync(id, NpgsqlDbType.Bigint, ct);
                await w.WriteAsync(1, NpgsqlDbType.Integer, ct);
                await w.WriteAsync("create", NpgsqlDbType.Text, ct);
                await Maybe(w, by, NpgsqlDbType.Text, ct);
                await w.WriteAsync(revision.Json(n), NpgsqlDbType.Jsonb, ct);
            }
            await w.CompleteAsync(ct);
        }

        var conflicts = new List<FieldError>();
        if (stored.Count < rows.Count)
        {
            var rowsByNumber = rows.ToDictionary(r => r.Row);
            var missing = rows.Where(r => !stored.ContainsKey(r.Row)).Select(r => r.Row).ToArray();
            await using var cmd = new NpgsqlCommand($"""
                SELECT u.row, {IncidentRecord.Columns}
                FROM gm_upload u JOIN incidents i ON i.source = u.source AND i.external_id = u.external_id
                WHERE u.row = ANY ($1)
                """, conn, tx) { CommandTimeout = TimeoutSeconds };
            cmd.Parameters.AddWithValue(missing);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var rowNumber = r.GetInt32(0);
                var existing = ReadShifted(r);
                var mine = rowsByNumber[rowNumber];
                var theirs = existing.ToNewIncident();
                if (mine.Incident.SameReportAs(theirs)) stored[rowNumber] = (existing.Id, false);
                else
                    conflicts.Add(new FieldError(rowNumber, IncidentFields.ExternalId,
                        $"incident {existing.Id} is already stored under this source and externalId with different "
                        + $"{string.Join(", ", mine.Incident.DifferencesFrom(theirs))}; correct it with PATCH /api/incidents/{existing.Id}",
                        mine.Line));
            }
        }

        if (conflicts.Count > 0 && !partial)
        {
            await tx.RollbackAsync(ct);
            return new Outcome([], conflicts, false);
        }
        if (inserted.Count > 0) await Verification.VerificationStore.AutoAssignAsync(conn, tx, [.. inserted.Select(i => i.Id)], ct, TimeoutSeconds);
        await tx.CommitAsync(ct);
        return new Outcome(stored, conflicts, true);
    }

    // The record's columns follow the row number.
    private static IncidentRecord ReadShifted(NpgsqlDataReader r) => IncidentRecord.Read(r, 1);

    private static async Task Maybe(NpgsqlBinaryImporter w, string? value, NpgsqlDbType type, CancellationToken ct)
    {
        if (value is null) await w.WriteNullAsync(ct);
        else await w.WriteAsync(value, type, ct);
    }

    private static async Task Maybe(NpgsqlBinaryImporter w, double? value, NpgsqlDbType type, CancellationToken ct)
    {
        if (value is null) await w.WriteNullAsync(ct);
        else await w.WriteAsync(value.Value, type, ct);
    }

    private static async Task Exec(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
