using System.Net;
using System.Text.Json.Nodes;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Tests.Infrastructure;
using static GeoMonitor.Api.Tests.Uploads.UploadWorld;

namespace GeoMonitor.Api.Tests.Uploads;

/// <summary>
/// Every location format posted through the API lands within 1 m of a place of ../shared/reference/gazetteer.csv.
/// The reference values in other systems were produced by PROJ's cs2cs (Debian proj-bin), an implementation
/// independent of ProjNet; EPSG:4326 input to cs2cs is "lat lon". MGRS references were derived by hand from the
/// UTM values (100 km square letters: zone 36 is set 6, columns S–Z, rows offset by 5 for an even zone;
/// zone 37 is set 1, columns A–H, rows not offset), truncated to 1 m.
/// </summary>
public sealed class CoordinateFormatTests(UploadFixture api) : IClassFixture<UploadFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => SeedAsync(api);
    public Task DisposeAsync() => Task.CompletedTask;

    // Khiam: 33°19′37.80″N 35°36′39.96″E (gazetteer) = 33.3271667, 35.6111000.
    private const double KhiamLat = 33.3271667, KhiamLon = 35.6111000;
    // echo "33.3271667 35.6111000" | cs2cs -f "%.3f" EPSG:4326 EPSG:32636  → 743047.474 3690601.650
    private const string KhiamUtm36E = "743047.474", KhiamUtm36N = "3690601.650";
    // echo "33.3271667 35.6111000" | cs2cs -f "%.3f" EPSG:4326 EPSG:2039   → 257319.587 803574.838
    private const string KhiamItmE = "257319.587", KhiamItmN = "803574.838";
    // echo "33.3271667 35.6111000" | cs2cs -f "%.3f" EPSG:4326 EPSG:3857   → 3964209.519 3938810.824
    private const string KhiamMercX = "3964209.519", KhiamMercY = "3938810.824";
    // From UTM 36N 743047 3690601: column 7 → Y, row 36 → (36 mod 20 + 5) mod 20 = 1 → B.
    private const string KhiamMgrs = "36S YB 43047 90601";

    // Ras Naqoura / Rosh HaNikra: 33.0931222, 35.1047667 (gazetteer).
    private const double NaqouraLat = 33.0931222, NaqouraLon = 35.1047667;
    // echo "33.0931222 35.1047667" | cs2cs -f "%.3f" EPSG:4326 EPSG:32636  → 696429.708 3663581.032
    private const string NaqouraUtm36E = "696429.708", NaqouraUtm36N = "3663581.032";
    // echo "33.0931222 35.1047667" | cs2cs -f "%.3f" EPSG:4326 EPSG:2039   → 210151.096 777547.653
    private const string NaqouraItmE = "210151.096", NaqouraItmN = "777547.653";
    // From UTM 36N 696429 3663581: column 6 → X, row 36 → B.
    private const string NaqouraMgrs = "36SXB9642963581";

    // Litani source (el-Oleik springs): 34.014444, 36.097778 (gazetteer), east of 36°E: UTM zone 37.
    private const double LitaniLat = 34.014444, LitaniLon = 36.097778;
    // echo "34.014444 36.097778" | cs2cs -f "%.3f" EPSG:4326 EPSG:32637  → 231988.245 3767556.581
    private const string LitaniUtm37E = "231988.245", LitaniUtm37N = "3767556.581";
    // From UTM 37N 231988 3767556: column 2 → B, row 37 mod 20 = 17 → T.
    private const string LitaniMgrs = "37S BT 31988 67556";

    public static TheoryData<string, string, double, double, string> Formats() => new()
    {
        // name, location JSON members, expected lon, lat, expected raw_crs
        { "lon/lat", $$"""{"lon": {{KhiamLon}}, "lat": {{KhiamLat}}}""", KhiamLon, KhiamLat, "EPSG:4326" },
        { "decimal degrees, lat first", """{"coordinate": "33.3271667, 35.6111"}""", KhiamLon, KhiamLat, "EPSG:4326" },
        { "decimal degrees with hemispheres", """{"coordinate": "N 33.3271667 E 35.6111"}""", KhiamLon, KhiamLat, "EPSG:4326" },
        { "DMS with symbols", """{"coordinate": "33°19'37.80\"N 35°36'39.96\"E"}""", KhiamLon, KhiamLat, "EPSG:4326" },
        { "DMS with typographic marks", """{"coordinate": "33°19′37.80″N 35°36′39.96″E"}""", KhiamLon, KhiamLat, "EPSG:4326" },
        { "DMS without symbols", """{"coordinate": "33 19 37.80 N 35 36 39.96 E"}""", KhiamLon, KhiamLat, "EPSG:4326" },
        { "MGRS 36S", $$"""{"mgrs": "{{KhiamMgrs}}"}""", KhiamLon, KhiamLat, "MGRS" },
        { "MGRS as a coordinate string", $$"""{"coordinate": "{{KhiamMgrs}}"}""", KhiamLon, KhiamLat, "MGRS" },
        { "MGRS without spaces", $$"""{"mgrs": "{{NaqouraMgrs}}"}""", NaqouraLon, NaqouraLat, "MGRS" },
        { "MGRS 37S", $$"""{"mgrs": "{{LitaniMgrs}}"}""", LitaniLon, LitaniLat, "MGRS" },
        { "UTM 36N x/y", $$"""{"x": {{KhiamUtm36E}}, "y": {{KhiamUtm36N}}, "crs": "EPSG:32636"}""", KhiamLon, KhiamLat, "EPSG:32636" },
        { "UTM 36N x/y, Naqoura", $$"""{"x": {{NaqouraUtm36E}}, "y": {{NaqouraUtm36N}}, "crs": 32636}""", NaqouraLon, NaqouraLat, "EPSG:32636" },
        { "UTM 37N x/y", $$"""{"easting": {{LitaniUtm37E}}, "northing": {{LitaniUtm37N}}, "crs": "EPSG:32637"}""", LitaniLon, LitaniLat, "EPSG:32637" },
        { "UTM with zone as text", $$"""{"coordinate": "36N {{KhiamUtm36E}} {{KhiamUtm36N}}"}""", KhiamLon, KhiamLat, "EPSG:32636" },
        { "Israeli TM Grid x/y", $$"""{"x": {{KhiamItmE}}, "y": {{KhiamItmN}}, "crs": "EPSG:2039"}""", KhiamLon, KhiamLat, "EPSG:2039" },
        { "Israeli TM Grid x/y, Naqoura", $$"""{"x": {{NaqouraItmE}}, "y": {{NaqouraItmN}}, "crs": "urn:ogc:def:crs:EPSG::2039"}""", NaqouraLon, NaqouraLat, "EPSG:2039" },
        { "Israeli TM Grid text with crs", $$"""{"coordinate": "{{KhiamItmE}} {{KhiamItmN}}", "crs": "EPSG:2039"}""", KhiamLon, KhiamLat, "EPSG:2039" },
        { "Israeli TM Grid text with prefix", $$"""{"coordinate": "ITM {{KhiamItmE}} {{KhiamItmN}}"}""", KhiamLon, KhiamLat, "EPSG:2039" },
        { "Web Mercator x/y", $$"""{"x": {{KhiamMercX}}, "y": {{KhiamMercY}}, "crs": "EPSG:3857"}""", KhiamLon, KhiamLat, "EPSG:3857" },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Every_format_lands_within_a_metre_of_the_reference(string name, string location, double lon, double lat, string rawCrs)
    {
        var report = Report();
        report.Remove("lon");
        report.Remove("lat");
        foreach (var (k, v) in JsonNode.Parse(location)!.AsObject()) report[k] = v?.DeepClone();

        var res = await (await api.CreateClientAsAsync(Role.Reporter)).PostAsync("/api/incidents", Json(report));

        Assert.True(res.StatusCode == HttpStatusCode.Created, $"{name}: {(int)res.StatusCode} {await res.Content.ReadAsStringAsync()}");
        var body = await BodyAsync(res);
        var id = body.GetProperty("id").GetInt64();
        var metres = await DistanceMetresAsync(api, id, lon, lat);
        Assert.True(metres < 1.0, $"{name}: {metres:F3} m from the reference");
        Assert.Equal(rawCrs, body.GetProperty("location").GetProperty("rawCrs").GetString());
        Assert.Equal(rawCrs, await api.ScalarAsync<string>("SELECT raw_crs FROM incidents WHERE id = $1", id));
        Assert.False(string.IsNullOrEmpty(await api.ScalarAsync<string>("SELECT raw_coordinate FROM incidents WHERE id = $1", id)));
    }

    [Fact]
    public async Task The_raw_text_is_stored_as_sent()
    {
        var report = Report(set: o => { o.Remove("lon"); o.Remove("lat"); o["mgrs"] = "36s yb 43047 90601"; });
        var res = await (await api.CreateClientAsAsync(Role.Reporter)).PostAsync("/api/incidents", Json(report));
        var id = (await BodyAsync(res)).GetProperty("id").GetInt64();
        Assert.Equal("36s yb 43047 90601", await api.ScalarAsync<string>("SELECT raw_coordinate FROM incidents WHERE id = $1", id));
    }

    [Theory]
    [InlineData("""{"mgrs": "33.3271667, 35.6111"}""", "mgrs", "not an MGRS reference")]
    [InlineData("""{"x": 743047.474, "y": 3690601.650}""", "crs", "need crs")]
    [InlineData("""{"x": 743047.474, "y": 3690601.650, "crs": "EPSG:999999"}""", "crs", "999999")]
    [InlineData("""{"x": 743047.474, "y": 3690601.650, "crs": "WGS84"}""", "crs", "not an EPSG code")]
    [InlineData("""{"x": 1e308, "y": 3690601.650, "crs": "EPSG:32636"}""", "location", "")]
    [InlineData("""{"coordinate": "33°61'00\"N 35°36'39\"E"}""", "coordinate", "")]
    [InlineData("""{"coordinate": "NaN, NaN"}""", "coordinate", "")]
    [InlineData("""{"lon": 35.6}""", "lat", "without lat")]
    [InlineData("""{"lon": 35.6, "lat": 33.3, "crs": "EPSG:2039"}""", "crs", "WGS 84")]
    [InlineData("""{}""", "location", "location is required")]
    public async Task Unusable_locations_are_422_naming_the_field(string location, string field, string message)
    {
        var report = Report();
        report.Remove("lon");
        report.Remove("lat");
        foreach (var (k, v) in JsonNode.Parse(location)!.AsObject()) report[k] = v?.DeepClone();
        var before = await CountsAsync(api);

        var res = await (await api.CreateClientAsAsync(Role.Reporter)).PostAsync("/api/incidents", Json(report));

        var p = await BadInputTests.AssertProblem(res, 422, "invalid-incident");
        Assert.Contains(p.GetProperty("errors").EnumerateArray(),
            e => e.GetProperty("field").GetString() == field && e.GetProperty("message").GetString()!.Contains(message));
        Assert.Equal(before, await CountsAsync(api));
    }
}
