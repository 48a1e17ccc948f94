using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Tests.Infrastructure;
using GeoMonitor.Api.Tests.Verification;
using static GeoMonitor.Api.Tests.Uploads.UploadWorld;

namespace GeoMonitor.Api.Tests.Disputes;

/// <summary>The API on an empty schema: the dispute tests draw their own line and place their own claims.</summary>
public sealed class DisputeFixture() : ApiFixture(new ApiHostOptions { LoadGeodata = false });

/// <summary>
/// Each party's version of a disputed point, with separations checked against PROJ's geod. The test line runs along
/// latitude 33.5 through vertices at lon 35.1, 35.5 and 35.9 (west to east); the disputed point is its vertex V =
/// (35.5, 33.5), which UNIFIL's claim keeps. Hand-placed claims (geod +ellps=WGS84 -f "%.9f"):
/// Israel 150 m due south of V: echo "33.5 35.5 180 150" → 33.498647593 35.5;
/// Lebanon 250 m at azimuth 20° from V: echo "33.5 35.5 20 250" → 33.502118074 35.500920198.
/// Separations (geod +ellps=WGS84 -I): Israel–Lebanon echo "33.498647593 35.5 33.502118074 35.500920198" → 394.306 m;
/// UNIFIL–Lebanon 250.000 m; UNIFIL–Israel 150.000 m.
/// </summary>
public sealed class DisputeTests(DisputeFixture api) : IClassFixture<DisputeFixture>, IAsyncLifetime
{
    private const double LebLon = 35.500920198, LebLat = 33.502118074, IsrLat = 33.498647593;

    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _admin = await api.CreateClientAsAsync(Role.Admin, "dispute-admin");
        var line = new JsonObject
        {
            ["name"] = "Dispute test line", ["kind"] = "boundary", ["source"] = "dispute test",
            ["geometry"] = JsonNode.Parse("""{"type":"LineString","coordinates":[[35.1,33.5],[35.5,33.5],[35.9,33.5]]}"""),
        };
        Assert.True((await _admin.PutAsync("/api/lines/dispute-line", Json(line))).IsSuccessStatusCode);
        Assert.True((await _admin.PutAsync("/api/disputes/dispute-v", Json(new JsonObject
        {
            ["name"] = "Point V", ["line"] = "dispute-line", ["kind"] = "point", ["source"] = "dispute test (hand-placed)",
        }))).IsSuccessStatusCode);
        await ClaimAsync("unifil", 35.5, 33.5);
        await ClaimAsync("israel", 35.5, IsrLat);
        await ClaimAsync("lebanon", LebLon, LebLat);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<HttpResponseMessage> ClaimAsync(string party, double lon, double lat, string dispute = "dispute-v") =>
        await _admin.PutAsync($"/api/disputes/{dispute}/claims/{party}", Json(new JsonObject
        {
            ["geometry"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(lon, lat) },
            ["source"] = $"hand-placed for the test ({party})",
        }));

    private async Task<JsonElement> GetAsync(string url)
    {
        var res = await api.CreateClient().GetAsync(url);
        Assert.True(res.StatusCode == HttpStatusCode.OK, $"{url}: {(int)res.StatusCode} {await res.Content.ReadAsStringAsync()}");
        return await BodyAsync(res);
    }

