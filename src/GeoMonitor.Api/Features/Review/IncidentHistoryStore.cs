using System.Text.Json.Nodes;
using Npgsql;

namespace GeoMonitor.Api.Features.Review;

/// <summary>One entry of an incident's history.</summary>
/// <param name="Version">The incident's version after the change.</param>
/// <param name="Action"><c>create</c>, <c>review</c>, <c>correct</c>, …</param>
/// <param name="ChangedBy">The name of the key that made the change.</param>
/// <param name="ChangedAt">When (UTC).</param>
/// <param name="Changes">Per field: <c>{"from": …, "to": …}</c>.</param>
/// <param name="Note">The reviewer's note, if any.</param>
public sealed record Revision(int Version, string Action, string? ChangedBy, DateTime ChangedAt, JsonNode? Changes, string? Note);

/// <summary>The append-only history of an incident (incident_revisions), as GET /api/incidents/{id}/history serves it.</summary>
public sealed class IncidentHistoryStore(NpgsqlDataSource db)
{
    /// <summary>
    /// The history of an incident, oldest first, when <paramref name="visible"/> (the incident as the caller may read it,
    /// <see cref="Incidents.IncidentVisibility.One"/>) finds it; null when it does not (the caller then asks why).
    /// </summary>
    public async Task<IReadOnlyList<Revision>?> HistoryAsync(long id, Incidents.Query.IncidentFilter visible, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var q = Incidents.Query.IncidentSql.Build(visible);
        await using (var exists = q.Command(conn, $"{q.WithClause}SELECT 1 FROM incidents {Incidents.Query.IncidentSql.Alias} WHERE {q.Where}"))
            if (await exists.ExecuteScalarAsync(ct) is null) return null;
        await using var cmd = new NpgsqlCommand("""
            SELECT version, action, changed_by, changed_at, changes::text, note FROM incident_revisions WHERE incident_id = $1 ORDER BY id
            """, conn);
        cmd.Parameters.AddWithValue(id);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<Revision>();
        while (await r.ReadAsync(ct))
            list.Add(new Revision(r.GetInt32(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2),
                DateTime.SpecifyKind(r.GetDateTime(3), DateTimeKind.Utc), JsonNode.Parse(r.GetString(4)), r.IsDBNull(5) ? null : r.GetString(5)));
        return list;
    }
}
