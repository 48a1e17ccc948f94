using System.Net;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Tests.Infrastructure;
using static GeoMonitor.Api.Tests.Query.QueryData;

namespace GeoMonitor.Api.Tests.Query;

/// <summary>Every filter of GET /api/incidents alone and combined, against points whose answers are known by construction.</summary>
[Collection(QueryCollection.Name)]
public sealed class IncidentFilterTests(QueryFixture api)
{
    private const string Expl = "Explosions%2FRemote%20violence";

    public static TheoryData<string, Func<Point, bool>> AnonymousCases => new()
    {
        { "", _ => true },
        { "zone=test-square", p => p.InZone },
        { "bbox=35.0,33.1,35.1,33.2", p => p.InSquareBox },
        { "truce=test-truce", p => p.InTruce },
        { "from=2026-04-16T21:00:00Z&to=2026-05-17T21:00:00Z", p => p.InTruce },
        // The same instants written with an offset.
        { "from=2026-04-17T00:00:00%2B03:00&to=2026-05-17T23:00:00%2B02:00", p => p.InTruce },
        { "from=2026-04-16T21:00:01Z", p => p.At >= TruceStart.AddSeconds(1) },
        { "to=2026-04-16T21:00:00Z", p => p.At < TruceStart },
        { "from=2026-04-20&to=2026-04-21", p => p.At >= CorridorOpenFrom && p.At < CorridorOpenTo },
        { "near=35.2,33.25&radius=1000", p => p.NearM <= 1000 },
        { "near=35.2,33.25&radius=1001.5", p => p.NearM <= 1001.5 },
        { "line=test-blue-line&lineDistance=1000", p => p.LineM <= 1000 },
        { "line=test-blue-line&lineDistance=1002", p => p.LineM <= 1002 },
        { "side=north", p => p.Side == "north" },
        { "side=south", p => p.Side == "south" },
        { "corridor=test-corridor", p => p.InCorridor },
        { "corridor=test-corridor&corridorOpen=true", p => p.InCorridor && p.CorridorOpen },
        { "corridor=test-corridor&corridorOpen=false", p => p.InCorridor && !p.CorridorOpen },
        { $"eventType={Expl}", p => p.Type == Explosions },
        { "eventType=Battles," + Expl, p => p.Type is Battles or Explosions },
        { "subEventType=Air%2Fdrone%20strike", p => p.Sub == AirStrike },
        { "source=team-b", p => p.Source == "team-b" },
        { "source=team-a&source=team-b", _ => true },
        { "status=published_verified", _ => true },
        // Combinations: the headline question and others.
        { "zone=test-square&truce=test-truce", p => p.InZone && p.InTruce },
        { $"zone=test-square&truce=test-truce&eventType={Expl}", p => p.InZone && p.InTruce && p.Type == Explosions },
        { "zone=test-square&truce=test-truce&source=team-b", p => p.InZone && p.InTruce && p.Source == "team-b" },
        { "bbox=35.0,33.1,35.1,33.2&from=2026-04-18", p => p.InSquareBox && p.At >= new DateTime(2026, 4, 18, 0, 0, 0, DateTimeKind.Utc) },
        { "line=test-blue-line&lineDistance=1000&side=north", p => p.LineM <= 1000 && p.Side == "north" },
        { "line=test-blue-line&lineDistance=5000&side=south&truce=test-truce", p => p.LineM <= 5000 && p.Side == "south" && p.InTruce },
        { "corridor=test-corridor&corridorOpen=true&truce=test-truce&eventType=" + Expl, p => p.InCorridor && p.CorridorOpen && p.InTruce && p.Type == Explosions },
        { "zone=test-square&bbox=35.05,33.0,35.2,33.3", p => p.InZone && p.Lon >= 35.05 },
        { "zone=test-square&corridor=test-corridor", _ => false },
        // Short windows make the time index drive the scan (IncidentPlan.TimeFirst), long ones the spatial index: same answers.
        { "zone=test-square&from=2020-01-01&to=2027-01-01", p => p.InZone && p.At.Year >= 2020 },
        { "bbox=35.0,33.1,35.1,33.2&truce=test-truce", p => p.InSquareBox && p.InTruce },
        { "near=35.2,33.25&radius=1000&truce=test-truce", p => p.NearM <= 1000 && p.InTruce },
        { "line=test-blue-line&lineDistance=1000&from=2026-04-17&to=2026-04-19", p => p.LineM <= 1000 && p.At >= new DateTime(2026, 4, 17, 0, 0, 0, DateTimeKind.Utc) && p.At < new DateTime(2026, 4, 19, 0, 0, 0, DateTimeKind.Utc) },
        { "corridor=test-corridor&corridorOpen=false&from=2026-04-01&to=2026-05-01", p => p.InCorridor && !p.CorridorOpen && p.At.Month == 4 },
    };

    [Theory]
    [MemberData(nameof(AnonymousCases))]
    public async Task Anonymous_filter_returns_exactly_the_verified_points_known_to_match(string query, Func<Point, bool> expected)
    {
        await api.ReadyAsync();
        var ids = await api.CreateClient().Ids($"/api/incidents?limit=1000&{query}");
        Assert.Equal(QueryHttp.Expect(Verified.Where(expected)), ids);
    }

    public static TheoryData<string, Func<Point, bool>> ReaderCases => new()
    {
        { "", _ => true },
        { "status=reported,under_independent_review", p => p.Status is "reported" or "under_independent_review" },
        { "status=under_independent_review&zone=test-square&truce=test-truce", p => p.Status == "under_independent_review" && p.InZone && p.InTruce },
        { "zone=test-square&truce=test-truce", p => p.InZone && p.InTruce },
    };

