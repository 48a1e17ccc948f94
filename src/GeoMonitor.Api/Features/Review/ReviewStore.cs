using System.Text.Json.Nodes;
using GeoMonitor.Api.Features.Uploads;
using Npgsql;
using NpgsqlTypes;

namespace GeoMonitor.Api.Features.Review;

/// <summary>SQL for reviews and corrections. Each change locks the row, checks the version, updates it and appends a revision.</summary>
public sealed class ReviewStore(NpgsqlDataSource db)
{
    /// <summary>Opens a transaction and locks the incident; null when it does not exist.</summary>
    public async Task<(NpgsqlConnection Conn, NpgsqlTransaction Tx, IncidentRecord? Incident)> LockAsync(long id, CancellationToken ct)
    {
        var conn = await db.OpenConnectionAsync(ct);
        var tx = await conn.BeginTransactionAsync(ct);
        return (conn, tx, await IncidentWriteStore.ReadByIdAsync(conn, tx, id, ct, forUpdate: true));
    }

    /// <summary>Sets the status, bumps the version and appends a 'review' revision; returns the incident as stored.</summary>
    public static async Task<IncidentRecord> ReviewAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IncidentRecord current, string status,
        string? note, string? by, CancellationToken ct)
    {
        await using (var cmd = new NpgsqlCommand(
            "UPDATE incidents SET status = $2, version = version + 1, updated_by = $3, updated_at = now() WHERE id = $1", conn, tx))
        {
            IncidentWriteStore.Add(cmd, current.Id, status, by);
            await cmd.ExecuteNonQueryAsync(ct);
        }
        var changes = new JsonObject { ["status"] = new JsonObject { ["from"] = current.Status, ["to"] = status } };
        await AppendAsync(conn, tx, current.Id, current.Version + 1, "review", by, changes, note, ct);
        return (await IncidentWriteStore.ReadByIdAsync(conn, tx, current.Id, ct))!;
    }

    /// <summary>Writes a corrected incident, bumps the version, re-runs the enrichment and appends a 'correct' revision.</summary>
    public static async Task<IncidentRecord> CorrectAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IncidentRecord current, NewIncident n,
        string status, JsonObject changes, string? by, CancellationToken ct)
    {
        await using (var cmd = new NpgsqlCommand("""
            UPDATE incidents SET occurred_at = $2, time_precision = $3, geom = ST_SetSRID(ST_MakePoint($4, $5), 4326), geo_precision = $6,
              uncertainty_m = $7, event_type = $8, sub_event_type = $9, actor1 = $10, actor2 = $11, fatalities = $12, location_name = $13,
              notes = $14, raw_coordinate = $15, raw_crs = $16, status = $17, version = version + 1, updated_by = $18, updated_at = now()
            WHERE id = $1
            """, conn, tx))
        {
            IncidentWriteStore.Add(cmd, current.Id, n.OccurredAt, n.TimePrecision, n.Lon, n.Lat, n.GeoPrecision, n.UncertaintyM, n.EventType,
                n.SubEventType, n.Actor1, n.Actor2, n.Fatalities, n.LocationName, n.Notes, n.RawCoordinate, n.RawCrs, status, by);
            await cmd.ExecuteNonQueryAsync(ct);
        }
        // occurredAt decides the truces and zone validity as much as the point decides the zones: always recompute.
        await IncidentWriteStore.EnrichAsync(conn, tx, [current.Id], ct);
        await AppendAsync(conn, tx, current.Id, current.Version + 1, "correct", by, changes, null, ct);
        return (await IncidentWriteStore.ReadByIdAsync(conn, tx, current.Id, ct))!;
    }

    /// <summary>Appends a revision (the audit trail of every change, append-only in the database).</summary>
    internal static async Task AppendAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long id, int version, string action, string? by,
        JsonObject changes, string? note, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("""
            INSERT INTO incident_revisions (incident_id, version, action, changed_by, changes, note) VALUES ($1, $2, $3, $4, $5, $6)
            """, conn, tx);
        IncidentWriteStore.Add(cmd, id, version, action, by);
        cmd.Parameters.Add(new NpgsqlParameter { Value = changes.ToJsonString(), NpgsqlDbType = NpgsqlDbType.Jsonb });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)note ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
