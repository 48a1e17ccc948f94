using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Tests.Infrastructure;

namespace GeoMonitor.Api.Tests.GraphQL;

/// <summary>Bad input: coercion errors for out-of-range scalars (no data), BAD_USER_INPUT for the checks REST makes, NOT_FOUND for unknown slugs.</summary>
public sealed class ValidationTests(GraphQLWorld api) : IClassFixture<GraphQLWorld>
{
    private const string Valid = """source: "val", occurredAt: "2026-04-20T10:00:00Z", eventType: "Battles", subEventType: "Armed clash", lon: 35.2, lat: 33.2""";

    [Theory]
    [InlineData("""{ locate(lon: 35.0, lat: 95) { zones { slug } } }""")]
    [InlineData("""{ incidents(first: 0) { nodes { id } } }""")]
    [InlineData("""{ incidents(first: 1001) { nodes { id } } }""")]
    [InlineData("""{ incidents(filter: {withinZone: "Not A Slug"}) { nodes { id } } }""")]
    [InlineData("""{ incidents(filter: {near: {lon: 35.2, lat: 33.2, metres: 0}}) { nodes { id } } }""")]
    [InlineData("""{ incidents(filter: {from: "yesterday"}) { nodes { id } } }""")]
    [InlineData("""{ incidents(after: "not-a-cursor") { nodes { id } } }""")]
    [InlineData("""{ incidents(filter: {within: {type: "Feature"}}) { nodes { id } } }""")]
    public async Task Out_of_range_scalars_are_request_errors_without_data(string query)
    {
        await api.ReadyAsync();
        var doc = await api.CreateClient().Gql(query);
        Assert.False(doc.TryGetProperty("data", out _), $"expected no data: {doc}");
        Assert.True(doc.GetProperty("errors").GetArrayLength() > 0);
    }

    [Fact]
    public async Task An_executed_request_carries_its_server_timing_and_a_refused_one_does_not()
    {
        var client = api.CreateClient();
        var ok = await client.PostAsJsonAsync("/graphql", new { query = "{ zones { slug } }" });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Matches(@"^prepare;dur=[0-9]+(\.[0-9]{1,3})?, execute;dur=[0-9]+(\.[0-9]{1,3})?$",
            string.Join(",", ok.Headers.GetValues("Server-Timing")));
        var refused = await client.PostAsJsonAsync("/graphql", new { query = "{ zones { nope } }" });
        Assert.False(refused.Headers.Contains("Server-Timing"));
    }

    [Fact]
    public async Task The_same_checks_as_REST_are_BAD_USER_INPUT_naming_the_argument()
    {
        await api.ReadyAsync();
        var client = api.CreateClient();
        var e = await client.Error("BAD_USER_INPUT", """{ incidents(filter: {from: "2026-05-01", to: "2026-04-01"}) { nodes { id } } }""");
        Assert.Equal("filter.from", e.GetProperty("extensions").GetProperty("argument").GetString());
        e = await client.Error("BAD_USER_INPUT", """{ incidents(filter: {bbox: {minLon: 35.2, minLat: 33.0, maxLon: 35.1, maxLat: 33.3}}) { nodes { id } } }""");
        Assert.Equal("filter.bbox", e.GetProperty("extensions").GetProperty("argument").GetString());
        var page = await client.Data("""{ incidents(first: 1) { pageInfo { endCursor } } }""");
        var cursor = page.GetProperty("incidents").GetProperty("pageInfo").GetProperty("endCursor").GetString();
        e = await client.Error("BAD_USER_INPUT", "query ($c: Cursor) { incidents(after: $c, orderBy: OCCURRED_AT_DESC) { nodes { id } } }", new { c = cursor });
        Assert.Equal("after", e.GetProperty("extensions").GetProperty("argument").GetString());
    }

