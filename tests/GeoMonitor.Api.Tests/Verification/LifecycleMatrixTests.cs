using System.Net;
using System.Net.Http.Json;
using GeoMonitor.Api.Features.Verification;
using GeoMonitor.Api.Infrastructure.Auth;

namespace GeoMonitor.Api.Tests.Verification;

/// <summary>
/// The role × state matrix, enumerated: every action of the lifecycle, in every state, by every relation a caller can
/// have to an incident (anonymous; a reader of the reporter's organisation; the uploading reporter; a member of the
/// assigned team and a non-member of its organisation; independent reviewers; reviewers of the reporter's and of the
/// team's organisation; an admin of another organisation; outsiders). The expected answer is written out here from the
/// issue's rules, independently of Features/Verification/VerificationWorkflow.cs; the test then checks that the API
/// allows exactly those steps, refuses every other one with the right status and writes nothing, and that each allowed
/// step is a row of the code's table.
/// </summary>
public sealed class LifecycleMatrixTests(LifecycleWorld w) : IClassFixture<LifecycleWorld>, IAsyncLifetime
{
    public Task InitializeAsync() => w.ReadyAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private static readonly string[] States =
    [
        "reported", "assigned", "verified_on_site", "could_not_verify", "cooling_off", "under_independent_review",
        "published_verified", "published_disputed", "rejected",
    ];

    private static readonly string[] Relations =
    [
        "anonymous", "colleague", "reporter", "member", "non-member", "reviewer", "reviewer-of-reporter", "reviewer-of-team", "admin",
        "outsider", "outsider-reporter",
    ];

    // (action as the table names it, the state asked for where the action has several, the endpoint's minimum role)
    private static readonly (string Action, string? To, Role Needs)[] Actions =
    [
        ("assign", "assigned", Role.Admin),
        ("verify", "verified_on_site", Role.Reporter),
        ("verify", "could_not_verify", Role.Reporter),
        ("start_review", "under_independent_review", Role.Reviewer),
        ("publish", "published_verified", Role.Reviewer),
        ("publish", "published_disputed", Role.Reviewer),
        ("publish", "rejected", Role.Reviewer),
        ("note", null, Role.Reporter),
        ("counter_report", null, Role.Reporter),
        ("correct", null, Role.Reporter),
    ];

    private static bool Published(string state) => state is "published_verified" or "published_disputed";

    private static Role RoleOf(string relation) => relation == "anonymous" ? Role.Anonymous : LifecycleWorld.Keys[relation].Role;

    /// <summary>The issue's rules, written out: the status the API must answer.</summary>
    private static int Expected(string state, string action, string? to, Role needs, string relation)
    {
        var role = RoleOf(relation);
        if (role < needs) return role == Role.Anonymous ? 401 : 403;
        var reviewerOrUp = role >= Role.Reviewer;
        if (action == "correct") return reviewerOrUp || relation == "reporter" ? 200 : 403;

        // The publication hold: before publication only those in the process act on (and read) it.
        var teamAssigned = state != "reported";
        var inProcess = reviewerOrUp || relation == "reporter" || (teamAssigned && relation is "member" or "non-member");
        if (!Published(state) && !inProcess) return 403;

        var stepExists = action switch
        {
            "assign" => state is "reported" or "assigned",
            "verify" => state == "assigned",
            "start_review" => state == "cooling_off",
            "publish" => state == "under_independent_review",
            _ => true, // notes, in every state
        };
        if (!stepExists) return 409;
        var mayTake = action switch
        {
            "assign" => role == Role.Admin,
            "verify" => relation == "member",
            "start_review" or "publish" => relation is "reviewer" or "admin", // reviewers of neither the reporter's nor the team's organisation
            _ => inProcess,
        };
        if (!mayTake) return 403;
        return action is "note" or "counter_report" ? 201 : 200;
    }

    private static Party PartyOf(string relation, string action) => action switch
    {
        "assign" => Party.Admin,
        "verify" => Party.AssignedTeamMember,
        "start_review" or "publish" => Party.IndependentReviewer,
        "correct" => RoleOf(relation) >= Role.Reviewer ? Party.Editor : Party.Uploader,
        _ => Party.InProcess,
    };

    private async Task<long> ArrangeAsync(string state, string tag)
    {
        var afterVerification = state is not ("reported" or "assigned");
        return await LifecycleData.InsertAsync(w, "matrix", tag, state, "ngo-x", "lw-reporter",
            team: state == "reported" ? null : LifecycleWorld.Team,
            verifyingOrganisation: afterVerification ? "unifil-obs" : null,
            coolingOffEndsAt: afterVerification ? DateTimeOffset.UtcNow.AddMinutes(-5) : null);
    }

