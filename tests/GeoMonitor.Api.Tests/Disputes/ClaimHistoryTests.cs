using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Tests.Changes;
using GeoMonitor.Api.Tests.Infrastructure;
using GeoMonitor.Api.Tests.Verification;
using static GeoMonitor.Api.Tests.Uploads.UploadWorld;

namespace GeoMonitor.Api.Tests.Disputes;

/// <summary>The API on an empty schema: these tests draw their own line, dispute and claims.</summary>
public sealed class ClaimHistoryFixture() : ApiFixture(new ApiHostOptions { LoadGeodata = false })
{
    /// <summary>The history the tests read (written by the first test that asks).</summary>
    public Task<ClaimHistory>? History { get; set; }
}

/// <summary>The admin key that wrote the claims, instants between the writes (the database's clock), and the incident placed.</summary>
public sealed record ClaimHistory(HttpClient Admin, string T0, string T1, string T2, string T3, string T4, long Incident);

/// <summary>
/// Each party's claim keeps every version, like the layers, and reaches the changes feed. The line runs along latitude
/// 33.5 through a vertex V = (35.5, 33.5); Lebanon's claim for V is first 150 m due south of it, then 250 m from V at
/// azimuth 20°, then removed, then made again at the first position (geod +ellps=WGS84 -f "%.9f"):
/// echo "33.5 35.5 180 150" → 33.498647593 35.5; echo "33.5 35.5 20 250" → 33.502118074 35.500920198; between the two
/// positions echo "33.498647593 35.5 33.502118074 35.500920198" | geod -I → 394.306 m. An incident 100 m due south of
/// the first position (echo "33.498647593 35.5 180 100" → 33.497745988 35.5) lies 100 m from the line through it and
/// more than 480 m from the line through the second (492.418 m from the second position itself).
/// </summary>
public sealed class ClaimHistoryTests(ClaimHistoryFixture api) : IClassFixture<ClaimHistoryFixture>
{
    private const double SouthLat = 33.498647593, AzLon = 35.500920198, AzLat = 33.502118074, IncidentLat = 33.497745988;

    private async Task<string> NowAsync() =>
        (await api.ScalarAsync<DateTime>("SELECT clock_timestamp()")).ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static StringContent Point(double lon, double lat) => Json(new JsonObject
    {
        ["geometry"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(lon, lat) },
        ["source"] = "hand-placed for the test",
    });

    private Task<ClaimHistory> HistoryAsync()
    {
        lock (api) return api.History ??= BuildAsync();
    }

