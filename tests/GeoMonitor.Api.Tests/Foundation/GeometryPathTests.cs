using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GeoMonitor.Api.Tests.GraphQL;
using GeoMonitor.Api.Tests.Notifications;
using static GeoMonitor.Api.Tests.Notifications.TruceWorld;

namespace GeoMonitor.Api.Tests.Foundation;

/// <summary>
/// The writes and filters whose geometries go to PostGIS as parameters through the NetTopologySuite plugin, end to
/// end: an admin's zone (stored, measured, found by an OGC bbox in Web Mercator), a notification's area read back from
/// the database for its conflicts, and the 4xx problems that bad geometry gets on each surface, which name the field
/// and the JSON path of the position at fault (the GeoJSON reader's messages, kept word for word).
/// </summary>
public sealed class GeometryPathTests(TruceFixture api) : IClassFixture<TruceFixture>
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static string Box(double w, double s, double e, double n) =>
        string.Create(CultureInfo.InvariantCulture, $"[[[{w},{s}],[{e},{s}],[{e},{n}],[{w},{n}],[{w},{s}]]]");

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage res, HttpStatusCode status, string type)
    {
        var text = await res.Content.ReadAsStringAsync();
        Assert.True(res.StatusCode == status, $"{(int)res.StatusCode} {text}");
        Assert.Equal("application/problem+json", res.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(text).RootElement.Clone();
        Assert.EndsWith("/" + type, body.GetProperty("type").GetString());
        return body;
    }

    private static (string Field, string Message) OnlyError(JsonElement problem)
    {
        var e = Assert.Single(problem.GetProperty("errors").EnumerateArray().ToList());
        return (e.GetProperty("field").GetString()!, e.GetProperty("message").GetString()!);
    }

    [Fact]
    public async Task A_zone_written_by_an_admin_has_its_quadrangle_area_and_an_OGC_bbox_in_web_mercator_finds_it()
    {
        var body = $$$"""{"name":"Known square","kind":"other","source":"test","geometry":{"type":"Polygon","coordinates":{{{Box(35.80, 33.00, 35.81, 33.01)}}}}}""";
        var res = await api.Admin.PutAsync("/api/zones/known-square", Json(body));
        Assert.Equal(HttpStatusCode.Created, res.StatusCode);

        var area = await api.ScalarAsync<double>("SELECT ST_Area(geom::geography) FROM zones WHERE slug = 'known-square'");
        var expected = Ellipsoid.QuadrangleArea(35.80, 33.00, 35.81, 33.01);
        Assert.InRange(area, expected * (1 - 1e-5), expected * (1 + 1e-5));
        Assert.Equal(4326, await api.ScalarAsync<int>("SELECT ST_SRID(geom) FROM zones WHERE slug = 'known-square'"));

        // x = a·λ, y = a·ln tan(π/4 + φ/2): a box east of the square touches it at 35.81 or stops 0.001° short.
        static string Mercator(double w, double s, double e, double n)
        {
            double X(double lon) => Ellipsoid.A * lon * Math.PI / 180;
            double Y(double lat) => Ellipsoid.A * Math.Log(Math.Tan(Math.PI / 4 + lat * Math.PI / 360));
            return string.Create(CultureInfo.InvariantCulture, $"{X(w)},{Y(s)},{X(e)},{Y(n)}");
        }
        async Task<List<string>> Slugs(string bbox)
        {
            var page = await api.Reader.GetFromJsonAsync<JsonElement>(
                $"/ogc/collections/zones/items?bbox={bbox}&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/3857");
            return [.. page.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("slug").GetString()!)];
        }
        Assert.Contains("known-square", await Slugs(Mercator(35.805, 33.004, 35.82, 33.006)));
        Assert.DoesNotContain("known-square", await Slugs(Mercator(35.811, 33.004, 35.82, 33.006)));
    }

    [Fact]
    public async Task A_stored_notifications_conflicts_are_checked_with_its_area_read_back_from_the_database()
    {
        // alpha's area covers the east half of bravo's box (lon 35.60–35.61, lat 33.40–33.41) and runs on east.
        var body = JsonNode.Parse($$$"""
            {"kind":"convoy","start":"{{{BravoStart}}}","end":"{{{BravoEnd}}}","area":{"type":"Polygon","coordinates":{{{Box(35.605, BravoLat0, 35.615, BravoLat1)}}}}}
            """)!;
        var filed = await api.Alpha.PostAsJsonAsync("/api/notifications", body);
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        var id = (await filed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        var conflicts = (await api.Alpha.GetFromJsonAsync<JsonElement>($"/api/notifications/{id}/conflicts")).GetProperty("conflicts");
        var withBravo = Assert.Single(conflicts.EnumerateArray().Where(c => c.GetProperty("kind").GetString() == "notification").ToList());
        Assert.Equal(await BravoNotificationAsync(api), withBravo.GetProperty("id").GetInt64());
        var expected = Ellipsoid.QuadrangleArea(35.605, BravoLat0, BravoLon1, BravoLat1);
        var overlap = withBravo.GetProperty("where").GetProperty("areaM2").GetDouble();
        Assert.InRange(overlap, expected * (1 - 1e-5), expected * (1 + 1e-5));
    }

    [Fact]
    public async Task A_zone_whose_ring_is_open_is_a_422_naming_the_geometry_and_the_ring()
    {
        var body = """{"name":"x","kind":"other","source":"t","geometry":{"type":"Polygon","coordinates":[[[35,33],[35.1,33],[35.1,33.1],[35,33.1]]]}}""";
        var problem = await ProblemAsync(await api.Admin.PutAsync("/api/zones/open-ring", Json(body)), HttpStatusCode.UnprocessableEntity, "invalid-layer");
        Assert.Equal(("geometry", "Polygon ring is not closed: the first position (35, 33) differs from the last (35, 33.1); repeat the first position at the end (at $.coordinates[0])"),
            OnlyError(problem));
        Assert.Equal(0, await api.ScalarAsync<long>("SELECT count(*) FROM zones WHERE slug = 'open-ring'"));
    }

    [Fact]
    public async Task A_notification_area_with_a_latitude_out_of_range_is_a_422_naming_the_area_and_the_position()
    {
        var body = $$$"""{"kind":"convoy","start":"{{{BravoStart}}}","end":"{{{BravoEnd}}}","area":{"type":"Polygon","coordinates":[[[35,33],[35.1,33],[35.1,95],[35,33]]]}}""";
        var before = await api.ScalarAsync<long>("SELECT count(*) FROM notifications");
        var problem = await ProblemAsync(await api.Alpha.PostAsync("/api/notifications", Json(body)), HttpStatusCode.UnprocessableEntity, "invalid-notification");
        Assert.Equal(("area", "Latitude 95 is outside -90..90 (positions are [longitude, latitude]) (at $.coordinates[0][2])"), OnlyError(problem));
        Assert.Equal(before, await api.ScalarAsync<long>("SELECT count(*) FROM notifications"));
    }

    [Fact]
    public async Task A_graphql_within_area_with_a_string_for_a_number_is_bad_user_input_naming_the_argument_and_the_position()
    {
        var e = await api.Reader.Error("BAD_USER_INPUT", "query ($area: GeoJSON) { incidents(filter: {within: $area}) { totalCount } }",
            new { area = JsonNode.Parse("""{"type":"Polygon","coordinates":[[[35,33],[35.1,"33"],[35.1,33.1],[35,33]]]}""") });
        Assert.Equal("within: Position values must be numbers, found a string (at $.coordinates[0][1])", e.GetProperty("message").GetString());
        Assert.Equal("filter.within", e.GetProperty("extensions").GetProperty("argument").GetString());
    }
}
