using System.Text.Json;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Tests.Infrastructure;
using GeoMonitor.Api.Tests.Uploads;
using static GeoMonitor.Api.Tests.Uploads.BadInputTests;
using static GeoMonitor.Api.Tests.Uploads.UploadWorld;

namespace GeoMonitor.Api.Tests.Review;

public sealed class ReviewWorkflowTests(UploadFixture api) : IClassFixture<UploadFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => SeedAsync(api);
    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<(HttpClient Reporter, long Id)> UploadAsync(string reporterName, Action<JsonObject>? set = null)
    {
        var reporter = await api.CreateClientAsAsync(Role.Reporter, reporterName);
        var res = await reporter.PostAsync("/api/incidents", Json(Report(set: set)));
        Assert.Equal(HttpStatusCode.Created, res.StatusCode);
        return (reporter, (await BodyAsync(res)).GetProperty("id").GetInt64());
    }

    private static HttpRequestMessage Patch(long id, string json, string? ifMatch, string mediaType = "application/merge-patch+json")
    {
        var req = new HttpRequestMessage(HttpMethod.Patch, $"/api/incidents/{id}") { Content = Raw(json, mediaType) };
        if (ifMatch is not null) req.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return req;
    }

    [Fact]
    public async Task Correction_and_history_end_to_end()
    {
        var (reporter, id) = await UploadAsync("team-e2e");
        var reviewer = await api.CreateClientAsAsync(Role.Reviewer, "reviewer-e2e");
        var anonymous = api.CreateClient();

        // Not yet published: anonymous readers are refused it.
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/incidents/{id}")).StatusCode);

        // The ETag of GET /api/incidents/{id} is the version.
        var get = await reviewer.GetAsync($"/api/incidents/{id}");
        Assert.Equal("\"1\"", get.Headers.ETag?.Tag);

        // The reporter corrects the location (MGRS of a point 1,500 m south of the line) and the fatalities.
        var corrected = await reporter.SendAsync(Patch(id, """{"mgrs": "36S YB 33341 63653", "fatalities": 1, "actor2": null}""", "\"1\""));
        Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        Assert.Equal("\"2\"", corrected.Headers.ETag?.Tag);
        var c = await BodyAsync(corrected);
        Assert.Equal(1, c.GetProperty("fatalities").GetInt32());
        Assert.Equal(1500, c.GetProperty("enrichment").GetProperty("blueLine").GetProperty("distanceMetres").GetDouble(), 1.0);
        Assert.Equal("south", c.GetProperty("enrichment").GetProperty("blueLine").GetProperty("side").GetString());
        Assert.Empty(c.GetProperty("enrichment").GetProperty("zones").EnumerateArray());
        Assert.Equal("MGRS", c.GetProperty("location").GetProperty("rawCrs").GetString());

        // A note from the reporter's side: the state stays, the version moves.
        var note = await reporter.PostAsync($"/api/incidents/{id}/notes", Json(new JsonObject { ["kind"] = "note", ["text"] = "two sources; matches UNIFIL report" }));
        Assert.Equal(HttpStatusCode.Created, note.StatusCode);
        Assert.Equal("reported", (await BodyAsync(note)).GetProperty("status").GetString());

        // History: create, correct, note — who, when, what.
        var history = await BodyAsync(await reviewer.GetAsync($"/api/incidents/{id}/history"));
        var revs = history.GetProperty("revisions").EnumerateArray().ToList();
        Assert.Equal(["create", "correct", "note"], revs.Select(r => r.GetProperty("action").GetString()));
        Assert.Equal([1, 2, 3], revs.Select(r => r.GetProperty("version").GetInt32()));
        Assert.Equal(["team-e2e", "team-e2e", "team-e2e"], revs.Select(r => r.GetProperty("changedBy").GetString()));
        var change = revs[1].GetProperty("changes");
        Assert.Equal(0, change.GetProperty("fatalities").GetProperty("from").GetInt32());
        Assert.Equal(1, change.GetProperty("fatalities").GetProperty("to").GetInt32());
        Assert.Equal("36S YB 33341 63653", change.GetProperty("location").GetProperty("to").GetProperty("raw").GetString());
        Assert.Equal(NorthLat, change.GetProperty("location").GetProperty("from").GetProperty("lat").GetDouble(), 9);
        Assert.False(change.TryGetProperty("actor2", out _)); // it was null already: no change
        Assert.Equal("{}", revs[2].GetProperty("changes").GetRawText());
        Assert.Equal("two sources; matches UNIFIL report", revs[2].GetProperty("note").GetString());
        Assert.True(revs.All(r => r.GetProperty("changedAt").GetDateTime() > DateTime.UtcNow.AddMinutes(-5)));
        Assert.Equal(3, await api.ScalarAsync<int>("SELECT version FROM incidents WHERE id = $1", id));
    }

    [Fact]
    public async Task A_stale_if_match_is_412_and_a_missing_one_428_and_nothing_changes()
    {
        var (reporter, id) = await UploadAsync("team-stale");
        Assert.Equal(HttpStatusCode.OK, (await reporter.SendAsync(Patch(id, """{"fatalities": 2}""", "\"1\""))).StatusCode);
        var before = await CountsAsync(api);

        var stale = await reporter.SendAsync(Patch(id, """{"fatalities": 3}""", "\"1\""));
        var p = await AssertProblem(stale, 412, "stale-version");
        Assert.Equal(2, p.GetProperty("currentVersion").GetInt32());
        await AssertProblem(await reporter.SendAsync(Patch(id, """{"fatalities": 3}""", null)), 428, "precondition-required");
        await AssertProblem(await reporter.SendAsync(Patch(id, """{"fatalities": 3}""", "*")), 428, "precondition-required");
        await AssertProblem(await reporter.SendAsync(Patch(id, """{"fatalities": 3}""", "W/\"2\"")), 412, "stale-version");
        await AssertProblem(await reporter.SendAsync(Patch(id, """{"fatalities": 3}""", "2")), 400, "invalid-precondition");

        Assert.Equal(before, await CountsAsync(api));
        Assert.Equal(2, await api.ScalarAsync<int>("SELECT fatalities FROM incidents WHERE id = $1", id));
    }

    [Fact]
    public async Task Concurrent_corrections_with_the_same_version_succeed_once()
    {
        var (reporter, id) = await UploadAsync("team-race");
        var results = await Task.WhenAll(Enumerable.Range(1, 10).Select(i => reporter.SendAsync(Patch(id, $$"""{"fatalities": {{i}}}""", "\"1\""))));
        Assert.Single(results, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(9, results.Count(r => r.StatusCode == HttpStatusCode.PreconditionFailed));
        Assert.Equal(2L, await api.ScalarAsync<long>("SELECT count(*) FROM incident_revisions WHERE incident_id = $1", id));
    }

    [Fact]
    public async Task A_patch_that_changes_nothing_keeps_the_version()
    {
        var (reporter, id) = await UploadAsync("team-same");
        var res = await reporter.SendAsync(Patch(id, """{"fatalities": 0, "eventType": "Explosions/Remote violence"}""", "\"1\"", "application/json"));
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Equal("\"1\"", res.Headers.ETag?.Tag);
        Assert.Equal(1L, await api.ScalarAsync<long>("SELECT count(*) FROM incident_revisions WHERE incident_id = $1", id));
    }

    [Theory]
    [InlineData("""{"source": "other"}""", "source")]
    [InlineData("""{"externalId": "other"}""", "externalId")]
    [InlineData("""{"status": "verified"}""", "status")]
    [InlineData("""{"eventType": null}""", "eventType")]
    [InlineData("""{"fatalities": -2}""", "fatalities")]
    [InlineData("""{"lon": null, "lat": null}""", "location")]
    [InlineData("""{"lon": 2.35, "lat": 48.85}""", "location")]
    [InlineData("""{"subEventType": "Armed clash"}""", "subEventType")]
    [InlineData("""[1]""", "(body)")]
    public async Task Invalid_corrections_are_422_and_change_nothing(string patch, string field)
    {
        var (reporter, id) = await UploadAsync("team-invalid-" + Guid.NewGuid().ToString("N")[..6]);
        var res = await reporter.SendAsync(Patch(id, patch, "\"1\""));
        var p = await AssertProblem(res, 422, "invalid-incident");
        Assert.Contains(p.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == field);
        Assert.Equal(1, await api.ScalarAsync<int>("SELECT version FROM incidents WHERE id = $1", id));
    }

    [Fact]
    public async Task A_reviewer_of_the_reporting_organisation_may_not_review_its_report()
    {
        var reviewer = await api.CreateClientAsAsync(Role.Reviewer, "self-reviewer", "self-org");
        var id = await Verification.LifecycleData.InsertAsync(api, "review-tests", "self-" + Guid.NewGuid().ToString("N")[..6], "cooling_off", "self-org",
            "self-reviewer", verifyingOrganisation: "observers-x", coolingOffEndsAt: DateTimeOffset.UtcNow.AddMinutes(-1));
        var res = await reviewer.PostAsync($"/api/incidents/{id}/review", Json(new JsonObject { ["status"] = "under_independent_review" }));
        var p = await AssertProblem(res, 403, "conflict-of-interest");
        Assert.Contains("self-org", p.GetProperty("detail").GetString());
        Assert.Equal("cooling_off", await api.ScalarAsync<string>("SELECT status FROM incidents WHERE id = $1", id));
    }

    [Fact]
    public async Task A_reporter_corrects_only_their_own_reports_and_a_correction_sends_a_published_report_back_to_its_team()
    {
        var (owner, id) = await UploadAsync("team-owner");
        var other = await api.CreateClientAsAsync(Role.Reporter, "team-other");
        await AssertProblem(await other.SendAsync(Patch(id, """{"fatalities": 4}""", "\"1\"")), 403, "not-own-report");

        // A published incident the owner reported, verified by team "owner-team": the verdict covered the old content, so
        // the owner's correction sends it back to the team (and it is no longer public).
        await Verification.LifecycleData.TeamAsync(api, "owner-team", "owner-observers", [], []);
        var published = await Verification.LifecycleData.InsertAsync(api, "review-tests", "published-" + Guid.NewGuid().ToString("N")[..6], "published_verified",
            await api.ScalarAsync<string>("SELECT organisation FROM api_keys WHERE name = 'team-owner'"), "team-owner", "owner-team", "owner-observers");
        var res = await owner.SendAsync(Patch(published, """{"notes": "corrected after the review"}""", "\"1\""));
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        var body = await BodyAsync(res);
        Assert.Equal("assigned", body.GetProperty("status").GetString());
        Assert.Equal("owner-team", body.GetProperty("verification").GetProperty("assignedTeam").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("verification").GetProperty("verifyingOrganisation").ValueKind);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.CreateClient().GetAsync($"/api/incidents/{published}")).StatusCode);

        // A reviewer's correction keeps the state.
        var kept = await Verification.LifecycleData.InsertAsync(api, "review-tests", "kept-" + Guid.NewGuid().ToString("N")[..6], "published_verified",
            "someone-else", "team-owner", "owner-team", "owner-observers");
        var reviewer = await api.CreateClientAsAsync(Role.Reviewer, "rev-owner");
        res = await reviewer.SendAsync(Patch(kept, """{"notes": "typo"}""", "\"1\""));
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Equal("published_verified", (await BodyAsync(res)).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("""{"status": "approved"}""", "status")]
    [InlineData("""{"status": "verified"}""", "status")]
    [InlineData("""{"status": "reported"}""", "status")]
    [InlineData("""{"note": "x"}""", "status")]
    [InlineData("""{"status": "published_verified", "note": "x", "score": 3}""", "score")]
    [InlineData("""{"status": "published_verified"}""", "note")]
    public async Task Invalid_reviews_are_422(string body, string field)
    {
        var (_, id) = await UploadAsync("team-badreview");
        var reviewer = await api.CreateClientAsAsync(Role.Reviewer);
        var p = await AssertProblem(await reviewer.PostAsync($"/api/incidents/{id}/review", Raw(body, "application/json")), 422, "invalid-review");
        Assert.Contains(p.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == field);
    }

    [Fact]
    public async Task Unknown_incidents_are_404()
    {
        var admin = await api.CreateClientAsAsync(Role.Admin);
        await AssertProblem(await admin.PostAsync("/api/incidents/999999999/review", Json(new JsonObject { ["status"] = "under_independent_review" })), 404, "not-found");
        await AssertProblem(await admin.SendAsync(Patch(999999999, """{"fatalities": 1}""", "\"1\"")), 404, "not-found");
        await AssertProblem(await admin.GetAsync("/api/incidents/999999999/history"), 404, "not-found");
    }

    public static TheoryData<string, Role, HttpStatusCode> RoleMatrix() => new()
    {
        { "review", Role.Anonymous, HttpStatusCode.Unauthorized },
        { "review", Role.Reader, HttpStatusCode.Forbidden },
        { "review", Role.Reporter, HttpStatusCode.Forbidden },
        { "review", Role.Reviewer, HttpStatusCode.OK },
        { "review", Role.Admin, HttpStatusCode.OK },
        { "patch", Role.Anonymous, HttpStatusCode.Unauthorized },
        { "patch", Role.Reader, HttpStatusCode.Forbidden },
        { "patch", Role.Reporter, HttpStatusCode.Forbidden }, // not their report
        { "patch", Role.Reviewer, HttpStatusCode.OK },
        { "patch", Role.Admin, HttpStatusCode.OK },
        { "history", Role.Anonymous, HttpStatusCode.Unauthorized },
        { "history", Role.Reader, HttpStatusCode.OK },
        { "history", Role.Reporter, HttpStatusCode.OK },
        { "history", Role.Reviewer, HttpStatusCode.OK },
        { "history", Role.Admin, HttpStatusCode.OK },
    };

    [Theory]
    [MemberData(nameof(RoleMatrix))]
    public async Task Each_review_endpoint_needs_its_role(string endpoint, Role role, HttpStatusCode expected)
    {
        var (_, id) = await UploadAsync("team-matrix-" + Guid.NewGuid().ToString("N")[..6]);
        var client = await api.CreateClientAsAsync(role);
        // A review needs an incident whose cooling-off has ended, reported and verified by other organisations; a history
        // of a published one is readable with any key.
        var cooled = await Verification.LifecycleData.InsertAsync(api, "review-tests", "cooled-" + Guid.NewGuid().ToString("N")[..6], "cooling_off",
            "matrix-reporters", verifyingOrganisation: "matrix-observers", coolingOffEndsAt: DateTimeOffset.UtcNow.AddMinutes(-1));
        var published = await Verification.LifecycleData.InsertAsync(api, "review-tests", "public-" + Guid.NewGuid().ToString("N")[..6], "published_verified");
        var res = endpoint switch
        {
            "review" => await client.PostAsync($"/api/incidents/{cooled}/review", Json(new JsonObject { ["status"] = "under_independent_review" })),
            "patch" => await client.SendAsync(Patch(id, """{"fatalities": 1}""", "\"1\"")),
            _ => await client.GetAsync($"/api/incidents/{published}/history"),
        };
        Assert.Equal(expected, res.StatusCode);
        if (expected != HttpStatusCode.OK) Assert.Equal("application/problem+json", res.Content.Headers.ContentType?.MediaType);
    }
}
