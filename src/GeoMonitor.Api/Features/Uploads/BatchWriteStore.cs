using GeoMonitor.Api.Features.Truces;
using GeoMonitor.Api.Features.Layers;
using GeoMonitor.Api.Features.Common;
using Npgsql;
using NpgsqlTypes;

namespace GeoMonitor.Api.Features.Uploads;

/// <summary>
/// Writes a batch in one transaction: binary COPY into a temporary table, one INSERT … SELECT … ON CONFLICT DO NOTHING
/// into incidents that computes the enrichment of the new rows and appends their 'create' revisions, and a comparison
/// of the rows that hit an existing key. Either everything commits or nothing does.
/// </summary>
public sealed class BatchWriteStore(NpgsqlDataSource db)
{
    // A 100,000-row batch spends most of its time in the enrichment (about 0.4 ms per row with the real layers):
    // far beyond Npgsql's default 30 s command timeout, which would fail a valid upload.
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

        var byKey = new Dictionary<(string, string), int>(rows.Count);
        foreach (var r in rows) byKey[(r.Incident.Source, r.Incident.ExternalId)] = r.Row;
        var stored = new Dictionary<int, (long, bool)>(rows.Count);
        var inserted = new List<long>(rows.Count);
        // The enrichment is computed in the INSERT itself, with the expressions of gm_enrich_incidents (V001) but the
        // Blue Line distance computed once per row and no second write of every row: on a 100,000-row batch this is the
        // difference between meeting and missing the throughput target. BatchUploadTests checks that running
        // gm_enrich_incidents afterwards changes nothing, so the two cannot drift apart unnoticed.
        await using (var cmd = new NpgsqlCommand($$"""
            WITH bl AS MATERIALIZED ({{LayerJoins.BlueLine}}), src AS (
              SELECT u.*, ST_SetSRID(ST_MakePoint(u.lon, u.lat), 4326) AS g FROM gm_upload u
            ), enriched AS (
              SELECT s.*, d.dist, d.north_side, d.south_side
              FROM src s LEFT JOIN LATERAL (SELECT ST_Distance(bl.geog, s.g::geography) AS dist, bl.north_side, bl.south_side FROM bl) d ON true
            ), ins AS (
              INSERT INTO incidents ({{IncidentWriteStore.InsertColumns}},
                                     zone_slugs, corridor_slugs, truce_slugs, blue_line_distance_m, blue_line_side)
              SELECT source, external_id, occurred_at, time_precision, g, geo_precision,
                     uncertainty_m, event_type, sub_event_type, actor1, actor2, fatalities, location_name, notes, raw_coordinate,
                     raw_crs, $1, $1, $2,
                     {{LayerJoins.ZoneSlugsAt("e.g", "e.occurred_at")}},
                     {{LayerJoins.CorridorSlugsAt("e.g")}},
                     {{TruceSql.SlugsAt("e.g", "e.occurred_at")}},
                     e.dist,
                     CASE WHEN e.dist < 0.5 THEN 'on_line'
                          WHEN ST_Intersects(e.north_side, e.g) THEN 'north'
                          WHEN ST_Intersects(e.south_side, e.g) THEN 'south' END
              FROM enriched e ORDER BY row
              ON CONFLICT (source, external_id) DO NOTHING
              RETURNING *
            ), rev AS (
              INSERT INTO incident_revisions (incident_id, version, action, changed_by, changes)
              SELECT id, 1, 'create', $1, {{CreateChangesSql}} FROM ins
            )
            SELECT id, source, external_id FROM ins
            """, conn, tx) { CommandTimeout = TimeoutSeconds })
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)by ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)organisation ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var id = r.GetInt64(0);
                inserted.Add(id);
                stored[byKey[(r.GetString(1), r.GetString(2))]] = (id, true);
            }
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
        if (inserted.Count > 0) await Verification.VerificationStore.AutoAssignAsync(conn, tx, [.. inserted], ct, TimeoutSeconds);
        await tx.CommitAsync(ct);
        return new Outcome(stored, conflicts, true);
    }

    // The 'create' revision of each new row, the same shape as IncidentWriteStore.CreateChanges: every non-null field as
    // {"from": null, "to": value}. Null fields are removed by key rather than with jsonb_strip_nulls, which would also
    // remove the "from": null members.
    private const string CreateChangesSql = """
        jsonb_build_object(
          'source', jsonb_build_object('from', NULL, 'to', source),
          'externalId', jsonb_build_object('from', NULL, 'to', external_id),
          'occurredAt', jsonb_build_object('from', NULL, 'to', to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')),
          'timePrecision', jsonb_build_object('from', NULL, 'to', time_precision),
          'location', jsonb_build_object('from', NULL, 'to', jsonb_build_object('lon', ST_X(geom), 'lat', ST_Y(geom), 'raw', raw_coordinate, 'rawCrs', raw_crs)),
          'geoPrecision', jsonb_build_object('from', NULL, 'to', geo_precision),
          'uncertaintyM', jsonb_build_object('from', NULL, 'to', uncertainty_m),
          'eventType', jsonb_build_object('from', NULL, 'to', event_type),
          'subEventType', jsonb_build_object('from', NULL, 'to', sub_event_type),
          'actor1', jsonb_build_object('from', NULL, 'to', actor1),
          'actor2', jsonb_build_object('from', NULL, 'to', actor2),
          'fatalities', jsonb_build_object('from', NULL, 'to', fatalities),
          'locationName', jsonb_build_object('from', NULL, 'to', location_name),
          'notes', jsonb_build_object('from', NULL, 'to', notes))
        - array_remove(ARRAY[
            CASE WHEN uncertainty_m IS NULL THEN 'uncertaintyM' END, CASE WHEN actor1 IS NULL THEN 'actor1' END,
            CASE WHEN actor2 IS NULL THEN 'actor2' END, CASE WHEN location_name IS NULL THEN 'locationName' END,
            CASE WHEN notes IS NULL THEN 'notes' END], NULL)
        """;

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
