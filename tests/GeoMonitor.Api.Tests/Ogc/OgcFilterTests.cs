using System.Net;
using System.Text.Json;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Tests.Infrastructure;

namespace GeoMonitor.Api.Tests.Ogc;

/// <summary>
/// OGC API - Features Part 3 on a real PostGIS: CQL2 text and JSON filters, queryables, sortby. Five incidents are
/// hand-placed around a 0.2° square P so that every answer is known from the drawing:
/// <code>
///   A (35.50 33.20) inside P    2024-03-10T12:00Z  Battles     3 killed  actor1 Hezbollah, notes "shelling near the river"
///   B (35.45 33.25) inside P    2024-03-15T00:00Z  Explosions  0
///   C (35.60 33.20) on P's edge 2024-03-20T08:30Z  Battles     7
///   D (35.70 33.20) outside P   2024-04-01T00:00Z  Protests    1
///   E (35.50 33.05) outside P   2024-02-28T23:59:59Z Battles   2  status reported (not served without a key)
/// </code>
/// </summary>
public sealed class OgcFilterTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string Source = "cql-hand";
    private const string P = "POLYGON((35.4 33.1, 35.6 33.1, 35.6 33.3, 35.4 33.3, 35.4 33.1))";
    private static readonly Dictionary<ApiFixture, Task<Dictionary<char, long>>> Placed = [];

    private Task<Dictionary<char, long>> PlaceAsync()
    {
        lock (Placed)
        {
            if (!Placed.TryGetValue(api, out var task)) Placed[api] = task = Insert();
            return task;
        }

        async Task<Dictionary<char, long>> Insert()
        {
            var ids = new Dictionary<char, long>
            {
                ['A'] = await HandPlaced.InsertAsync(api, Source, "a", 35.50, 33.20, At("2024-03-10T12:00:00Z"), fatalities: 3),
                ['B'] = await HandPlaced.InsertAsync(api, Source, "b", 35.45, 33.25, At("2024-03-15T00:00:00Z"),
                    eventType: "Explosions/Remote violence", subEventType: "Shelling/artillery/missile attack"),
                ['C'] = await HandPlaced.InsertAsync(api, Source, "c", 35.60, 33.20, At("2024-03-20T08:30:00Z"), fatalities: 7),
                ['D'] = await HandPlaced.InsertAsync(api, Source, "d", 35.70, 33.20, At("2024-04-01T00:00:00Z"),
                    eventType: "Protests", subEventType: "Peaceful protest", fatalities: 1),
                ['E'] = await HandPlaced.InsertAsync(api, Source, "e", 35.50, 33.05, At("2024-02-28T23:59:59Z"), status: "reported", fatalities: 2),
            };
            await using var cmd = api.Db.CreateCommand("UPDATE incidents SET actor1 = 'Hezbollah', notes = 'shelling near the river' WHERE id = $1");
            cmd.Parameters.AddWithValue(ids['A']);
            await cmd.ExecuteNonQueryAsync();
            return ids;
        }
    }

    private static DateTimeOffset At(string s) => DateTimeOffset.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    private static string Q(params (string Name, string Value)[] parameters) =>
        string.Join('&', parameters.Select(p => p.Name + "=" + Uri.EscapeDataString(p.Value)));

    private async Task<string> Letters(HttpClient client, string query, string collection = "incidents")
    {
        var ids = await PlaceAsync();
        var res = await client.GetAsync($"/ogc/collections/{collection}/items?limit=1000&source={Source}&{query}");
        var text = await res.Content.ReadAsStringAsync();
        Assert.True(res.IsSuccessStatusCode, $"{query}: {(int)res.StatusCode} {text}");
        var got = JsonDocument.Parse(text).RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetInt64()).ToHashSet();
        return string.Concat(ids.Where(kv => got.Contains(kv.Value)).Select(kv => kv.Key).Order());
    }

    private Task<string> Text(string filter, HttpClient? client = null) => Letters(client ?? api.CreateClient(), Q(("filter", filter)));

    private Task<string> Json(string filter) => Letters(api.CreateClient(), Q(("filter", filter), ("filter-lang", "cql2-json")));

    [Theory]
    [InlineData("eventType = 'Battles'", "AC")]
    [InlineData("eventType <> 'Battles'", "BD")]
    [InlineData("fatalities >= 3", "AC")]
    [InlineData("3 <= fatalities", "AC")]
    [InlineData("fatalities < 1", "B")]
    [InlineData("fatalities BETWEEN 1 AND 3", "AD")]
    [InlineData("fatalities NOT BETWEEN 1 AND 3", "BC")]
    [InlineData("eventType IN ('Protests', 'Explosions/Remote violence')", "BD")]
    [InlineData("eventType NOT IN ('Protests')", "ABC")]
    [InlineData("actor1 IS NULL", "BCD")]
    [InlineData("actor1 IS NOT NULL", "A")]
    [InlineData("notes LIKE '%river%'", "A")]
    [InlineData("externalId LIKE '_'", "ABCD")]
    [InlineData("notes NOT LIKE '%river%'", "")] // unknown (null notes) does not match, NOT included: SQL's three-valued logic
    [InlineData("eventType = 'Battles' AND (fatalities > 5 OR notes LIKE '%river%')", "AC")]
    [InlineData("NOT (eventType = 'Battles') AND fatalities >= 0", "BD")]
    [InlineData("eventType = 'Battles' or FALSE", "AC")] // keywords are case-insensitive
    [InlineData("\"eventType\" = 'Battles' and TRUE", "AC")]
    public async Task Comparison_like_between_in_null_and_logic_select_the_known_incidents(string filter, string expected) =>
        Assert.Equal(expected, await Text(filter));

    [Theory]
    [InlineData($"S_INTERSECTS(geometry, {P})", "ABC")]
    [InlineData($"S_WITHIN(geometry, {P})", "AB")]
    [InlineData($"S_TOUCHES(geometry, {P})", "C")]
    [InlineData($"S_DISJOINT(geometry, {P})", "D")]
    [InlineData($"S_CONTAINS({P}, geometry)", "AB")]
    [InlineData("S_EQUALS(geometry, POINT(35.5 33.2))", "A")]
    [InlineData("S_INTERSECTS(geometry, BBOX(35.4, 33.1, 35.6, 33.3))", "ABC")]
    [InlineData("S_INTERSECTS(geometry, BBOX(35.4, 33.1, 0, 35.6, 33.3, 100))", "ABC")]
    [InlineData("S_INTERSECTS(geometry, LINESTRING(35.5 33.0, 35.5 33.4))", "A")] // E lies on it too, but is not served without a key
    [InlineData("S_INTERSECTS(geometry, MULTIPOINT((35.45 33.25), (35.7 33.2)))", "BD")]
    [InlineData("S_INTERSECTS(geometry, MULTIPOLYGON(((35.69 33.19, 35.71 33.19, 35.71 33.21, 35.69 33.21, 35.69 33.19)), ((35.49 33.19, 35.51 33.19, 35.51 33.21, 35.49 33.21, 35.49 33.19))))", "AD")]
    [InlineData("S_INTERSECTS(geometry, GEOMETRYCOLLECTION(POINT(35.6 33.2), LINESTRING(35.4 33.25, 35.5 33.25)))", "BC")]
    [InlineData("S_CROSSES(geometry, LINESTRING(35.5 33.0, 35.5 33.4))", "")] // a point never crosses
    [InlineData("S_OVERLAPS(geometry, MULTIPOINT((35.5 33.2), (35.0 33.0)))", "")]
    public async Task Spatial_functions_answer_as_the_drawing(string filter, string expected) =>
        Assert.Equal(expected, await Text(filter));

    [Fact]
    public async Task Filter_crs_epsg_4326_reads_latitude_first()
    {
        var client = api.CreateClient();
        const string epsg4326 = "http://www.opengis.net/def/crs/EPSG/0/4326";
        Assert.Equal("ABC", await Letters(client, Q(("filter", "S_INTERSECTS(geometry, BBOX(33.1, 35.4, 33.3, 35.6))"), ("filter-crs", epsg4326))));
        Assert.Equal("A", await Letters(client, Q(("filter", "S_EQUALS(geometry, POINT(33.2 35.5))"), ("filter-crs", epsg4326))));
        Assert.Equal("AB", await Letters(client, Q(("filter", "S_WITHIN(geometry, POLYGON((33.1 35.4, 33.1 35.6, 33.3 35.6, 33.3 35.4, 33.1 35.4)))"),
            ("filter-crs", epsg4326))));
        // The same box in CRS84 order is far away (latitude 35.4–35.6 is north of Lebanon).
        Assert.Equal("", await Letters(client, Q(("filter", "S_INTERSECTS(geometry, BBOX(33.1, 35.4, 33.3, 35.6))"))));
    }

    [Theory]
    [InlineData("T_INTERSECTS(occurredAt, INTERVAL('2024-03-15T00:00:00Z', '2024-03-20T08:30:00Z'))", "BC")] // both ends included
    [InlineData("T_DURING(occurredAt, INTERVAL('2024-03-15T00:00:00Z', '2024-04-01T00:00:00Z'))", "C")] // strictly inside
    [InlineData("T_DURING(occurredAt, INTERVAL('2024-03-01', '2024-03-31'))", "ABC")]
    [InlineData("T_BEFORE(occurredAt, TIMESTAMP('2024-03-15T00:00:00Z'))", "A")]
    [InlineData("T_AFTER(occurredAt, TIMESTAMP('2024-03-15T00:00:00Z'))", "CD")]
    [InlineData("T_AFTER(occurredAt, DATE('2024-03-15'))", "CD")] // after the whole day
    [InlineData("T_INTERSECTS(occurredAt, DATE('2024-03-15'))", "B")]
    [InlineData("T_INTERSECTS(occurredAt, INTERVAL('2024-03-20', '..'))", "CD")]
    [InlineData("T_INTERSECTS(occurredAt, INTERVAL('..', '2024-03-14'))", "A")]
    [InlineData("T_DISJOINT(occurredAt, INTERVAL('2024-03-11', '2024-03-31'))", "AD")]
    [InlineData("T_EQUALS(occurredAt, TIMESTAMP('2024-03-15T00:00:00Z'))", "B")]
    [InlineData("T_METBY(occurredAt, INTERVAL('2024-03-01T00:00:00Z', '2024-03-15T00:00:00Z'))", "B")]
    [InlineData("T_MEETS(occurredAt, INTERVAL('2024-04-01T00:00:00Z', '2024-05-01T00:00:00Z'))", "D")]
    [InlineData("T_STARTS(occurredAt, INTERVAL('2024-03-10T12:00:00Z', '2024-05-01T00:00:00Z'))", "A")]
    [InlineData("T_FINISHES(occurredAt, INTERVAL('2024-01-01T00:00:00Z', '2024-03-20T08:30:00Z'))", "C")]
    [InlineData("T_CONTAINS(INTERVAL('2024-03-01', '2024-03-31'), occurredAt)", "ABC")]
    [InlineData("T_OVERLAPS(occurredAt, INTERVAL('2024-03-01', '2024-03-31'))", "")] // an instant overlaps nothing
    [InlineData("occurredAt < TIMESTAMP('2024-03-15T00:00:00Z')", "A")]
    [InlineData("occurredAt >= DATE('2024-03-15')", "BCD")]
    [InlineData("occurredAt >= '2024-03-15T00:00:00Z'", "BCD")] // GDAL 3.6 writes instants as strings
    [InlineData("occurredAt BETWEEN TIMESTAMP('2024-03-10T12:00:00Z') AND TIMESTAMP('2024-03-20T08:30:00Z')", "ABC")]
    public async Task Temporal_functions_and_comparisons_answer_as_the_timeline(string filter, string expected) =>
        Assert.Equal(expected, await Text(filter));

    // A window of at most 62 days in the top-level AND makes the time index drive the scan and the spatial tests filter
    // its rows (IncidentPlan.TimeFirst); a longer one leaves the spatial index to drive it. The answers are the drawing's.
    [Theory]
    [InlineData($"S_WITHIN(geometry, {P}) AND occurredAt >= TIMESTAMP('2024-03-01T00:00:00Z') AND occurredAt < TIMESTAMP('2024-03-20T08:30:00Z')", "AB")]
    [InlineData($"S_WITHIN(geometry, {P}) AND occurredAt >= TIMESTAMP('2020-03-01T00:00:00Z') AND occurredAt < TIMESTAMP('2024-03-20T08:30:00Z')", "AB")]
    [InlineData($"T_INTERSECTS(occurredAt, INTERVAL('2024-03-12', '2024-04-01')) AND NOT S_INTERSECTS(geometry, {P})", "D")]
    [InlineData($"T_INTERSECTS(occurredAt, INTERVAL('2020-03-12', '2024-04-01')) AND NOT S_INTERSECTS(geometry, {P})", "D")]
    [InlineData("S_INTERSECTS(geometry, BBOX(35.4, 33.1, 35.6, 33.3)) AND occurredAt BETWEEN DATE('2024-03-15') AND DATE('2024-04-02')", "BC")]
    [InlineData("(S_INTERSECTS(geometry, BBOX(35.4, 33.1, 35.6, 33.3)) AND occurredAt > DATE('2024-03-15')) OR eventType = 'Protests'", "CD")]
    public async Task Spatial_tests_within_a_short_window_answer_as_within_a_long_one(string filter, string expected) =>
        Assert.Equal(expected, await Text(filter));

    [Theory]
    [InlineData("""{"op":"and","args":[{"op":"=","args":[{"property":"eventType"},"Battles"]},{"op":">","args":[{"property":"fatalities"},5]}]}""", "C")]
    [InlineData("""{"op":"not","args":[{"op":"in","args":[{"property":"eventType"},["Protests","Battles"]]}]}""", "B")]
    [InlineData("""{"op":"between","args":[{"property":"fatalities"},1,3]}""", "AD")]
    [InlineData("""{"op":"like","args":[{"property":"notes"},"%river"]}""", "A")]
    [InlineData("""{"op":"isNull","args":[{"property":"actor1"}]}""", "BCD")]
    [InlineData("""{"op":"s_within","args":[{"property":"geometry"},{"type":"Polygon","coordinates":[[[35.4,33.1],[35.6,33.1],[35.6,33.3],[35.4,33.3],[35.4,33.1]]]}]}""", "AB")]
    [InlineData("""{"op":"s_intersects","args":[{"property":"geometry"},{"bbox":[35.4,33.1,35.6,33.3]}]}""", "ABC")]
    [InlineData("""{"op":"s_intersects","args":[{"property":"geometry"},{"op":"bbox","args":[35.4,33.1,35.6,33.3]}]}""", "ABC")]
    [InlineData("""{"op":"t_during","args":[{"property":"occurredAt"},{"interval":["2024-03-15T00:00:00Z","2024-04-01T00:00:00Z"]}]}""", "C")]
    [InlineData("""{"op":"t_after","args":[{"property":"occurredAt"},{"timestamp":"2024-03-15T00:00:00Z"}]}""", "CD")]
    [InlineData("""{"op":"t_intersects","args":[{"property":"occurredAt"},{"date":"2024-03-15"}]}""", "B")]
    [InlineData("""{"op":"t_intersects","args":[{"property":"occurredAt"},{"interval":["2024-03-20",".."]}]}""", "CD")]
    public async Task Cql2_json_selects_what_the_same_text_selects(string filter, string expected) =>
        Assert.Equal(expected, await Json(filter));

    [Fact]
    public async Task Anonymous_callers_never_see_unpublished_incidents_through_a_filter_and_reviewers_do()
    {
        Assert.Equal("", await Text("status = 'reported'"));
        // Reviewers read every state (they work the verification queue, docs/verification.md).
        var reviewer = await api.CreateClientAsAsync(Role.Reviewer);
        Assert.Equal("E", await Text("status = 'reported'", reviewer));
        Assert.Equal("AE", await Text("S_INTERSECTS(geometry, LINESTRING(35.5 33.0, 35.5 33.4))", reviewer));
    }

    [Fact]
    public async Task Queryables_are_query_parameters_compared_for_equality()
    {
        var client = api.CreateClient();
        Assert.Equal("A", await Letters(client, "fatalities=3"));
        Assert.Equal("A", await Letters(client, "actor1=Hezbollah"));
        Assert.Equal("B", await Letters(client, "occurredAt=2024-03-15T00:00:00Z"));
        Assert.Equal("C", await Letters(client, Q(("fatalities", "7"), ("filter", "eventType = 'Battles'"))));
        var res = await client.GetAsync("/ogc/collections/incidents/items?fatalities=many");
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        Assert.Equal("fatalities", JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task The_same_question_as_a_filter_and_as_rest_parameters_returns_the_same_incidents()
    {
        var client = api.CreateClient();
        // A truce's window, a zone and an event type over the 403 sample incidents.
        var (start, end) = await TruceWindow("coh-2024");
        var rest = await AllIds(client, $"/api/incidents?truce=coh-2024&eventType=Explosions/Remote%20violence&limit=10000");
        var filter = $"eventType = 'Explosions/Remote violence' AND occurredAt >= TIMESTAMP('{start:yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'}') AND occurredAt < TIMESTAMP('{end:yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'}')";
        var ogc = await AllIds(client, $"/ogc/collections/incidents/items?limit=10000&{Q(("filter", filter))}");
        Assert.True(rest.Count > 5, "the sample data has explosions in the truce");
        Assert.Equal(rest.Order(), ogc.Order());

        var zoneWkt = await api.ScalarAsync<string>("SELECT ST_AsText(geom) FROM zones WHERE slug = 'withdrawal-phase1-west'");
        rest = await AllIds(client, "/api/incidents?zone=withdrawal-phase1-west&limit=10000");
        ogc = await AllIds(client, $"/ogc/collections/incidents/items?limit=10000&{Q(("filter", $"S_INTERSECTS(geometry, {zoneWkt})"))}");
        Assert.True(rest.Count > 5, "the sample data has incidents in the zone");
        Assert.Equal(rest.Order(), ogc.Order());
    }

    private async Task<(DateTime Start, DateTime End)> TruceWindow(string slug)
    {
        await using var cmd = api.Db.CreateCommand("SELECT lower(during), upper(during) FROM truces WHERE slug = $1");
        cmd.Parameters.AddWithValue(slug);
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        return (r.GetDateTime(0).ToUniversalTime(), r.GetDateTime(1).ToUniversalTime());
    }

    private static async Task<List<long>> AllIds(HttpClient client, string url)
    {
        var res = await client.GetAsync(url);
        var text = await res.Content.ReadAsStringAsync();
        Assert.True(res.IsSuccessStatusCode, $"{url}: {(int)res.StatusCode} {text}");
        return [.. JsonDocument.Parse(text).RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetInt64())];
    }

    [Theory]
    [InlineData("eventType = 'Battles' AND", 25, "a predicate")]
    [InlineData("eventType = 'Battles", 12, "a closing '")]
    [InlineData("fatalities >> 3", 12, "a property, a literal")]
    [InlineData("fatalities > 'three'", 13, null)]
    [InlineData("colour = 'red'", 0, null)]
    [InlineData("eventtype = 'Battles'", 0, null)] // property names are the features' own, case and all
    [InlineData("S_WITHIN(geometry, POLYGON((35 33, 36 34, 36 33, 35 34, 35 33)))", 19, null)] // a bow tie
    [InlineData("S_WITHIN(geometry, POLYGON((35 33, 36 33, 36 34, 35 34)))", 19, null)] // not closed
    [InlineData("S_INTERSECTS(geometry, POINT(200 33))", 23, null)]
    [InlineData("T_DURING(occurredAt, INTERVAL('2024-04-01', '2024-03-01'))", 21, null)]
    [InlineData("occurredAt > TIMESTAMP('yesterday')", 23, "an RFC 3339 timestamp")]
    [InlineData("S_INTERSECTS(fatalities, POINT(35 33))", 13, null)]
    [InlineData("CASEI(eventType) = 'battles'", 0, null)]
    public async Task A_filter_that_cannot_be_read_is_a_400_naming_the_position(string filter, int position, string? expected)
    {
        var res = await api.CreateClient().GetAsync($"/ogc/collections/incidents/items?{Q(("filter", filter))}");
        var body = await res.Content.ReadAsStringAsync();
        Assert.True(res.StatusCode == HttpStatusCode.BadRequest, $"{filter}: {(int)res.StatusCode} {body}");
        Assert.Equal("application/problem+json", res.Content.Headers.ContentType!.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal("filter", problem.GetProperty("parameter").GetString());
        Assert.Equal(position, problem.GetProperty("position").GetInt32());
        if (expected is not null) Assert.StartsWith(expected, problem.GetProperty("expected").GetString());
    }

    [Theory]
    [InlineData("""{"op":"=","args":[{"property":"eventType"}]}""", "$")]
    [InlineData("""{"op":"and","args":[{"op":"=","args":[{"property":"eventType"},"Battles"]},{"op":"~","args":[]}]}""", "$.args[1].op")]
    [InlineData("""{"op":"s_intersects","args":[{"property":"geometry"},{"type":"Point","coordinates":[35]}]}""", "$.args[1].coordinates")]
    [InlineData("""{"op":"=","args":[{"property":"fatalities"},"three"]}""", "$.args[1]")]
    public async Task A_json_filter_error_names_the_json_path(string filter, string path)
    {
        var res = await api.CreateClient().GetAsync($"/ogc/collections/incidents/items?{Q(("filter", filter), ("filter-lang", "cql2-json"))}");
        var body = await res.Content.ReadAsStringAsync();
        Assert.True(res.StatusCode == HttpStatusCode.BadRequest, $"{filter}: {(int)res.StatusCode} {body}");
        Assert.Equal(path, JsonDocument.Parse(body).RootElement.GetProperty("path").GetString());
    }

    [Theory]
    [InlineData("filter-lang=sql&filter=x", "filter-lang")]
    [InlineData("filter-crs=EPSG:9999&filter=TRUE", "filter-crs")]
    [InlineData("filter-lang=cql2-json", "filter-lang")]
    [InlineData("sortby=notes", "sortby")]
    [InlineData("sortby=colour", "sortby")]
    [InlineData("sortby=-fatalities&cursor=abc", "cursor")]
    public async Task Bad_filter_and_sort_parameters_are_400s_naming_them(string query, string parameter)
    {
        var res = await api.CreateClient().GetAsync($"/ogc/collections/incidents/items?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        Assert.Equal(parameter, JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement.GetProperty("parameter").GetString());
    }

    [Theory]
    [InlineData("-fatalities,eventType", "i.fatalities DESC, i.event_type ASC, i.id ASC")]
    [InlineData("eventType,-occurredAt", "i.event_type ASC, i.occurred_at DESC, i.id ASC")]
    [InlineData("-occurredAt", "i.occurred_at DESC, i.id DESC")]
    [InlineData("occurredAt", "i.occurred_at ASC, i.id ASC")]
    public async Task Sortby_pages_through_every_visible_incident_once_in_the_database_order(string sortby, string orderBy)
    {
        var expected = new List<long>();
        await using (var cmd = api.Db.CreateCommand($"SELECT i.id FROM incidents i WHERE i.status IN ('published_verified', 'published_disputed') ORDER BY {orderBy}"))
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) expected.Add(r.GetInt64(0));
        var client = api.CreateClient();
        var seen = new List<long>();
        string? url = $"/ogc/collections/incidents/items?limit=37&{Q(("sortby", sortby))}";
        for (var pages = 0; url is not null && pages < 100; pages++)
        {
            var page = JsonDocument.Parse(await client.GetStringAsync(url)).RootElement;
            seen.AddRange(page.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetInt64()));
            url = page.GetProperty("links").EnumerateArray().FirstOrDefault(l => l.GetProperty("rel").GetString() == "next") is
                { ValueKind: JsonValueKind.Object } next ? next.GetProperty("href").GetString() : null;
        }
        Assert.True(expected.Count > 37 * 3, "the sample data spans several pages");
        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task A_cursor_of_one_sortby_is_refused_by_another()
    {
        var client = api.CreateClient();
        var page = JsonDocument.Parse(await client.GetStringAsync("/ogc/collections/incidents/items?limit=5&sortby=-fatalities")).RootElement;
        var next = page.GetProperty("links").EnumerateArray().Single(l => l.GetProperty("rel").GetString() == "next").GetProperty("href").GetString()!;
        var res = await client.GetAsync(next.Replace("sortby=-fatalities", "sortby=fatalities", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        Assert.Equal("cursor", JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task Layer_collections_take_filters_and_sortby_too()
    {
        var client = api.CreateClient();
        var buffers = await api.ScalarAsync<long>("SELECT count(*) FROM zones WHERE kind = 'buffer' AND buffer_metres > 1500");
        var page = JsonDocument.Parse(await client.GetStringAsync(
            $"/ogc/collections/zones/items?limit=1000&{Q(("filter", "kind = 'buffer' AND bufferMetres > 1500"), ("sortby", "-name"))}")).RootElement;
        Assert.Equal(buffers, page.GetProperty("numberMatched").GetInt64());
        var expected = new List<long>();
        await using (var cmd = api.Db.CreateCommand("SELECT id FROM zones WHERE kind = 'buffer' AND buffer_metres > 1500 ORDER BY name DESC, id"))
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) expected.Add(r.GetInt64(0));
        Assert.Equal(expected, page.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetInt64()));

        // The lines a north-south segment at 35.5° E crosses, as PostGIS itself says.
        const string segment = "LINESTRING(35.5 32.9, 35.5 33.5)";
        var crossing = await api.ScalarAsync<long>($"SELECT count(*) FROM lines WHERE ST_Crosses(geom, ST_GeomFromText('{segment}', 4326))");
        Assert.True(crossing >= 1, "the Blue Line crosses the segment");
        page = JsonDocument.Parse(await client.GetStringAsync($"/ogc/collections/lines/items?{Q(("filter", $"S_CROSSES(geometry, {segment})"))}")).RootElement;
        Assert.Equal(crossing, page.GetProperty("numberMatched").GetInt64());
    }

    [Fact]
    public async Task Queryables_are_a_json_schema_linked_from_the_collection_and_conformance_lists_part_3()
    {
        var client = api.CreateClient();
        var collection = JsonDocument.Parse(await client.GetStringAsync("/ogc/collections/incidents")).RootElement;
        var href = collection.GetProperty("links").EnumerateArray()
            .Single(l => l.GetProperty("rel").GetString() == "http://www.opengis.net/def/rel/ogc/1.0/queryables").GetProperty("href").GetString()!;
        var res = await client.GetAsync(href);
        Assert.Equal("application/schema+json", res.Content.Headers.ContentType!.MediaType);
        var schema = JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", schema.GetProperty("$schema").GetString());
        Assert.Equal(href, schema.GetProperty("$id").GetString());
        Assert.Equal("object", schema.GetProperty("type").GetString());
        var p = schema.GetProperty("properties");
        Assert.Equal("primary-geometry", p.GetProperty("geometry").GetProperty("x-ogc-role").GetString());
        Assert.Equal("geometry-point", p.GetProperty("geometry").GetProperty("format").GetString());
        Assert.Equal("date-time", p.GetProperty("occurredAt").GetProperty("format").GetString());
        Assert.Equal("primary-instant", p.GetProperty("occurredAt").GetProperty("x-ogc-role").GetString());
        Assert.Equal("integer", p.GetProperty("fatalities").GetProperty("type").GetString());

        var zones = JsonDocument.Parse(await client.GetStringAsync("/ogc/collections/zones/queryables")).RootElement.GetProperty("properties");
        Assert.Equal("geometry-multipolygon", zones.GetProperty("geometry").GetProperty("format").GetString());
        Assert.Equal("integer", zones.GetProperty("phase").GetProperty("type").GetString());

        var conformance = JsonDocument.Parse(await client.GetStringAsync("/ogc/conformance")).RootElement.GetProperty("conformsTo")
            .EnumerateArray().Select(c => c.GetString()).ToList();
        foreach (var c in new[]
                 {
                     "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter", "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
                     "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
                     "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
                     "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text", "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
                     "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2", "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
                     "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions", "http://www.opengis.net/spec/cql2/1.0/conf/spatial-functions",
                     "http://www.opengis.net/spec/cql2/1.0/conf/temporal-functions",
                 })
            Assert.Contains(c, conformance);
    }
}
