using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GeoMonitor.Api.Features.Verification;
using GeoMonitor.Api.Tests.GraphQL;
using GeoMonitor.Api.Tests.Infrastructure;
using Npgsql;
using static GeoMonitor.Api.Tests.Uploads.BadInputTests;
using static GeoMonitor.Api.Tests.Uploads.UploadWorld;

namespace GeoMonitor.Api.Tests.Verification;

/// <summary>
/// The verification lifecycle on the real PostGIS (docs/verification.md): every path from upload to a verdict, each
/// refusal with the state and the steps that may follow, notes during the cooling-off, the cooling-off measured from
/// stored timestamps (the configured period, or the longest a truce sets), two reviewers racing, a correction after the
/// verdict, the database's own guard against a transition the table does not hold, and the queue.
/// </summary>
public sealed class VerificationWorkflowTests(LifecycleWorld w) : IClassFixture<LifecycleWorld>, IAsyncLifetime
{
    public Task InitializeAsync() => w.ReadyAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private static string[] Actions(JsonElement history) =>
        history.GetProperty("revisions").EnumerateArray().Select(r => r.GetProperty("action").GetString()!).ToArray();

    [Fact]
    public async Task Verified_on_site_from_upload_to_publication_with_every_step_in_the_history()
    {
        var id = await w.UploadAsync();
        var anonymous = w.As("anonymous");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/incidents/{id}")).StatusCode);

        var cooling = await w.VerifyAsync(id);
        Assert.Equal("cooling_off", cooling.GetProperty("status").GetString());
        var v = cooling.GetProperty("verification");
        Assert.Equal("verified_on_site", v.GetProperty("outcome").GetString());
        Assert.Equal("unifil-obs", v.GetProperty("verifyingOrganisation").GetString());
        Assert.Equal("lw-member", v.GetProperty("verifiedBy").GetString());
        // The default hold: 24 h from the moment the incident entered the cooling-off.
        Assert.Equal(TimeSpan.FromHours(24), v.GetProperty("coolingOffEndsAt").GetDateTime() - v.GetProperty("stateEnteredAt").GetDateTime());

        await w.EndCoolingOffAsync(id);
        var review = await w.StepAsync("reviewer", id, "review", new { status = "under_independent_review" });
        Assert.Equal("under_independent_review", review.GetProperty("status").GetString());
        Assert.Equal("lw-reviewer", review.GetProperty("verification").GetProperty("reviewStartedBy").GetString());
        var published = await w.StepAsync("reviewer", id, "review", new { status = "published_verified", note = "the team's photos match two witnesses" });
        Assert.Equal("published_verified", published.GetProperty("status").GetString());
        Assert.False(published.GetProperty("verification").GetProperty("disputed").GetBoolean());

        // Public now, unflagged.
        var feature = JsonDocument.Parse(await anonymous.GetStringAsync($"/api/incidents/{id}")).RootElement.GetProperty("properties");
        Assert.Equal("published_verified", feature.GetProperty("status").GetString());
        Assert.False(feature.GetProperty("disputed").GetBoolean());

        var history = await BodyAsync(await w.As("colleague").GetAsync($"/api/incidents/{id}/history"));
        Assert.Equal(["create", "assign", "verify", "cool_off", "start_review", "publish"], Actions(history));
        var revs = history.GetProperty("revisions").EnumerateArray().ToList();
        Assert.Equal([1, 2, 3, 4, 5, 6], revs.Select(r => r.GetProperty("version").GetInt32()));
        Assert.Equal(["lw-reporter", null, "lw-member", null, "lw-reviewer", "lw-reviewer"], revs.Select(r => r.GetProperty("changedBy").GetString()));
        Assert.Equal(["reported→assigned", "assigned→verified_on_site", "verified_on_site→cooling_off", "cooling_off→under_independent_review",
                "under_independent_review→published_verified"],
            revs.Skip(1).Select(r => r.GetProperty("changes").GetProperty("status")).Select(c => $"{c.GetProperty("from").GetString()}→{c.GetProperty("to").GetString()}"));
        Assert.Equal("the team went to the point", revs[2].GetProperty("note").GetString());
        Assert.Equal(["photo-1.jpg"], revs[2].GetProperty("changes").GetProperty("evidence").EnumerateArray().Select(e => e.GetString()));
        Assert.StartsWith("automatic: north is the only observer team covering test-box", revs[1].GetProperty("note").GetString());
        // Each state was entered in order, and the milestones the metrics use were stamped by the database.
        Assert.True(await w.ScalarAsync<bool>("SELECT created_at <= assigned_at AND assigned_at <= verified_at AND verified_at <= published_at FROM incidents WHERE id = $1", id));
    }

