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
public sealed class LayerHistoryFixture() : ApiFixture(new ApiHostOptions { LoadGeodata = false })
{
    /// <summary>The history the tests read (drawn by the first test that asks).</summary>
    public Task<HistoryWorld>? World { get; set; }
}

/// <summary>Instants around the redraws (from the database's clock) and the incidents placed.</summary>
/// <param name="BeforeAll">Before any layer of the class was drawn.</param>
/// <param name="AtV1">After the first versions, before the redraws.</param>
/// <param name="AtV2">After the redraws.</param>
/// <param name="InV1">An incident inside the first box, during the first window.</param>
/// <param name="InV2">An incident inside the second box, during the first window.</param>
/// <param name="Late">An incident inside the second box, during the extension only.</param>
public sealed record HistoryWorld(string BeforeAll, string AtV1, string AtV2, long InV1, long InV2, long Late);

/// <summary>
/// Layers keep every version, and every read takes asOf. Hand-drawn boxes with known containment: zone "hist-zone" is
/// first the box lon 35.6–35.8, lat 33.6–33.8 (version 1) and is then redrawn as lon 35.6–35.8, lat 33.85–33.95
/// (version 2). Incidents at (35.7, 33.7) lie in version 1 only, at (35.7, 33.9) in version 2 only. Truce "hist-truce"
/// runs [2025-01-01, 2025-01-11) and is then extended to 2025-01-21. Areas are checked against the closed-form area of
/// an ellipsoidal quadrangle (WGS 84), computed here, not by PostGIS.
/// </summary>
public sealed class LayerHistoryTests(LayerHistoryFixture api) : IClassFixture<LayerHistoryFixture>
{
    private static JsonObject Box(string name, double w, double s, double e, double n) => new()
    {
        ["name"] = name, ["kind"] = "withdrawal", ["source"] = "history test",
        ["geometry"] = JsonNode.Parse(FormattableString.Invariant(
            $"{{\"type\":\"Polygon\",\"coordinates\":[[[{w},{s}],[{e},{s}],[{e},{n}],[{w},{n}],[{w},{s}]]]}}")),
    };

    // The area of the quadrangle between two meridians and two parallels on the WGS 84 ellipsoid, in km²: Δλ·b²·(F(φ2) − F(φ1)),
    // F(φ) = sinφ / (2(1 − e² sin²φ)) + ln((1 + e sinφ) / (1 − e sinφ)) / (4e). PostGIS's edges are geodesics, not parallels:
    // for boxes of 0.2° the two differ by less than 1e-6 of the area.
    private static double QuadrangleKm2(double w, double s, double e, double n)
    {
        const double a = 6378137.0, f = 1 / 298.257223563;
        var e2 = f * (2 - f);
        var ecc = Math.Sqrt(e2);
        var b = a * (1 - f);
        double F(double deg)
        {
            var x = Math.Sin(deg * Math.PI / 180);
            return x / (2 * (1 - e2 * x * x)) + Math.Log((1 + ecc * x) / (1 - ecc * x)) / (4 * ecc);
        }
        return (e - w) * Math.PI / 180 * b * b * (F(n) - F(s)) / 1e6;
    }

    private async Task<string> NowAsync() =>
        (await api.ScalarAsync<DateTime>("SELECT clock_timestamp()")).ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private async Task<long> IncidentAsync(HttpClient reporter, double lon, double lat, string occurredAt)
    {
        var res = await reporter.PostAsync("/api/incidents", Json(Report(set: r => { r["lon"] = lon; r["lat"] = lat; r["occurredAt"] = occurredAt; })));
        Assert.Equal(HttpStatusCode.Created, res.StatusCode);
        return (await BodyAsync(res)).GetProperty("id").GetInt64();
    }

    // Draws the layers and the incidents once for the class: every test reads the same history.
    private Task<HistoryWorld> WorldAsync()
    {
        lock (api) return api.World ??= BuildAsync();
    }