    [Fact]
    public async Task The_separation_between_each_two_claims_is_the_geodesic_distance()
    {
        var d = await GetAsync("/api/disputes/dispute-v");
        Assert.True(d.GetProperty("positionsHeld").GetBoolean());
        Assert.Equal(["israel", "lebanon", "unifil"], d.GetProperty("claims").EnumerateArray().Select(c => c.GetProperty("party").GetString()));
        var sep = d.GetProperty("separations").EnumerateArray()
            .ToDictionary(s => string.Join("-", s.GetProperty("parties").EnumerateArray().Select(p => p.GetString())), s => s.GetProperty("metres").GetDouble());
        Assert.Equal(394.306, sep["israel-lebanon"], 0.002);
        Assert.Equal(150.000, sep["israel-unifil"], 0.002);
        Assert.Equal(250.000, sep["lebanon-unifil"], 0.002);
        Assert.Equal(394.306, d.GetProperty("maxSeparationM").GetDouble(), 0.002);
        // GraphQL serves the same record.
        var gql = await BodyAsync(await api.CreateClient().PostAsync("/graphql", Json(new JsonObject
        {
            ["query"] = """{ dispute(slug: "dispute-v") { kind lineSlug maxSeparationMetres separations { parties metres } claims { party position } } }""",
        })));
        var g = gql.GetProperty("data").GetProperty("dispute");
        Assert.Equal("POINT", g.GetProperty("kind").GetString());
        Assert.Equal(394.306, g.GetProperty("maxSeparationMetres").GetDouble(), 0.002);
        Assert.Equal(LebLon, g.GetProperty("claims")[1].GetProperty("position").GetProperty("coordinates")[0].GetDouble(), 1e-9);
    }

    [Fact]
    public async Task The_line_with_a_party_s_claim_passes_through_that_party_s_position()
    {
        var leb = await GetAsync("/api/lines/dispute-line?claim=lebanon");
        var coords = leb.GetProperty("geometry").GetProperty("coordinates")[0].EnumerateArray().Select(p => (p[0].GetDouble(), p[1].GetDouble())).ToList();
        // GeoJSON has 6 decimals: the vertex V moved to Lebanon's position.
        Assert.Equal([(35.1, 33.5), (35.50092, 33.502118), (35.9, 33.5)], coords);
        Assert.Equal("lebanon", leb.GetProperty("properties").GetProperty("claim").GetString());
        Assert.Equal(["dispute-v"], leb.GetProperty("properties").GetProperty("claimedDisputes").EnumerateArray().Select(x => x.GetString()));
        var unifil = await GetAsync("/api/lines/dispute-line?claim=unifil");
        Assert.Equal((await GetAsync("/api/lines/dispute-line")).GetProperty("geometry").GetRawText(), unifil.GetProperty("geometry").GetRawText());
        // An organisation with no claim: the line as it is. A name that is no party: a 400 naming claim.
        await api.ScalarAsync<int>("INSERT INTO organisations (slug, name) VALUES ('some-ngo', 'Some NGO') ON CONFLICT DO NOTHING RETURNING 1");
        Assert.Equal(unifil.GetProperty("geometry").GetRawText(), (await GetAsync("/api/lines/dispute-line?claim=some-ngo")).GetProperty("geometry").GetRawText());
        var bad = await api.CreateClient().GetAsync("/api/lines/dispute-line?claim=atlantis");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("claim", (await BodyAsync(bad)).GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task The_distance_filter_measures_to_the_line_as_a_party_places_its_disputed_point()
    {
        var reporter = await api.CreateClientAsAsync(Role.Reporter);
        var path = await LifecyclePath.CreateAsync(api);
        // Published, so that an anonymous reader is served them.
        async Task<long> At(double lon, double lat)
        {
            var res = await reporter.PostAsync("/api/incidents", Json(Report(set: r => { r["lon"] = lon; r["lat"] = lat; })));
            Assert.Equal(HttpStatusCode.Created, res.StatusCode);
            var id = (await BodyAsync(res)).GetProperty("id").GetInt64();
            await path.PublishAsync(id);
            return id;
        }
        // 100 m north of Lebanon's position (echo "33.502118074 35.500920198 0 100" | geod … → 33.503019678): about 335 m
        // from the line as drawn, at most 100 m from the line through Lebanon's position.
        var nearLeb = await At(LebLon, 33.503019678);
        // On V itself: on the line as drawn, about 234 m from the line through Lebanon's position.
        var onV = await At(35.5, 33.5);
        long[] Ids(JsonElement fc) => [.. fc.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetInt64())];
        var drawn = Ids(await GetAsync("/api/incidents?line=dispute-line&lineDistance=200&limit=1000"));
        var claimed = Ids(await GetAsync("/api/incidents?line=dispute-line&lineDistance=200&claim=lebanon&limit=1000"));
        Assert.Contains(onV, drawn);
        Assert.DoesNotContain(nearLeb, drawn);
        Assert.Contains(nearLeb, claimed);
        Assert.DoesNotContain(onV, claimed);
        // GraphQL's nearLine takes the claim too.
        var gql = await BodyAsync(await api.CreateClient().PostAsync("/graphql", Json(new JsonObject
        {
            ["query"] = """{ incidents(filter: {nearLine: {slug: "dispute-line", metres: 200, claim: "lebanon"}}, first: 1000) { edges { node { id } } } }""",
        })));
        Assert.Equal(claimed.Order(), gql.GetProperty("data").GetProperty("incidents").GetProperty("edges").EnumerateArray()
            .Select(e => long.Parse(e.GetProperty("node").GetProperty("id").GetString()!)).Order());
        // A claim needs a line (or a side) to apply to, and a known party.
        Assert.Equal(HttpStatusCode.BadRequest, (await api.CreateClient().GetAsync("/api/incidents?claim=lebanon")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.CreateClient().GetAsync("/api/incidents?line=dispute-line&lineDistance=200&claim=atlantis")).StatusCode);
    }

    [Fact]
    public async Task A_claim_by_an_unknown_party_is_a_422_naming_party_and_changes_nothing()
    {
        var before = await api.ScalarAsync<long>("SELECT count(*) FROM dispute_claims");
        var res = await ClaimAsync("atlantis", 35.5, 33.49);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, res.StatusCode);
        var p = await BodyAsync(res);
        Assert.Equal("party", p.GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Contains("israel, lebanon, unifil", p.GetProperty("errors")[0].GetProperty("message").GetString());
        Assert.Equal(before, await api.ScalarAsync<long>("SELECT count(*) FROM dispute_claims"));
        // A line for a point dispute, and a dispute that does not exist.
        var line = await _admin.PutAsync("/api/disputes/dispute-v/claims/israel", Json(new JsonObject
        {
            ["geometry"] = JsonNode.Parse("""{"type":"LineString","coordinates":[[35.5,33.5],[35.6,33.5]]}"""), ["source"] = "x",
        }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, line.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ClaimAsync("israel", 35.5, 33.5, "no-such-dispute")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await api.CreateClientAsAsync(Role.Reviewer)).PutAsync("/api/disputes/dispute-v/claims/israel",
            Json(new JsonObject { ["source"] = "x" }))).StatusCode);
    }
}

