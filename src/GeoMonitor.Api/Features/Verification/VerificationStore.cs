using GeoMonitor.Api.Features.Truces;
using System.Text.Json.Nodes;
using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.Incidents;
using GeoMonitor.Api.Features.Incidents.Query;
using GeoMonitor.Api.Features.Review;
using GeoMonitor.Api.Features.Uploads;
using Npgsql;
using NpgsqlTypes;

namespace GeoMonitor.Api.Features.Verification;

/// <summary>One incident waiting in the lifecycle, as the queue lists it.</summary>
/// <param name="Id">The incident's id.</param>
/// <param name="State">Its state.</param>
/// <param name="StateEnteredAt">When it entered the state (UTC).</param>
/// <param name="AgeSeconds">How long it has waited in the state, in seconds.</param>
/// <param name="OccurredAt">When it happened.</param>
/// <param name="EventType">ACLED event type.</param>
/// <param name="SubEventType">ACLED sub-event type.</param>
/// <param name="LocationName">Place name, when given.</param>
/// <param name="Lon">Longitude.</param>
/// <param name="Lat">Latitude.</param>
/// <param name="ReporterOrganisation">Who reported it.</param>
/// <param name="AssignedTeam">Its observer team, once assigned.</param>
/// <param name="Outcome">The on-site verification's outcome, once recorded.</param>
/// <param name="CoolingOffEndsAt">When the cooling-off ends, once it began.</param>
/// <param name="ReviewStartedBy">The independent reviewer, once the review began.</param>
/// <param name="Version">Its version (the ETag to act on it with).</param>
/// <param name="Next">The steps that may follow, and by whom.</param>
public sealed record QueueItem(long Id, string State, DateTime StateEnteredAt, double AgeSeconds, DateTime OccurredAt, string EventType,
    string SubEventType, string? LocationName, double Lon, double Lat, string? ReporterOrganisation, string? AssignedTeam, string? Outcome,
    DateTime? CoolingOffEndsAt, string? ReviewStartedBy, int Version, IReadOnlyList<NextStep> Next);

/// <summary>Median and 90th percentile of one duration, in seconds, over the incidents that reached the milestone.</summary>
/// <param name="Count">How many incidents reached it.</param>
/// <param name="MedianSeconds">The median (null when none did).</param>
/// <param name="P90Seconds">The 90th percentile, interpolated linearly between ranks (PostgreSQL percentile_cont).</param>
public sealed record DurationStats(long Count, double? MedianSeconds, double? P90Seconds);

/// <summary>The lifecycle's times for one group of incidents (all, one team, one truce), measured from the report's arrival.</summary>
/// <param name="Key">The team's or truce's slug; null for all incidents.</param>
/// <param name="Incidents">Incidents in the group.</param>
/// <param name="ToAssignment">Report → first assignment to a team.</param>
/// <param name="ToVerification">Report → the on-site verification (either outcome).</param>
/// <param name="ToPublication">Report → publication (published_verified or published_disputed).</param>
public sealed record LifecycleTimes(string? Key, long Incidents, DurationStats ToAssignment, DurationStats ToVerification, DurationStats ToPublication);

/// <summary>The answer of GET /api/verification/stats.</summary>
/// <param name="From">Reports from (inclusive), when asked.</param>
/// <param name="To">Reports before (exclusive), when asked.</param>
/// <param name="All">Every matching incident.</param>
/// <param name="ByTeam">Per assigned team.</param>
/// <param name="ByTruce">Per truce in force covering the incident.</param>
public sealed record VerificationStats(DateTime? From, DateTime? To, LifecycleTimes All, IReadOnlyList<LifecycleTimes> ByTeam, IReadOnlyList<LifecycleTimes> ByTruce);

