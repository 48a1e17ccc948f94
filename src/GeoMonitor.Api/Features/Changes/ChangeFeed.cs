using System.Buffers;
using System.Data;
using System.Globalization;
using System.Text;
using System.Text.Json;
using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.Incidents;
using GeoMonitor.Api.Features.Incidents.Query;
using GeoMonitor.Api.Features.Layers;
using Npgsql;
using NpgsqlTypes;

namespace GeoMonitor.Api.Features.Changes;

/// <summary>One change as the feed serves it (docs/api.md, "The changes feed").</summary>
/// <param name="Position">The token that resumes right after this change.</param>
/// <param name="Kind">incident, line, zone, corridor, truce or claim.</param>
/// <param name="Id">The incident's id, the layer's slug, or a claim's dispute/party.</param>
/// <param name="Version">The version the change made.</param>
/// <param name="Action">What the revision says it was (create, review, correct, …; for layers create, update, delete).</param>
/// <param name="At">When it was recorded (UTC).</param>
/// <param name="Change">created or updated; null for a tombstone.</param>
/// <param name="Reason">For a tombstone: deleted, rejected, withdrawn or no_longer_public; else null.</param>
/// <param name="Status">An incident's status after the change (not for tombstones).</param>
/// <param name="StatusChanged">Whether the change moved an incident's status.</param>
/// <param name="Feature">The incident as it is now, when this change made its current version (GeoJSON text).</param>
/// <param name="Superseded">True when the incident has a newer version (its own entry comes too): no content here.</param>
/// <param name="Href">Where the layer's or claim's version is read (its REST read with asOf).</param>
public sealed record ChangeEntry(ChangeToken Position, string Kind, string Id, int Version, string Action, DateTime At, string? Change,
    string? Reason, string? Status, bool? StatusChanged, string? Feature, bool Superseded, string? Href)
{
    /// <summary>Whether this is a tombstone.</summary>
    public bool Tombstone => Reason is not null;
}

/// <summary>A page of the feed: the changes the caller may see, the token to come back with, and whether more are waiting.</summary>
public sealed record ChangePage(IReadOnlyList<ChangeEntry> Entries, ChangeToken Next, bool More);

/// <summary>
/// The changes feed over incident_revisions (every action, whoever wrote it), the layers' versions (V050) and the claims'
/// versions (V055), in
/// (transaction id, change_seq) order, served only below the xmin of the reading snapshot (V051): a change whose
/// transaction has not finished is never skipped by a position already served, so a client that keeps the
/// <c>next</c> token sees every change exactly once, across restarts and replicas. What each caller sees of an incident
/// is asked of <see cref="IncidentVisibility"/>, version by version: a version it may read is a change (with the
/// incident when that version is the current one); a version it may no longer read, after one it could, is a tombstone
/// with the reason and nothing else; the rest is skipped, and the position still moves past it.
/// </summary>
public sealed class ChangeFeed(NpgsqlDataSource db)
{
    /// <summary>The largest page.</summary>
    public const int MaxLimit = 1000;

    /// <summary>Statuses that take an incident out of the record: a change to one is served as a tombstone to everyone.</summary>
    public static readonly IReadOnlyList<string> RemovingStatuses = ["rejected", "withdrawn"];

    /// <summary>The action of a change that only re-derived an incident's stored enrichment after a layer write.</summary>
    public const string Rederive = "rederive";

    private Guid? _origin;

