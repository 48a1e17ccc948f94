using System.Text.Json;
using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.Review;
using GeoMonitor.Api.Features.Uploads;
using GeoMonitor.Api.Infrastructure.Auth;
using static GeoMonitor.Api.Features.Verification.IncidentStates;

namespace GeoMonitor.Api.Features.Verification;

/// <summary>Who takes a step of the lifecycle, as a relation between a caller and an incident.</summary>
public enum Party
{
    /// <summary>GeoMonitor itself: the automatic assignment at upload, the cooling-off right after a verification.</summary>
    System,
    /// <summary>A key with role admin.</summary>
    Admin,
    /// <summary>A key (role reporter or above) named among the members of the incident's observer team.</summary>
    AssignedTeamMember,
    /// <summary>A key with role reviewer or above whose organisation neither reported the incident nor verified it.</summary>
    IndependentReviewer,
    /// <summary>The key that uploaded the report (role reporter or above).</summary>
    Uploader,
    /// <summary>A key with role reviewer or above, whatever its organisation (corrections that keep the state).</summary>
    Editor,
    /// <summary>
    /// A key in the incident's process: role reviewer or above, or role reporter or above of the reporter's or of the
    /// assigned team's organisation.
    /// </summary>
    InProcess,
}

/// <summary>The names of the lifecycle's steps, as recorded in <c>incident_revisions.action</c>.</summary>
public static class LifecycleActions
{
    /// <summary>Give the incident to an observer team.</summary>
    public const string Assign = "assign";
    /// <summary>Record the on-site verification (verified_on_site or could_not_verify).</summary>
    public const string Verify = "verify";
    /// <summary>Begin the cooling-off hold (automatic, right after the verification).</summary>
    public const string CoolOff = "cool_off";
    /// <summary>Begin the independent review.</summary>
    public const string StartReview = "start_review";
    /// <summary>Publish the independent review's verdict (published_verified, published_disputed or rejected).</summary>
    public const string Publish = "publish";
    /// <summary>Attach a note.</summary>
    public const string Note = "note";
    /// <summary>Attach a counter-report (a party's contrary account).</summary>
    public const string CounterReport = "counter_report";
    /// <summary>Correct the report's content (PATCH /api/incidents/{id}).</summary>
    public const string Correct = "correct";
}

/// <summary>One step of the lifecycle: from a state, an action by a party leads to a state.</summary>
public sealed record Transition(string From, string Action, Party Who, string To);

/// <summary>A step that may follow, as refusals list them: the action, where it leads, by whom, and not before when.</summary>
public sealed record NextStep(string Action, string State, string By, DateTime? NotBefore);

/// <summary>
/// The verification lifecycle of every incident — rapid verification by a neutral observer team, a cooling-off hold, an
/// independent review, then publication (docs/verification.md says why each rule exists) — as ONE table,
/// <see cref="Transitions"/>, and the use cases that take its steps whichever surface asked (POST
/// /api/incidents/{id}/assignment, /verification, /review, /notes; the assignIncident, verifyIncident, reviewIncident and
/// addIncidentNote mutations). Its (from, to) pairs are mirrored by the table incident_transitions and the trigger of
/// V032, so no path, psql included, makes a transition this table does not hold; a test compares the two.
/// <para>
/// Each step locks the incident, then refuses in this order: no such incident (404); an incident the caller may not read
/// (403 not-in-process); a stale If-Match version (412); a step the table has no row for from the present state (409
/// invalid-transition, naming the state and the steps that may follow); a caller who is not the row's party (403, naming
/// why, e.g. conflict-of-interest); a review begun before the cooling-off ends (409 cooling-off). Otherwise it writes the
/// step and its revision in the same transaction. Nothing is written when a step is refused.
/// </para>
/// </summary>
public sealed class VerificationWorkflow(ReviewStore store, VerificationOptions options)
{
    /// <summary>The role an assignment needs.</summary>
    public const Role AssignRole = Role.Admin;

    /// <summary>The role a verification needs (and membership of the assigned team).</summary>
    public const Role VerifyRole = Role.Reporter;

    /// <summary>The role a review needs (and independence).</summary>
    public const Role ReviewRole = Role.Reviewer;

    /// <summary>The role a note or counter-report needs (and a part in the process).</summary>
    public const Role NoteRole = Role.Reporter;

    /// <summary>The longest note, finding or counter-report.</summary>
    public const int MaxText = 4000;