/// <summary>
/// The SQL of the verification lifecycle: each step (an UPDATE of the incident, which V032's trigger checks against
/// incident_transitions, and its revision, in the caller's transaction), the automatic assignment of new uploads, and the
/// reads of the queue and the metrics.
/// </summary>
public sealed class VerificationStore(NpgsqlDataSource db)
{
    /// <summary>The observer team with this slug, in the caller's transaction; null when there is none.</summary>
    internal static async Task<ObserverTeam?> TeamAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string slug, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"SELECT {ObserverTeamStore.TeamColumns} FROM observer_teams t WHERE t.slug = $1", conn, tx);
        cmd.Parameters.AddWithValue(slug);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? ObserverTeamStore.ReadTeam(r) : null;
    }

    /// <summary>The database's clock (the transaction's start): the cooling-off is measured on the clock the trigger uses.</summary>
    internal static async Task<DateTime> NowAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("SELECT now()", conn, tx);
        return DateTime.SpecifyKind((DateTime)(await cmd.ExecuteScalarAsync(ct))!, DateTimeKind.Utc);
    }

    /// <summary>
    /// Assigns each reported incident of <paramref name="ids"/> to the one observer team covering one of its zones, where
    /// there is exactly one (otherwise an admin assigns it), with an 'assign' revision by GeoMonitor itself. One statement
    /// for a single upload and a 100,000-row batch alike.
    /// </summary>
    internal static async Task AutoAssignAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long[] ids, CancellationToken ct, int timeoutSeconds = 30)
    {
        await using var cmd = new NpgsqlCommand("""
            WITH pick AS (
              SELECT i.id, min(t.slug) AS team
              FROM incidents i JOIN observer_teams t ON t.zones && i.zone_slugs
              -- (without any team, a one-time check instead of looking up every id of a batch)
              WHERE i.id = ANY ($1) AND i.status = 'reported' AND EXISTS (SELECT 1 FROM observer_teams)
              GROUP BY i.id HAVING count(*) = 1
            ), moved AS (
              UPDATE incidents i SET status = 'assigned', assigned_team = p.team, version = i.version + 1, updated_at = now()
              FROM pick p WHERE i.id = p.id
              RETURNING i.id, i.version, p.team,
                        (SELECT string_agg(z, ', ' ORDER BY z) FROM observer_teams t, unnest(i.zone_slugs) z
                         WHERE t.slug = p.team AND z = ANY (t.zones)) AS covered
            )
            INSERT INTO incident_revisions (incident_id, version, action, changed_by, changes, note)
            SELECT id, version, 'assign', NULL,
                   jsonb_build_object('status', jsonb_build_object('from', 'reported', 'to', 'assigned'),
                                      'assignedTeam', jsonb_build_object('from', NULL, 'to', team)),
                   'automatic: ' || team || ' is the only observer team covering ' || covered
            FROM moved
            """, conn, tx) { CommandTimeout = timeoutSeconds };
        cmd.Parameters.AddWithValue(ids);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The 'assign' step: the incident goes to <paramref name="team"/>.</summary>
    internal static async Task<IncidentRecord> AssignAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IncidentRecord current, string team,
        string? by, string? note, CancellationToken ct)
    {
        await UpdateAsync(conn, tx, current.Id, IncidentStates.Assigned, by, ", assigned_team = $4", ct, team);
        var changes = StatusChange(current.Status, IncidentStates.Assigned);
        changes["assignedTeam"] = new JsonObject { ["from"] = current.Verification.AssignedTeam, ["to"] = team };
        await ReviewStore.AppendAsync(conn, tx, current.Id, current.Version + 1, LifecycleActions.Assign, by, changes, note, ct);
        return (await IncidentWriteStore.ReadByIdAsync(conn, tx, current.Id, ct))!;
    }

    /// <summary>
    /// The 'verify' step (to <paramref name="outcome"/>) and, at once, the automatic 'cool_off' step (to
    /// <paramref name="coolingOff"/>): the hold lasts the longest cooling-off of the truces in force covering the incident,
    /// else <paramref name="defaultPeriod"/>, from the database's clock.
    /// </summary>
    internal static async Task<IncidentRecord> VerifyAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IncidentRecord current, string outcome,
        string coolingOff, string verifyingOrganisation, string? by, string findings, string[] evidence, TimeSpan defaultPeriod, CancellationToken ct)
    {
        await UpdateAsync(conn, tx, current.Id, outcome, by, ", verification_outcome = $2, verified_by = $3, verifying_organisation = $4", ct,
            verifyingOrganisation);
        var changes = StatusChange(current.Status, outcome);
        changes["outcome"] = outcome;
        changes["verifyingOrganisation"] = verifyingOrganisation;
        changes["evidence"] = new JsonArray(evidence.Select(e => (JsonNode)e).ToArray());
        await ReviewStore.AppendAsync(conn, tx, current.Id, current.Version + 1, LifecycleActions.Verify, by, changes, findings, ct);

        string? truce = null;
        var period = defaultPeriod;
        await using (var cmd = new NpgsqlCommand(TruceSql.LongestCoolingOff("$1"), conn, tx))
        {
            cmd.Parameters.AddWithValue(current.Id);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            if (await r.ReadAsync(ct)) (truce, period) = (r.GetString(0), r.GetTimeSpan(1));
        }
        DateTime ends;
        await using (var cmd = new NpgsqlCommand("""
            UPDATE incidents SET status = $2, cooling_off_ends_at = now() + $3, version = version + 1, updated_at = now()
            WHERE id = $1 RETURNING cooling_off_ends_at
            """, conn, tx))
        {
            cmd.Parameters.AddWithValue(current.Id);
            cmd.Parameters.AddWithValue(coolingOff);
            cmd.Parameters.Add(new NpgsqlParameter { Value = period, NpgsqlDbType = NpgsqlDbType.Interval });
            ends = DateTime.SpecifyKind((DateTime)(await cmd.ExecuteScalarAsync(ct))!, DateTimeKind.Utc);
        }
        var hold = StatusChange(outcome, coolingOff);
        hold["coolingOffEndsAt"] = new JsonObject { ["from"] = null, ["to"] = Iso8601.Format(ends) };
        await ReviewStore.AppendAsync(conn, tx, current.Id, current.Version + 2, LifecycleActions.CoolOff, null, hold,
            $"cooling off for {VerificationOptions.FormatDuration(period)} ({(truce is null ? "the configured period" : $"set by truce {truce}")})", ct);
        return (await IncidentWriteStore.ReadByIdAsync(conn, tx, current.Id, ct))!;
    }

    /// <summary>The 'start_review' step: the independent review begins, and who began it is recorded.</summary>
    internal static async Task<IncidentRecord> StartReviewAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IncidentRecord current, string? by,
        string? note, CancellationToken ct)
    {
        await UpdateAsync(conn, tx, current.Id, IncidentStates.UnderIndependentReview, by, ", review_started_by = $3", ct);
        await ReviewStore.AppendAsync(conn, tx, current.Id, current.Version + 1, LifecycleActions.StartReview, by,
            StatusChange(current.Status, IncidentStates.UnderIndependentReview), note, ct);
        return (await IncidentWriteStore.ReadByIdAsync(conn, tx, current.Id, ct))!;
    }

    /// <summary>The 'publish' step: the verdict, with the reviewer's note.</summary>
    internal static async Task<IncidentRecord> PublishAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IncidentRecord current, string verdict,
        string? by, string note, CancellationToken ct)
    {
        await UpdateAsync(conn, tx, current.Id, verdict, by, "", ct);
        await ReviewStore.AppendAsync(conn, tx, current.Id, current.Version + 1, LifecycleActions.Publish, by, StatusChange(current.Status, verdict), note, ct);
        return (await IncidentWriteStore.ReadByIdAsync(conn, tx, current.Id, ct))!;
    }

    /// <summary>A note or a counter-report: a revision and a new version, the state unchanged.</summary>
    internal static async Task<IncidentRecord> NoteAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IncidentRecord current, string kind, string text,
        string? by, CancellationToken ct)
    {
        await UpdateAsync(conn, tx, current.Id, current.Status, by, "", ct);
        await ReviewStore.AppendAsync(conn, tx, current.Id, current.Version + 1, kind, by, new JsonObject(), text, ct);
        return (await IncidentWriteStore.ReadByIdAsync(conn, tx, current.Id, ct))!;
    }

    // One UPDATE per step: the state (checked by the database's trigger), a new version, who and when; the extra
    // assignments are fixed text from the steps above, their values parameters from $4.
    private static async Task UpdateAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long id, string status, string? by, string extra,
        CancellationToken ct, params object?[] values)
    {
        await using var cmd = new NpgsqlCommand(
            $"UPDATE incidents SET status = $2, version = version + 1, updated_by = $3, updated_at = now(){extra} WHERE id = $1", conn, tx);
        IncidentWriteStore.Add(cmd, [id, status, by, .. values]);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static JsonObject StatusChange(string from, string to) =>
        from == to ? new JsonObject() : new JsonObject { ["status"] = new JsonObject { ["from"] = from, ["to"] = to } };

    /// <summary>How many incidents <paramref name="visible"/> lets through (the queue's total, beyond its page).</summary>
    public async Task<long> QueueCountAsync(IncidentFilter visible, string? team, CancellationToken ct)
    {
        var q = IncidentSql.Build(visible with { Page = new IncidentPage() });
        await using var cmd = q.Command(db, $"{q.WithClause}SELECT count(*) FROM incidents {IncidentSql.Alias} WHERE {q.Where} AND (@vq_team::text IS NULL OR i.assigned_team = @vq_team)");
        cmd.Parameters.Add(new NpgsqlParameter("vq_team", NpgsqlDbType.Text) { Value = (object?)team ?? DBNull.Value });
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    /// <summary>
    /// The incidents waiting in the lifecycle that <paramref name="visible"/> lets through (the one visibility clause of
    /// <see cref="IncidentSql"/>), oldest in its state first.
    /// </summary>
    public async Task<IReadOnlyList<QueueItem>> QueueAsync(IncidentFilter visible, string? team, int limit, CancellationToken ct)
    {
        var q = IncidentSql.Build(visible with { Page = new IncidentPage() });
        await using var cmd = q.Command(db, $"""
            {q.WithClause}SELECT i.id, i.status, i.state_entered_at, extract(epoch FROM now() - i.state_entered_at)::float8, i.occurred_at,
                   i.event_type, i.sub_event_type, i.location_name, ST_X(i.geom), ST_Y(i.geom), i.reporter_organisation, i.assigned_team,
                   i.verification_outcome, i.cooling_off_ends_at, i.review_started_by, i.version
            FROM incidents {IncidentSql.Alias}
            WHERE {q.Where} AND (@vq_team::text IS NULL OR i.assigned_team = @vq_team)
            ORDER BY i.state_entered_at, i.id
            LIMIT @vq_limit
            """);
        cmd.Parameters.Add(new NpgsqlParameter("vq_team", NpgsqlDbType.Text) { Value = (object?)team ?? DBNull.Value });
        cmd.Parameters.Add(new NpgsqlParameter("vq_limit", NpgsqlDbType.Integer) { Value = limit });
        var list = new List<QueueItem>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            string? S(int i) => r.IsDBNull(i) ? null : r.GetString(i);
            DateTime T(int i) => DateTime.SpecifyKind(r.GetDateTime(i), DateTimeKind.Utc);
            var state = r.GetString(1);
            DateTime? ends = r.IsDBNull(13) ? null : T(13);
            list.Add(new QueueItem(r.GetInt64(0), state, T(2), Math.Round(r.GetDouble(3), 3), T(4), r.GetString(5), r.GetString(6), S(7),
                r.GetDouble(8), r.GetDouble(9), S(10), S(11), S(12), ends, S(14), r.GetInt32(15), VerificationWorkflow.AllowedNext(state, ends)));
        }
        return list;
    }

    /// <summary>
    /// Median and 90th percentile of report → assignment, → on-site verification and → publication, for all incidents
    /// reported in [<paramref name="from"/>, <paramref name="to"/>), per team and per truce (one statement).
    /// </summary>
    public async Task<VerificationStats> StatsAsync(DateTime? from, DateTime? to, string? team, string? truce, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            WITH base AS MATERIALIZED (
              SELECT i.assigned_team, i.truce_slugs,
                     extract(epoch FROM i.assigned_at - i.created_at)::float8 AS a,
                     extract(epoch FROM i.verified_at - i.created_at)::float8 AS v,
                     extract(epoch FROM i.published_at - i.created_at)::float8 AS p
              FROM incidents i
              WHERE ($1::timestamptz IS NULL OR i.created_at >= $1) AND ($2::timestamptz IS NULL OR i.created_at < $2)
                AND ($3::text IS NULL OR i.assigned_team = $3) AND ($4::text IS NULL OR $4 = ANY (i.truce_slugs))
            ), grouped AS (
              SELECT 'all' AS kind, NULL::text AS key, * FROM base
              UNION ALL SELECT 'team', assigned_team, * FROM base WHERE assigned_team IS NOT NULL
              UNION ALL SELECT 'truce', t, b.* FROM base b, unnest(b.truce_slugs) t
            )
            SELECT kind, key, count(*),
                   count(a), percentile_cont(0.5) WITHIN GROUP (ORDER BY a), percentile_cont(0.9) WITHIN GROUP (ORDER BY a),
                   count(v), percentile_cont(0.5) WITHIN GROUP (ORDER BY v), percentile_cont(0.9) WITHIN GROUP (ORDER BY v),
                   count(p), percentile_cont(0.5) WITHIN GROUP (ORDER BY p), percentile_cont(0.9) WITHIN GROUP (ORDER BY p)
            FROM grouped GROUP BY kind, key ORDER BY kind, key
            """);
        foreach (var (value, type) in new (object?, NpgsqlDbType)[] { (from, NpgsqlDbType.TimestampTz), (to, NpgsqlDbType.TimestampTz), (team, NpgsqlDbType.Text), (truce, NpgsqlDbType.Text) })
            cmd.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value, NpgsqlDbType = type });
        LifecycleTimes? all = null;
        var byTeam = new List<LifecycleTimes>();
        var byTruce = new List<LifecycleTimes>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
            {
                DurationStats D(int i) => new(r.GetInt64(i), r.IsDBNull(i + 1) ? null : Math.Round(r.GetDouble(i + 1), 3),
                    r.IsDBNull(i + 2) ? null : Math.Round(r.GetDouble(i + 2), 3));
                var row = new LifecycleTimes(r.IsDBNull(1) ? null : r.GetString(1), r.GetInt64(2), D(3), D(6), D(9));
                switch (r.GetString(0))
                {
                    case "all": all = row; break;
                    case "team": byTeam.Add(row); break;
                    default: byTruce.Add(row); break;
                }
            }
        var none = new DurationStats(0, null, null);
        return new VerificationStats(from, to, all ?? new LifecycleTimes(null, 0, none, none, none), byTeam, byTruce);
    }

    /// <summary>The lifecycle fields of incidents (for GraphQL's Incident.verification), by id.</summary>
    public async Task<IReadOnlyDictionary<long, IncidentVerification>> LifecycleAsync(IReadOnlyList<long> ids, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            SELECT i.id, i.status, i.reporter_organisation, i.assigned_team, i.verification_outcome, i.verified_by, i.verifying_organisation,
                   i.cooling_off_ends_at, i.review_started_by, i.state_entered_at
            FROM incidents i WHERE i.id = ANY ($1)
            """);
        cmd.Parameters.AddWithValue(ids.ToArray());
        var d = new Dictionary<long, IncidentVerification>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            string? S(int i) => r.IsDBNull(i) ? null : r.GetString(i);
            d[r.GetInt64(0)] = new IncidentVerification(S(2), S(3), S(4), S(5), S(6),
                r.IsDBNull(7) ? null : DateTime.SpecifyKind(r.GetDateTime(7), DateTimeKind.Utc), S(8),
                DateTime.SpecifyKind(r.GetDateTime(9), DateTimeKind.Utc), r.GetString(1) == IncidentStates.PublishedDisputed);
        }
        return d;
    }

    /// <summary>The cooling-off each truce sets (null: the default), by slug (for GraphQL's Truce.coolingOff).</summary>
    public async Task<IReadOnlyDictionary<string, TimeSpan?>> CoolingOffAsync(IReadOnlyList<string> slugs, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(TruceSql.CoolingOffBySlugs("$1"));
        cmd.Parameters.AddWithValue(slugs.ToArray());
        var d = slugs.Distinct().ToDictionary(s => s, _ => (TimeSpan?)null);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) d[r.GetString(0)] = r.IsDBNull(1) ? null : r.GetTimeSpan(1);
        return d;
    }
}
