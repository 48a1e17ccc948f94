using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Tests.Infrastructure;
using GeoMonitor.Api.Tests.Query;
using static GeoMonitor.Api.Tests.Query.QueryData;

namespace GeoMonitor.Api.Tests.GraphQL;

/// <summary>
/// The same question on both surfaces gets the same incidents in the same order: each REST filter of the query API
/// and its GraphQL equivalent, both walked page by page (small pages, so the cursors are exercised), over the
/// hand-placed world of <see cref="QueryData"/>. Each case also checks the answer against what is known by construction,
/// so two surfaces that agree on a wrong answer still fail.
/// </summary>
public sealed class RestAgreementTests(QueryFixture api) : IClassFixture<QueryFixture>
{
    private static readonly string Start = TruceStart.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
    private static readonly string End = TruceEnd.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");

    public static TheoryData<string, string, string> Cases() => new()
    {
        // name, REST query string, GraphQL filter literal
        { "everything", "", "{}" },
        { "zone", "&zone=test-square", "{withinZone: \"test-square\"}" },
        { "truce", "&truce=test-truce", "{duringTruce: \"test-truce\"}" },
        { "headline: zone during truce", "&zone=test-square&truce=test-truce", "{withinZone: \"test-square\", duringTruce: \"test-truce\"}" },
        { "from/to", $"&from={Start}&to={End}", $"{{from: \"{Start}\", to: \"{End}\"}}" },
        { "bbox", "&bbox=35.0,33.1,35.1,33.2", "{bbox: {minLon: 35.0, minLat: 33.1, maxLon: 35.1, maxLat: 33.2}}" },
        { "near", $"&near={NearLon},{NearLat}&radius=1000", $"{{near: {{lon: {NearLon}, lat: {NearLat}, metres: 1000}}}}" },
        { "line", "&line=test-blue-line&lineDistance=1000", "{nearLine: {slug: \"test-blue-line\", metres: 1000}}" },
        { "line and side", "&line=test-blue-line&lineDistance=1000&side=south", "{nearLine: {slug: \"test-blue-line\", metres: 1000, side: SOUTH}}" },
        { "side", "&side=north", "{blueLineSide: NORTH}" },
        { "corridor", "&corridor=test-corridor", "{insideCorridor: {slug: \"test-corridor\"}}" },
        { "corridor open", "&corridor=test-corridor&corridorOpen=true", "{insideCorridor: {slug: \"test-corridor\", onlyWhileOpen: true}}" },
        { "corridor closed", "&corridor=test-corridor&corridorOpen=false", "{insideCorridor: {slug: \"test-corridor\", onlyWhileOpen: false}}" },
        { "event type", "&eventType=Explosions/Remote violence", "{eventTypes: [EXPLOSIONS_REMOTE_VIOLENCE]}" },
        { "sub-event type", "&subEventType=Armed clash", "{subEventTypes: [ARMED_CLASH]}" },
        { "statuses", "&status=reported,under_independent_review", "{statuses: [REPORTED, UNDER_INDEPENDENT_REVIEW]}" },
        { "source", "&source=team-b", "{sources: [\"team-b\"]}" },
        // Pre-notifications (the hand-placed agreement on both answers is in Notifications/PreNotifiedTests).
        { "not pre-notified", "&preNotified=false", "{preNotified: false}" },
        { "pre-notified", "&preNotified=true", "{preNotified: true}" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task GraphQL_returns_the_incidents_REST_returns(string name, string rest, string filter)
    {
        await api.ReadyAsync();
        var client = await api.CreateClientAsAsync(Role.Reviewer);
        foreach (var (order, gqlOrder) in new[] { ("asc", "OCCURRED_AT"), ("desc", "OCCURRED_AT_DESC") })
        {
            var viaRest = await client.WalkRestAsync($"{rest}&order={order}", 2);
            var viaGql = await client.WalkAsync(filter, 2, gqlOrder);
            Assert.True(viaRest.SequenceEqual(viaGql), $"{name} ({order}): REST [{string.Join(",", viaRest)}] vs GraphQL [{string.Join(",", viaGql)}]");
            Assert.Equal(Expected(name).Order(StringComparer.Ordinal), viaGql.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task Anonymous_callers_see_the_verified_incidents_on_both_surfaces()
    {
        await api.ReadyAsync();
        var client = api.CreateClient();
        var viaRest = await client.WalkRestAsync("&zone=test-square", 3);
        var viaGql = await client.WalkAsync("{withinZone: \"test-square\"}", 3);
        Assert.Equal(viaRest, viaGql);
        Assert.Equal(QueryHttp.Expect(Verified.Where(p => p.InZone)), viaGql.Order(StringComparer.Ordinal).ToArray());
        // Asking for unverified statuses without a key: both surfaces refuse (REST 401, GraphQL UNAUTHENTICATED).
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await client.GetAsync("/api/incidents?status=reported,under_independent_review")).StatusCode);
        var refused = await client.Error("UNAUTHENTICATED", "{ incidents(filter: {statuses: [REPORTED, UNDER_INDEPENDENT_REVIEW]}) { totalCount } }");
        Assert.Equal("filter.statuses", refused.GetProperty("extensions").GetProperty("argument").GetString());
        Assert.Equal(QueryHttp.Expect(Points.Where(p => p.Status == "reported")),
            (await (await api.CreateClientAsAsync(Role.Reviewer)).WalkAsync("{statuses: [REPORTED]}", 5)).ToArray());
    }

    [Fact]
    public async Task Nested_zone_and_truce_incidents_equal_the_root_filter()
    {
        await api.ReadyAsync();
        var client = await api.CreateClientAsAsync(Role.Reviewer);
        var data = await client.Data("""
            {
              zone(slug: "test-square") { incidents(filter: {duringTruce: "test-truce"}, first: 100) { totalCount nodes { externalId } } }
              truce(slug: "test-truce") { incidents(filter: {withinZone: "test-square"}, first: 100) { totalCount nodes { externalId } } }
            }
            """);
        var rest = await client.WalkRestAsync("&zone=test-square&truce=test-truce", 100);
        foreach (var parent in new[] { "zone", "truce" })
        {
            var conn = data.GetProperty(parent).GetProperty("incidents");
            Assert.Equal(rest, conn.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("externalId").GetString()!).ToList());
            Assert.Equal(rest.Count, conn.GetProperty("totalCount").GetInt32());
        }
        Assert.Equal(QueryHttp.Expect(Points.Where(p => p.InZone && p.InTruce)), rest.Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public async Task Layers_locate_and_stats_agree_with_REST()
    {
        await api.ReadyAsync();
        var client = api.CreateClient();
        var data = await client.Data("""
            {
              zones(kind: WITHDRAWAL, activeAt: "2026-04-20T00:00:00Z") { slug }
              corridors(openAt: "2026-04-20T12:00:00Z") { slug }
              truces(activeAt: "2026-04-18T00:00:00Z") { slug }
              locate(lon: 35.05, lat: 33.15, at: "2026-04-20T00:00:00Z") { zones { slug } truces { slug } blueLine { distanceMetres side } }
              incidentStats(filter: {withinZone: "test-square"}, bucket: DAY) { total buckets { start count } }
            }
            """);
        static string[] Slugs(System.Text.Json.JsonElement a) => a.EnumerateArray().Select(x => x.GetProperty("slug").GetString()!).ToArray();
        static string[] RestSlugs(System.Text.Json.JsonElement fc) =>
            fc.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("slug").GetString()!).ToArray();
        Assert.Equal(RestSlugs(await client.GetJson("/api/zones?kind=withdrawal&activeAt=2026-04-20T00:00:00Z")), Slugs(data.GetProperty("zones")));
        Assert.Equal(["test-square"], Slugs(data.GetProperty("zones")));
        Assert.Equal(RestSlugs(await client.GetJson("/api/corridors?openAt=2026-04-20T12:00:00Z")), Slugs(data.GetProperty("corridors")));
        Assert.Equal(["test-corridor"], Slugs(data.GetProperty("corridors")));
        var restTruces = (await client.GetJson("/api/truces?activeAt=2026-04-18T00:00:00Z")).GetProperty("truces");
        Assert.Equal(Slugs(restTruces), Slugs(data.GetProperty("truces")));
        Assert.Equal(["test-scoped", "test-truce"], Slugs(data.GetProperty("truces")));

        var locate = data.GetProperty("locate");
        var restLocate = await client.GetJson("/api/locate?lon=35.05&lat=33.15&at=2026-04-20T00:00:00Z");
        Assert.Equal(Slugs(restLocate.GetProperty("zones")), Slugs(locate.GetProperty("zones")));
        Assert.Equal(Slugs(restLocate.GetProperty("truces")), Slugs(locate.GetProperty("truces")));
        Assert.Equal(restLocate.GetProperty("blueLine").GetProperty("distanceM").GetDouble(), locate.GetProperty("blueLine").GetProperty("distanceMetres").GetDouble());
        Assert.Equal("NORTH", locate.GetProperty("blueLine").GetProperty("side").GetString());

        var stats = data.GetProperty("incidentStats");
        var restStats = await client.GetJson("/api/stats/incidents?zone=test-square&bucket=day");
        Assert.Equal(restStats.GetProperty("total").GetInt32(), stats.GetProperty("total").GetInt32());
        Assert.Equal(Verified.Count(p => p.InZone), stats.GetProperty("total").GetInt32());
        Assert.Equal(restStats.GetProperty("buckets").GetArrayLength(), stats.GetProperty("buckets").GetArrayLength());
    }

    private static IEnumerable<string> Expected(string name) => (name switch
    {
        "everything" => Points,
        "zone" => Points.Where(p => p.InZone),
        "truce" => Points.Where(p => p.InTruce),
        "headline: zone during truce" => Points.Where(p => p.InZone && p.InTruce),
        "from/to" => Points.Where(p => p.InTruce),
        "bbox" => Points.Where(p => p.InSquareBox),
        "near" => Points.Where(p => p.NearM is < 1000),
        "line" => Points.Where(p => p.LineM is < 1000),
        "line and side" => Points.Where(p => p.LineM is < 1000 && p.Side == "south"),
        "side" => Points.Where(p => p.Side == "north"),
        "corridor" => Points.Where(p => p.InCorridor),
        "corridor open" => Points.Where(p => p.InCorridor && p.CorridorOpen),
        "corridor closed" => Points.Where(p => p.InCorridor && !p.CorridorOpen),
        "event type" => Points.Where(p => p.Type == Explosions),
        "sub-event type" => Points.Where(p => p.Sub == ArmedClash),
        "statuses" => Points.Where(p => p.Status is "reported" or "under_independent_review"),
        "source" => Points.Where(p => p.Source == "team-b"),
        // This world has no pre-notification: nothing is covered.
        "not pre-notified" => Points,
        "pre-notified" => Points.Where(_ => false),
        _ => throw new ArgumentException(name),
    }).Select(p => p.Ext);
}