    /// <summary>The most evidence references a verification lists.</summary>
    public const int MaxEvidence = 20;

    /// <summary>The kinds of note.</summary>
    public static readonly IReadOnlyList<string> NoteKinds = [LifecycleActions.Note, LifecycleActions.CounterReport];

    /// <summary>The statuses a review may ask for: the start of the independent review, or a verdict.</summary>
    public static readonly IReadOnlyList<string> ReviewStatuses = [UnderIndependentReview, .. Verdicts];

    /// <summary>The lifecycle: every step there is. A step not in this table is refused, by the API and by the database.</summary>
    public static readonly IReadOnlyList<Transition> Transitions = Build();

    private static List<Transition> Build()
    {
        var t = new List<Transition>
        {
            new(Reported, LifecycleActions.Assign, Party.System, Assigned),
            new(Reported, LifecycleActions.Assign, Party.Admin, Assigned),
            new(Assigned, LifecycleActions.Assign, Party.Admin, Assigned),
            new(Assigned, LifecycleActions.Verify, Party.AssignedTeamMember, VerifiedOnSite),
            new(Assigned, LifecycleActions.Verify, Party.AssignedTeamMember, CouldNotVerify),
            new(VerifiedOnSite, LifecycleActions.CoolOff, Party.System, CoolingOff),
            new(CouldNotVerify, LifecycleActions.CoolOff, Party.System, CoolingOff),
            new(CoolingOff, LifecycleActions.StartReview, Party.IndependentReviewer, UnderIndependentReview),
        };
        foreach (var verdict in Verdicts) t.Add(new(UnderIndependentReview, LifecycleActions.Publish, Party.IndependentReviewer, verdict));
        foreach (var s in All)
        {
            // Notes never move an incident: during the cooling-off they are the only thing anyone may add.
            t.Add(new(s, LifecycleActions.Note, Party.InProcess, s));
            t.Add(new(s, LifecycleActions.CounterReport, Party.InProcess, s));
            t.Add(new(s, LifecycleActions.Correct, Party.Editor, s));
            if (Verified.Contains(s))
            {
                // The verdict covered the old content: the reporter's correction goes back to the team (to reported when
                // the incident never had one, e.g. an import), and the lifecycle runs again.
                t.Add(new(s, LifecycleActions.Correct, Party.Uploader, Assigned));
                t.Add(new(s, LifecycleActions.Correct, Party.Uploader, Reported));
            }
            else t.Add(new(s, LifecycleActions.Correct, Party.Uploader, s));
        }
        return t;
    }

    /// <summary>The label of a party in refusals and docs (kebab case).</summary>
    public static string Label(Party p) => p switch
    {
        Party.System => "geomonitor (automatic)",
        Party.Admin => "admin",
        Party.AssignedTeamMember => "assigned-team-member",
        Party.IndependentReviewer => "independent-reviewer",
        Party.Uploader => "reporter (the uploading key)",
        Party.Editor => "reviewer or admin (keeps the state)",
        _ => "in-process (the reporter's or the team's organisation, or a reviewer)",
    };

    /// <summary>The steps a person may take from <paramref name="state"/> (the automatic ones are left out).</summary>
    public static IReadOnlyList<NextStep> AllowedNext(string state, DateTime? coolingOffEndsAt) =>
        Transitions.Where(t => t.From == state && t.Who != Party.System)
            .Select(t => new NextStep(t.Action, t.To, Label(t.Who), t.Action == LifecycleActions.StartReview ? coolingOffEndsAt : null))
            .Distinct().ToList();

    /// <summary>The parties <paramref name="caller"/> is for <paramref name="incident"/> (whose assigned team is <paramref name="team"/>).</summary>
    public static IReadOnlySet<Party> PartiesOf(Caller caller, IncidentRecord incident, ObserverTeam? team)
    {
        var p = new HashSet<Party>();
        if (caller.Role == Role.Anonymous || caller.KeyName is null) return p;
        var v = incident.Verification;
        if (caller.Role >= Role.Admin) p.Add(Party.Admin);
        if (caller.Role >= Role.Reporter && team is not null && team.Slug == v.AssignedTeam && team.Members.Contains(caller.KeyName)
            && team.Organisation == caller.Organisation)
            p.Add(Party.AssignedTeamMember);
        if (caller.Role >= Role.Reviewer && ConflictOfInterest(caller, incident) is null) p.Add(Party.IndependentReviewer);
        if (caller.Role >= Role.Reporter && incident.CreatedBy is not null && incident.CreatedBy == caller.KeyName) p.Add(Party.Uploader);
        if (caller.Role >= Role.Reviewer) p.Add(Party.Editor);
        if (caller.Role >= Role.Reviewer || (caller.Role >= Role.Reporter && caller.Organisation is not null
                && (caller.Organisation == v.ReporterOrganisation || caller.Organisation == team?.Organisation)))
            p.Add(Party.InProcess);
        return p;
    }

