using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Tests.Infrastructure;
using GeoMonitor.Api.Tests.Uploads;

namespace GeoMonitor.Api.Tests.Verification;

/// <summary>
/// Walks uploaded incidents through the verification lifecycle by its own endpoints (docs/verification.md), on any
/// fixture, for tests whose subject is not the lifecycle but that need an incident published, or one that stops being
/// public: an observer team of its own (organisation path-obs, covering no zone, so that nothing is assigned to it on
/// upload) with one member, an admin who assigns, and an independent reviewer (organisation path-review). The
/// cooling-off is ended by moving its stored end into the past (<see cref="EndCoolingOffAsync"/>), so no step waits for
/// a clock.
/// </summary>
public sealed class LifecyclePath
{
    private readonly ApiFixture _api;
    private readonly HttpClient _admin, _member, _reviewer;

    private LifecyclePath(ApiFixture api, string team, HttpClient admin, HttpClient member, HttpClient reviewer) =>
        (_api, Team, _admin, _member, _reviewer) = (api, team, admin, member, reviewer);

    /// <summary>The slug of this path's observer team.</summary>
    public string Team { get; }

    /// <summary>The independent reviewer's client (a key that reads every state, and a party to no incident it reviews).</summary>
    public HttpClient Reviewer => _reviewer;

    /// <summary>Creates the team and the keys (each path has a team of its own: paths on one fixture do not interfere).</summary>
    public static async Task<LifecyclePath> CreateAsync(ApiFixture api)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var memberName = "path-member-" + suffix;
        await LifecycleData.OrganisationAsync(api, "path-obs");
        await LifecycleData.OrganisationAsync(api, "path-review");
        var member = await api.CreateClientAsAsync(Role.Reporter, memberName, "path-obs");
        var team = "path-team-" + suffix;
        await LifecycleData.TeamAsync(api, team, "path-obs", [], [memberName]);
        return new LifecyclePath(api, team, await api.CreateClientAsAsync(Role.Admin, "path-admin-" + suffix, "path-hq"),
            member, await api.CreateClientAsAsync(Role.Reviewer, "path-reviewer-" + suffix, "path-review"));
    }

    /// <summary>
    /// Takes incident <paramref name="id"/> from reported or assigned (to this path's team) to <paramref name="verdict"/>
    /// (published_verified, published_disputed or rejected): assignment by the admin when it has no team, the on-site
    /// verification by the member, the end of the cooling-off, the independent review and its verdict. Returns the incident.
    /// </summary>
    public async Task<JsonElement> ConcludeAsync(long id, string verdict = "published_verified")
    {
        if (await _api.ScalarAsync<string>("SELECT status FROM incidents WHERE id = $1", id) == "reported")
            await StepAsync(_admin, id, "assignment", new { team = Team, note = "assigned by the test's admin" });
        await StepAsync(_member, id, "verification", new { outcome = "verified_on_site", findings = "the test's team went to the point" });
        await EndCoolingOffAsync(_api, id);
        await StepAsync(_reviewer, id, "review", new { status = "under_independent_review" });
        return await StepAsync(_reviewer, id, "review", new { status = verdict, note = "the test's independent review" });
    }

    /// <summary>Publishes incident <paramref name="id"/> as verified (see <see cref="ConcludeAsync"/>).</summary>
    public Task<JsonElement> PublishAsync(long id) => ConcludeAsync(id);

    /// <summary>
    /// The reporter's correction of incident <paramref name="id"/> after its verification (one more fatality), which sends
    /// it back to its team (assigned): a published incident stops being public. Returns the incident.
    /// </summary>
    public async Task<JsonElement> SendBackAsync(HttpClient reporter, long id)
    {
        var version = await _api.ScalarAsync<int>("SELECT version FROM incidents WHERE id = $1", id);
        var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/incidents/{id}")
        {
            Content = UploadWorld.Json(new JsonObject { ["fatalities"] = await _api.ScalarAsync<int>("SELECT fatalities + 1 FROM incidents WHERE id = $1", id) },
                "application/merge-patch+json"),
        };
        patch.Headers.IfMatch.ParseAdd($"\"{version}\"");
        var res = await reporter.SendAsync(patch);
        var body = await UploadWorld.BodyAsync(res);
        Assert.True(res.StatusCode == HttpStatusCode.OK, $"correction of {id}: {(int)res.StatusCode} {body}");
        Assert.Equal("assigned", body.GetProperty("status").GetString());
        return body;
    }

    /// <summary>Ends the cooling-off of incident <paramref name="id"/> by moving its stored end a minute into the past.</summary>
    public static async Task EndCoolingOffAsync(ApiFixture api, long id) =>
        Assert.Equal(1, await api.ScalarAsync<int>(
            "WITH u AS (UPDATE incidents SET cooling_off_ends_at = now() - interval '1 minute' WHERE id = $1 AND status = 'cooling_off' RETURNING 1) SELECT count(*)::int FROM u", id));

    private static async Task<JsonElement> StepAsync(HttpClient client, long id, string step, object body)
    {
        var res = await client.PostAsJsonAsync($"/api/incidents/{id}/{step}", body);
        var json = await UploadWorld.BodyAsync(res);
        Assert.True(res.IsSuccessStatusCode, $"{step} of {id}: {(int)res.StatusCode} {json}");
        return json;
    }
}