    [Fact]
    public async Task Unknown_slugs_are_NOT_FOUND_in_filters_and_null_in_lookups()
    {
        await api.ReadyAsync();
        var client = api.CreateClient();
        var e = await client.Error("NOT_FOUND", """{ incidents(filter: {withinZone: "no-such-zone"}) { nodes { id } } }""");
        Assert.Equal("filter.withinZone", e.GetProperty("extensions").GetProperty("argument").GetString());
        await client.Error("NOT_FOUND", """{ incidents(filter: {duringTruce: "no-such-truce"}) { totalCount } }""");
        await client.Error("NOT_FOUND", """{ incidents(filter: {nearLine: {slug: "no-such-line", metres: 10}}) { totalCount } }""");
        var data = await client.Data("""{ zone(slug: "nope") { slug } line(slug: "foo bar") { slug } truce(slug: "") { slug } corridor(slug: "a") { slug } incident(id: "abc") { id } truceReport(slug: "nope") { lengthDays } }""");
        foreach (var field in new[] { "zone", "line", "truce", "corridor", "incident", "truceReport" })
            Assert.Equal(System.Text.Json.JsonValueKind.Null, data.GetProperty(field).ValueKind);
    }

    [Fact]
    public async Task A_within_polygon_selects_what_the_same_zone_selects_and_is_validated()
    {
        await api.ReadyAsync();
        var client = api.CreateClient();
        // gq-zone-0 is the box 35.0–35.05 × 33.1–33.2 (GraphQLWorld); the same square drawn on a map selects the same 25 incidents.
        var square = new { type = "Polygon", coordinates = new[] { new[] { new[] { 35.0, 33.1 }, new[] { 35.05, 33.1 }, new[] { 35.05, 33.2 }, new[] { 35.0, 33.2 }, new[] { 35.0, 33.1 } } } };
        var data = await client.Data("""
            query ($area: GeoJSON) {
              drawn: incidents(filter: {within: $area}, first: 100) { totalCount nodes { externalId } }
              zone: incidents(filter: {withinZone: "gq-zone-0"}, first: 100) { nodes { externalId } }
            }
            """, new { area = square });
        Assert.Equal(25, data.GetProperty("drawn").GetProperty("totalCount").GetInt32());
        Assert.Equal(data.GetProperty("zone").GetProperty("nodes").ToString(), data.GetProperty("drawn").GetProperty("nodes").ToString());

        // 5,001 vertices: over the limit of 5,000.
        var ring = Enumerable.Range(0, 5000).Select(i =>
        {
            var a = 2 * Math.PI * i / 5000;
            return new[] { 35.2 + 0.1 * Math.Cos(a), 33.2 + 0.1 * Math.Sin(a) };
        }).Append([35.3, 33.2]).ToArray();
        var e = await client.Error("BAD_USER_INPUT", "query ($area: GeoJSON) { incidents(filter: {within: $area}) { totalCount } }",
            new { area = new { type = "Polygon", coordinates = new[] { ring } } });
        Assert.Contains("5000", e.GetProperty("message").GetString());
        // 4,999 vertices plus the closing one are accepted.
        var fits = ring.Take(4999).Append(ring[0]).ToArray();
        await client.Data("query ($area: GeoJSON) { incidents(filter: {within: $area}) { totalCount } }",
            new { area = new { type = "Polygon", coordinates = new[] { fits } } });
        // A bow tie is not a valid polygon; a line is not an area.
        var bowTie = new[] { new[] { 35.0, 33.1 }, new[] { 35.1, 33.2 }, new[] { 35.1, 33.1 }, new[] { 35.0, 33.2 }, new[] { 35.0, 33.1 } };
        await client.Error("BAD_USER_INPUT", "query ($area: GeoJSON) { incidents(filter: {within: $area}) { totalCount } }",
            new { area = new { type = "Polygon", coordinates = new[] { bowTie } } });
        await client.Error("BAD_USER_INPUT", "query ($area: GeoJSON) { incidents(filter: {within: $area}) { totalCount } }",
            new { area = new { type = "LineString", coordinates = new[] { new[] { 35.0, 33.1 }, new[] { 35.1, 33.2 } } } });
    }

