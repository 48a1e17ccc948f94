using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Tests.Infrastructure;
using static GeoMonitor.Api.Tests.Notifications.TruceWorld;

namespace GeoMonitor.Api.Tests.Notifications;

/// <summary>
/// Filing, acknowledging and withdrawing pre-notifications: coordinates in every notation uploads accept (references
/// from PROJ's cs2cs, as in the upload tests), the route's band in metres, who may do what, and every bad input refused
/// with a 4xx problem naming the field while nothing is written.
/// </summary>
public sealed class NotificationWriteTests(TruceFixture api) : IClassFixture<TruceFixture>
{
    // Khiam 33.3271667, 35.6111; Ras Naqoura 33.0931222, 35.1047667; the Litani's source 34.014444, 36.097778 (gazetteer).
    // echo "33.3271667 35.6111000" | cs2cs -f "%.3f" EPSG:4326 EPSG:32636  → 743047.474 3690601.650
    // echo "33.0931222 35.1047667" | cs2cs -f "%.3f" EPSG:4326 EPSG:2039   → 210151.096 777547.653
    // echo "33.3271667 35.6111000" | cs2cs -f "%.3f" EPSG:4326 EPSG:2039   → 257319.587 803574.838
    // echo "34.014444 36.097778" | cs2cs -f "%.3f" EPSG:4326 EPSG:32637    → 231988.245 3767556.581
    private static readonly (double Lon, double Lat) Khiam = (35.6111, 33.3271667), Naqoura = (35.1047667, 33.0931222), Litani = (36.097778, 34.014444);

    private async Task<(long Notifications, string State)> StateAsync() =>
        (await api.ScalarAsync<long>("SELECT count(*) FROM notifications"),
         await api.ScalarAsync<string>("SELECT coalesce(string_agg(id || status || version, ',' ORDER BY id), '') FROM notifications"));