    // Every table the feed reads, in one order; the incident branch brings the statuses before and after the revision.
    // Each source is read along its own (txid, change_seq) index and cut at the page size before the sources are merged,
    // and the statuses are joined to the page only: a page then costs what it returns wherever it starts. (Joined and
    // sorted whole, as a single UNION ALL under the ORDER BY, a page of 1,000 cost a pass over every later change: 8.3 s
    // at 2M changes against 3.6 ms so, measured by bench/run.sh changes, docs/performance.md.)
    private static readonly string Sql = $"""
        WITH h AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin),
        c AS (
          SELECT * FROM (
            (SELECT r.txid, r.change_seq AS seq, 'incident' AS kind, r.incident_id::text AS key, r.incident_id, r.version, r.action,
                    r.changed_at AS at, r.version - 1 AS version_before
             FROM incident_revisions r
             WHERE (r.txid, r.change_seq) > (@t::text::xid8, @s) AND r.txid < (SELECT xmin FROM h)
             ORDER BY r.txid, r.change_seq
             LIMIT @limit)
            UNION ALL
            -- Incidents whose stored enrichment a layer write changed (V053): the same version, derived fields anew.
            (SELECT d.txid, d.change_seq, 'incident', d.incident_id::text, d.incident_id, d.version, 'rederive', d.changed_at, d.version
             FROM incident_rederivations d
             WHERE (d.txid, d.change_seq) > (@t::text::xid8, @s) AND d.txid < (SELECT xmin FROM h)
             ORDER BY d.txid, d.change_seq
             LIMIT @limit)
            UNION ALL
            SELECT l.txid, l.seq, l.kind, l.key, NULL::bigint, l.version, l.action, l.at, NULL::integer
            FROM ({LayerJoins.VersionChanges("@t::text::xid8", "@s", "(SELECT xmin FROM h)")}
                  UNION ALL
                  {Disputes.DisputeStore.VersionChanges("@t::text::xid8", "@s", "(SELECT xmin FROM h)")}) l
          ) u
          ORDER BY u.txid, u.seq
          LIMIT @limit
        )
        SELECT c.txid::text, c.seq, c.kind, c.key, c.version, c.action, c.at, a.status AS status_after, b.status AS status_before
        FROM c
        LEFT JOIN incident_status_history a ON a.incident_id = c.incident_id AND a.version = c.version
        LEFT JOIN incident_status_history b ON b.incident_id = c.incident_id AND b.version = c.version_before
        ORDER BY c.txid, c.seq
        """;

    private sealed record Row(ulong TxId, long Seq, string Kind, string Key, int Version, string Action, DateTime At, string? StatusAfter, string? StatusBefore);

    /// <summary>The database that issues this feed's positions.</summary>
    public async Task<Guid> OriginAsync(CancellationToken ct)
    {
        if (_origin is { } known) return known;
        await using var cmd = db.CreateCommand("SELECT id FROM feed_origin");
        return (_origin = (Guid)(await cmd.ExecuteScalarAsync(ct))!).Value;
    }

    /// <summary>
    /// The changes after <paramref name="after"/> as <paramref name="caller"/> may see them: at most <paramref name="limit"/>
    /// changes are examined (fewer may be served); More says whether the page was full.
    /// </summary>
    public async Task<ChangePage> ReadAsync(ChangeToken after, int limit, Caller caller, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        // One snapshot for the changes and the incidents they carry, so that a served incident is the version its entry names.
        await using var tx = await conn.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        var rows = new List<Row>();
        await using (var cmd = new NpgsqlCommand(Sql, conn, tx))
        {
            cmd.Parameters.Add(new NpgsqlParameter("t", NpgsqlDbType.Text) { Value = after.TxId.ToString(CultureInfo.InvariantCulture) });
            cmd.Parameters.Add(new NpgsqlParameter("s", NpgsqlDbType.Bigint) { Value = after.Seq });
            cmd.Parameters.Add(new NpgsqlParameter("limit", NpgsqlDbType.Integer) { Value = limit });
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
                rows.Add(new Row(ulong.Parse(r.GetString(0), CultureInfo.InvariantCulture), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetInt32(4),
                    r.GetString(5), DateTime.SpecifyKind(r.GetDateTime(6), DateTimeKind.Utc), r.IsDBNull(7) ? null : r.GetString(7), r.IsDBNull(8) ? null : r.GetString(8)));
        }

        var decided = rows.Select(row => (Row: row, Verdict: Decide(row, caller))).ToList();
        var wanted = decided.Where(d => d.Verdict == Verdict.Change && d.Row.Kind == "incident").Select(d => long.Parse(d.Row.Key, CultureInfo.InvariantCulture)).Distinct().ToList();
        var current = wanted.Count == 0 ? new Dictionary<long, (int Version, string Status, string Feature)>() : await CurrentAsync(conn, tx, wanted, ct);
        await tx.CommitAsync(ct);

        var entries = new List<ChangeEntry>();
        foreach (var (row, verdict) in decided)
        {
            if (verdict == Verdict.Skip) continue;
            var position = new ChangeToken(after.Origin, row.TxId, row.Seq);
            if (row.Kind != "incident")
            {
                entries.Add(row.Action == "delete"
                    ? new ChangeEntry(position, row.Kind, row.Key, row.Version, row.Action, row.At, null, "deleted", null, null, null, false, null)
                    : new ChangeEntry(position, row.Kind, row.Key, row.Version, row.Action, row.At, row.Action == "create" ? "created" : "updated",
                        null, null, null, null, false, Href(row.Kind, row.Key, row.At)));
                continue;
            }
            if (verdict == Verdict.Tombstone)
            {
                entries.Add(new ChangeEntry(position, row.Kind, row.Key, row.Version, row.Action, row.At, null, Reason(row), null, null, null, false, null));
                continue;
            }
            var id = long.Parse(row.Key, CultureInfo.InvariantCulture);
            var latest = current.TryGetValue(id, out var now) && now.Version == row.Version && IncidentVisibility.MayRead(caller, now.Status);
            entries.Add(new ChangeEntry(position, row.Kind, row.Key, row.Version, row.Action, row.At,
                row.Version == 1 && row.Action != Rederive ? "created" : "updated",
                null, row.StatusAfter, row.Version > 1 && row.StatusBefore != row.StatusAfter, latest ? now.Feature : null, !latest, null));
        }
        var next = rows.Count == 0 ? after : new ChangeToken(after.Origin, rows[^1].TxId, rows[^1].Seq);
        return new ChangePage(entries, next, rows.Count == limit);
    }