    [Fact]
    public async Task Could_not_verify_assigned_by_an_admin_and_published_disputed_through_graphql()
    {
        var id = await w.UploadAsync(inTeamZone: false);
        // No team covers its place: an admin assigns it.
        var assigned = await w.StepAsync("admin", id, "assignment", new { team = LifecycleWorld.Team, note = "nearest team" });
        Assert.Equal("assigned", assigned.GetProperty("status").GetString());

        var member = w.As("member");
        var verified = await member.Data($$"""
            mutation { verifyIncident(id: "{{id}}", input: {outcome: COULD_NOT_VERIFY, findings: "no access: the road was closed by the LAF"}) {
              status verification { outcome coolingOffEndsAt } } }
            """);
        Assert.Equal("COOLING_OFF", verified.GetProperty("verifyIncident").GetProperty("status").GetString());
        Assert.Equal("COULD_NOT_VERIFY", verified.GetProperty("verifyIncident").GetProperty("verification").GetProperty("outcome").GetString());

        await w.EndCoolingOffAsync(id);
        var reviewer = w.As("reviewer-2");
        await reviewer.Data($$"""mutation { reviewIncident(id: "{{id}}", status: UNDER_INDEPENDENT_REVIEW) { status } }""");
        var published = await reviewer.Data($$"""
            mutation { reviewIncident(id: "{{id}}", status: PUBLISHED_DISPUTED, note: "the parties' accounts differ; no on-site access") {
              status disputed verification { state reviewStartedBy allowedNext { action state by } } } }
            """);
        var p = published.GetProperty("reviewIncident");
        Assert.Equal("PUBLISHED_DISPUTED", p.GetProperty("status").GetString());
        Assert.True(p.GetProperty("disputed").GetBoolean());
        Assert.Equal("lw-reviewer-2", p.GetProperty("verification").GetProperty("reviewStartedBy").GetString());

        // Anonymous callers see it, flagged, on both surfaces.
        var anonymous = w.As("anonymous");
        var node = (await anonymous.Data($$"""{ incident(id: "{{id}}") { status disputed } }""")).GetProperty("incident");
        Assert.True(node.GetProperty("disputed").GetBoolean());
        Assert.Contains("\"disputed\":true", await anonymous.GetStringAsync($"/api/incidents/{id}"));
        var csv = await anonymous.GetStringAsync($"/api/incidents?source=lifecycle&format=csv");
        var header = csv.Split("\r\n")[0].Split(',');
        var row = csv.Split("\r\n").Skip(1).Select(l => l.Split(',')).Single(r => r[0] == id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("true", row[Array.IndexOf(header, "disputed")]);

        var history = await BodyAsync(await w.As("reviewer").GetAsync($"/api/incidents/{id}/history"));
        Assert.Equal(["create", "assign", "verify", "cool_off", "start_review", "publish"], Actions(history));
        Assert.Equal("nearest team", history.GetProperty("revisions")[1].GetProperty("note").GetString());
    }

    [Fact]
    public async Task Could_not_verify_then_rejected_is_never_public()
    {
        var id = await w.UploadAsync();
        await w.VerifyAsync(id, "could_not_verify");
        await w.EndCoolingOffAsync(id);
        await w.StepAsync("reviewer", id, "review", new { status = "under_independent_review" });
        var rejected = await w.StepAsync("reviewer", id, "review", new { status = "rejected", note = "the photos were taken elsewhere" });
        Assert.Equal("rejected", rejected.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await w.As("anonymous").GetAsync($"/api/incidents/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await w.As("outsider").GetAsync($"/api/incidents/{id}")).StatusCode);
        // A rejection is the end: nothing but notes and corrections follows.
        var p = await AssertProblem(await w.PostAsync("reviewer", id, "review", new { status = "published_verified", note = "changed my mind" }), 409, "invalid-transition");
        Assert.Equal("rejected", p.GetProperty("currentState").GetString());
        Assert.Equal(["correct", "counter_report", "note"], p.GetProperty("allowedNext").EnumerateArray().Select(n => n.GetProperty("action").GetString()).Distinct().Order());
    }

    [Fact]
    public async Task Every_refused_step_names_the_state_and_what_may_follow_and_changes_nothing()
    {
        var id = await w.UploadAsync();
        await w.VerifyAsync(id);
        var mark = await w.MarkAsync(id);
        var ends = await w.ScalarAsync<DateTime>("SELECT cooling_off_ends_at FROM incidents WHERE id = $1", id);

        // During the cooling-off nobody moves it on.
        var again = await AssertProblem(await w.PostAsync("member", id, "verification", new { outcome = "verified_on_site", findings = "again" }), 409, "invalid-transition");
        Assert.Equal("cooling_off", again.GetProperty("currentState").GetString());
        Assert.Equal(ends, again.GetProperty("coolingOffEndsAt").GetDateTime().ToUniversalTime(), TimeSpan.FromMilliseconds(1));
        var next = again.GetProperty("allowedNext").EnumerateArray().ToList();
        var start = next.Single(n => n.GetProperty("action").GetString() == "start_review");
        Assert.Equal("under_independent_review", start.GetProperty("state").GetString());
        Assert.Equal("independent-reviewer", start.GetProperty("by").GetString());
        Assert.Equal(ends, start.GetProperty("notBefore").GetDateTime().ToUniversalTime(), TimeSpan.FromMilliseconds(1));
        Assert.Contains(next, n => n.GetProperty("action").GetString() == "counter_report");

        var early = await AssertProblem(await w.PostAsync("reviewer", id, "review", new { status = "under_independent_review" }), 409, "cooling-off");
        Assert.Contains("cooling off until", early.GetProperty("detail").GetString());
        Assert.Equal("cooling_off", early.GetProperty("currentState").GetString());
        await AssertProblem(await w.PostAsync("admin", id, "assignment", new { team = LifecycleWorld.Team }), 409, "invalid-transition");
        await AssertProblem(await w.PostAsync("reviewer", id, "review", new { status = "published_verified", note = "skip ahead" }), 409, "invalid-transition");
        Assert.Equal(mark, await w.MarkAsync(id));

        // Once it ended: neither the reporter's nor the verifying team's organisation reviews it.
        await w.EndCoolingOffAsync(id);
        var reporterSide = await AssertProblem(await w.PostAsync("reviewer-of-reporter", id, "review", new { status = "under_independent_review" }), 403, "conflict-of-interest");
        Assert.Contains("the reporter's organisation", reporterSide.GetProperty("detail").GetString());
        var teamSide = await AssertProblem(await w.PostAsync("reviewer-of-team", id, "review", new { status = "under_independent_review" }), 403, "conflict-of-interest");
        Assert.Contains("the verifying team's organisation", teamSide.GetProperty("detail").GetString());
        // A stale If-Match, a body the review does not know.
        var stale = new HttpRequestMessage(HttpMethod.Post, $"/api/incidents/{id}/review") { Content = JsonContent.Create(new { status = "under_independent_review" }) };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        await AssertProblem(await w.As("reviewer").SendAsync(stale), 412, "stale-version");
        await AssertProblem(await w.PostAsync("reviewer", id, "review", new { status = "verified" }), 422, "invalid-review");
        Assert.Equal(mark, await w.MarkAsync(id));
        Assert.Equal("cooling_off", await w.StateAsync(id));

        // Before verification: only a member of the assigned team records it, and only an existing team is assigned.
        var other = await w.UploadAsync();
        var notMember = await AssertProblem(await w.PostAsync("non-member", other, "verification", new { outcome = "verified_on_site", findings = "seen" }), 403, "not-team-member");
        Assert.Contains("north", notMember.GetProperty("detail").GetString());
        await AssertProblem(await w.PostAsync("outsider-reporter", other, "verification", new { outcome = "verified_on_site", findings = "seen" }), 403, "not-in-process");
        var noTeam = await AssertProblem(await w.PostAsync("admin", other, "assignment", new { team = "no-such-team" }), 422, "invalid-assignment");
        Assert.Equal("team", noTeam.GetProperty("errors")[0].GetProperty("field").GetString());
        await AssertProblem(await w.PostAsync("member", other, "verification", new { outcome = "verified_on_site" }), 422, "invalid-verification");
        await AssertProblem(await w.PostAsync("member", 999999999, "verification", new { outcome = "verified_on_site", findings = "seen" }), 404, "not-found");
        Assert.Equal("assigned", await w.StateAsync(other));
        Assert.Equal((2, 2L), await w.MarkAsync(other));
    }

    [Fact]
    public async Task Two_reviewers_at_once_exactly_one_wins_and_the_other_gets_409()
    {
        for (var round = 0; round < 8; round++)
        {
            var id = await w.UploadAsync();
            await w.VerifyAsync(id);
            await w.EndCoolingOffAsync(id);

            // Both start the review at the same moment: the row lock lets one through; the other finds the new state.
            var both = await Race(() => w.PostAsync("reviewer", id, "review", new { status = "under_independent_review" }),
                () => w.PostAsync("reviewer-2", id, "review", new { status = "under_independent_review" }));
            Assert.Single(both, r => r.StatusCode == HttpStatusCode.OK);
            var loser = both.Single(r => r.StatusCode != HttpStatusCode.OK);
            var p = await AssertProblem(loser, 409, "invalid-transition");
            Assert.Equal("under_independent_review", p.GetProperty("currentState").GetString());
            Assert.Equal(1L, await w.ScalarAsync<long>("SELECT count(*) FROM incident_revisions WHERE incident_id = $1 AND action = 'start_review'", id));

            // Both publish a different verdict at once: one verdict stands.
            var verdicts = await Race(() => w.PostAsync("reviewer", id, "review", new { status = "published_verified", note = "confirmed" }),
                () => w.PostAsync("reviewer-2", id, "review", new { status = "published_disputed", note = "disputed" }));
            Assert.Single(verdicts, r => r.StatusCode == HttpStatusCode.OK);
            var second = await AssertProblem(verdicts.Single(r => r.StatusCode != HttpStatusCode.OK), 409, "invalid-transition");
            Assert.StartsWith("published_", second.GetProperty("currentState").GetString());
            Assert.Equal(1L, await w.ScalarAsync<long>("SELECT count(*) FROM incident_revisions WHERE incident_id = $1 AND action = 'publish'", id));
        }
    }

    private static async Task<HttpResponseMessage[]> Race(Func<Task<HttpResponseMessage>> a, Func<Task<HttpResponseMessage>> b)
    {
        using var go = new ManualResetEventSlim();
        var ta = Task.Run(() => { go.Wait(); return a(); });
        var tb = Task.Run(() => { go.Wait(); return b(); });
        go.Set();
        return await Task.WhenAll(ta, tb);
    }

    [Fact]
    public async Task Anyone_in_the_process_attaches_notes_and_counter_reports_during_the_cooling_off()
    {
        var id = await w.UploadAsync();
        await w.VerifyAsync(id);
        var (version, _) = await w.MarkAsync(id);
        var res = await w.PostAsync("reporter", id, "notes", new { kind = "note", text = "a second witness came forward" });
        Assert.Equal(HttpStatusCode.Created, res.StatusCode);
        Assert.Equal($"/api/incidents/{id}/history", res.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.Created, (await w.PostAsync("member", id, "notes", new { kind = "counter_report", text = "the LAF liaison gives another time" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await w.PostAsync("reviewer-of-reporter", id, "notes", new { kind = "note", text = "noted" })).StatusCode);
        await AssertProblem(await w.PostAsync("outsider-reporter", id, "notes", new { kind = "note", text = "me too" }), 403, "not-in-process");
        await AssertProblem(await w.PostAsync("colleague", id, "notes", new { kind = "note", text = "readers read" }), 403, "forbidden");
        await AssertProblem(await w.PostAsync("reporter", id, "notes", new { kind = "rumour", text = "x" }), 422, "invalid-note");

        Assert.Equal("cooling_off", await w.StateAsync(id));
        Assert.Equal(version + 3, (await w.MarkAsync(id)).Version);
        var history = await BodyAsync(await w.As("member").GetAsync($"/api/incidents/{id}/history"));
        Assert.Equal(["note", "counter_report", "note"], Actions(history)[^3..]);
        Assert.Equal("the LAF liaison gives another time", history.GetProperty("revisions").EnumerateArray().Reverse().ElementAt(1).GetProperty("note").GetString());
    }

    [Fact]
    public async Task The_cooling_off_is_the_longest_a_truce_in_force_sets_and_is_measured_from_stored_timestamps()
    {
        // Two truces over June 2023, one holding 48 h, one 72 h; an incident then waits 72 h.
        foreach (var (slug, hold) in new[] { ("hold-48", "PT48H"), ("hold-72", "P3D") })
        {
            var put = await w.As("admin").PutAsJsonAsync($"/api/truces/{slug}", new
            {
                name = slug, start = "2023-06-01T00:00:00Z", end = "2023-07-01T00:00:00Z", source = "test", coolingOff = hold,
            });
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        }
        var truce = JsonDocument.Parse(await w.As("anonymous").GetStringAsync("/api/truces/hold-72")).RootElement;
        Assert.Equal("PT72H", truce.GetProperty("coolingOff").GetString());
        Assert.Equal("PT48H", (await w.As("anonymous").Data("""{ truce(slug: "hold-48") { coolingOff } }""")).GetProperty("truce").GetProperty("coolingOff").GetString());
        await AssertProblem(await w.As("admin").PutAsJsonAsync("/api/truces/hold-bad", new
        {
            name = "bad", start = "2023-06-01T00:00:00Z", source = "test", coolingOff = "P40D",
        }), 422, "invalid-layer");

        var id = await w.UploadAsync(occurredAt: "2023-06-15T08:00:00Z");
        var cooling = (await w.VerifyAsync(id)).GetProperty("verification");
        Assert.Equal(TimeSpan.FromHours(72), cooling.GetProperty("coolingOffEndsAt").GetDateTime() - cooling.GetProperty("stateEnteredAt").GetDateTime());
        var note = (await BodyAsync(await w.As("reviewer").GetAsync($"/api/incidents/{id}/history"))).GetProperty("revisions").EnumerateArray().Last().GetProperty("note").GetString();
        Assert.Equal("cooling off for PT72H (set by truce hold-72)", note);

        // The hold is the stored end, on the database's clock: not a timer. Moved a second into the past, it is over;
        // a second into the future, it still holds (and the database refuses a psql attempt to skip it).
        await w.ScalarAsync<int>("WITH u AS (UPDATE incidents SET cooling_off_ends_at = now() + interval '1 hour' WHERE id = $1 RETURNING 1) SELECT count(*)::int FROM u", id);
        await AssertProblem(await w.PostAsync("reviewer", id, "review", new { status = "under_independent_review" }), 409, "cooling-off");
        var skip = await Assert.ThrowsAsync<PostgresException>(() =>
            w.ScalarAsync<int>("WITH u AS (UPDATE incidents SET status = 'under_independent_review' WHERE id = $1 RETURNING 1) SELECT count(*)::int FROM u", id));
        Assert.Equal("incident_cooling_off", skip.ConstraintName);
        await w.ScalarAsync<int>("WITH u AS (UPDATE incidents SET cooling_off_ends_at = now() - interval '1 second' WHERE id = $1 RETURNING 1) SELECT count(*)::int FROM u", id);
        Assert.Equal("under_independent_review", (await w.StepAsync("reviewer", id, "review", new { status = "under_independent_review" })).GetProperty("status").GetString());
    }

    [Fact]
    public async Task No_path_makes_a_transition_the_table_does_not_hold()
    {
        // The database's table is the code's table: the same (from, to) pairs.
        var pairs = new List<(string, string)>();
        await using (var cmd = w.Db.CreateCommand("SELECT from_state, to_state FROM incident_transitions"))
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) pairs.Add((r.GetString(0), r.GetString(1)));
        var code = VerificationWorkflow.Transitions.Where(t => t.From != t.To).Select(t => (t.From, t.To)).Distinct().ToList();
        Assert.Equal(code.Order(), pairs.Order());
        Assert.Equal(23, pairs.Count);

        // psql can no more skip a step than the API: reported → published is refused, and so is editing the table.
        var id = await w.UploadAsync(inTeamZone: false);
        var skip = await Assert.ThrowsAsync<PostgresException>(() =>
            w.ScalarAsync<int>("WITH u AS (UPDATE incidents SET status = 'published_verified' WHERE id = $1 RETURNING 1) SELECT count(*)::int FROM u", id));
        Assert.Equal(PostgresErrorCodes.CheckViolation, skip.SqlState);
        Assert.Equal("incident_transitions", skip.ConstraintName);
        var noTeam = await Assert.ThrowsAsync<PostgresException>(() =>
            w.ScalarAsync<int>("WITH u AS (UPDATE incidents SET status = 'assigned' WHERE id = $1 RETURNING 1) SELECT count(*)::int FROM u", id));
        Assert.Equal("incident_assigned_team", noTeam.ConstraintName);
        var edit = await Assert.ThrowsAsync<PostgresException>(() =>
            w.ScalarAsync<int>("WITH u AS (INSERT INTO incident_transitions VALUES ('reported', 'published_verified') RETURNING 1) SELECT count(*)::int FROM u"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, edit.SqlState);
        Assert.Equal("reported", await w.StateAsync(id));
    }

    [Fact]
    public async Task A_reporter_s_correction_after_verification_sends_it_back_to_its_team_and_the_lifecycle_runs_again()
    {
        var id = await w.UploadAsync();
        await w.VerifyAsync(id);
        await w.EndCoolingOffAsync(id);
        var (version, _) = await w.MarkAsync(id);
        var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/incidents/{id}")
        {
            Content = Raw("""{"fatalities": 2}""", "application/merge-patch+json"),
        };
        patch.Headers.TryAddWithoutValidation("If-Match", $"\"{version}\"");
        var corrected = await BodyAsync(await w.As("reporter").SendAsync(patch));
        Assert.Equal("assigned", corrected.GetProperty("status").GetString());
        var v = corrected.GetProperty("verification");
        Assert.Equal(LifecycleWorld.Team, v.GetProperty("assignedTeam").GetString());
        Assert.Equal(JsonValueKind.Null, v.GetProperty("outcome").ValueKind);
        Assert.Equal(JsonValueKind.Null, v.GetProperty("coolingOffEndsAt").ValueKind);
        var change = (await BodyAsync(await w.As("reporter").GetAsync($"/api/incidents/{id}/history"))).GetProperty("revisions").EnumerateArray().Last().GetProperty("changes");
        Assert.Equal("cooling_off", change.GetProperty("status").GetProperty("from").GetString());

        // The team verifies the corrected report again, and it cools off again.
        Assert.Equal("cooling_off", (await w.VerifyAsync(id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_queue_lists_what_waits_with_state_and_age_for_those_in_the_process()
    {
        var assigned = await w.UploadAsync();
        var reported = await w.UploadAsync(inTeamZone: false);
        var cooling = await w.UploadAsync();
        await w.VerifyAsync(cooling);
        await w.ScalarAsync<int>("WITH u AS (UPDATE incidents SET state_entered_at = now() - interval '2 hours' WHERE id = $1 RETURNING 1) SELECT count(*)::int FROM u", assigned);

        var queue = await BodyAsync(await w.As("reviewer").GetAsync("/api/verification/queue?limit=1000"));
        var items = queue.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("id").GetInt64());
        Assert.Equal("assigned", items[assigned].GetProperty("state").GetString());
        Assert.Equal("reported", items[reported].GetProperty("state").GetString());
        Assert.Equal("cooling_off", items[cooling].GetProperty("state").GetString());
        Assert.InRange(items[assigned].GetProperty("ageSeconds").GetDouble(), 7200, 7200 + 600);
        Assert.Contains(items[cooling].GetProperty("next").EnumerateArray(), n => n.GetProperty("action").GetString() == "start_review");
        // Oldest in its state first.
        var order = queue.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("stateEnteredAt").GetDateTime()).ToList();
        Assert.Equal(order.Order(), order);

        // The reporter's organisation sees its three; the team's organisation sees the two assigned to it; outsiders none.
        var mine = (await BodyAsync(await w.As("colleague").GetAsync("/api/verification/queue?limit=1000"))).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToList();
        Assert.Superset(new HashSet<long> { assigned, reported, cooling }, mine.ToHashSet());
        var team = (await BodyAsync(await w.As("member").GetAsync("/api/verification/queue?limit=1000"))).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToList();
        Assert.Contains(assigned, team);
        Assert.Contains(cooling, team);
        Assert.DoesNotContain(reported, team);
        Assert.Equal(0, (await BodyAsync(await w.As("outsider").GetAsync("/api/verification/queue"))).GetProperty("count").GetInt32());
        // A page of one still says how many wait in all.
        var first = await BodyAsync(await w.As("reviewer").GetAsync("/api/verification/queue?limit=1"));
        Assert.Equal(1, first.GetProperty("count").GetInt32());
        Assert.Equal(queue.GetProperty("items").GetArrayLength(), first.GetProperty("total").GetInt64());
        Assert.Equal(HttpStatusCode.Unauthorized, (await w.As("anonymous").GetAsync("/api/verification/queue")).StatusCode);

        // Narrowed by state; the same through GraphQL.
        var onlyCooling = (await BodyAsync(await w.As("reviewer").GetAsync("/api/verification/queue?state=cooling_off&limit=1000"))).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToList();
        var viaGql = (await w.As("reviewer").Data("{ verificationQueue(states: [COOLING_OFF], first: 1000) { id state } }")).GetProperty("verificationQueue")
            .EnumerateArray().Select(i => long.Parse(i.GetProperty("id").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(onlyCooling, viaGql);
        Assert.Contains(cooling, viaGql);
        await AssertProblem(await w.As("reviewer").GetAsync("/api/verification/queue?state=waiting"), 400, "invalid-parameter");
    }

    [Fact]
    public async Task Teams_and_organisations_are_read_with_a_key_and_written_by_admins()
    {
        var teams = await BodyAsync(await w.As("outsider").GetAsync("/api/teams"));
        var north = teams.GetProperty("teams").EnumerateArray().Single(t => t.GetProperty("slug").GetString() == LifecycleWorld.Team);
        Assert.Equal("unifil-obs", north.GetProperty("organisation").GetString());
        Assert.Equal(["test-box"], north.GetProperty("zones").EnumerateArray().Select(z => z.GetString()));
        Assert.Equal(["lw-member"], north.GetProperty("members").EnumerateArray().Select(z => z.GetString()));
        Assert.Equal(HttpStatusCode.Unauthorized, (await w.As("anonymous").GetAsync("/api/teams")).StatusCode);
        await AssertProblem(await w.As("outsider").GetAsync("/api/teams/no-such-team"), 404, "not-found");

        var orgs = await BodyAsync(await w.As("outsider").GetAsync("/api/organisations"));
        var obs = orgs.GetProperty("organisations").EnumerateArray().Single(o => o.GetProperty("slug").GetString() == "unifil-obs");
        Assert.Equal([LifecycleWorld.Team], obs.GetProperty("teams").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(3, obs.GetProperty("keys").GetInt32()); // member, non-member, reviewer-of-team
        var gql = (await w.As("outsider").Data("{ teams { slug members } organisations { slug } }"));
        Assert.Contains(gql.GetProperty("teams").EnumerateArray(), t => t.GetProperty("slug").GetString() == LifecycleWorld.Team);
        await w.As("anonymous").Error("UNAUTHENTICATED", "{ teams { slug } }");

        // A team with incidents assigned is not deleted.
        await w.UploadAsync();
        await AssertProblem(await w.As("admin").DeleteAsync($"/api/teams/{LifecycleWorld.Team}"), 409, "team-in-use");
        await AssertProblem(await w.As("admin").PutAsJsonAsync("/api/teams/south", new { name = "South", organisation = "unifil-obs", members = new[] { "lw-reporter" } }), 422, "invalid-team");
    }
}
