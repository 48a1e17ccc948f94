using System.Net;
using System.Text.Json;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Tests.Infrastructure;

namespace GeoMonitor.Api.Tests.Ogc;

public sealed class OgcTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string Crs84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";

    private static async Task<JsonElement> Json(HttpResponseMessage res)
    {
        var text = await res.Content.ReadAsStringAsync();
        Assert.True(res.IsSuccessStatusCode, $"{(int)res.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static IEnumerable<long> Ids(JsonElement fc) => fc.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetInt64());

    private static string? Link(JsonElement doc, string rel) =>
        doc.GetProperty("links").EnumerateArray().FirstOrDefault(l => l.GetProperty("rel").GetString() == rel) is { ValueKind: JsonValueKind.Object } l
            ? l.GetProperty("href").GetString() : null;

    [Fact]
    public async Task Landing_page_links_the_definition_conformance_and_collections()
    {
        var res = await api.CreateClient().GetAsync("/ogc");
        Assert.Equal("application/json", res.Content.Headers.ContentType!.MediaType);
        var doc = await Json(res);
        Assert.EndsWith("/ogc/api", Link(doc, "service-desc"));
        Assert.EndsWith("/ogc/conformance", Link(doc, "conformance"));
        Assert.EndsWith("/ogc/collections", Link(doc, "data"));

        var conf = await Json(await api.CreateClient().GetAsync("/ogc/conformance?f=json"));
        var classes = conf.GetProperty("conformsTo").EnumerateArray().Select(c => c.GetString()).ToList();
        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core", classes);
        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson", classes);
        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30", classes);
        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs", classes);

        var apiDoc = await api.CreateClient().GetAsync("/ogc/api");
        Assert.Equal("application/vnd.oai.openapi+json", apiDoc.Content.Headers.ContentType!.MediaType);
        var openapi = await Json(apiDoc);
        Assert.StartsWith("3.0", openapi.GetProperty("openapi").GetString());
        Assert.Equal(10000, openapi.GetProperty("components").GetProperty("parameters").GetProperty("limit").GetProperty("schema").GetProperty("maximum").GetInt32());
        Assert.True(openapi.GetProperty("paths").TryGetProperty("/collections/incidents/items", out _));
    }

    [Fact]
    public async Task Collections_list_the_four_with_extents_and_crs()
    {
        var doc = await Json(await api.CreateClient().GetAsync("/ogc/collections"));
        var list = doc.GetProperty("collections").EnumerateArray().ToList();
        Assert.Equal(["lines", "zones", "corridors", "incidents"], list.Select(c => c.GetProperty("id").GetString()));
        foreach (var c in list)
        {
            var crs = c.GetProperty("crs").EnumerateArray().Select(x => x.GetString()).ToList();
            Assert.Contains(Crs84, crs);
            Assert.Contains("http://www.opengis.net/def/crs/EPSG/0/4326", crs);
            Assert.Contains("http://www.opengis.net/def/crs/EPSG/0/3857", crs);
            Assert.Contains("http://www.opengis.net/def/crs/EPSG/0/32636", crs);
            Assert.Contains("http://www.opengis.net/def/crs/EPSG/0/2039", crs);
            Assert.Equal(Crs84, c.GetProperty("storageCrs").GetString());
            Assert.EndsWith($"/ogc/collections/{c.GetProperty("id").GetString()}/items", Link(c, "items"));
        }

        // The zones' box is the one PostGIS computes over the table.
        var zones = list.Single(c => c.GetProperty("id").GetString() == "zones");
        var box = zones.GetProperty("extent").GetProperty("spatial").GetProperty("bbox")[0].EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(await api.ScalarAsync<double>("SELECT ST_XMin(ST_Extent(geom)::box3d) FROM zones"), box[0], 5);
        Assert.Equal(await api.ScalarAsync<double>("SELECT ST_YMax(ST_Extent(geom)::box3d) FROM zones"), box[3], 5);
    }

    [Fact]
    public async Task Unknown_collection_feature_parameter_and_crs_are_problems_not_500s()
    {
        var client = api.CreateClient();
        var res = await client.GetAsync("/ogc/collections/rivers");
        Assert.Equal(HttpStatusCode.NotFound, res.StatusCode);
        Assert.Equal("application/problem+json", res.Content.Headers.ContentType!.MediaType);

        res = await client.GetAsync("/ogc/collections/zones/items/999999999");
        Assert.Equal(HttpStatusCode.NotFound, res.StatusCode);

        res = await client.GetAsync("/ogc/collections/zones/items?colour=red");
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        Assert.Equal("colour", JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement.GetProperty("parameter").GetString());

        res = await client.GetAsync("/ogc/collections/zones/items?crs=http://www.opengis.net/def/crs/EPSG/0/9999");
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        Assert.Equal("crs", JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement.GetProperty("parameter").GetString());

        foreach (var bad in new[] { "bbox=1,2,3", "bbox=35,33,34,34&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/3857", "datetime=yesterday",
                     "datetime=2025-02-01T00:00:00Z/2025-01-01T00:00:00Z", "limit=0", "cursor=xyz", "f=xml" })
        {
            res = await client.GetAsync("/ogc/collections/incidents/items?" + bad);
            Assert.True(res.StatusCode == HttpStatusCode.BadRequest, $"{bad}: {(int)res.StatusCode}");
        }
    }

    [Fact]
    public async Task Layer_items_page_with_next_links_that_keep_every_parameter()
    {
        var expected = await api.ScalarAsync<long>(
            "SELECT count(*) FROM zones WHERE ST_Intersects(geom, ST_MakeEnvelope(35.0, 32.9, 36.2, 33.4, 4326))");
        Assert.True(expected >= 3, "the test needs a few zones in the box");
        var client = api.CreateClient();
        var url = "/ogc/collections/zones/items?limit=2&bbox=35.0,32.9,36.2,33.4&datetime=../2100-01-01T00:00:00Z";
        var seen = new List<long>();
        long? matched = null;
        for (var pages = 0; url is not null && pages < 50; pages++)
        {
            var res = await client.GetAsync(url);
            Assert.Equal("application/geo+json", res.Content.Headers.ContentType!.MediaType);
            Assert.Equal("<" + Crs84 + ">", res.Headers.GetValues("Content-Crs").Single());
            var page = await Json(res);
            matched ??= page.GetProperty("numberMatched").GetInt64();
            Assert.Equal(page.GetProperty("features").GetArrayLength(), page.GetProperty("numberReturned").GetInt32());
            seen.AddRange(Ids(page));
            url = Link(page, "next");
            if (url is not null)
            {
                Assert.Contains("bbox=35.0%2C32.9%2C36.2%2C33.4", url.Replace(",", "%2C"));
                Assert.Contains("datetime=", url);
                Assert.Contains("limit=2", url);
            }
        }
        Assert.Equal(expected, matched);
        Assert.Equal(expected, seen.Count);
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [Fact]
    public async Task Zone_validity_is_the_zone_time_for_datetime()
    {
        await using (var cmd = api.Db.CreateCommand("""
            INSERT INTO zones (slug, name, kind, geom, valid, source)
            VALUES ('ogc-test-window', 'OGC test window', 'other',
                    ST_Multi(ST_MakeEnvelope(10, 10, 10.1, 10.1, 4326)), tstzrange('2030-01-01T00:00:00Z', '2030-02-01T00:00:00Z', '[)'), 'test')
            """))
            await cmd.ExecuteNonQueryAsync();
        var client = api.CreateClient();
        async Task<bool> Has(string datetime) =>
            Ids(await Json(await client.GetAsync($"/ogc/collections/zones/items?slug=ogc-test-window&datetime={datetime}"))).Any();
        Assert.True(await Has("2030-01-01T00:00:00Z"));
        Assert.False(await Has("2029-12-31T23:59:59Z"));
        Assert.True(await Has("2030-01-31T23:59:59Z"));
        Assert.False(await Has("2030-02-01T00:00:00Z")); // validity is half-open
        Assert.True(await Has("../2030-01-01T00:00:00Z")); // closed end: touches the first instant
        Assert.False(await Has("../2029-12-31T23:59:59Z"));
        Assert.True(await Has("2030-01-31T23:59:59Z/.."));
        Assert.False(await Has("2030-02-01T00:00:00Z/.."));
    }

    [Fact]
    public async Task Incident_datetime_instant_closed_and_open_intervals_include_exactly_their_ends()
    {
        var source = "ogc-dt-" + Guid.NewGuid().ToString("N")[..8];
        var t = new DateTimeOffset(2031, 3, 10, 12, 0, 0, TimeSpan.Zero);
        var at = await HandPlaced.InsertAsync(api, source, "a", 35.5, 33.2, t);
        var before = await HandPlaced.InsertAsync(api, source, "b", 35.5, 33.2, t.AddSeconds(-1));
        var after = await HandPlaced.InsertAsync(api, source, "c", 35.5, 33.2, t.AddSeconds(1));
        var client = api.CreateClient();
        async Task<long[]> Get(string datetime) =>
            Ids(await Json(await client.GetAsync($"/ogc/collections/incidents/items?source={source}&datetime={Uri.EscapeDataString(datetime)}"))).Order().ToArray();

        Assert.Equal(new[] { at }, await Get("2031-03-10T12:00:00Z"));
        Assert.Equal(new[] { at }, await Get("2031-03-10T14:00:00+02:00"));
        Assert.Equal(new[] { before, at }.Order(), await Get("2031-03-10T11:59:59Z/2031-03-10T12:00:00Z"));
        Assert.Equal(new[] { before, at }.Order(), await Get("../2031-03-10T12:00:00Z"));
        Assert.Equal(new[] { at, after }.Order(), await Get("2031-03-10T12:00:00Z/.."));
        Assert.Equal(new[] { before, at, after }.Order(), await Get("2031-03-10"));
        Assert.Empty(await Get("2031-03-11/.."));
    }

    [Fact]
    public async Task Incident_bbox_in_three_crs_and_output_in_3857_and_4326_axis_order()
    {
        var source = "ogc-bbox-" + Guid.NewGuid().ToString("N")[..8];
        var t = new DateTimeOffset(2031, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var inside = await HandPlaced.InsertAsync(api, source, "in", 35.40, 33.10, t);
        await HandPlaced.InsertAsync(api, source, "out", 35.60, 33.30, t);
        var client = api.CreateClient();
        async Task<long[]> Get(string q) => Ids(await Json(await client.GetAsync($"/ogc/collections/incidents/items?source={source}&{q}"))).ToArray();

        Assert.Equal(new[] { inside }, await Get("bbox=35.35,33.05,35.45,33.15"));
        // EPSG:4326 is latitude first.
        Assert.Equal(new[] { inside }, await Get("bbox=33.05,35.35,33.15,35.45&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/4326"));
        var (x0, y0) = HandPlaced.Mercator(35.35, 33.05);
        var (x1, y1) = HandPlaced.Mercator(35.45, 33.15);
        Assert.Equal(new[] { inside }, await Get(FormattableString.Invariant($"bbox={x0},{y0},{x1},{y1}&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/3857")));

        var res = await client.GetAsync($"/ogc/collections/incidents/items/{inside}?crs=http://www.opengis.net/def/crs/EPSG/0/3857");
        Assert.Equal("<http://www.opengis.net/def/crs/EPSG/0/3857>", res.Headers.GetValues("Content-Crs").Single());
        var xy = (await Json(res)).GetProperty("geometry").GetProperty("coordinates");
        var (ex, ey) = HandPlaced.Mercator(35.40, 33.10);
        Assert.Equal(ex, xy[0].GetDouble(), 0.02);
        Assert.Equal(ey, xy[1].GetDouble(), 0.02);

        var latLon = (await Json(await client.GetAsync($"/ogc/collections/incidents/items/{inside}?crs=EPSG:4326"))).GetProperty("geometry").GetProperty("coordinates");
        Assert.Equal(33.10, latLon[0].GetDouble(), 6);
        Assert.Equal(35.40, latLon[1].GetDouble(), 6);
    }

    [Fact]
    public async Task Anonymous_callers_see_verified_incidents_only()
    {
        var source = "ogc-auth-" + Guid.NewGuid().ToString("N")[..8];
        var t = new DateTimeOffset(2031, 5, 1, 0, 0, 0, TimeSpan.Zero);
        var verified = await HandPlaced.InsertAsync(api, source, "v", 35.5, 33.2, t);
        var reported = await HandPlaced.InsertAsync(api, source, "r", 35.5, 33.2, t.AddHours(1), status: "reported");

        var anon = api.CreateClient();
        var page = await Json(await anon.GetAsync($"/ogc/collections/incidents/items?source={source}"));
        Assert.Equal([verified], Ids(page));
        Assert.Equal(1, page.GetProperty("numberMatched").GetInt64());
        Assert.Equal(HttpStatusCode.Unauthorized, (await anon.GetAsync($"/ogc/collections/incidents/items/{reported}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anon.GetAsync($"/ogc/collections/incidents/items?source={source}&status=reported")).StatusCode);

        // Reviewers read the held incident; a key of an organisation outside its verification does not (403 by id).
        var reviewer = await api.CreateClientAsAsync(Role.Reviewer);
        Assert.Equal(new[] { verified, reported }, Ids(await Json(await reviewer.GetAsync($"/ogc/collections/incidents/items?source={source}"))));
        Assert.Equal([reported], Ids(await Json(await reviewer.GetAsync($"/ogc/collections/incidents/items?source={source}&status=reported"))));
        var outsider = await api.CreateClientAsAsync(Role.Reader);
        Assert.Equal([verified], Ids(await Json(await outsider.GetAsync($"/ogc/collections/incidents/items?source={source}"))));
        Assert.Equal(HttpStatusCode.Forbidden, (await outsider.GetAsync($"/ogc/collections/incidents/items/{reported}")).StatusCode);
    }

    [Fact]
    public async Task Incidents_of_a_truce_are_the_same_rows_as_the_rest_api_and_page_through()
    {
        var truce = await api.ScalarAsync<string>("SELECT slug FROM truces ORDER BY lower(during) LIMIT 1");
        var expected = await api.ScalarAsync<long>("""
            SELECT count(*) FROM incidents i, truces t WHERE t.slug = $1 AND t.during @> i.occurred_at AND i.status = 'published_verified'
            """, truce);
        var client = api.CreateClient();
        var rest = await Json(await client.GetAsync($"/api/incidents?truce={truce}&limit=10000"));
        var ogc = await Json(await client.GetAsync($"/ogc/collections/incidents/items?truce={truce}&limit=10000"));
        Assert.Equal(expected, ogc.GetProperty("numberMatched").GetInt64());
        Assert.Equal(Ids(rest).Order(), Ids(ogc).Order());
        // The properties are the REST API's, written by the same code.
        Assert.Equal(rest.GetProperty("features")[0].GetProperty("properties").EnumerateObject().Select(p => p.Name),
            ogc.GetProperty("features")[0].GetProperty("properties").EnumerateObject().Select(p => p.Name));

        var seen = new List<long>();
        string? url = $"/ogc/collections/incidents/items?truce={truce}&limit=3";
        while (url is not null)
        {
            var page = await Json(await client.GetAsync(url));
            seen.AddRange(Ids(page));
            url = Link(page, "next");
            if (url is not null) Assert.Contains($"truce={truce}", url);
        }
        Assert.Equal(expected, seen.Count);
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [Fact]
    public async Task Limit_defaults_to_10_and_is_capped_at_10000()
    {
        var client = api.CreateClient();
        var total = await api.ScalarAsync<long>("SELECT count(*) FROM incidents WHERE status = 'published_verified'");
        Assert.True(total > 10, "the test needs more than 10 verified incidents");
        var page = await Json(await client.GetAsync("/ogc/collections/incidents/items"));
        Assert.Equal(10, page.GetProperty("numberReturned").GetInt32());
        Assert.Equal(total, page.GetProperty("numberMatched").GetInt64());
        var all = await Json(await client.GetAsync("/ogc/collections/incidents/items?limit=50000"));
        Assert.Equal(Math.Min(total, 10000), all.GetProperty("numberReturned").GetInt32());
    }
    [Theory]
    [InlineData("incidents", "/ogc/collections/incidents/items?limit=3")]
    [InlineData("incidents", "/ogc/collections/incidents/items?limit=3&sortby=-occurredAt,fatalities")]
    [InlineData("zones", "/ogc/collections/zones/items?limit=2&datetime=../2100-01-01T00:00:00Z")]
    public async Task NumberMatched_is_given_on_the_first_page_of_a_walk_and_left_out_after_it(string collection, string first)
    {
        var expected = collection == "incidents"
            ? await api.ScalarAsync<long>("SELECT count(*) FROM incidents WHERE status IN ('published_verified', 'published_disputed')")
            : await api.ScalarAsync<long>("SELECT count(*) FROM zones");
        var client = api.CreateClient();
        var page = await Json(await client.GetAsync(first));
        Assert.Equal(expected, page.GetProperty("numberMatched").GetInt64());
        var next = Link(page, "next");
        Assert.NotNull(next);
        var second = await Json(await client.GetAsync(next));
        Assert.True(second.GetProperty("numberReturned").GetInt32() > 0);
        Assert.False(second.TryGetProperty("numberMatched", out _), "a page reached by a cursor is not counted again");

        var html = await client.GetStringAsync(next + "&f=html");
        Assert.Contains("the first page gives the number matching", html);
        Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"of {expected:N0} matching"), await client.GetStringAsync(first + "&f=html"), StringComparison.Ordinal);
    }
}
