using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Tests.Infrastructure;
using GeoMonitor.Api.Tests.Tiles;
using GeoMonitor.Api.Tests.Verification;
using static GeoMonitor.Api.Tests.Uploads.UploadWorld;

namespace GeoMonitor.Api.Tests.Layers;

/// <summary>The API on an empty schema: these tests draw and redraw their own layers, once for the class.</summary>
public sealed class AsOfSurfaceFixture() : ApiFixture(new ApiHostOptions { LoadGeodata = false })
{
    /// <summary>The history the tests read (drawn by the first test that asks).</summary>
    public Task<AsOfWorld>? World { get; set; }
}

/// <summary>Instants around the redraws (from the database's clock) and the incidents placed.</summary>
/// <param name="BeforeAll">Before any layer of the class was drawn.</param>
/// <param name="AtV1">After the first versions, before the redraws.</param>
/// <param name="AtV2">After the redraws.</param>
/// <param name="InV1">Inside the first box, during the first window.</param>
/// <param name="InV2">Inside the second box, during the first window.</param>
/// <param name="Late">Inside the second box, during the extension only.</param>
/// <param name="OnRoute1">On the corridor's first route, during the first window.</param>
public sealed record AsOfWorld(string BeforeAll, string AtV1, string AtV2, long InV1, long InV2, long Late, long OnRoute1);

/// <summary>
/// asOf on every incident surface that names a layer, beyond /api/incidents (LayerHistoryTests): the stats, the truce
/// report, /api/locate, OGC items, incident tiles and their GraphQL counterparts each test against the layers as
/// recorded at asOf. Hand-drawn layers with known containment: zone "aso-zone" is the box lon 35.6–35.8, lat 33.6–33.8
/// (version 1), redrawn as lat 33.85–33.95 (version 2); truce "aso-truce" (whole region) runs [2025-01-01, 2025-01-11)
/// and is extended to 2025-01-21; truce "aso-scoped" runs [2025-01-01, 2025-02-01) with the zone as its scope; corridor
/// "aso-corridor" is 2 km wide around lat 33.5 (lon 35.6–35.8; a point on it is 1 km from its edges) and is then moved
/// to lat 33.55, about 5.5 km north (<c>echo "33.5 35.7 33.55 35.7" | geod +ellps=WGS84 -I</c> → 5,546 m), so that the
/// point (35.7, 33.5) lies in its first area only.
/// </summary>
public sealed class AsOfSurfaceTests(AsOfSurfaceFixture api) : IClassFixture<AsOfSurfaceFixture>
{
    private static JsonObject Box(double s, double n) => new()
    {
        ["name"] = "AsOf zone", ["kind"] = "withdrawal", ["source"] = "asOf test",
        ["geometry"] = JsonNode.Parse(FormattableString.Invariant(
            $"{{\"type\":\"Polygon\",\"coordinates\":[[[35.6,{s}],[35.8,{s}],[35.8,{n}],[35.6,{n}],[35.6,{s}]]]}}")),
    };

    private static JsonObject Corridor(double lat) => new()
    {
        ["name"] = "AsOf corridor", ["widthM"] = 2000, ["status"] = "open", ["source"] = "asOf test",
        ["geometry"] = JsonNode.Parse(FormattableString.Invariant($"{{\"type\":\"LineString\",\"coordinates\":[[35.6,{lat}],[35.8,{lat}]]}}")),
        ["windows"] = new JsonArray(new JsonObject { ["from"] = "2025-01-01T00:00:00Z", ["to"] = "2025-02-01T00:00:00Z" }),
    };

    private async Task<string> NowAsync() =>
        (await api.ScalarAsync<DateTime>("SELECT clock_timestamp()")).ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private async Task<long> IncidentAsync(HttpClient reporter, double lon, double lat, string occurredAt)
    {
        var res = await reporter.PostAsync("/api/incidents", Json(Report(set: r => { r["lon"] = lon; r["lat"] = lat; r["occurredAt"] = occurredAt; })));
        Assert.Equal(HttpStatusCode.Created, res.StatusCode);
        return (await BodyAsync(res)).GetProperty("id").GetInt64();
    }

    private Task<AsOfWorld> WorldAsync()
    {
        lock (api) return api.World ??= BuildAsync();
    }