/// <summary>
/// The shipped disputes (geodata/disputes.json): the Blue Line's 13 reserved points as LBCI names them (facts F4), each a
/// record that says no sourced coordinate exists and holds no position at all.
/// </summary>
public sealed class ReservedPointsTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task The_13_reserved_points_are_recorded_without_positions()
    {
        var res = await api.CreateClient().GetAsync("/api/disputes?line=blue-line");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        var disputes = (await BodyAsync(res)).GetProperty("disputes").EnumerateArray().Where(d => d.GetProperty("slug").GetString()!.StartsWith("reserved-")).ToList();
        Assert.Equal(13, disputes.Count);
        Assert.Equal(7, disputes.Count(d => d.GetProperty("properties").GetProperty("basket").GetString() == "A"));
        Assert.Equal(6, disputes.Count(d => d.GetProperty("properties").GetProperty("basket").GetString() == "B"));
        foreach (var d in disputes)
        {
            Assert.False(d.GetProperty("positionsHeld").GetBoolean());
            Assert.Empty(d.GetProperty("claims").EnumerateArray());
            Assert.Equal(JsonValueKind.Null, d.GetProperty("maxSeparationM").ValueKind);
            Assert.Contains("no source", d.GetProperty("note").GetString());
            Assert.Contains("lbcgroup.tv", d.GetProperty("source").GetString());
        }
        Assert.Equal(0L, await api.ScalarAsync<long>("SELECT count(*) FROM dispute_claims"));
    }
}