    private async Task<JsonElement> FileAsync(HttpClient client, JsonObject body, HttpStatusCode expected = HttpStatusCode.Created)
    {
        var res = await client.PostAsJsonAsync("/api/notifications", body);
        var text = await res.Content.ReadAsStringAsync();
        Assert.True(res.StatusCode == expected, $"{(int)res.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<double> MetresAsync(string sql, long id, (double Lon, double Lat) p) =>
        await api.ScalarAsync<double>($"SELECT ST_Distance(({sql})::geography, ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography) FROM notifications WHERE id = $1",
            id, p.Lon, p.Lat);

    [Fact]
    public async Task An_area_ring_given_as_coordinates_in_DMS_MGRS_and_UTM_lands_within_a_metre_of_each_reference()
    {
        var body = Notification("exercise", null!, "2025-08-01T00:00:00Z", "2025-08-02T00:00:00Z");
        // A ring given as a list may leave the closing coordinate out.
        body["area"] = new JsonArray("33°19'37.80\"N 35°36'39.96\"E", "36SXB9642963581",
            new JsonObject { ["easting"] = 231988.245, ["northing"] = 3767556.581, ["crs"] = "EPSG:32637" });
        var id = (await FileAsync(api.Alpha, body)).GetProperty("id").GetInt64();
        foreach (var p in new[] { Khiam, Naqoura, Litani })
            Assert.True(await api.ScalarAsync<double>("""
                SELECT min(ST_Distance(d.geom::geography, ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography))
                FROM notifications n, ST_DumpPoints(n.geom) d WHERE n.id = $1
                """, id, p.Lon, p.Lat) < 1, $"no vertex within 1 m of {p}");
        var raw = await api.ScalarAsync<string>("SELECT raw_geometry::text FROM notifications WHERE id = $1", id);
        Assert.Contains("36SXB9642963581", raw);
    }

    [Fact]
    public async Task A_route_in_UTM_text_Israeli_grid_easting_northing_or_bare_grid_text_with_the_bodys_crs_lands_on_its_references()
    {
        var body = Notification("convoy", null!, "2025-08-01T00:00:00Z", "2025-08-02T00:00:00Z", o => { o.Remove("area"); o["widthM"] = 400; });
        body["route"] = new JsonArray("36N 743047.474 3690601.650", new JsonObject { ["x"] = 210151.096, ["y"] = 777547.653, ["crs"] = "EPSG:2039" });
        var a = (await FileAsync(api.Alpha, body)).GetProperty("id").GetInt64();
        Assert.True(await MetresAsync("ST_StartPoint(ST_GeometryN(route, 1))", a, Khiam) < 1);
        Assert.True(await MetresAsync("ST_EndPoint(ST_GeometryN(route, 1))", a, Naqoura) < 1);

        body["route"] = new JsonArray("257319.587 803574.838", "210151.096 777547.653");
        body["crs"] = "EPSG:2039";
        var b = (await FileAsync(api.Alpha, body)).GetProperty("id").GetInt64();
        Assert.True(await MetresAsync("ST_StartPoint(ST_GeometryN(route, 1))", b, Khiam) < 1);
        Assert.True(await MetresAsync("ST_EndPoint(ST_GeometryN(route, 1))", b, Naqoura) < 1);
    }

    [Fact]
    public async Task A_route_is_stored_with_its_band_buffered_by_half_the_width_in_metres()
    {
        // A 0.1° route along the meridian 35.9° E, 1,000 m wide: the band is about length × 1,000 m plus the two round
        // ends (π × 500²); geod measures the length.
        var body = Notification("troop_movement", null!, "2025-08-03T00:00:00Z", "2025-08-03T06:00:00Z", o => { o.Remove("area"); o["widthM"] = 1000; });
        body["route"] = new JsonObject { ["type"] = "LineString", ["coordinates"] = new JsonArray(new JsonArray(35.9, 33.0), new JsonArray(35.9, 33.1)) };
        var feature = await FileAsync(api.Alpha, body);
        var id = feature.GetProperty("id").GetInt64();
        Assert.Equal("MultiLineString", feature.GetProperty("properties").GetProperty("route").GetProperty("type").GetString());
        Assert.Equal(1000, feature.GetProperty("properties").GetProperty("widthM").GetDouble());
        var expected = Geod.Distance(33.0, 35.9, 33.1, 35.9) * 1000 + Math.PI * 500 * 500;
        Assert.InRange(await api.ScalarAsync<double>("SELECT ST_Area(geom::geography) FROM notifications WHERE id = $1", id), expected * 0.99, expected * 1.01);
        // Its edge is 500 m from the route (geod places a point 499 m east of it inside, 501 m outside).
        Assert.True(await api.ScalarAsync<bool>("SELECT ST_Intersects(geom, ST_SetSRID(ST_MakePoint($2, 33.05), 4326)) FROM notifications WHERE id = $1", id, Geod.East(33.05, 35.9, 499)));
        Assert.False(await api.ScalarAsync<bool>("SELECT ST_Intersects(geom, ST_SetSRID(ST_MakePoint($2, 33.05), 4326)) FROM notifications WHERE id = $1", id, Geod.East(33.05, 35.9, 501)));
    }

    [Fact]
    public async Task A_GeoJSON_Feature_whose_geometry_is_the_area_is_a_notification_too()
    {
        var feature = new JsonObject
        {
            ["type"] = "Feature", ["geometry"] = Box(36.3, 33.3, 36.31, 33.31),
            ["properties"] = new JsonObject { ["kind"] = "humanitarian_movement", ["start"] = "2025-08-04T00:00:00Z", ["end"] = "2025-08-04T02:00:00Z", ["notes"] = "food" },
        };
        var res = await api.Alpha.PostAsync("/api/notifications", new StringContent(feature.ToJsonString(), Encoding.UTF8, "application/geo+json"));
        Assert.Equal(HttpStatusCode.Created, res.StatusCode);
        var body = await BodyAsync(res);
        Assert.Equal("alpha-force", body.GetProperty("properties").GetProperty("organisation").GetString());
        Assert.Equal("filed", body.GetProperty("properties").GetProperty("status").GetString());
        Assert.Equal("food", body.GetProperty("properties").GetProperty("notes").GetString());
    }

    public static TheoryData<string, string, string> BadBodies() => new()
    {
        // name, body, the field the problem names
        { "an unclosed ring", """{"kind":"strike","area":{"type":"Polygon","coordinates":[[[35.5,33.5],[35.6,33.5],[35.6,33.6]]]},"start":"2025-09-01","end":"2025-09-02"}""", "area" },
        { "an empty area", """{"kind":"strike","area":{"type":"Polygon","coordinates":[]},"start":"2025-09-01","end":"2025-09-02"}""", "area" },
        { "an empty list", """{"kind":"strike","area":[],"start":"2025-09-01","end":"2025-09-02"}""", "area" },
        { "an area in Paris", """{"kind":"strike","area":{"type":"Polygon","coordinates":[[[2.3,48.8],[2.4,48.8],[2.4,48.9],[2.3,48.8]]]},"start":"2025-09-01","end":"2025-09-02"}""", "area" },
        { "a self-intersecting area", """{"kind":"strike","area":{"type":"Polygon","coordinates":[[[35.4,33.2],[35.6,33.3],[35.6,33.2],[35.4,33.3],[35.4,33.2]]]},"start":"2025-09-01","end":"2025-09-02"}""", "area" },
        { "a route crossing itself", """{"kind":"convoy","widthM":100,"route":{"type":"LineString","coordinates":[[35.4,33.2],[35.6,33.3],[35.6,33.2],[35.4,33.3]]},"start":"2025-09-01","end":"2025-09-02"}""", "route" },
        { "a bad fourth coordinate", """{"kind":"convoy","widthM":100,"route":["33.2N 35.4E","33.25N 35.45E","33.3N 35.5E","not a place"],"start":"2025-09-01","end":"2025-09-02"}""", "route[3]" },
        { "a second coordinate outside the region", """{"kind":"convoy","widthM":100,"route":["33.2N 35.4E","48.85N 2.35E"],"start":"2025-09-01","end":"2025-09-02"}""", "route[1]" },
        { "an end before the start", """{"kind":"strike","area":{"type":"Polygon","coordinates":[[[35.5,33.5],[35.6,33.5],[35.6,33.6],[35.5,33.5]]]},"start":"2025-09-02","end":"2025-09-01"}""", "end" },
        { "an end equal to the start", """{"kind":"strike","area":{"type":"Polygon","coordinates":[[[35.5,33.5],[35.6,33.5],[35.6,33.6],[35.5,33.5]]]},"start":"2025-09-01","end":"2025-09-01"}""", "end" },
        { "a route without a width", """{"kind":"convoy","route":{"type":"LineString","coordinates":[[35.4,33.2],[35.5,33.3]]},"start":"2025-09-01","end":"2025-09-02"}""", "widthM" },
        { "a width for an area", """{"kind":"strike","widthM":10,"area":{"type":"Polygon","coordinates":[[[35.5,33.5],[35.6,33.5],[35.6,33.6],[35.5,33.5]]]},"start":"2025-09-01","end":"2025-09-02"}""", "widthM" },
        { "a route and an area", """{"kind":"strike","widthM":10,"route":{"type":"LineString","coordinates":[[35.4,33.2],[35.5,33.3]]},"area":{"type":"Polygon","coordinates":[[[35.5,33.5],[35.6,33.5],[35.6,33.6],[35.5,33.5]]]},"start":"2025-09-01","end":"2025-09-02"}""", "area" },
        { "a point", """{"kind":"strike","geometry":{"type":"Point","coordinates":[35.5,33.5]},"start":"2025-09-01","end":"2025-09-02"}""", "geometry" },
        { "no geometry", """{"kind":"strike","start":"2025-09-01","end":"2025-09-02"}""", "route" },
        { "an unknown kind", """{"kind":"picnic","area":{"type":"Polygon","coordinates":[[[35.5,33.5],[35.6,33.5],[35.6,33.6],[35.5,33.5]]]},"start":"2025-09-01","end":"2025-09-02"}""", "kind" },
        { "an unknown member", """{"kind":"strike","colour":"red","area":{"type":"Polygon","coordinates":[[[35.5,33.5],[35.6,33.5],[35.6,33.6],[35.5,33.5]]]},"start":"2025-09-01","end":"2025-09-02"}""", "colour" },
        { "a time without an offset", """{"kind":"strike","area":{"type":"Polygon","coordinates":[[[35.5,33.5],[35.6,33.5],[35.6,33.6],[35.5,33.5]]]},"start":"2025-09-01T10:00:00","end":"2025-09-02"}""", "start" },
        { "an unknown crs", """{"kind":"convoy","widthM":100,"crs":"EPSG:999999","route":["1 2","3 4"],"start":"2025-09-01","end":"2025-09-02"}""", "crs" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_input_is_a_422_problem_naming_the_field_and_nothing_is_written(string name, string body, string field)
    {
        var before = await StateAsync();
        foreach (var path in new[] { "/api/notifications", "/api/notifications/check" })
        {
            var res = await api.Alpha.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
            var text = await res.Content.ReadAsStringAsync();
            Assert.True(res.StatusCode == HttpStatusCode.UnprocessableEntity, $"{name} at {path}: {(int)res.StatusCode} {text}");
            Assert.Equal("application/problem+json", res.Content.Headers.ContentType?.MediaType);
            var fields = JsonDocument.Parse(text).RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToList();
            Assert.True(fields.Contains(field), $"{name}: {text}");
        }
        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task An_unknown_organisation_is_named_and_nothing_is_written()
    {
        var before = await StateAsync();
        var res = await api.Admin.PostAsJsonAsync("/api/notifications", Notification("strike", Box(35.5, 33.5, 35.51, 33.51), "2025-09-01T00:00:00Z", "2025-09-02T00:00:00Z",
            o => o["organisation"] = "no-such-party"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, res.StatusCode);
        Assert.Contains("organisation", (await BodyAsync(res)).GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task A_key_files_for_its_own_organisation_and_only_an_admin_for_another()
    {
        var body = Notification("strike", Box(35.5, 34.5, 35.51, 34.51), "2025-09-01T00:00:00Z", "2025-09-02T00:00:00Z", o => o["organisation"] = "bravo-force");
        var before = await StateAsync();
        var refused = await api.Alpha.PostAsJsonAsync("/api/notifications", body);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.EndsWith("another-organisation", (await BodyAsync(refused)).GetProperty("type").GetString());
        Assert.Equal(before, await StateAsync());
        var filed = await FileAsync(api.Admin, body);
        Assert.Equal("bravo-force", filed.GetProperty("properties").GetProperty("organisation").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await api.Reader.PostAsJsonAsync("/api/notifications", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.CreateClient().PostAsJsonAsync("/api/notifications", body)).StatusCode);
    }

    [Fact]
    public async Task The_monitor_acknowledges_the_party_withdraws_and_the_status_never_goes_back()
    {
        var id = (await FileAsync(api.Alpha, Notification("exercise", Box(35.5, 34.6, 35.51, 34.61), "2025-09-01T00:00:00Z", "2025-09-02T00:00:00Z")))
            .GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.Forbidden, (await api.Alpha.PostAsync($"/api/notifications/{id}/acknowledge", null)).StatusCode);

        var ack = await api.Monitor.PostAsJsonAsync($"/api/notifications/{id}/acknowledge", new { note = "seen" });
        var p = (await BodyAsync(ack)).GetProperty("properties");
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        Assert.Equal("acknowledged", p.GetProperty("status").GetString());
        Assert.Equal("seen", p.GetProperty("acknowledgedNote").GetString());
        Assert.Equal("monitor", p.GetProperty("acknowledgedBy").GetString());
        Assert.Equal(2, p.GetProperty("version").GetInt32());
        // Again: nothing changes.
        var again = (await BodyAsync(await api.Monitor.PostAsync($"/api/notifications/{id}/acknowledge", null))).GetProperty("properties");
        Assert.Equal(2, again.GetProperty("version").GetInt32());

        Assert.Equal(HttpStatusCode.Forbidden, (await api.Bravo.PostAsync($"/api/notifications/{id}/withdraw", null)).StatusCode);
        var withdrawn = (await BodyAsync(await api.Alpha.PostAsJsonAsync($"/api/notifications/{id}/withdraw", new { note = "cancelled" }))).GetProperty("properties");
        Assert.Equal("withdrawn", withdrawn.GetProperty("status").GetString());
        Assert.Equal(3, withdrawn.GetProperty("version").GetInt32());
        var late = await api.Monitor.PostAsync($"/api/notifications/{id}/acknowledge", null);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.EndsWith("notification-withdrawn", (await BodyAsync(late)).GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await api.Monitor.PostAsync("/api/notifications/987654321/acknowledge", null)).StatusCode);
        // The database refuses the move back too.
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => api.ScalarAsync<int>("UPDATE notifications SET status = 'filed' WHERE id = $1 RETURNING 1", id));
    }

    [Fact]
    public async Task Notifications_are_read_with_a_key_and_filtered_by_party_kind_status_time_and_place()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.CreateClient().GetAsync("/api/notifications")).StatusCode);
        var id = (await FileAsync(api.Bravo, Notification("strike", Box(36.5, 34.5, 36.51, 34.51), "2025-10-01T00:00:00Z", "2025-10-02T00:00:00Z"))).GetProperty("id").GetInt64();
        async Task<List<long>> Ids(string query) =>
            (await BodyAsync(await api.Reader.GetAsync("/api/notifications?" + query))).GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetInt64()).ToList();
        Assert.Contains(id, await Ids("organisation=bravo-force&kind=strike&status=filed"));
        Assert.DoesNotContain(id, await Ids("organisation=alpha-force"));
        Assert.Contains(id, await Ids("activeAt=2025-10-01T12:00:00Z"));
        Assert.DoesNotContain(id, await Ids("activeAt=2025-10-02T00:00:00Z"));
        Assert.Equal([id], await Ids("bbox=36.49,34.49,36.52,34.52"));
        Assert.Contains(id, await Ids("from=2025-10-01T23:00:00Z&to=2025-10-03T00:00:00Z"));
        Assert.DoesNotContain(id, await Ids("from=2025-10-02T00:00:00Z"));
        var bad = await api.Reader.GetAsync("/api/notifications?kind=picnic");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("kind", (await BodyAsync(bad)).GetProperty("parameter").GetString());

        // Pages of one, following the next links, visit every notification once.
        var seen = new List<long>();
        var url = "/api/notifications?limit=1";
        for (var i = 0; i < 1000 && url is not null; i++)
        {
            var page = await BodyAsync(await api.Reader.GetAsync(url));
            seen.AddRange(page.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetInt64()));
            url = page.GetProperty("links").EnumerateArray().Select(l => l.GetProperty("href").GetString()).FirstOrDefault();
        }
        Assert.Equal(await api.ScalarAsync<long>("SELECT count(*) FROM notifications"), seen.Count);
        Assert.Equal(seen.Order(), seen);
    }