    /// <summary>Why <paramref name="caller"/> may not review <paramref name="incident"/> independently ("reporter's" or "verifying team's"), or null.</summary>
    public static string? ConflictOfInterest(Caller caller, IncidentRecord incident)
    {
        var v = incident.Verification;
        if (caller.Organisation is null) return "unknown";
        if (caller.Organisation == v.ReporterOrganisation) return "reporter's";
        if (caller.Organisation == v.VerifyingOrganisation) return "verifying team's";
        return null;
    }

    /// <summary>
    /// The state a correction by <paramref name="parties"/> leaves the incident in: editors keep it; the uploader keeps it
    /// before verification and sends it back to its team (or to reported) after; null when the caller may not correct it.
    /// </summary>
    public static string? CorrectionTarget(IncidentRecord current, IReadOnlySet<Party> parties)
    {
        var rows = Transitions.Where(t => t.From == current.Status && t.Action == LifecycleActions.Correct).ToList();
        if (parties.Contains(Party.Editor)) return rows.First(t => t.Who == Party.Editor).To;
        if (!parties.Contains(Party.Uploader)) return null;
        var wanted = !Verified.Contains(current.Status) ? current.Status : current.Verification.AssignedTeam is not null ? Assigned : Reported;
        return rows.Single(t => t.Who == Party.Uploader && t.To == wanted).To;
    }

    /// <summary>
    /// POST /api/incidents/{id}/assignment {team, note}: an admin gives a reported incident to an observer team (or gives
    /// an assigned one to another team). Refused also when there is no such team.
    /// </summary>
    public async Task<Outcome<IncidentRecord>> AssignAsync(Caller caller, long id, JsonElement body, IReadOnlyCollection<int>? expected, CancellationToken ct)
    {
        if (caller.Require(AssignRole) is { } no) return no;
        var errors = new List<FieldError>();
        var b = BodyFields.Read(body, errors, "an assignment", "team", "note");
        var team = b?.Slug("team");
        var note = b?.Text("note", max: MaxText);
        if (errors.Count > 0) return Invalid(errors, "The assignment is not valid; nothing was changed.", "invalid-assignment");
        return await StepAsync(caller, id, expected, LifecycleActions.Assign, Assigned, async (s, c) =>
        {
            if (await VerificationStore.TeamAsync(s.Conn, s.Tx, team!, c) is null)
                return Invalid([new FieldError(null, "team", $"there is no observer team '{team}'")], "The assignment is not valid; nothing was changed.", "invalid-assignment");
            return new Outcome<IncidentRecord>.Changed(await VerificationStore.AssignAsync(s.Conn, s.Tx, s.Current, team!, caller.KeyName, note, c));
        }, ct);
    }

    /// <summary>
    /// POST /api/incidents/{id}/verification {outcome, findings, evidence}: a member of the assigned team records what the
    /// team found on site; the incident enters the cooling-off at once (two revisions, verify and cool_off), for the
    /// longest cooling-off of the truces in force covering it, else the configured period.
    /// </summary>
    public async Task<Outcome<IncidentRecord>> VerifyAsync(Caller caller, long id, JsonElement body, IReadOnlyCollection<int>? expected, CancellationToken ct)
    {
        if (caller.Require(VerifyRole) is { } no) return no;
        var errors = new List<FieldError>();
        var b = BodyFields.Read(body, errors, "a verification", "outcome", "findings", "evidence");
        var outcome = b?.OneOf("outcome", Outcomes);
        var findings = b?.Text("findings", required: true, max: MaxText);
        var evidence = b?.Strings("evidence", MaxEvidence) ?? [];
        if (errors.Count > 0) return Invalid(errors, "The verification is not valid; nothing was changed.", "invalid-verification");
        return await StepAsync(caller, id, expected, LifecycleActions.Verify, outcome, async (s, c) =>
        {
            var coolOff = Transitions.Single(t => t.From == outcome && t.Action == LifecycleActions.CoolOff && t.Who == Party.System);
            return new Outcome<IncidentRecord>.Changed(await VerificationStore.VerifyAsync(s.Conn, s.Tx, s.Current, outcome!, coolOff.To, s.Team!.Organisation,
                caller.KeyName, findings!, evidence, options.CoolingOff, c));
        }, ct);
    }