    [Fact]
    public async Task Reports_are_validated_like_REST_uploads()
    {
        await api.ReadyAsync();
        var client = await api.CreateClientAsAsync(Role.Reporter);
        var e = await client.Error("BAD_USER_INPUT", $$"""mutation { reportIncident(input: {externalId: "v-1", {{Valid.Replace("\"Battles\"", "\"Skirmish\"")}}}) { created } }""");
        var fields = e.GetProperty("extensions").GetProperty("errors").EnumerateArray().Select(x => x.GetProperty("field").GetString()).ToList();
        Assert.Contains("eventType", fields);
        // Outside the monitored area (UploadOptions: lon 34.8–36.7).
        e = await client.Error("BAD_USER_INPUT", $$"""mutation { reportIncident(input: {externalId: "v-2", {{Valid.Replace("lon: 35.2", "lon: 20.0")}}}) { created } }""");
        Assert.NotEmpty(e.GetProperty("extensions").GetProperty("errors").EnumerateArray());

        // A batch with one bad report: all or nothing, unless partial.
        var batch = $$"""[{externalId: "b-1", {{Valid}}}, {externalId: "b-2", {{Valid.Replace("2026-04-20T10:00:00Z", "not a date")}}}]""";
        var count = await api.ScalarAsync<long>("SELECT count(*) FROM incidents WHERE source = 'val'");
        e = await client.Error("BAD_USER_INPUT", $$"""mutation { reportIncidents(inputs: {{batch}}) { created } }""");
        Assert.Equal(2, e.GetProperty("extensions").GetProperty("errors")[0].GetProperty("row").GetInt32());
        Assert.Equal(count, await api.ScalarAsync<long>("SELECT count(*) FROM incidents WHERE source = 'val'"));
        var partial = (await client.Data($$"""mutation { reportIncidents(inputs: {{batch}}, partial: true) { received created rejected items { row result incident { externalId } } errors { row field } } }"""))
            .GetProperty("reportIncidents");
        Assert.Equal(1, partial.GetProperty("created").GetInt32());
        Assert.Equal(1, partial.GetProperty("rejected").GetInt32());
        Assert.Equal("b-1", partial.GetProperty("items")[0].GetProperty("incident").GetProperty("externalId").GetString());
        Assert.Equal(count + 1, await api.ScalarAsync<long>("SELECT count(*) FROM incidents WHERE source = 'val'"));

        // The same report again is unchanged; a different report under the same key is a CONFLICT.
        var again = await client.Data($$"""mutation { reportIncident(input: {externalId: "b-1", {{Valid}}}) { created } }""");
        Assert.False(again.GetProperty("reportIncident").GetProperty("created").GetBoolean());
        await client.Error("CONFLICT", $$"""mutation { reportIncident(input: {externalId: "b-1", fatalities: 5, {{Valid}}}) { created } }""");
    }

    [Fact]
    public async Task Nearest_first_pages_walk_every_incident_once_in_distance_order()
    {
        await api.ReadyAsync();
        var client = api.CreateClient();
        var ids = new List<string>();
        var distances = new List<double>();
        string? after = null;
        do
        {
            var conn = (await client.Data("""
                query ($after: Cursor) {
                  incidents(filter: {sources: ["gq"]}, first: 7, after: $after, orderBy: DISTANCE) {
                    nodes { externalId blueLine { distanceMetres } } pageInfo { hasNextPage endCursor }
                  }
                }
                """, new { after })).GetProperty("incidents");
            foreach (var n in conn.GetProperty("nodes").EnumerateArray())
            {
                ids.Add(n.GetProperty("externalId").GetString()!);
                distances.Add(n.GetProperty("blueLine").GetProperty("distanceMetres").GetDouble());
            }
            after = conn.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean() ? conn.GetProperty("pageInfo").GetProperty("endCursor").GetString() : null;
        } while (after is not null);
        Assert.Equal(100, ids.Distinct().Count());
        Assert.Equal(distances.Order().ToList(), distances);
        // The first four lie on the southernmost row (33.1005°N), about 11.1 km from the line along 33°N.
        Assert.All(ids.Take(4), x => Assert.True(int.Parse(x[3..], CultureInfo.InvariantCulture) < 4, x));
    }
}
