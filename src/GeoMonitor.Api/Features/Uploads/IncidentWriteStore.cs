using Npgsql;
using NpgsqlTypes;

namespace GeoMonitor.Api.Features.Uploads;

/// <summary>The outcome of storing one report.</summary>
public abstract record CreateOutcome
{
    /// <summary>A new incident was stored.</summary>
    public sealed record Created(IncidentRecord Incident) : CreateOutcome;

    /// <summary>The same report was already stored: nothing changed.</summary>
    public sealed record Unchanged(IncidentRecord Incident) : CreateOutcome;

    /// <summary>Another report is stored under the same (source, externalId).</summary>
    public sealed record Conflict(IncidentRecord Existing, IReadOnlyList<string> Differences) : CreateOutcome;
}

/// <summary>SQL for writing single incidents: idempotent insert, revision, enrichment — one transaction.</summary>
public sealed class IncidentWriteStore(NpgsqlDataSource db)
{
    /// <summary>The insert column list shared by the single and batch paths.</summary>
    internal const string InsertColumns = """
        source, external_id, occurred_at, time_precision, geom, geo_precision, uncertainty_m, event_type, sub_event_type,
        actor1, actor2, fatalities, location_name, notes, raw_coordinate, raw_crs, created_by, updated_by, reporter_organisation
        """;

    /// <summary>
    /// Stores the report unless (source, externalId) exists, as reported by key <paramref name="by"/> of
    /// <paramref name="organisation"/>, and assigns it to the one observer team covering its zones if there is exactly one. Concurrent identical uploads are safe: the unique
    /// index makes all but one INSERT do nothing, and those then read the winner's row (a new statement, so under
    /// READ COMMITTED it sees the committed row) and answer Unchanged.
    /// </summary>
    public async Task<CreateOutcome> CreateAsync(NewIncident n, string? by, string? organisation, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        long? id;
        await using (var cmd = new NpgsqlCommand($"""
            INSERT INTO incidents ({InsertColumns})
            VALUES ($1, $2, $3, $4, ST_SetSRID(ST_MakePoint($5, $6), 4326), $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18, $19)
            ON CONFLICT (source, external_id) DO NOTHING
            RETURNING id
            """, conn, tx))
        {
            Add(cmd, n.Source, n.ExternalId, n.OccurredAt, n.TimePrecision, n.Lon, n.Lat, n.GeoPrecision, n.UncertaintyM,
                n.EventType, n.SubEventType, n.Actor1, n.Actor2, n.Fatalities, n.LocationName, n.Notes, n.RawCoordinate, n.RawCrs, by, organisation);
            id = await cmd.ExecuteScalarAsync(ct) as long?;
        }

        if (id is null)
        {
            var existing = await ReadByKeyAsync(conn, tx, n.Source, n.ExternalId, ct)
                ?? throw new InvalidOperationException("The conflicting incident vanished."); // only a concurrent delete could do this
            await tx.RollbackAsync(ct);
            var stored = existing.ToNewIncident();
            return n.SameReportAs(stored) ? new CreateOutcome.Unchanged(existing) : new CreateOutcome.Conflict(existing, n.DifferencesFrom(stored));
        }

        await using (var rev = new NpgsqlCommand("""
            INSERT INTO incident_revisions (incident_id, version, action, changed_by, changes) VALUES ($1, 1, 'create', $2, $3)
            """, conn, tx))
        {
            rev.Parameters.AddWithValue(id.Value);
            rev.Parameters.Add(new NpgsqlParameter { Value = (object?)by ?? DBNull.Value });
            rev.Parameters.Add(new NpgsqlParameter { Value = CreateRevision.Of(n), NpgsqlDbType = NpgsqlDbType.Jsonb });
            await rev.ExecuteNonQueryAsync(ct);
        }
        await EnrichAsync(conn, tx, [id.Value], ct);
        // The zones the enrichment found decide the team: assigning needs them, so it comes after.
        await Verification.VerificationStore.AutoAssignAsync(conn, tx, [id.Value], ct);
        var created = await ReadByIdAsync(conn, tx, id.Value, ct);
        await tx.CommitAsync(ct);
        return new CreateOutcome.Created(created!);
    }

    /// <summary>Recomputes the stored enrichment of the given incidents (in the caller's transaction).</summary>
    internal static async Task EnrichAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long[] ids, CancellationToken ct, int timeoutSeconds = 30)
    {
        await using var cmd = new NpgsqlCommand("SELECT gm_enrich_incidents($1)", conn, tx) { CommandTimeout = timeoutSeconds };
        cmd.Parameters.AddWithValue(ids);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The incident with this id, or null.</summary>
    internal static async Task<IncidentRecord?> ReadByIdAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, long id, CancellationToken ct, bool forUpdate = false)
    {
        await using var cmd = new NpgsqlCommand($"SELECT {IncidentRecord.Columns} FROM incidents i WHERE i.id = $1{(forUpdate ? " FOR UPDATE" : "")}", conn, tx);
        cmd.Parameters.AddWithValue(id);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? IncidentRecord.Read(r) : null;
    }

    private static async Task<IncidentRecord?> ReadByKeyAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string source, string externalId, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"SELECT {IncidentRecord.Columns} FROM incidents i WHERE i.source = $1 AND i.external_id = $2", conn, tx);
        cmd.Parameters.AddWithValue(source);
        cmd.Parameters.AddWithValue(externalId);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? IncidentRecord.Read(r) : null;
    }

    internal static void Add(NpgsqlCommand cmd, params object?[] values)
    {
        foreach (var v in values) cmd.Parameters.Add(new NpgsqlParameter { Value = v ?? DBNull.Value });
    }
}