    private async Task<HistoryWorld> BuildAsync()
    {
        var admin = await api.CreateClientAsAsync(Role.Admin, "history-admin");
        var reporter = await api.CreateClientAsAsync(Role.Reporter);
        var before = await NowAsync();
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync("/api/zones/hist-zone", Json(Box("History zone", 35.6, 33.6, 35.8, 33.8)))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync("/api/truces/hist-truce", Json(new JsonObject
        {
            ["name"] = "History truce", ["start"] = "2025-01-01T00:00:00Z", ["end"] = "2025-01-11T00:00:00Z", ["source"] = "history test",
        }))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync("/api/lines/hist-line", Json(new JsonObject
        {
            ["name"] = "History line", ["kind"] = "other", ["source"] = "history test",
            ["geometry"] = JsonNode.Parse("""{"type":"LineString","coordinates":[[35.1,33.5],[35.9,33.5]]}"""),
        }))).StatusCode);
        var atV1 = await NowAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync("/api/zones/hist-zone", Json(Box("History zone", 35.6, 33.85, 35.8, 33.95)))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/api/truces/hist-truce/extensions",
            Json(new JsonObject { ["newEnd"] = "2025-01-21T00:00:00Z", ["source"] = "history test" }))).StatusCode);
        // The line moves 0.02° north: echo "33.5 35.5 0 1" | geod … puts 1 m at 0.000009° here, so about 2.2 km.
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync("/api/lines/hist-line", Json(new JsonObject
        {
            ["name"] = "History line", ["kind"] = "other", ["source"] = "history test",
            ["geometry"] = JsonNode.Parse("""{"type":"LineString","coordinates":[[35.1,33.52],[35.9,33.52]]}"""),
        }))).StatusCode);
        var atV2 = await NowAsync();
        var inV1 = await IncidentAsync(reporter, 35.7, 33.7, "2025-01-05T12:00:00Z");
        var inV2 = await IncidentAsync(reporter, 35.7, 33.9, "2025-01-05T12:00:00Z");
        // Inside the redrawn zone, during the extension only.
        var late = await IncidentAsync(reporter, 35.7, 33.9, "2025-01-15T12:00:00Z");
        // Published, so that every reader (these tests read anonymously) is served them.
        var path = await LifecyclePath.CreateAsync(api);
        foreach (var id in new[] { inV1, inV2, late }) await path.PublishAsync(id);
        return new HistoryWorld(before, atV1, atV2, inV1, inV2, late);
    }

    private static long[] Ids(JsonElement fc) => [.. fc.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetInt64()).Order()];

    private async Task<JsonElement> GetAsync(string url)
    {
        var res = await api.CreateClient().GetAsync(url);
        Assert.True(res.StatusCode == HttpStatusCode.OK, $"{url}: {(int)res.StatusCode} {await res.Content.ReadAsStringAsync()}");
        return await BodyAsync(res);
    }

    [Fact]
    public async Task A_zone_read_as_of_an_instant_is_the_version_recorded_then()
    {
        var w = await WorldAsync();
        var v1 = await GetAsync($"/api/zones/hist-zone?asOf={w.AtV1}");
        var v2 = await GetAsync($"/api/zones/hist-zone?asOf={w.AtV2}");
        var now = await GetAsync("/api/zones/hist-zone");
        Assert.Equal(1, v1.GetProperty("properties").GetProperty("version").GetInt32());
        Assert.Equal(2, v2.GetProperty("properties").GetProperty("version").GetInt32());
        Assert.Equal(now.GetRawText(), v2.GetRawText());
        Assert.Equal(33.8, v1.GetProperty("geometry").GetProperty("coordinates")[0][0].EnumerateArray().Max(p => p[1].GetDouble()));
        Assert.Equal(33.95, v2.GetProperty("geometry").GetProperty("coordinates")[0][0].EnumerateArray().Max(p => p[1].GetDouble()));
        // The collection too: the zone as it was, and before it existed, not at all.
        var list = await GetAsync($"/api/zones?asOf={w.AtV1}");
        Assert.Equal(1, list.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("id").GetString() == "hist-zone")
            .GetProperty("properties").GetProperty("version").GetInt32());
        Assert.DoesNotContain((await GetAsync($"/api/zones?asOf={w.BeforeAll}")).GetProperty("features").EnumerateArray(),
            f => f.GetProperty("id").GetString() == "hist-zone");
        // OGC API's zones collection takes asOf too.
        var ogc = await GetAsync($"/ogc/collections/zones/items?slug=hist-zone&asOf={w.AtV1}");
        Assert.Equal(33.8, ogc.GetProperty("features")[0].GetProperty("geometry").GetProperty("coordinates")[0][0].EnumerateArray().Max(p => p[1].GetDouble()));
        Assert.Equal(33.95, (await GetAsync("/ogc/collections/zones/items?slug=hist-zone")).GetProperty("features")[0]
            .GetProperty("geometry").GetProperty("coordinates")[0][0].EnumerateArray().Max(p => p[1].GetDouble()));
    }

    [Fact]
    public async Task AsOf_before_a_layer_existed_is_a_404_naming_its_earliest_version()
    {
        var w = await WorldAsync();
        foreach (var url in new[] { $"/api/zones/hist-zone?asOf={w.BeforeAll}", $"/api/truces/hist-truce?asOf={w.BeforeAll}", $"/api/lines/hist-line?asOf={w.BeforeAll}" })
        {
            var res = await api.CreateClient().GetAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, res.StatusCode);
            var p = await BodyAsync(res);
            Assert.Equal("asOf", p.GetProperty("parameter").GetString());
            Assert.Equal(1, p.GetProperty("earliestVersion").GetInt32());
            Assert.Contains("earliest version (1) was recorded at", p.GetProperty("detail").GetString());
        }
        // The same for an incident filter naming the zone, on REST and GraphQL.
        var rest = await api.CreateClient().GetAsync($"/api/incidents?zone=hist-zone&asOf={w.BeforeAll}");
        Assert.Equal(HttpStatusCode.NotFound, rest.StatusCode);
        Assert.Contains("earliest version (1)", (await BodyAsync(rest)).GetProperty("detail").GetString());
        var gql = await BodyAsync(await api.CreateClient().PostAsync("/graphql", Json(new JsonObject
        {
            ["query"] = $"{{ incidents(filter: {{withinZone: \"hist-zone\", asOf: \"{w.BeforeAll}\"}}) {{ edges {{ node {{ id }} }} }} }}",
        })));
        var error = gql.GetProperty("errors")[0];
        Assert.Equal("NOT_FOUND", error.GetProperty("extensions").GetProperty("code").GetString());
        Assert.Contains("earliest version (1)", error.GetProperty("message").GetString());
        // A slug that never existed is the plain 404.
        Assert.Equal(HttpStatusCode.NotFound, (await api.CreateClient().GetAsync($"/api/zones/never-drawn?asOf={w.AtV2}")).StatusCode);
    }

    [Fact]
    public async Task The_headline_query_tests_the_zone_and_truce_as_recorded_at_asOf()
    {
        var w = await WorldAsync();
        // "Incidents in zone X during truce Y, with X as it was drawn on date D": before the redraw and the extension, the
        // first box and the ten-day window; after, the second box and the extended window.
        Assert.Equal([w.InV1], Ids(await GetAsync($"/api/incidents?zone=hist-zone&truce=hist-truce&asOf={w.AtV1}")));
        Assert.Equal(new[] { w.InV2, w.Late }.Order(), Ids(await GetAsync($"/api/incidents?zone=hist-zone&truce=hist-truce&asOf={w.AtV2}")));
        Assert.Equal(new[] { w.InV2, w.Late }.Order(), Ids(await GetAsync("/api/incidents?zone=hist-zone&truce=hist-truce")));
        // Not the stored enrichment: it knows only the current zone.
        Assert.Empty((await GetAsync($"/api/incidents/{w.InV1}")).GetProperty("properties").GetProperty("zones").EnumerateArray());
        // The same question on OGC API and GraphQL (the query core, whichever surface).
        Assert.Equal([w.InV1], Ids(await GetAsync($"/ogc/collections/incidents/items?zone=hist-zone&truce=hist-truce&asOf={w.AtV1}&limit=100")));
        var gql = await BodyAsync(await api.CreateClient().PostAsync("/graphql", Json(new JsonObject
        {
            ["query"] = $$"""
                { zone(slug: "hist-zone", asOf: "{{w.AtV1}}") { version incidents(filter: {duringTruce: "hist-truce"}) { edges { node { id } } } }
                  now: incidents(filter: {withinZone: "hist-zone", duringTruce: "hist-truce"}) { edges { node { id } } } }
                """,
        })));
        Assert.False(gql.TryGetProperty("errors", out var errs), errs.ToString());
        var zone = gql.GetProperty("data").GetProperty("zone");
        Assert.Equal(1, zone.GetProperty("version").GetInt32());
        Assert.Equal([w.InV1.ToString(CultureInfo.InvariantCulture)], zone.GetProperty("incidents").GetProperty("edges").EnumerateArray()
            .Select(e => e.GetProperty("node").GetProperty("id").GetString()));
        Assert.Equal(2, gql.GetProperty("data").GetProperty("now").GetProperty("edges").GetArrayLength());
    }

    [Fact]
    public async Task A_line_filter_as_of_an_instant_measures_to_the_line_recorded_then()
    {
        var w = await WorldAsync();
        var reporter = await api.CreateClientAsAsync(Role.Reporter);
        var path = await LifecyclePath.CreateAsync(api);
        // 1 km north of the first line, about 1.2 km south of the second: echo "33.5 35.5 0 1000" | geod +ellps=WGS84 -f "%.9f" → 33.509016038.
        var id = await IncidentAsync(reporter, 35.5, 33.509016038, "2025-02-01T00:00:00Z");
        await path.PublishAsync(id);
        Assert.Contains(id, Ids(await GetAsync($"/api/incidents?line=hist-line&lineDistance=1100&asOf={w.AtV1}&limit=1000")));
        Assert.DoesNotContain(id, Ids(await GetAsync($"/api/incidents?line=hist-line&lineDistance=1100&asOf={w.AtV2}&limit=1000")));
        Assert.DoesNotContain(id, Ids(await GetAsync("/api/incidents?line=hist-line&lineDistance=1100&limit=1000")));
    }

    [Fact]
    public async Task The_side_of_the_Blue_Line_as_of_an_instant_is_the_side_of_that_version()
    {
        await WorldAsync();
        var admin = await api.CreateClientAsAsync(Role.Admin);
        var reporter = await api.CreateClientAsAsync(Role.Reporter);
        var path = await LifecyclePath.CreateAsync(api);
        JsonObject Blue(double lat) => new()
        {
            ["name"] = "History Blue Line", ["kind"] = "blue_line", ["source"] = "history test",
            ["geometry"] = JsonNode.Parse(FormattableString.Invariant($"{{\"type\":\"LineString\",\"coordinates\":[[35.1,{lat}],[35.9,{lat}]]}}")),
        };
        Assert.True((await admin.PutAsync("/api/lines/hist-blue", Json(Blue(33.5)))).IsSuccessStatusCode);
        var before = await NowAsync();
        // Between the two versions of the line: north of the first (33.5), south of the second (33.52).
        var id = await IncidentAsync(reporter, 35.5, 33.51, "2025-02-01T00:00:00Z");
        await path.PublishAsync(id);
        Assert.True((await admin.PutAsync("/api/lines/hist-blue", Json(Blue(33.52)))).IsSuccessStatusCode);
        var after = await NowAsync();
        Assert.Contains(id, Ids(await GetAsync($"/api/incidents?side=north&asOf={before}&limit=10000")));
        Assert.DoesNotContain(id, Ids(await GetAsync($"/api/incidents?side=north&asOf={after}&limit=10000")));
        Assert.Contains(id, Ids(await GetAsync($"/api/incidents?side=south&asOf={after}&limit=10000")));
        // The stored side follows the current line.
        Assert.Contains(id, Ids(await GetAsync("/api/incidents?side=south&limit=10000")));
        Assert.Equal("south", (await GetAsync($"/api/incidents/{id}")).GetProperty("properties").GetProperty("blueLineSide").GetString());
    }

    [Fact]
    public async Task Versions_list_each_change_with_its_difference()
    {
        var w = await WorldAsync();
        var zone = await GetAsync("/api/zones/hist-zone/versions");
        var versions = zone.GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal([1, 2], versions.Select(v => v.GetProperty("version").GetInt32()));
        Assert.Equal(["create", "update"], versions.Select(v => v.GetProperty("change").GetString()));
        Assert.Equal("history-admin", versions[1].GetProperty("recordedBy").GetString());
        Assert.Equal(versions[1].GetProperty("recordedFrom").GetString(), versions[0].GetProperty("recordedTo").GetString());
        Assert.Equal(JsonValueKind.Null, versions[1].GetProperty("recordedTo").ValueKind);
        var a1 = QuadrangleKm2(35.6, 33.6, 35.8, 33.8);
        var a2 = QuadrangleKm2(35.6, 33.85, 35.8, 33.95);
        Assert.Equal(a1, versions[0].GetProperty("areaKm2").GetDouble(), 0.002);
        Assert.Equal(a2, versions[1].GetProperty("areaKm2").GetDouble(), 0.002);
        var diff = versions[1].GetProperty("diff");
        Assert.Equal(1, diff.GetProperty("fromVersion").GetInt32());
        Assert.Equal(a2 - a1, diff.GetProperty("areaKm2").GetDouble(), 0.003);
        // The boxes do not overlap: everything of the second was added, everything of the first removed.
        Assert.Equal(a2, diff.GetProperty("addedKm2").GetDouble(), 0.002);
        Assert.Equal(a1, diff.GetProperty("removedKm2").GetDouble(), 0.002);

        var truce = (await GetAsync("/api/truces/hist-truce/versions")).GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal(2, truce.Count);
        Assert.Equal("2025-01-11T00:00:00Z", truce[0].GetProperty("end").GetString());
        Assert.Equal(10.0, truce[1].GetProperty("diff").GetProperty("endMovedDays").GetDouble());
        Assert.Equal(0.0, truce[1].GetProperty("diff").GetProperty("startMovedDays").GetDouble());
        Assert.Equal(10.0, truce[1].GetProperty("diff").GetProperty("durationDays").GetDouble());

        // The line moved 0.02° of latitude north everywhere: echo "33.5 35.1 33.52 35.1" | geod +ellps=WGS84 -I → 2218.271 m
        // (the Hausdorff distance is measured in UTM 36N, whose scale at 35–36° E is within 0.06 % of 1).
        var line = (await GetAsync("/api/lines/hist-line/versions")).GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal(2218.271, line[1].GetProperty("diff").GetProperty("maxShiftM").GetDouble(), 2218.271 * 0.002);

        Assert.Equal(HttpStatusCode.NotFound, (await api.CreateClient().GetAsync("/api/corridors/never-drawn/versions")).StatusCode);
        _ = w;
    }

    [Fact]
    public async Task Zone_tiles_follow_asOf()
    {
        var w = await WorldAsync();
        // A z10 tile holding both boxes; their features' extents in tile rows tell which box was drawn.
        var (x, y, _, _) = Mvt.Locate(35.7, 33.8, 10);
        async Task<double> NorthernmostLat(string query)
        {
            var res = await api.CreateClient().GetAsync($"/tiles/zones/10/{x}/{y}.mvt{query}");
            Assert.Equal(HttpStatusCode.OK, res.StatusCode);
            var zones = Mvt.Decode(await res.Content.ReadAsByteArrayAsync()).Single(l => l.Name == "zones");
            var f = zones.Features.Single(z => (string)z.Tags["slug"] == "hist-zone");
            var top = f.Paths.SelectMany(p => p).Min(p => p.Y);
            // Tile row → latitude (Web Mercator), independent of the server.
            var n = Math.PI - 2 * Math.PI * (y + top / 4096.0) / 1024;
            return 180 / Math.PI * Math.Atan(Math.Sinh(n));
        }
        Assert.Equal(33.8, await NorthernmostLat($"?asOf={w.AtV1}"), 0.01);
        Assert.Equal(33.95, await NorthernmostLat($"?asOf={w.AtV2}"), 0.01);
        Assert.Equal(33.95, await NorthernmostLat(""), 0.01);
    }

    [Fact]
    public async Task GraphQL_reads_layers_as_of_an_instant_and_lists_their_versions()
    {
        var w = await WorldAsync();
        var gql = await BodyAsync(await api.CreateClient().PostAsync("/graphql", Json(new JsonObject
        {
            ["query"] = $$"""
                { then: truce(slug: "hist-truce", asOf: "{{w.AtV1}}") { end version }
                  truce(slug: "hist-truce") { end version versions { version change end diff { endMovedDays } } }
                  zones(asOf: "{{w.AtV1}}") { slug version geometry }
                  line(slug: "hist-line", asOf: "{{w.AtV1}}") { version geometry } }
                """,
        })));
        Assert.False(gql.TryGetProperty("errors", out var errs), errs.ToString());
        var d = gql.GetProperty("data");
        Assert.Equal("2025-01-11T00:00:00Z", d.GetProperty("then").GetProperty("end").GetString());
        Assert.Equal("2025-01-21T00:00:00Z", d.GetProperty("truce").GetProperty("end").GetString());
        Assert.Equal(["CREATE", "UPDATE"], d.GetProperty("truce").GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("change").GetString()));
        Assert.Equal(10.0, d.GetProperty("truce").GetProperty("versions")[1].GetProperty("diff").GetProperty("endMovedDays").GetDouble());
        var zone = d.GetProperty("zones").EnumerateArray().Single(z => z.GetProperty("slug").GetString() == "hist-zone");
        Assert.Equal(1, zone.GetProperty("version").GetInt32());
        Assert.Equal(33.8, zone.GetProperty("geometry").GetProperty("coordinates")[0][0].EnumerateArray().Max(p => p[1].GetDouble()));
        Assert.Equal(33.5, d.GetProperty("line").GetProperty("geometry").GetProperty("coordinates")[0][0][1].GetDouble());

        var before = await BodyAsync(await api.CreateClient().PostAsync("/graphql", Json(new JsonObject
        {
            ["query"] = $"{{ zone(slug: \"hist-zone\", asOf: \"{w.BeforeAll}\") {{ slug }} }}",
        })));
        Assert.Equal("NOT_FOUND", before.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
    }
}
