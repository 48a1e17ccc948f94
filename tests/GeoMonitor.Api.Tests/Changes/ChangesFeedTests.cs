using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Tests.Infrastructure;
using GeoMonitor.Api.Tests.Uploads;
using GeoMonitor.Api.Tests.Verification;
using static GeoMonitor.Api.Tests.Uploads.UploadWorld;

namespace GeoMonitor.Api.Tests.Changes;

/// <summary>The API on the hand-placed layers of <see cref="UploadWorld"/>, for the feed's visibility and input tests.</summary>
public sealed class ChangesFixture() : ApiFixture(new ApiHostOptions { LoadGeodata = false });

/// <summary>
/// What each caller sees in the changes feed, decided by the visibility policy version by version: a key that reads every
/// state (reviewer, admin) sees every change; an anonymous reader sees published incidents, and an incident that stops
/// being public (its reporter's correction sends it back to its team) as a tombstone carrying only its id, kind and reason. Bad tokens are 400s that say how to restart; updatedSince= narrows every
/// incident surface alike.
/// </summary>
public sealed class ChangesFeedTests(ChangesFixture api) : IClassFixture<ChangesFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => SeedAsync(api);
    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<long> UploadAsync(HttpClient reporter, string ext)
    {
        var res = await reporter.PostAsync("/api/incidents", Json(Report(ext, r => r["notes"] = "secret-note-" + ext)));
        Assert.Equal(HttpStatusCode.Created, res.StatusCode);
        return (await BodyAsync(res)).GetProperty("id").GetInt64();
    }

    // The feed from the beginning, this incident's changes (other tests of the class write too), once the feed of a key that
    // reads every state has served its last revision: a transaction of another test on the shared cluster can hold the horizon a moment.
    private async Task<List<JsonElement>> ChangesOfAsync(HttpClient client, long id)
    {
        var versions = await api.ScalarAsync<int>("SELECT version FROM incidents WHERE id = $1", id);
        var everything = await api.CreateClientAsAsync(Role.Reviewer);
        var all = new FeedClient(() => everything);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (Of(all, id).Count < versions && clock.Elapsed < TimeSpan.FromSeconds(60))
            if (!(await all.PageAsync(1000)).More) await Task.Delay(30);
        var feed = new FeedClient(() => client);
        await feed.DrainAsync(1000);
        return Of(feed, id);
    }

    private static List<JsonElement> Of(FeedClient feed, long id) =>
        feed.Served.Where(c => c.GetProperty("kind").GetString() == "incident" && c.GetProperty("id").GetInt64() == id).ToList();

    private static int[] Versions(List<JsonElement> changes) => [.. changes.Select(c => c.GetProperty("version").GetInt32())];

    [Fact]
    public async Task An_incident_that_stops_being_public_reaches_an_anonymous_reader_as_a_tombstone_without_content()
    {
        var reporter = await api.CreateClientAsAsync(Role.Reporter, null, "tomb-desk");
        var path = await LifecyclePath.CreateAsync(api);
        var id = await UploadAsync(reporter, "tomb-1");
        // Versions 1 create (reported), 2 assign, 3 verify, 4 cool_off, 5 start_review, 6 publish (published_verified).
        await path.PublishAsync(id);
        var anonymous = api.CreateClient();

        // Public now: the anonymous feed has its publication, with the incident (its notes included: it is public), and
        // nothing of the versions held before it.
        var seen = await ChangesOfAsync(anonymous, id);
        var published = Assert.Single(seen);
        Assert.Equal(6, published.GetProperty("version").GetInt32());
        Assert.Equal("published_verified", published.GetProperty("status").GetString());
        Assert.True(published.GetProperty("statusChanged").GetBoolean());
        Assert.Equal("secret-note-tomb-1", published.GetProperty("incident").GetProperty("properties").GetProperty("notes").GetString());

        // Its reporter corrects it, which sends it back to its team (7, assigned); verified again and reviewed, it is
        // rejected (8 verify, 9 cool_off, 10 start_review, 11 rejected).
        await path.SendBackAsync(reporter, id);
        await path.ConcludeAsync(id, "rejected");
        seen = await ChangesOfAsync(anonymous, id);
        Assert.Equal([6, 7], Versions(seen));
        // The publication is still a change, but its content is gone (the incident has a newer version it may not read).
        Assert.True(seen[0].GetProperty("superseded").GetBoolean());
        Assert.Equal(JsonValueKind.Null, seen[0].GetProperty("incident").ValueKind);
        // Leaving the public record: id, kind, reason — and nothing of the content. What followed, up to the rejection,
        // were versions it could never read: passed over.
        var tomb = seen[1];
        Assert.True(tomb.GetProperty("tombstone").GetBoolean());
        Assert.Equal("no_longer_public", tomb.GetProperty("reason").GetString());
        Assert.Equal(["action", "at", "id", "kind", "position", "reason", "tombstone", "version"],
            tomb.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.DoesNotContain("secret-note", tomb.GetRawText());

        // The feed does not know who took part in a version's verification: a key of the reporter's own organisation is
        // served what an anonymous reader is (it follows its reports through /api/verification/queue).
        var colleague = await api.CreateClientAsAsync(Role.Reader, null, "tomb-desk");
        var ofColleague = await ChangesOfAsync(colleague, id);
        Assert.Equal([6, 7], Versions(ofColleague));

        // A key that reads every state sees every version: the report, each step, the correction (a change for it: it still
        // reads the incident), and the rejection, a tombstone for it too.
        var all = await ChangesOfAsync(path.Reviewer, id);
        Assert.Equal(Enumerable.Range(1, 11), Versions(all));
        Assert.Equal("created", all[0].GetProperty("change").GetString());
        Assert.Equal("reported", all[0].GetProperty("status").GetString());
        Assert.Equal(["reported", "assigned", "verified_on_site", "cooling_off", "under_independent_review", "published_verified", "assigned",
                "verified_on_site", "cooling_off", "under_independent_review"],
            all.Take(10).Select(c => c.GetProperty("status").GetString()));
        Assert.Equal("correct", all[6].GetProperty("action").GetString());
        Assert.Equal("updated", all[6].GetProperty("change").GetString());
        Assert.True(all[10].GetProperty("tombstone").GetBoolean());
        Assert.Equal("rejected", all[10].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_report_sent_back_to_its_team_is_no_longer_public_until_published_again_and_one_never_public_is_never_mentioned()
    {
        var reporter = await api.CreateClientAsAsync(Role.Reporter);
        var path = await LifecyclePath.CreateAsync(api);
        var back = await UploadAsync(reporter, "tomb-2");
        await path.PublishAsync(back);
        // The reporter corrects a published report: it goes back to its team (docs/verification.md), out of the public record.
        var fatalities = (await path.SendBackAsync(reporter, back)).GetProperty("fatalities").GetInt32();
        var never = await UploadAsync(reporter, "tomb-3");
        await path.ConcludeAsync(never, "rejected");

        var anonymous = api.CreateClient();
        var seen = await ChangesOfAsync(anonymous, back);
        Assert.Equal(2, seen.Count);
        Assert.Equal("no_longer_public", seen[1].GetProperty("reason").GetString());
        Assert.DoesNotContain("secret-note", seen[1].GetRawText());
        Assert.Empty(await ChangesOfAsync(anonymous, never));

        // Verified and published again: back in the public record, as a change carrying the corrected incident.
        await path.PublishAsync(back);
        seen = await ChangesOfAsync(anonymous, back);
        Assert.Equal(3, seen.Count);
        var again = seen[2];
        Assert.Equal(await api.ScalarAsync<int>("SELECT version FROM incidents WHERE id = $1", back), again.GetProperty("version").GetInt32());
        Assert.Equal("updated", again.GetProperty("change").GetString());
        Assert.Equal("published_verified", again.GetProperty("status").GetString());
        Assert.True(again.GetProperty("statusChanged").GetBoolean());
        Assert.Equal(fatalities, again.GetProperty("incident").GetProperty("properties").GetProperty("fatalities").GetInt32());
        Assert.Empty(await ChangesOfAsync(anonymous, never));
    }

    [Fact]
    public async Task Layer_changes_are_in_the_feed_with_where_to_read_them_and_a_deletion_is_a_tombstone()
    {
        var admin = await api.CreateClientAsAsync(Role.Admin);
        var body = new JsonObject { ["name"] = "Feed truce", ["start"] = "2025-03-01T00:00:00Z", ["end"] = "2025-03-11T00:00:00Z", ["source"] = "feed test" };
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync("/api/truces/feed-truce", Json(body))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/api/truces/feed-truce/extensions",
            Json(new JsonObject { ["newEnd"] = "2025-03-21T00:00:00Z", ["source"] = "feed test" }))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/truces/feed-truce")).StatusCode);

        var feed = new FeedClient(() => api.CreateClient());
        List<JsonElement> Mine() => feed.Served.Where(c => c.GetProperty("kind").GetString() == "truce" && c.GetProperty("id").GetString() == "feed-truce").ToList();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (Mine().Count < 3 && clock.Elapsed < TimeSpan.FromSeconds(60))
            if (!(await feed.PageAsync(1000)).More) await Task.Delay(30);
        var mine = Mine();
        Assert.Equal([1, 2, 3], mine.Select(c => c.GetProperty("version").GetInt32()));
        Assert.Equal(["created", "updated"], mine.Take(2).Select(c => c.GetProperty("change").GetString()));
        Assert.Equal("deleted", mine[2].GetProperty("reason").GetString());
        // The first version, read where the feed says: the truce as it was before its extension.
        var first = await BodyAsync(await api.CreateClient().GetAsync(mine[0].GetProperty("href").GetString()));
        Assert.Equal("2025-03-11T00:00:00Z", first.GetProperty("end").GetString());
        var second = await BodyAsync(await api.CreateClient().GetAsync(mine[1].GetProperty("href").GetString()));
        Assert.Equal("2025-03-21T00:00:00Z", second.GetProperty("end").GetString());
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("AAAA")]
    [InlineData("AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task A_malformed_token_is_a_400_that_says_how_to_restart(string token)
    {
        var res = await api.CreateClient().GetAsync("/api/changes?since=" + token);
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        Assert.Equal("application/problem+json", res.Content.Headers.ContentType?.MediaType);
        var p = await BodyAsync(res);
        Assert.EndsWith("/invalid-token", p.GetProperty("type").GetString());
        Assert.Equal("since", p.GetProperty("parameter").GetString());
        Assert.Equal("/api/changes", p.GetProperty("restart").GetString());
        Assert.Contains("without 'since'", p.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_token_from_another_database_is_expired_and_says_how_to_restart()
    {
        await using var other = await ApiFixture.StartAsync(new ApiHostOptions { LoadGeodata = false });
        var foreign = new FeedClient(() => other.CreateClient());
        await foreign.PageAsync(10);
        var res = await api.CreateClient().GetAsync("/api/changes?since=" + foreign.Token);
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        var p = await BodyAsync(res);
        Assert.EndsWith("/expired-token", p.GetProperty("type").GetString());
        Assert.Contains("another database", p.GetProperty("detail").GetString());
        Assert.Contains("GET /api/changes without 'since'", p.GetProperty("detail").GetString());
        // Its own token is fine.
        Assert.Equal(HttpStatusCode.OK, (await other.CreateClient().GetAsync("/api/changes?since=" + foreign.Token)).StatusCode);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    [InlineData("x")]
    public async Task A_limit_out_of_range_is_a_400(string limit) =>
        Assert.Equal(HttpStatusCode.BadRequest, (await api.CreateClient().GetAsync("/api/changes?limit=" + limit)).StatusCode);

    [Fact]
    public async Task UpdatedSince_selects_the_same_incidents_on_REST_OGC_and_GraphQL()
    {
        // A reader of the reporting organisation: it reads the new reports while they are held for verification.
        var reporter = await api.CreateClientAsAsync(Role.Reporter, null, "since-desk");
        var ids = new List<long>();
        for (var k = 0; k < 3; k++) ids.Add(await UploadAsync(reporter, "since-" + k));
        // Placed in time by hand: 2030-01-01, 2030-01-02, 2030-01-03 (later than anything else in the database).
        for (var k = 0; k < 3; k++)
            await api.ScalarAsync<int>($"UPDATE incidents SET updated_at = '2030-01-0{k + 1}T00:00:00Z' WHERE id = $1 RETURNING 1", ids[k]);
        var reader = await api.CreateClientAsAsync(Role.Reader, null, "since-desk");
        long[] Ids(JsonElement fc) => [.. fc.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetInt64()).Order()];

        var rest = Ids(await BodyAsync(await reader.GetAsync("/api/incidents?updatedSince=2030-01-02T00:00:00Z")));
        Assert.Equal(ids.Skip(1).Order(), rest);
        var ogc = Ids(await BodyAsync(await reader.GetAsync("/ogc/collections/incidents/items?updatedSince=2030-01-02T00:00:00Z&limit=100")));
        Assert.Equal(rest, ogc);
        var gql = await BodyAsync(await reader.PostAsync("/graphql", Json(new JsonObject
        {
            ["query"] = "{ incidents(filter: {updatedSince: \"2030-01-02T00:00:00Z\"}) { edges { node { id } } } }",
        })));
        Assert.Equal(rest, gql.GetProperty("data").GetProperty("incidents").GetProperty("edges").EnumerateArray()
            .Select(e => long.Parse(e.GetProperty("node").GetProperty("id").GetString()!)).Order());
        Assert.Equal(HttpStatusCode.BadRequest, (await reader.GetAsync("/api/incidents?updatedSince=yesterday")).StatusCode);
    }
}