    // Where a layer's or a claim's version is read: its REST read as of the instant it was recorded.
    private static string Href(string kind, string key, DateTime at)
    {
        var path = kind == "claim" && key.Split('/') is [var dispute, var party]
            ? $"/api/disputes/{Uri.EscapeDataString(dispute)}/claims/{Uri.EscapeDataString(party)}"
            : $"/api/{kind}s/{Uri.EscapeDataString(key)}";
        return $"{path}?asOf={Iso8601.Format(at)}";
    }

    /// <summary>
    /// The position after which to read, from <paramref name="since"/> (a <c>next</c> or <c>position</c> token; null: the
    /// beginning), for every adapter of the feed alike.
    /// </summary>
    /// <exception cref="ChangeTokenException">The token is not one this API made, or was made by another database.</exception>
    public async Task<ChangeToken> AfterAsync(string? since, CancellationToken ct)
    {
        var origin = await OriginAsync(ct);
        if (since is null) return ChangeToken.Start(origin);
        if (!ChangeToken.TryDecode(since, out var token))
            throw new ChangeTokenException(ChangeTokenException.Invalid, "Invalid token", $"'since' is not a token from this API's changes feed. {ChangeTokenException.Restart}");
        if (token.Origin != origin)
            throw new ChangeTokenException(ChangeTokenException.Expired, "Expired token",
                $"'since' was issued by another database (a different deployment, or one restored from a logical dump); its positions mean nothing here. {ChangeTokenException.Restart}");
        return token;
    }

    // The head of every table the feed reads (see ReadValidators): incidents' revisions and re-derivations, the layers'
    // and the claims' versions.
    private static readonly string HeadSql = $"""
        WITH h AS MATERIALIZED (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin)
        SELECT string_agg(s.t || '=' || COALESCE(s.head, '') || '+' || array_to_string(s.above, ','), ';' ORDER BY s.t), clock_timestamp()
        FROM (
          {LayerJoins.Head("incident", "incident_revisions", "(SELECT xmin FROM h)")}
          UNION ALL
          {LayerJoins.Head("rederive", "incident_rederivations", "(SELECT xmin FROM h)")}
          UNION ALL
          {LayerJoins.VersionHeads("(SELECT xmin FROM h)")}
          UNION ALL
          {Disputes.DisputeStore.VersionHead("(SELECT xmin FROM h)")}
        ) s
        """;