    private Task<HttpResponseMessage> ActAsync(string relation, long id, string action, string? to) => action switch
    {
        "assign" => w.PostAsync(relation, id, "assignment", new { team = LifecycleWorld.Team }),
        "verify" => w.PostAsync(relation, id, "verification", new { outcome = to, findings = "matrix" }),
        "start_review" => w.PostAsync(relation, id, "review", new { status = to }),
        "publish" => w.PostAsync(relation, id, "review", new { status = to, note = "matrix verdict" }),
        "note" or "counter_report" => w.PostAsync(relation, id, "notes", new { kind = action, text = "matrix" }),
        _ => w.As(relation).SendAsync(Patch(id)),
    };

    private static HttpRequestMessage Patch(long id)
    {
        var req = new HttpRequestMessage(HttpMethod.Patch, $"/api/incidents/{id}") { Content = JsonContent.Create(new { fatalities = 5 }) };
        req.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        return req;
    }

    [Fact]
    public async Task Every_action_in_every_state_by_every_relation_is_allowed_exactly_where_the_table_says()
    {
        var cells = (from state in States from a in Actions from relation in Relations select (state, a.Action, a.To, a.Needs, relation)).ToList();
        Assert.Equal(9 * 10 * 11, cells.Count);
        var failures = new List<string>();
        var allowed = 0;
        // In batches: each cell acts on an incident of its own, so they do not interfere.
        foreach (var batch in cells.Select((c, n) => (c, n)).Chunk(24))
        {
            var results = await Task.WhenAll(batch.Select(async item =>
            {
                var (state, action, to, needs, relation) = item.c;
                var id = await ArrangeAsync(state, $"m-{item.n}-{Guid.NewGuid():N}"[..30]);
                var res = await ActAsync(relation, id, action, to);
                var expected = Expected(state, action, to, needs, relation);
                var (version, revisions) = await w.MarkAsync(id);
                var text = $"{action}{(to is null ? "" : " → " + to)} in {state} by {relation}: expected {expected}, got {(int)res.StatusCode} {(res.IsSuccessStatusCode ? "" : await res.Content.ReadAsStringAsync())}";
                if ((int)res.StatusCode != expected) return (false, text);
                if (expected >= 400)
                {
                    // Refused: nothing was written.
                    if (version != 1 || revisions != 0) return (false, text + $" (but version {version}, {revisions} revision(s))");
                    if (res.Content.Headers.ContentType?.MediaType != "application/problem+json") return (false, text + " (not problem+json)");
                    return (true, "");
                }
                // Allowed: a step of the code's table, and written with its revision.
                var target = action is "note" or "counter_report" ? state
                    : action == "correct" ? (RoleOf(relation) < Role.Reviewer && IncidentStates.Verified.Contains(state) ? "assigned" : state)
                    : to!;
                if (!VerificationWorkflow.Transitions.Contains(new Transition(state, action, PartyOf(relation, action), target)))
                    return (false, text + $" (no row ({state}, {action}, {PartyOf(relation, action)}) → {target} in VerificationWorkflow.Transitions)");
                var stored = await w.StateAsync(id);
                var expectedState = action == "verify" ? "cooling_off" : target;
                if (stored != expectedState) return (false, text + $" (stored state {stored}, expected {expectedState})");
                if (revisions == 0) return (false, text + " (no revision)");
                return (true, "allowed");
            }));
            failures.AddRange(results.Where(r => !r.Item1).Select(r => r.Item2));
            allowed += results.Count(r => r.Item1 && r.Item2 == "allowed");
        }
        Assert.True(failures.Count == 0, $"{failures.Count} cell(s) differ:\n" + string.Join("\n", failures));
        // The allowed cells, counted by hand from the rules: assign — the admin, from reported and assigned (2); verify — the
        // member, two outcomes (2); start_review — two independent reviewers, the admin among them (2); publish — three
        // verdicts by those two (6); notes — two kinds, in reported by the 5 in the process (the reporter, 3 reviewers, the
        // admin) and in the 8 later states also by the team's organisation's 2 keys (2 × (5 + 8 × 7) = 122); corrections —
        // in 9 states by the reporter and the 4 keys of role reviewer or above (45). 179 of 990.
        var corrections = States.Length * Relations.Count(r => RoleOf(r) >= Role.Reviewer || r == "reporter");
        var notes = 2 * (Relations.Count(r => RoleOf(r) >= Role.Reviewer || r == "reporter") + 8 * Relations.Count(r => RoleOf(r) >= Role.Reviewer || r is "reporter" or "member" or "non-member"));
        Assert.Equal(179, 2 + 2 + 2 + 6 + notes + corrections);
        Assert.Equal(2 + 2 + 2 + 6 + notes + corrections, allowed);
    }
}