    private async Task<AsOfWorld> BuildAsync()
    {
        var admin = await api.CreateClientAsAsync(Role.Admin);
        var reporter = await api.CreateClientAsAsync(Role.Reporter);
        var before = await NowAsync();
        async Task Put(string url, JsonObject body, HttpStatusCode expected)
        {
            var res = await admin.PutAsync(url, Json(body));
            Assert.True(res.StatusCode == expected, $"PUT {url}: {(int)res.StatusCode} {await res.Content.ReadAsStringAsync()}");
        }
        await Put("/api/zones/aso-zone", Box(33.6, 33.8), HttpStatusCode.Created);
        await Put("/api/truces/aso-truce", new JsonObject
        {
            ["name"] = "AsOf truce", ["start"] = "2025-01-01T00:00:00Z", ["end"] = "2025-01-11T00:00:00Z", ["source"] = "asOf test",
        }, HttpStatusCode.Created);
        await Put("/api/truces/aso-scoped", new JsonObject
        {
            ["name"] = "AsOf scoped truce", ["start"] = "2025-01-01T00:00:00Z", ["end"] = "2025-02-01T00:00:00Z", ["source"] = "asOf test",
            ["scope"] = new JsonArray("aso-zone"),
        }, HttpStatusCode.Created);
        await Put("/api/corridors/aso-corridor", Corridor(33.5), HttpStatusCode.Created);
        var atV1 = await NowAsync();
        await Put("/api/zones/aso-zone", Box(33.85, 33.95), HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/api/truces/aso-truce/extensions",
            Json(new JsonObject { ["newEnd"] = "2025-01-21T00:00:00Z", ["source"] = "asOf test" }))).StatusCode);
        await Put("/api/corridors/aso-corridor", Corridor(33.55), HttpStatusCode.OK);
        var atV2 = await NowAsync();
        var inV1 = await IncidentAsync(reporter, 35.7, 33.7, "2025-01-05T12:00:00Z");
        var inV2 = await IncidentAsync(reporter, 35.7, 33.9, "2025-01-05T12:00:00Z");
        var late = await IncidentAsync(reporter, 35.7, 33.9, "2025-01-15T12:00:00Z");
        var onRoute = await IncidentAsync(reporter, 35.7, 33.5, "2025-01-05T12:00:00Z");
        var path = await LifecyclePath.CreateAsync(api);
        foreach (var id in new[] { inV1, inV2, late, onRoute }) await path.PublishAsync(id);
        return new AsOfWorld(before, atV1, atV2, inV1, inV2, late, onRoute);
    }

    private async Task<JsonElement> GetAsync(string url)
    {
        var res = await api.CreateClient().GetAsync(url);
        Assert.True(res.StatusCode == HttpStatusCode.OK, $"{url}: {(int)res.StatusCode} {await res.Content.ReadAsStringAsync()}");
        return await BodyAsync(res);
    }

    private async Task<JsonElement> GraphQLAsync(string query)
    {
        var body = await BodyAsync(await api.CreateClient().PostAsync("/graphql", Json(new JsonObject { ["query"] = query })));
        Assert.False(body.TryGetProperty("errors", out var errors), errors.ToString());
        return body.GetProperty("data");
    }

    private static long[] Ids(JsonElement fc) => [.. fc.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetInt64()).Order()];

    private static string[] Slugs(JsonElement list) => [.. list.EnumerateArray().Select(x => x.GetProperty("slug").GetString()!).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task The_stats_count_the_zone_and_truce_as_recorded_at_asOf()
    {
        var w = await WorldAsync();
        // Before the redraw: the first box and the ten-day window hold InV1; after: the second box and the extended window
        // hold InV2 and Late.
        Assert.Equal(1, (await GetAsync($"/api/stats/incidents?zone=aso-zone&truce=aso-truce&asOf={w.AtV1}")).GetProperty("total").GetInt64());
        Assert.Equal(2, (await GetAsync($"/api/stats/incidents?zone=aso-zone&truce=aso-truce&asOf={w.AtV2}")).GetProperty("total").GetInt64());
        Assert.Equal(2, (await GetAsync("/api/stats/incidents?zone=aso-zone&truce=aso-truce")).GetProperty("total").GetInt64());
        var d = await GraphQLAsync($$"""
            { then: incidentStats(filter: {withinZone: "aso-zone", duringTruce: "aso-truce", asOf: "{{w.AtV1}}"}) { total }
              now: incidentStats(filter: {withinZone: "aso-zone", duringTruce: "aso-truce"}) { total } }
            """);
        Assert.Equal(1, d.GetProperty("then").GetProperty("total").GetInt64());
        Assert.Equal(2, d.GetProperty("now").GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task The_truce_report_reads_the_truce_its_scope_and_the_zone_as_recorded_at_asOf()
    {
        var w = await WorldAsync();
        var then = await GetAsync($"/api/truces/aso-truce/report?zone=aso-zone&asOf={w.AtV1}");
        Assert.Equal("2025-01-11T00:00:00Z", then.GetProperty("truce").GetProperty("end").GetString());
        Assert.Equal(1, then.GetProperty("during").GetProperty("total").GetInt64());
        Assert.Equal(1, then.GetProperty("during").GetProperty("byZone").GetProperty("aso-zone").GetInt64());
        var now = await GetAsync($"/api/truces/aso-truce/report?zone=aso-zone&asOf={w.AtV2}");
        Assert.Equal("2025-01-21T00:00:00Z", now.GetProperty("truce").GetProperty("end").GetString());
        Assert.Equal(2, now.GetProperty("during").GetProperty("total").GetInt64());
        Assert.Equal(now.GetProperty("during").GetRawText(), (await GetAsync("/api/truces/aso-truce/report?zone=aso-zone")).GetProperty("during").GetRawText());

        // Without zone=, a truce with a scope counts inside its scope zones as recorded then.
        Assert.Equal(1, (await GetAsync($"/api/truces/aso-scoped/report?asOf={w.AtV1}")).GetProperty("during").GetProperty("total").GetInt64());
        Assert.Equal(2, (await GetAsync($"/api/truces/aso-scoped/report?asOf={w.AtV2}")).GetProperty("during").GetProperty("total").GetInt64());

        var d = await GraphQLAsync($$"""
            { then: truceReport(slug: "aso-truce", zone: "aso-zone", asOf: "{{w.AtV1}}") { truce { end } during { total } }
              truce(slug: "aso-scoped", asOf: "{{w.AtV1}}") { report { during { total } } } }
            """);
        Assert.Equal("2025-01-11T00:00:00Z", d.GetProperty("then").GetProperty("truce").GetProperty("end").GetString());
        Assert.Equal(1, d.GetProperty("then").GetProperty("during").GetProperty("total").GetInt64());
        Assert.Equal(1, d.GetProperty("truce").GetProperty("report").GetProperty("during").GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task AsOf_before_a_layer_existed_is_a_404_naming_its_earliest_version_on_every_surface()
    {
        var w = await WorldAsync();
        foreach (var url in new[]
        {
            $"/api/truces/aso-truce/report?asOf={w.BeforeAll}",
            $"/api/truces/aso-truce/report?zone=aso-zone&asOf={w.BeforeAll}",
            $"/api/stats/incidents?zone=aso-zone&asOf={w.BeforeAll}",
            $"/api/incidents?corridor=aso-corridor&asOf={w.BeforeAll}",
            $"/ogc/collections/incidents/items?truce=aso-truce&asOf={w.BeforeAll}",
            $"/tiles/incidents/10/612/410.mvt?zone=aso-zone&asOf={w.BeforeAll}",
        })
        {
            var res = await api.CreateClient().GetAsync(url);
            Assert.True(res.StatusCode == HttpStatusCode.NotFound, $"{url}: {(int)res.StatusCode}");
            var p = await BodyAsync(res);
            Assert.Equal("asOf", p.GetProperty("parameter").GetString());
            Assert.Equal(1, p.GetProperty("earliestVersion").GetInt32());
            Assert.Contains("earliest version (1) was recorded at", p.GetProperty("detail").GetString());
        }
        foreach (var query in new[]
        {
            $$"""{ truceReport(slug: "aso-truce", asOf: "{{w.BeforeAll}}") { lengthDays } }""",
            $$"""{ incidentStats(filter: {insideCorridor: {slug: "aso-corridor"}, asOf: "{{w.BeforeAll}}"}) { total } }""",
        })
        {
            var body = await BodyAsync(await api.CreateClient().PostAsync("/graphql", Json(new JsonObject { ["query"] = query })));
            var error = body.GetProperty("errors")[0];
            Assert.Equal("NOT_FOUND", error.GetProperty("extensions").GetProperty("code").GetString());
            Assert.Equal(1, error.GetProperty("extensions").GetProperty("earliestVersion").GetInt32());
        }
    }

    [Fact]
    public async Task Locate_answers_with_the_layers_as_recorded_at_asOf()
    {
        var w = await WorldAsync();
        const string inBox1 = "/api/locate?lon=35.7&lat=33.7&at=2025-01-05T00:00:00Z";
        var then = await GetAsync($"{inBox1}&asOf={w.AtV1}");
        Assert.Equal(["aso-zone"], Slugs(then.GetProperty("zones")));
        // The scoped truce covers the point only while its scope zone does.
        Assert.Equal(["aso-scoped", "aso-truce"], Slugs(then.GetProperty("truces")));
        var now = await GetAsync($"{inBox1}&asOf={w.AtV2}");
        Assert.Empty(Slugs(now.GetProperty("zones")));
        Assert.Equal(["aso-truce"], Slugs(now.GetProperty("truces")));
        Assert.Equal(now.GetRawText(), (await GetAsync(inBox1)).GetRawText());
        // A truce extended later is in force on 15 January only as recorded after the extension.
        Assert.DoesNotContain("aso-truce", Slugs((await GetAsync($"/api/locate?lon=35.0&lat=33.0&at=2025-01-15T00:00:00Z&asOf={w.AtV1}")).GetProperty("truces")));
        Assert.Contains("aso-truce", Slugs((await GetAsync($"/api/locate?lon=35.0&lat=33.0&at=2025-01-15T00:00:00Z&asOf={w.AtV2}")).GetProperty("truces")));
        // The corridor's first area holds (35.7, 33.5), open then; its second does not.
        var corridor = (await GetAsync($"/api/locate?lon=35.7&lat=33.5&at=2025-01-05T00:00:00Z&asOf={w.AtV1}")).GetProperty("corridors");
        Assert.Equal(["aso-corridor"], Slugs(corridor));
        Assert.True(corridor[0].GetProperty("openAt").GetBoolean());
        Assert.Empty(Slugs((await GetAsync($"/api/locate?lon=35.7&lat=33.5&at=2025-01-05T00:00:00Z&asOf={w.AtV2}")).GetProperty("corridors")));

        var d = await GraphQLAsync($$"""
            { then: locate(lon: 35.7, lat: 33.7, at: "2025-01-05T00:00:00Z", asOf: "{{w.AtV1}}") { zones { slug version } truces { slug } }
              now: locate(lon: 35.7, lat: 33.7, at: "2025-01-05T00:00:00Z") { zones { slug } }
              corridor: locate(lon: 35.7, lat: 33.5, at: "2025-01-05T00:00:00Z", asOf: "{{w.AtV1}}") { corridors { open corridor { slug version } } } }
            """);
        Assert.Equal(["aso-zone"], Slugs(d.GetProperty("then").GetProperty("zones")));
        Assert.Equal(1, d.GetProperty("then").GetProperty("zones")[0].GetProperty("version").GetInt32());
        Assert.Equal(["aso-scoped", "aso-truce"], Slugs(d.GetProperty("then").GetProperty("truces")));
        Assert.Empty(Slugs(d.GetProperty("now").GetProperty("zones")));
        var located = d.GetProperty("corridor").GetProperty("corridors")[0];
        Assert.Equal("aso-corridor", located.GetProperty("corridor").GetProperty("slug").GetString());
        Assert.Equal(1, located.GetProperty("corridor").GetProperty("version").GetInt32());
        Assert.True(located.GetProperty("open").GetBoolean());
    }

    [Fact]
    public async Task A_corridor_filter_as_of_an_instant_tests_the_corridor_recorded_then_on_REST_OGC_and_GraphQL()
    {
        var w = await WorldAsync();
        Assert.Equal([w.OnRoute1], Ids(await GetAsync($"/api/incidents?corridor=aso-corridor&asOf={w.AtV1}")));
        Assert.Equal([w.OnRoute1], Ids(await GetAsync($"/api/incidents?corridor=aso-corridor&corridorOpen=true&asOf={w.AtV1}")));
        Assert.Empty(Ids(await GetAsync($"/api/incidents?corridor=aso-corridor&asOf={w.AtV2}")));
        Assert.Empty(Ids(await GetAsync("/api/incidents?corridor=aso-corridor")));
        Assert.Equal([w.OnRoute1], Ids(await GetAsync($"/ogc/collections/incidents/items?corridor=aso-corridor&asOf={w.AtV1}")));
        var d = await GraphQLAsync($$"""
            { then: incidents(filter: {insideCorridor: {slug: "aso-corridor"}, asOf: "{{w.AtV1}}"}) { edges { node { id } } }
              now: incidents(filter: {insideCorridor: {slug: "aso-corridor"}, asOf: "{{w.AtV2}}"}) { edges { node { id } } } }
            """);
        Assert.Equal([w.OnRoute1.ToString(CultureInfo.InvariantCulture)],
            d.GetProperty("then").GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("node").GetProperty("id").GetString()));
        Assert.Equal(0, d.GetProperty("now").GetProperty("edges").GetArrayLength());
    }

    [Fact]
    public async Task Every_read_of_the_corridor_takes_asOf()
    {
        var w = await WorldAsync();
        // The route's latitude tells the version: 33.5 first, 33.55 after the move.
        static double RouteLat(JsonElement feature) => feature.GetProperty("properties").GetProperty("route").GetProperty("coordinates")[0][0][1].GetDouble();
        Assert.Equal(33.5, RouteLat(await GetAsync($"/api/corridors/aso-corridor?asOf={w.AtV1}")));
        Assert.Equal(33.55, RouteLat(await GetAsync($"/api/corridors/aso-corridor?asOf={w.AtV2}")));
        Assert.Equal(33.5, RouteLat((await GetAsync($"/api/corridors?asOf={w.AtV1}")).GetProperty("features")[0]));
        Assert.Equal(33.55, RouteLat(await GetAsync("/api/corridors/aso-corridor")));
        Assert.Empty((await GetAsync($"/api/corridors?asOf={w.BeforeAll}")).GetProperty("features").EnumerateArray());
        // The area (route buffered 1 km each side) as OGC API serves it: its southern edge about 1 km south of the route.
        var area = (await GetAsync($"/ogc/collections/corridors/items?asOf={w.AtV1}")).GetProperty("features")[0].GetProperty("geometry");
        var south = area.GetProperty("coordinates")[0][0].EnumerateArray().Min(p => p[1].GetDouble());
        Assert.Equal(33.5 - 1000 / 110_900.0, south, 0.0005);
        var versions = (await GetAsync("/api/corridors/aso-corridor/versions")).GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal([1, 2], versions.Select(v => v.GetProperty("version").GetInt32()));
        var d = await GraphQLAsync($$"""{ corridor(slug: "aso-corridor", asOf: "{{w.AtV1}}") { version route } }""");
        Assert.Equal(1, d.GetProperty("corridor").GetProperty("version").GetInt32());
        Assert.Equal(33.5, d.GetProperty("corridor").GetProperty("route").GetProperty("coordinates")[0][0][1].GetDouble());
    }

    [Fact]
    public async Task Incident_tiles_follow_asOf()
    {
        var w = await WorldAsync();
        // A z8 tile holding both boxes (lon 35.6–35.8, lat 33.6–33.95).
        var (x, y, _, _) = Mvt.Locate(35.7, 33.8, 8);
        foreach (var lat in new[] { 33.6, 33.95 })
        {
            var (x1, y1, _, _) = Mvt.Locate(35.7, lat, 8);
            Assert.Equal((x, y), (x1, y1));
        }
        async Task<ulong[]> IdsIn(string query)
        {
            var res = await api.CreateClient().GetAsync($"/tiles/incidents/8/{x}/{y}.mvt?zone=aso-zone&truce=aso-truce{query}");
            Assert.Equal(HttpStatusCode.OK, res.StatusCode);
            var layers = Mvt.Decode(await res.Content.ReadAsByteArrayAsync());
            return [.. layers.Where(l => l.Name == "incidents").SelectMany(l => l.Features).Select(f => f.Id).Order()];
        }
        Assert.Equal([(ulong)w.InV1], await IdsIn($"&asOf={w.AtV1}"));
        Assert.Equal(new[] { (ulong)w.InV2, (ulong)w.Late }.Order(), await IdsIn($"&asOf={w.AtV2}"));
        Assert.Equal(new[] { (ulong)w.InV2, (ulong)w.Late }.Order(), await IdsIn(""));
    }
}