    /// <summary>
    /// POST /api/incidents/{id}/review {status, note}: an independent reviewer begins the review once the cooling-off has
    /// ended (status under_independent_review), then publishes the verdict (published_verified, published_disputed or
    /// rejected, with a note). Two reviewers at once: the row lock lets one through; the other finds the new state (409).
    /// </summary>
    public async Task<Outcome<IncidentRecord>> ReviewAsync(Caller caller, long id, JsonElement body, IReadOnlyCollection<int>? expected, CancellationToken ct)
    {
        if (caller.Require(ReviewRole) is { } no) return no;
        var errors = new List<FieldError>();
        var b = BodyFields.Read(body, errors, "a review", "status", "note");
        var status = b?.OneOf("status", ReviewStatuses);
        var note = b?.Text("note", required: status is not null && Verdicts.Contains(status), max: MaxText);
        if (errors.Count > 0) return Invalid(errors, "The review is not valid; nothing was changed.", "invalid-review");
        var action = status == UnderIndependentReview ? LifecycleActions.StartReview : LifecycleActions.Publish;
        return await StepAsync(caller, id, expected, action, status, async (s, c) => new Outcome<IncidentRecord>.Changed(
            action == LifecycleActions.StartReview
                ? await VerificationStore.StartReviewAsync(s.Conn, s.Tx, s.Current, caller.KeyName, note, c)
                : await VerificationStore.PublishAsync(s.Conn, s.Tx, s.Current, status!, caller.KeyName, note!, c)), ct);
    }

    /// <summary>
    /// POST /api/incidents/{id}/notes {kind, text}: a note or a counter-report, by anyone in the process, in any state
    /// (the cooling-off included); the state does not change, the version does (a reviewer acting on an older version is
    /// told that something was added).
    /// </summary>
    public async Task<Outcome<IncidentRecord>> NoteAsync(Caller caller, long id, JsonElement body, IReadOnlyCollection<int>? expected, CancellationToken ct)
    {
        if (caller.Require(NoteRole) is { } no) return no;
        var errors = new List<FieldError>();
        var b = BodyFields.Read(body, errors, "a note", "kind", "text");
        var kind = b?.OneOf("kind", NoteKinds);
        var text = b?.Text("text", required: true, max: MaxText);
        if (errors.Count > 0) return Invalid(errors, "The note is not valid; nothing was changed.", "invalid-note");
        return await StepAsync(caller, id, expected, kind!, null, async (s, c) =>
            new Outcome<IncidentRecord>.Created(await VerificationStore.NoteAsync(s.Conn, s.Tx, s.Current, kind!, text!, caller.KeyName, c)), ct);
    }

    /// <summary>Whether a caller with <paramref name="parties"/> may read <paramref name="incident"/> (the publication hold).</summary>
    public static bool MayRead(IncidentRecord incident, IReadOnlySet<Party> parties) =>
        Published.Contains(incident.Status) || parties.Contains(Party.InProcess);

    /// <summary>A locked incident being moved: the transaction, the incident, its team and the table row that allows the step.</summary>
    private sealed record Step(Npgsql.NpgsqlConnection Conn, Npgsql.NpgsqlTransaction Tx, IncidentRecord Current, ObserverTeam? Team, Transition Row);

    private async Task<Outcome<IncidentRecord>> StepAsync(Caller caller, long id, IReadOnlyCollection<int>? expected, string action, string? to,
        Func<Step, CancellationToken, Task<Outcome<IncidentRecord>>> apply, CancellationToken ct)
    {
        var (conn, tx, current) = await store.LockAsync(id, ct);
        await using (conn)
        await using (tx)
        {
            if (current is null) return new Refusal.NotFound($"No incident with id {id}.", "id");
            var team = current.Verification.AssignedTeam is { } slug ? await VerificationStore.TeamAsync(conn, tx, slug, ct) : null;
            var parties = PartiesOf(caller, current, team);
            if (!MayRead(current, parties)) return NotInProcess(caller, current, team);
            if (expected is not null && !expected.Contains(current.Version)) return ReviewWorkflow.Stale(current);
            var rows = Transitions.Where(t => t.From == current.Status && t.Action == action && (to is null ? t.To == t.From : t.To == to)).ToList();
            if (rows.Count == 0) return InvalidTransition(current, action, to);
            var row = rows.FirstOrDefault(t => parties.Contains(t.Who));
            if (row is null) return WhyNot(caller, current, team, rows.FirstOrDefault(t => t.Who != Party.System) ?? rows[0]);
            if (action == LifecycleActions.StartReview && await VerificationStore.NowAsync(conn, tx, ct) < current.Verification.CoolingOffEndsAt)
                return StillCoolingOff(current);
            var outcome = await apply(new Step(conn, tx, current, team, row), ct);
            if (outcome is not Outcome<IncidentRecord>.Refused) await tx.CommitAsync(ct);
            return outcome;
        }
    }