    private async Task<ClaimHistory> BuildAsync()
    {
        var admin = await api.CreateClientAsAsync(Role.Admin, "claim-admin");
        Assert.True((await admin.PutAsync("/api/lines/ch-line", Json(new JsonObject
        {
            ["name"] = "Claim history line", ["kind"] = "boundary", ["source"] = "claim test",
            ["geometry"] = JsonNode.Parse("""{"type":"LineString","coordinates":[[35.1,33.5],[35.5,33.5],[35.9,33.5]]}"""),
        }))).IsSuccessStatusCode);
        Assert.True((await admin.PutAsync("/api/disputes/ch-point", Json(new JsonObject
        {
            ["name"] = "Point V", ["line"] = "ch-line", ["kind"] = "point", ["source"] = "claim test",
        }))).IsSuccessStatusCode);
        var t0 = await NowAsync();
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync("/api/disputes/ch-point/claims/lebanon", Point(35.5, SouthLat))).StatusCode);
        var t1 = await NowAsync();
        var moved = await admin.PutAsync("/api/disputes/ch-point/claims/lebanon", Point(AzLon, AzLat));
        Assert.True(moved.StatusCode == HttpStatusCode.OK, await moved.Content.ReadAsStringAsync());
        // The same position again: no new version.
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync("/api/disputes/ch-point/claims/lebanon", Point(AzLon, AzLat))).StatusCode);
        var t2 = await NowAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/disputes/ch-point/claims/lebanon")).StatusCode);
        var t3 = await NowAsync();
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync("/api/disputes/ch-point/claims/lebanon", Point(35.5, SouthLat))).StatusCode);
        var t4 = await NowAsync();
        var reporter = await api.CreateClientAsAsync(Role.Reporter);
        var res = await reporter.PostAsync("/api/incidents", Json(Report(set: r => { r["lon"] = 35.5; r["lat"] = IncidentLat; r["occurredAt"] = "2025-03-01T00:00:00Z"; })));
        Assert.Equal(HttpStatusCode.Created, res.StatusCode);
        var id = (await BodyAsync(res)).GetProperty("id").GetInt64();
        await (await LifecyclePath.CreateAsync(api)).PublishAsync(id);
        return new ClaimHistory(admin, t0, t1, t2, t3, t4, id);
    }

    private async Task<JsonElement> GetAsync(string url)
    {
        var res = await api.CreateClient().GetAsync(url);
        Assert.True(res.StatusCode == HttpStatusCode.OK, $"{url}: {(int)res.StatusCode} {await res.Content.ReadAsStringAsync()}");
        return await BodyAsync(res);
    }

    private static (double Lon, double Lat) Position(JsonElement geometry) =>
        (geometry.GetProperty("coordinates")[0].GetDouble(), geometry.GetProperty("coordinates")[1].GetDouble());

    [Fact]
    public async Task Every_change_of_a_claim_is_a_version_with_how_far_it_moved()
    {
        await HistoryAsync();
        var versions = (await GetAsync("/api/disputes/ch-point/claims/lebanon/versions")).GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal([1, 2, 3, 4], versions.Select(v => v.GetProperty("version").GetInt32()));
        Assert.Equal(["create", "update", "delete", "create"], versions.Select(v => v.GetProperty("change").GetString()));
        Assert.Equal("claim-admin", versions[1].GetProperty("recordedBy").GetString());
        Assert.Equal(JsonValueKind.Null, versions[0].GetProperty("diff").ValueKind);
        Assert.Equal(394.306, versions[1].GetProperty("diff").GetProperty("movedM").GetDouble(), 0.002);
        // A removal holds no content; the claim made again is compared with the one removed.
        Assert.False(versions[2].TryGetProperty("position", out _));
        Assert.Equal(2, versions[3].GetProperty("diff").GetProperty("fromVersion").GetInt32());
        Assert.Equal(394.306, versions[3].GetProperty("diff").GetProperty("movedM").GetDouble(), 0.002);
        Assert.Equal((35.5, SouthLat), Position(versions[3].GetProperty("position")));
        Assert.Equal(HttpStatusCode.NotFound, (await api.CreateClient().GetAsync("/api/disputes/ch-point/claims/israel/versions")).StatusCode);
    }

    [Fact]
    public async Task A_claim_read_as_of_an_instant_is_the_version_recorded_then()
    {
        var h = await HistoryAsync();
        var v1 = await GetAsync($"/api/disputes/ch-point/claims/lebanon?asOf={h.T1}");
        Assert.Equal((35.5, SouthLat), Position(v1.GetProperty("geometry")));
        Assert.Equal(1, v1.GetProperty("properties").GetProperty("version").GetInt32());
        Assert.Equal((AzLon, AzLat), Position((await GetAsync($"/api/disputes/ch-point/claims/lebanon?asOf={h.T2}")).GetProperty("geometry")));
        Assert.Equal(4, (await GetAsync("/api/disputes/ch-point/claims/lebanon")).GetProperty("properties").GetProperty("version").GetInt32());

        // Before its first version: a 404 naming it; while removed: a 404 saying so.
        var before = await api.CreateClient().GetAsync($"/api/disputes/ch-point/claims/lebanon?asOf={h.T0}");
        Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        var p = await BodyAsync(before);
        Assert.Equal("asOf", p.GetProperty("parameter").GetString());
        Assert.Equal(1, p.GetProperty("earliestVersion").GetInt32());
        var removed = await BodyAsync(await api.CreateClient().GetAsync($"/api/disputes/ch-point/claims/lebanon?asOf={h.T3}"));
        Assert.Contains("had been deleted", removed.GetProperty("detail").GetString());

        // The dispute with its claims as recorded then: the separation follows.
        var then = await GetAsync($"/api/disputes/ch-point?asOf={h.T2}");
        Assert.Equal(2, then.GetProperty("claims")[0].GetProperty("version").GetInt32());
        Assert.False((await GetAsync($"/api/disputes/ch-point?asOf={h.T3}")).GetProperty("positionsHeld").GetBoolean());
        var gql = await BodyAsync(await api.CreateClient().PostAsync("/graphql", Json(new JsonObject
        {
            ["query"] = $$"""{ dispute(slug: "ch-point", asOf: "{{h.T1}}") { claims { party version position } } }""",
        })));
        var claim = gql.GetProperty("data").GetProperty("dispute").GetProperty("claims")[0];
        Assert.Equal(1, claim.GetProperty("version").GetInt32());
        Assert.Equal((35.5, SouthLat), Position(claim.GetProperty("position")));
    }

    [Fact]
    public async Task A_line_with_a_claim_as_of_an_instant_takes_the_positions_recorded_then()
    {
        var h = await HistoryAsync();
        (double, double) Vertex(JsonElement line) => (line.GetProperty("geometry").GetProperty("coordinates")[0][1][0].GetDouble(),
            line.GetProperty("geometry").GetProperty("coordinates")[0][1][1].GetDouble());
        // GeoJSON has 6 decimals.
        Assert.Equal((35.5, 33.498648), Vertex(await GetAsync($"/api/lines/ch-line?claim=lebanon&asOf={h.T1}")));
        Assert.Equal((35.50092, 33.502118), Vertex(await GetAsync($"/api/lines/ch-line?claim=lebanon&asOf={h.T2}")));
        var removed = await GetAsync($"/api/lines/ch-line?claim=lebanon&asOf={h.T3}");
        Assert.Equal((35.5, 33.5), Vertex(removed));
        Assert.Empty(removed.GetProperty("properties").GetProperty("claimedDisputes").EnumerateArray());

        // The distance filter with the claim: 100 m from the line through the first position, more than 480 m from the second.
        long[] Ids(JsonElement fc) => [.. fc.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetInt64())];
        Assert.Contains(h.Incident, Ids(await GetAsync($"/api/incidents?line=ch-line&lineDistance=200&claim=lebanon&asOf={h.T1}")));
        Assert.DoesNotContain(h.Incident, Ids(await GetAsync($"/api/incidents?line=ch-line&lineDistance=200&claim=lebanon&asOf={h.T2}")));
        Assert.Contains(h.Incident, Ids(await GetAsync("/api/incidents?line=ch-line&lineDistance=200&claim=lebanon")));
    }

    [Fact]
    public async Task Claim_changes_reach_the_feed_with_a_tombstone_for_the_removal()
    {
        var h = await HistoryAsync();
        var feed = new FeedClient(() => api.CreateClient());
        var clock = System.Diagnostics.Stopwatch.StartNew();
        List<JsonElement> Claims() => feed.Served.Where(c => c.GetProperty("kind").GetString() == "claim" && c.GetProperty("id").GetString() == "ch-point/lebanon").ToList();
        while (Claims().Count < 4 && clock.Elapsed < TimeSpan.FromSeconds(60))
            if (!(await feed.PageAsync(1000)).More) await Task.Delay(30);
        var claims = Claims();
        Assert.Equal([1, 2, 3, 4], claims.Select(c => c.GetProperty("version").GetInt32()));
        Assert.Equal(["created", "updated"], claims.Take(2).Select(c => c.GetProperty("change").GetString()));
        Assert.True(claims[2].GetProperty("tombstone").GetBoolean());
        Assert.Equal("deleted", claims[2].GetProperty("reason").GetString());
        // Each change says where its version is read: that read is the claim as it was.
        var href = claims[1].GetProperty("href").GetString()!;
        Assert.StartsWith("/api/disputes/ch-point/claims/lebanon?asOf=", href);
        Assert.Equal((AzLon, AzLat), Position((await GetAsync(href)).GetProperty("geometry")));
        _ = h;
    }

    [Fact]
    public async Task A_dispute_moved_to_another_line_makes_a_version_of_each_of_its_claims()
    {
        var h = await HistoryAsync();
        Assert.True((await h.Admin.PutAsync("/api/lines/ch-other", Json(new JsonObject
        {
            ["name"] = "Other line", ["kind"] = "boundary", ["source"] = "claim test",
            ["geometry"] = JsonNode.Parse("""{"type":"LineString","coordinates":[[35.1,33.4],[35.9,33.4]]}"""),
        }))).IsSuccessStatusCode);
        Assert.True((await h.Admin.PutAsync("/api/disputes/ch-moved", Json(new JsonObject
        {
            ["name"] = "Moved", ["line"] = "ch-line", ["kind"] = "point", ["source"] = "claim test",
        }))).IsSuccessStatusCode);
        Assert.Equal(HttpStatusCode.Created, (await h.Admin.PutAsync("/api/disputes/ch-moved/claims/unifil", Point(35.5, 33.5))).StatusCode);
        Assert.True((await h.Admin.PutAsync("/api/disputes/ch-moved", Json(new JsonObject
        {
            ["name"] = "Moved", ["line"] = "ch-other", ["kind"] = "point", ["source"] = "claim test",
        }))).IsSuccessStatusCode);
        var versions = (await GetAsync("/api/disputes/ch-moved/claims/unifil/versions")).GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal(["ch-line", "ch-other"], versions.Select(v => v.GetProperty("line").GetString()));
        Assert.Equal(0.0, versions[1].GetProperty("diff").GetProperty("movedM").GetDouble());
    }
}