    /// <summary>
    /// What the reading snapshot holds of the feed, as text, and the database's clock: for every table the feed reads, the
    /// last position of the transactions below the snapshot's horizon (all finished: nothing can appear below it later)
    /// and the transactions above it whose changes the snapshot sees. Two snapshots that see different changes give
    /// different texts: a change enters either below the horizon, past the last position, or above it, as a new
    /// transaction. Run inside the transaction whose snapshot the answer is read with.
    /// </summary>
    public static async Task<(string Head, DateTime Now)> HeadAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(HeadSql, conn, tx);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return (r.GetString(0), DateTime.SpecifyKind(r.GetDateTime(1), DateTimeKind.Utc));
    }

    private enum Verdict { Change, Tombstone, Skip }

    // The visibility policy decides, version by version: the one the change made and the one before it.
    private static Verdict Decide(Row row, Caller caller)
    {
        if (row.Kind != "incident") return Verdict.Change;
        // New derived fields of a version already served, as that version was: passed over when it may not be read, a
        // tombstone again (harmless to a mirror) when it is out of the record, else a change.
        if (row.Action == Rederive)
            return !IncidentVisibility.MayRead(caller, row.StatusAfter) ? Verdict.Skip
                : row.StatusAfter is not null && RemovingStatuses.Contains(row.StatusAfter) ? Verdict.Tombstone : Verdict.Change;
        var before = row.Version > 1 && IncidentVisibility.MayRead(caller, row.StatusBefore);
        if (row.Action == "delete") return before || IncidentVisibility.MayRead(caller, row.StatusAfter) ? Verdict.Tombstone : Verdict.Skip;
        if (IncidentVisibility.MayRead(caller, row.StatusAfter))
            return row.StatusAfter is not null && RemovingStatuses.Contains(row.StatusAfter) ? Verdict.Tombstone : Verdict.Change;
        return before ? Verdict.Tombstone : Verdict.Skip;
    }

    private static string Reason(Row row) =>
        row.Action == "delete" ? "deleted"
        : row.StatusAfter is not null && RemovingStatuses.Contains(row.StatusAfter) ? row.StatusAfter
        : "no_longer_public";

    // The incidents as they are in this snapshot, written as the incident reads write them (the query core and its columns).
    private static async Task<Dictionary<long, (int Version, string Status, string Feature)>> CurrentAsync(NpgsqlConnection conn, NpgsqlTransaction tx,
        IReadOnlyList<long> ids, CancellationToken ct)
    {
        var q = IncidentSql.Build(new IncidentFilter { Ids = ids });
        await using var cmd = q.Command(conn, q.SelectPage(IncidentColumns.Select));
        cmd.Transaction = tx;
        var result = new Dictionary<long, (int, string, string)>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var (version, status) = (r.GetOrdinal("version"), r.GetOrdinal("status"));
        while (await r.ReadAsync(ct))
        {
            var buffer = new ArrayBufferWriter<byte>();
            await using (var w = new Utf8JsonWriter(buffer, IncidentStreamResult.JsonOptions))
                IncidentColumns.WriteFeature(w, r);
            result[r.GetInt64(0)] = (r.GetInt32(version), r.GetString(status), Encoding.UTF8.GetString(buffer.WrittenSpan));
        }
        return result;
    }
}

/// <summary>A <c>since</c> token the feed cannot resume from: a 400 on REST, BAD_USER_INPUT on GraphQL, both saying how to restart.</summary>
/// <param name="type">The problem type (<see cref="Invalid"/> or <see cref="Expired"/>).</param>
/// <param name="title">The problem's title.</param>
/// <param name="detail">What is wrong and how to restart.</param>
public sealed class ChangeTokenException(string type, string title, string detail) : Exception(detail)
{
    /// <summary>Problem type of a token that is not one this API made.</summary>
    public const string Invalid = Infrastructure.Errors.ProblemSetup.TypeBase + "invalid-token";

    /// <summary>Problem type of a token made by another database.</summary>
    public const string Expired = Infrastructure.Errors.ProblemSetup.TypeBase + "expired-token";

    /// <summary>How to start again.</summary>
    public const string Restart = "Restart from the beginning: GET /api/changes without 'since' serves every change again, and its 'next' "
        + "is a token to store; replace your copy with what it serves.";

    /// <summary>Where to start again.</summary>
    public const string RestartAt = "/api/changes";

    /// <summary>The problem type.</summary>
    public string Type { get; } = type;

    /// <summary>The problem's title.</summary>
    public string Title { get; } = title;
}
