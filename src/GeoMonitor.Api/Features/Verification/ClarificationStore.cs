using Npgsql;
using NpgsqlTypes;

namespace GeoMonitor.Api.Features.Verification;

/// <summary>A place and time a clarification asks about.</summary>
/// <param name="Lon">Longitude (WGS 84).</param>
/// <param name="Lat">Latitude (WGS 84).</param>
/// <param name="At">The instant asked about (UTC).</param>
public sealed record ClarificationPlace(double Lon, double Lat, DateTime At);

/// <summary>One request to the clarification hotline, with its answer when there is one.</summary>
/// <param name="Id">Its id.</param>
/// <param name="AskedBy">The key that asked.</param>
/// <param name="AskedByOrganisation">Its organisation (the party asking).</param>
/// <param name="AskedAt">When (UTC).</param>
/// <param name="IncidentId">The incident asked about, or null.</param>
/// <param name="Location">The place and time asked about, or null.</param>
/// <param name="Question">The question.</param>
/// <param name="Status">open, answered or closed.</param>
/// <param name="Answer">The answer, once given.</param>
/// <param name="AnsweredBy">The duty officer's key.</param>
/// <param name="AnsweredByOrganisation">The duty officer's organisation.</param>
/// <param name="AnsweredAt">When it was answered (UTC).</param>
/// <param name="ResponseSeconds">answeredAt − askedAt in seconds; null while unanswered.</param>
/// <param name="ClosedBy">Who closed it.</param>
/// <param name="ClosedAt">When it was closed (UTC).</param>
/// <param name="CloseNote">Why, when said.</param>
public sealed record Clarification(long Id, string AskedBy, string AskedByOrganisation, DateTime AskedAt, long? IncidentId, ClarificationPlace? Location,
    string Question, string Status, string? Answer, string? AnsweredBy, string? AnsweredByOrganisation, DateTime? AnsweredAt, double? ResponseSeconds,
    string? ClosedBy, DateTime? ClosedAt, string? CloseNote);

/// <summary>The hotline's counts and response times over the requests a caller may see.</summary>
/// <param name="Open">Requests waiting for an answer.</param>
/// <param name="Answered">Answered, not closed.</param>
/// <param name="Closed">Closed.</param>
/// <param name="MedianResponseSeconds">Median ask → answer, over answered (and closed-after-answer) requests.</param>
/// <param name="P90ResponseSeconds">90th percentile of the same.</param>
public sealed record ClarificationSummary(long Open, long Answered, long Closed, double? MedianResponseSeconds, double? P90ResponseSeconds);

/// <summary>The SQL of the clarification hotline (V034).</summary>
public sealed class ClarificationStore(NpgsqlDataSource db)
{
    private const string Columns = """
        c.id, c.asked_by, c.asked_by_organisation, c.asked_at, c.incident_id, ST_X(c.geom), ST_Y(c.geom), c.about_time, c.question, c.status,
        c.answer, c.answered_by, c.answered_by_organisation, c.answered_at, extract(epoch FROM c.answered_at - c.asked_at)::float8,
        c.closed_by, c.closed_at, c.close_note
        """;

    // Who sees which requests: duty officers (NULL organisation = every request) or one party's own.
    private const string Visible = "($1::text IS NULL OR c.asked_by_organisation = $1)";