    private static Refusal Invalid(List<FieldError> errors, string detail, string code) => new Refusal.Invalid(errors, detail, code);

    /// <summary>The members a state refusal carries: the state, since when, and what may follow.</summary>
    private static Dictionary<string, object?> StateDetails(IncidentRecord current)
    {
        var v = current.Verification;
        var d = new Dictionary<string, object?>
        {
            ["currentState"] = current.Status,
            ["stateEnteredAt"] = Iso8601.Format(v.StateEnteredAt),
            ["allowedNext"] = AllowedNext(current.Status, v.CoolingOffEndsAt).Select(n =>
            {
                var step = new Dictionary<string, object?> { ["action"] = n.Action, ["state"] = n.State, ["by"] = n.By };
                if (n.NotBefore is { } t) step["notBefore"] = Iso8601.Format(t);
                return step;
            }).ToList(),
        };
        if (v.CoolingOffEndsAt is { } ends) d["coolingOffEndsAt"] = Iso8601.Format(ends);
        return d;
    }

    private static string Next(IncidentRecord current) =>
        string.Join("; ", AllowedNext(current.Status, current.Verification.CoolingOffEndsAt).Select(n => $"{n.Action} → {n.State} by {n.By}"));

    private static Refusal InvalidTransition(IncidentRecord current, string action, string? to) => new Refusal.Conflict(
        $"Incident {current.Id} is {current.Status} (since {Iso8601.Format(current.Verification.StateEnteredAt)}); "
        + $"{action}{(to is null || to == current.Status ? "" : " → " + to)} is not a step from there. Allowed next: {Next(current)}.",
        "invalid-transition", StateDetails(current));

    private static Refusal StillCoolingOff(IncidentRecord current) => new Refusal.Conflict(
        $"Incident {current.Id} is cooling off until {Iso8601.Format(current.Verification.CoolingOffEndsAt!.Value)}; nobody moves it on before then "
        + "(notes and counter-reports may be attached meanwhile).",
        "cooling-off", StateDetails(current));

    private static Refusal NotInProcess(Caller caller, IncidentRecord current, ObserverTeam? team) => new Refusal.Forbidden(
        $"Key '{caller.KeyName}' of organisation '{caller.Organisation}' takes no part in the verification of incident {current.Id} "
        + $"(reported by {current.Verification.ReporterOrganisation ?? "an import"}{(team is null ? "" : $", assigned to team '{team.Slug}' of {team.Organisation}")}); "
        + "notes and counter-reports come from the reporter's organisation, the assigned team's organisation and reviewers.",
        "not-in-process");

    private static Refusal WhyNot(Caller caller, IncidentRecord current, ObserverTeam? team, Transition row) => row.Who switch
    {
        Party.AssignedTeamMember => new Refusal.Forbidden(
            $"Incident {current.Id} is assigned to observer team '{team?.Slug}' of {team?.Organisation}; only its members record the on-site "
            + $"verification, and key '{caller.KeyName}' of {caller.Organisation} is not one of them.", "not-team-member"),
        Party.IndependentReviewer => new Refusal.Forbidden(
            $"An independent review of incident {current.Id} must be by an organisation other than the reporter's "
            + $"({current.Verification.ReporterOrganisation ?? "none recorded"}) and the verifying team's ({current.Verification.VerifyingOrganisation ?? "none recorded"}); "
            + $"key '{caller.KeyName}' is of {caller.Organisation}, the {ConflictOfInterest(caller, current)} organisation.", "conflict-of-interest"),
        Party.InProcess => NotInProcess(caller, current, team),
        _ => new Refusal.Forbidden($"Only {Label(row.Who)} may {row.Action} incident {current.Id} from {current.Status}.", "forbidden"),
    };
}