    [Fact]
    public async Task The_graphql_mutations_file_acknowledge_and_withdraw_through_the_same_use_case()
    {
        var input = Notification("STRIKE", Box(36.6, 33.0, 36.61, 33.01), "2025-11-01T00:00:00Z", "2025-11-02T00:00:00Z");
        var filed = await GraphQL.GqlHttp.Data(api.Alpha, """
            mutation ($input: NotificationInput!) { fileNotification(input: $input) { notification { id status organisation kind geometry } conflicts { kind } } }
            """, new { input });
        var n = filed.GetProperty("fileNotification").GetProperty("notification");
        Assert.Equal("FILED", n.GetProperty("status").GetString());
        Assert.Equal("alpha-force", n.GetProperty("organisation").GetString());
        var id = n.GetProperty("id").GetString();
        var ack = await GraphQL.GqlHttp.Data(api.Monitor, "mutation ($id: ID!) { acknowledgeNotification(id: $id, note: \"ok\") { status acknowledgedBy } }", new { id });
        Assert.Equal("ACKNOWLEDGED", ack.GetProperty("acknowledgeNotification").GetProperty("status").GetString());
        await GraphQL.GqlHttp.Error(api.Bravo, "FORBIDDEN", "mutation ($id: ID!) { withdrawNotification(id: $id) { status } }", new { id });
        await GraphQL.GqlHttp.Error(api.CreateClient(), "UNAUTHENTICATED", "{ notifications { id } }");
        var read = await GraphQL.GqlHttp.Data(api.Reader, "query ($id: ID!) { notification(id: $id) { status acknowledgedNote } }", new { id });
        Assert.Equal("ok", read.GetProperty("notification").GetProperty("acknowledgedNote").GetString());
    }
}