    [Theory]
    [MemberData(nameof(ReaderCases))]
    public async Task A_reviewer_sees_every_state(string query, Func<Point, bool> expected)
    {
        await api.ReadyAsync();
        // Reviewers work the verification queue: they read incidents held for verification (docs/verification.md).
        var client = await api.CreateClientAsAsync(Role.Reviewer);
        Assert.Equal(QueryHttp.Expect(Points.Where(expected)), await client.Ids($"/api/incidents?limit=1000&{query}"));
    }

    [Theory]
    [InlineData("status=reported")]
    [InlineData("status=published_verified,under_independent_review")]
    public async Task Anonymous_callers_asking_for_unverified_incidents_get_401(string query)
    {
        await api.ReadyAsync();
        var p = await api.CreateClient().Problem($"/api/incidents?{query}", HttpStatusCode.Unauthorized, "status");
        Assert.Contains("key", p.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Features_carry_RFC7946_geometry_and_the_Blue_Line_distance_and_side()
    {
        await api.ReadyAsync();
        var res = await api.CreateClient().GetAsync("/api/incidents?limit=1000");
        Assert.Equal("application/geo+json", res.Content.Headers.ContentType?.MediaType);
        var fc = System.Text.Json.JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("FeatureCollection", fc.GetProperty("type").GetString());
        Assert.False(fc.TryGetProperty("crs", out _));
        Assert.Equal(Verified.Count(), fc.GetProperty("numberReturned").GetInt32());
        var byExt = fc.GetProperty("features").EnumerateArray()
            .ToDictionary(f => f.GetProperty("properties").GetProperty("externalId").GetString()!);

        var zin = byExt["z-in"];
        Assert.Equal("Point", zin.GetProperty("geometry").GetProperty("type").GetString());
        var c = zin.GetProperty("geometry").GetProperty("coordinates");
        Assert.Equal(35.05, c[0].GetDouble());   // lon first
        Assert.Equal(33.15, c[1].GetDouble());
        var props = zin.GetProperty("properties");
        Assert.Equal("2026-04-17T21:00:00Z", props.GetProperty("occurredAt").GetString());
        Assert.Equal("published_verified", props.GetProperty("status").GetString());
        Assert.Equal(Battles, props.GetProperty("eventType").GetString());
        Assert.Equal(ArmedClash, props.GetProperty("subEventType").GetString());
        Assert.Equal(new[] { "test-square" }, props.GetProperty("zones").EnumerateArray().Select(x => x.GetString()!).ToArray());
        Assert.Equal(new[] { "test-scoped", "test-truce" }, props.GetProperty("truces").EnumerateArray().Select(x => x.GetString()!).ToArray());

        foreach (var (ext, metres, side) in new[] { ("l-n999", 999.0, "north"), ("l-n1001", 1001.0, "north"), ("l-s999", 999.0, "south"), ("l-s1001", 1001.0, "south") })
        {
            var p = byExt[ext].GetProperty("properties");
            Assert.Equal(metres, p.GetProperty("blueLineDistanceM").GetDouble(), 0.11);
            Assert.Equal(side, p.GetProperty("blueLineSide").GetString());
        }
        // Six decimals at most in coordinates.
        var lat = byExt["l-n999"].GetProperty("geometry").GetProperty("coordinates")[1].GetRawText();
        Assert.True(lat.Length - lat.IndexOf('.') - 1 <= 6, lat);
    }

    [Fact]
    public async Task One_incident_by_id_respects_the_status_rule()
    {
        await api.ReadyAsync();
        var verifiedId = await api.ScalarAsync<long>("SELECT id FROM incidents WHERE external_id = 'z-in'");
        var reportedId = await api.ScalarAsync<long>("SELECT id FROM incidents WHERE external_id = 'u-reported'");
        var anon = api.CreateClient();
        var f = await anon.GetJson($"/api/incidents/{verifiedId}");
        Assert.Equal("Feature", f.GetProperty("type").GetString());
        Assert.Equal("z-in", f.GetProperty("properties").GetProperty("externalId").GetString());
        // Not public: refused (as naming its status would be), not answered as absent (docs/api.md, "Who sees what").
        await anon.Problem($"/api/incidents/{reportedId}", HttpStatusCode.Unauthorized, "id");
        var reviewer = await api.CreateClientAsAsync(Role.Reviewer);
        Assert.Equal("u-reported", (await reviewer.GetJson($"/api/incidents/{reportedId}")).GetProperty("properties").GetProperty("externalId").GetString());
        // A key of an organisation that takes no part in its verification is refused too (403), not told it is absent.
        var outsider = await api.CreateClientAsAsync(Role.Reader);
        await outsider.Problem($"/api/incidents/{reportedId}", HttpStatusCode.Forbidden, "id");
        await anon.Problem("/api/incidents/99999999", HttpStatusCode.NotFound, "id");
        await anon.Problem("/api/incidents/abc", HttpStatusCode.BadRequest, "id");
    }

    [Fact]
    public async Task Cors_allows_any_origin_to_GET()
    {
        await api.ReadyAsync();
        var req = new HttpRequestMessage(HttpMethod.Get, "/api/incidents?limit=1");
        req.Headers.Add("Origin", "https://newsroom.example");
        var res = await api.CreateClient().SendAsync(req);
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Equal("*", res.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }
}