    private static Clarification Read(NpgsqlDataReader r)
    {
        string? S(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        DateTime? T(int i) => r.IsDBNull(i) ? null : DateTime.SpecifyKind(r.GetDateTime(i), DateTimeKind.Utc);
        var place = r.IsDBNull(5) ? null : new ClarificationPlace(r.GetDouble(5), r.GetDouble(6), T(7)!.Value);
        return new Clarification(r.GetInt64(0), r.GetString(1), r.GetString(2), T(3)!.Value, r.IsDBNull(4) ? null : r.GetInt64(4), place,
            r.GetString(8), r.GetString(9), S(10), S(11), S(12), T(13), r.IsDBNull(14) ? null : Math.Round(r.GetDouble(14), 3), S(15), T(16), S(17));
    }

    /// <summary>Opens a connection and a transaction for a write.</summary>
    internal async Task<(NpgsqlConnection Conn, NpgsqlTransaction Tx)> BeginAsync(CancellationToken ct)
    {
        var conn = await db.OpenConnectionAsync(ct);
        return (conn, await conn.BeginTransactionAsync(ct));
    }

    /// <summary>Stores a new request; returns its id.</summary>
    internal static async Task<long> InsertAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string askedBy, string organisation, long? incidentId,
        ClarificationPlace? place, string question, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("""
            INSERT INTO clarifications (asked_by, asked_by_organisation, incident_id, geom, about_time, question)
            VALUES ($1, $2, $3, CASE WHEN $4::float8 IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint($4, $5), 4326) END, $6, $7)
            RETURNING id
            """, conn, tx);
        cmd.Parameters.AddWithValue(askedBy);
        cmd.Parameters.AddWithValue(organisation);
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)incidentId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)place?.Lon ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Double });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)place?.Lat ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Double });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)place?.At ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        cmd.Parameters.AddWithValue(question);
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    /// <summary>The request with this id, locked for a change; null when there is none.</summary>
    internal static async Task<Clarification?> LockAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long id, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"SELECT {Columns} FROM clarifications c WHERE c.id = $1 FOR UPDATE", conn, tx);
        cmd.Parameters.AddWithValue(id);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? Read(r) : null;
    }

    /// <summary>Records the answer.</summary>
    internal static async Task AnswerAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long id, string answer, string by, string organisation, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("""
            UPDATE clarifications SET status = 'answered', answer = $2, answered_by = $3, answered_by_organisation = $4, answered_at = now() WHERE id = $1
            """, conn, tx);
        cmd.Parameters.AddWithValue(id);
        cmd.Parameters.AddWithValue(answer);
        cmd.Parameters.AddWithValue(by);
        cmd.Parameters.AddWithValue(organisation);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Closes the request.</summary>
    internal static async Task CloseAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long id, string by, string? note, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("UPDATE clarifications SET status = 'closed', closed_by = $2, closed_at = now(), close_note = $3 WHERE id = $1", conn, tx);
        cmd.Parameters.AddWithValue(id);
        cmd.Parameters.AddWithValue(by);
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)note ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>One request as <paramref name="organisation"/> may see it (null: every request); null when absent or not visible.</summary>
    public async Task<Clarification?> GetAsync(long id, string? organisation, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"SELECT {Columns} FROM clarifications c WHERE {Visible} AND c.id = $2");
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)organisation ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.AddWithValue(id);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? Read(r) : null;
    }

    /// <summary>Whether request <paramref name="id"/> exists at all (to tell 404 from 403).</summary>
    public async Task<bool> ExistsAsync(long id, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("SELECT EXISTS (SELECT 1 FROM clarifications WHERE id = $1)");
        cmd.Parameters.AddWithValue(id);
        return (bool)(await cmd.ExecuteScalarAsync(ct))!;
    }

    /// <summary>The newest requests <paramref name="organisation"/> may see (null: every request), narrowed by status and incident, with the summary.</summary>
    public async Task<(IReadOnlyList<Clarification> Items, ClarificationSummary Summary)> ListAsync(string? organisation, string? status, long? incident,
        int limit, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"""
            SELECT {Columns} FROM clarifications c
            WHERE {Visible} AND ($2::text IS NULL OR c.status = $2) AND ($3::bigint IS NULL OR c.incident_id = $3)
            ORDER BY c.asked_at DESC, c.id DESC LIMIT $4
            """);
        Filters(cmd, organisation, status, incident);
        cmd.Parameters.AddWithValue(limit);
        var items = new List<Clarification>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct)) items.Add(Read(r));

        await using var sum = db.CreateCommand($"""
            SELECT count(*) FILTER (WHERE c.status = 'open'), count(*) FILTER (WHERE c.status = 'answered'), count(*) FILTER (WHERE c.status = 'closed'),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM c.answered_at - c.asked_at)::float8),
                   percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM c.answered_at - c.asked_at)::float8)
            FROM clarifications c
            WHERE {Visible} AND ($2::text IS NULL OR c.status = $2) AND ($3::bigint IS NULL OR c.incident_id = $3)
            """);
        Filters(sum, organisation, status, incident);
        await using var s = await sum.ExecuteReaderAsync(ct);
        await s.ReadAsync(ct);
        return (items, new ClarificationSummary(s.GetInt64(0), s.GetInt64(1), s.GetInt64(2),
            s.IsDBNull(3) ? null : Math.Round(s.GetDouble(3), 3), s.IsDBNull(4) ? null : Math.Round(s.GetDouble(4), 3)));
    }

    private static void Filters(NpgsqlCommand cmd, string? organisation, string? status, long? incident)
    {
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)organisation ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)status ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)incident ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
    }
}
