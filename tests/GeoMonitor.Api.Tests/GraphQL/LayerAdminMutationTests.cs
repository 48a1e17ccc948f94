using System.Text.Json;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Tests.BadInput;
using GeoMonitor.Api.Tests.Infrastructure;
using GeoMonitor.Api.Tests.Query;

namespace GeoMonitor.Api.Tests.GraphQL;

/// <summary>
/// The layer-admin mutations: the rules of PUT/DELETE /api/lines|zones|corridors|truces/{slug}, on a world of our own
/// (a line 'lam-blue-line' along 33°N from 35.0°E to 35.5°E, drawn west to east).
/// </summary>
public sealed class LayerAdminMutationTests(GraphQLWorld api) : IClassFixture<GraphQLWorld>
{
    private const string Square = """{type: "Polygon", coordinates: [[[35.0, 33.3], [35.1, 33.3], [35.1, 33.4], [35.0, 33.4], [35.0, 33.3]]]}""";

    // Edges (35.4 33.2)-(35.6 33.3) and (35.6 33.2)-(35.4 33.3) cross at (35.5, 33.25).
    private const string BowTie = """{type: "Polygon", coordinates: [[[35.4, 33.2], [35.6, 33.3], [35.6, 33.2], [35.4, 33.3], [35.4, 33.2]]]}""";

    private async Task ReadyAsync()
    {
        await api.ReadyAsync();
        await api.ExecAsync("""
            INSERT INTO lines (slug, name, kind, geom, source)
            VALUES ('lam-blue-line', 'Blue Line (test)', 'blue_line', ST_GeomFromText('MULTILINESTRING((35.0 33.0, 35.5 33.0))', 4326), 'test')
            ON CONFLICT (slug) DO NOTHING
            """);
    }

    // Area of a lon/lat box on a sphere of the mean Earth radius: R²·Δλ·(sin φ2 − sin φ1); within 0.1 % of WGS 84 here.
    private static double BoxKm2(double lon1, double lat1, double lon2, double lat2)
    {
        const double r = 6371.0088;
        static double Rad(double d) => d * Math.PI / 180;
        return r * r * Rad(lon2 - lon1) * (Math.Sin(Rad(lat2)) - Math.Sin(Rad(lat1)));
    }

    private static void Near(double expected, double actual, string what) =>
        Assert.True(Math.Abs(actual - expected) <= 0.01 * expected, $"{what}: expected {expected:F3} ± 1 %, got {actual:F3}");

    [Fact]
    public async Task An_admin_upserts_a_polygon_zone_and_a_buffer_zone_that_read_back_alike_over_graphql_and_rest()
    {
        await ReadyAsync();
        var admin = await api.CreateClientAsAsync(Role.Admin);
        var square = (await admin.Data($$"""
            mutation { upsertZone(slug: "lam-square", input: {name: "Square", kind: WITHDRAWAL, geometry: {{Square}}, phase: 1,
                       deadline: "2026-05-17T21:00:00Z", source: "test"}) { slug kind phase deadline areaKm2 bufferOf { lineSlug } } }
            """)).GetProperty("upsertZone");
        Assert.Equal("lam-square", square.GetProperty("slug").GetString());
        Assert.Equal("WITHDRAWAL", square.GetProperty("kind").GetString());
        Assert.Equal(1, square.GetProperty("phase").GetInt32());
        Assert.Equal("2026-05-17T21:00:00Z", square.GetProperty("deadline").GetString());
        Assert.Equal(JsonValueKind.Null, square.GetProperty("bufferOf").ValueKind);
        var expected = BoxKm2(35.0, 33.3, 35.1, 33.4); // ≈ 103.2 km²
        Near(expected, square.GetProperty("areaKm2").GetDouble(), "GraphQL square");

        var buffer = (await admin.Data("""
            mutation { upsertZone(slug: "lam-north-2km", input: {name: "2 km north", kind: BUFFER, bufferOf: "lam-blue-line", metres: 2000,
                       side: NORTH, source: "test"}) { slug areaKm2 bufferOf { lineSlug metres side } } }
            """)).GetProperty("upsertZone");
        Assert.Equal("lam-blue-line", buffer.GetProperty("bufferOf").GetProperty("lineSlug").GetString());
        Assert.Equal(2000, buffer.GetProperty("bufferOf").GetProperty("metres").GetDouble());
        Assert.Equal("NORTH", buffer.GetProperty("bufferOf").GetProperty("side").GetString());
        // 0.5° of longitude at 33°N is about 46.6 km; 2 km to the north of it is about 93 km² (plus end caps if rounded).
        var bufferArea = buffer.GetProperty("areaKm2").GetDouble();
        Assert.InRange(bufferArea, 46.6 * 2 * 0.99, 46.6 * 2 + Math.PI * 4 + 1);

        // Read back through both surfaces.
        var read = await admin.Data("""
            { a: zone(slug: "lam-square") { areaKm2 geometry } b: zone(slug: "lam-north-2km") { areaKm2 geometry } }
            """);
        var rest = api.CreateClient();
        var restSquare = await rest.GetJson("/api/zones/lam-square");
        var restBuffer = await rest.GetJson("/api/zones/lam-north-2km");
        Near(expected, read.GetProperty("a").GetProperty("areaKm2").GetDouble(), "GraphQL query square");
        Near(expected, restSquare.GetProperty("properties").GetProperty("areaKm2").GetDouble(), "REST square");
        Near(bufferArea, read.GetProperty("b").GetProperty("areaKm2").GetDouble(), "GraphQL query buffer");
        Near(bufferArea, restBuffer.GetProperty("properties").GetProperty("areaKm2").GetDouble(), "REST buffer");
        Assert.Equal("north", restBuffer.GetProperty("properties").GetProperty("bufferOf").GetProperty("side").GetString());
        Assert.Equal(restSquare.GetProperty("geometry").GetProperty("type").GetString(), read.GetProperty("a").GetProperty("geometry").GetProperty("type").GetString());
        Assert.Equal(
            restBuffer.GetProperty("geometry").GetProperty("coordinates").GetRawText(),
            read.GetProperty("b").GetProperty("geometry").GetProperty("coordinates").GetRawText());

        // The line now has a buffer zone derived from it: deleting it is refused, as REST's 409.
        var conflict = await admin.Error("CONFLICT", """mutation { deleteLine(slug: "lam-blue-line") }""");
        Assert.Contains("zone lam-north-2km", conflict.GetProperty("extensions").GetProperty("dependents").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(1, await api.ScalarAsync<long>("SELECT count(*) FROM lines WHERE slug = 'lam-blue-line'"));
        Assert.True((await admin.Data("""mutation { deleteZone(slug: "lam-square") }""")).GetProperty("deleteZone").GetBoolean());
        await admin.Error("NOT_FOUND", """mutation { deleteZone(slug: "lam-square") }""");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await rest.GetAsync("/api/zones/lam-square")).StatusCode);
    }

    [Fact]
    public async Task An_invalid_polygon_is_bad_user_input_naming_the_self_intersection_unless_made_valid()
    {
        await ReadyAsync();
        var admin = await api.CreateClientAsAsync(Role.Admin);
        var error = await admin.Error("BAD_USER_INPUT", $$"""
            mutation { upsertZone(slug: "lam-bowtie", input: {name: "Bow tie", kind: OTHER, geometry: {{BowTie}}, source: "test"}) { slug } }
            """);
        // The message is the REST problem's detail; where the polygon crosses itself is in the error's field list, as in REST's errors.
        Assert.Equal("The layer has 1 problem(s); nothing was changed.", error.GetProperty("message").GetString());
        var field = error.GetProperty("extensions").GetProperty("errors").EnumerateArray().Single();
        Assert.Equal("geometry", field.GetProperty("field").GetString());
        Assert.Contains("Self-intersection at lon 35.5, lat 33.25", field.GetProperty("message").GetString());
        Assert.Equal(0, await api.ScalarAsync<long>("SELECT count(*) FROM zones WHERE slug = 'lam-bowtie'"));

        // Repaired: two triangles of 0.1° × 0.05° / 2 each, together half the bounding box.
        var repaired = (await admin.Data($$"""
            mutation { upsertZone(slug: "lam-bowtie", makeValid: true, input: {name: "Bow tie", kind: OTHER, geometry: {{BowTie}}, source: "test"}) { areaKm2 } }
            """)).GetProperty("upsertZone");
        Near(BoxKm2(35.4, 33.2, 35.6, 33.3) / 2, repaired.GetProperty("areaKm2").GetDouble(), "repaired bow tie");
    }

    [Fact]
    public async Task Extending_a_truce_keeps_its_identity_and_records_the_previous_end()
    {
        await ReadyAsync();
        var admin = await api.CreateClientAsAsync(Role.Admin);
        const string Upsert = """
            mutation ($end: DateTime) { upsertTruce(slug: "lam-truce", input: {name: "Test truce", start: "2026-04-16T21:00:00Z", end: $end,
              parties: ["A", "B"], source: "test"}) { slug start end originalEnd extensions { previousEnd newEnd } } }
            """;
        var first = (await admin.Data(Upsert, new { end = "2026-04-26T21:00:00Z" })).GetProperty("upsertTruce");
        Assert.Empty(first.GetProperty("extensions").EnumerateArray());
        var id = await api.ScalarAsync<long>("SELECT id FROM truces WHERE slug = 'lam-truce'");

        var extended = (await admin.Data(Upsert, new { end = "2026-05-17T21:00:00Z" })).GetProperty("upsertTruce");
        Assert.Equal("2026-05-17T21:00:00Z", extended.GetProperty("end").GetString());
        Assert.Equal("2026-04-26T21:00:00Z", extended.GetProperty("originalEnd").GetString());
        var ext = extended.GetProperty("extensions").EnumerateArray().Single();
        Assert.Equal("2026-04-26T21:00:00Z", ext.GetProperty("previousEnd").GetString());
        Assert.Equal(id, await api.ScalarAsync<long>("SELECT id FROM truces WHERE slug = 'lam-truce'"));

        var rest = await api.CreateClient().GetJson("/api/truces/lam-truce");
        Assert.Equal("2026-05-17T21:00:00Z", rest.GetProperty("end").GetString());
        var restExt = rest.GetProperty("extensions").EnumerateArray().Single();
        Assert.Equal("2026-04-26T21:00:00Z", restExt.GetProperty("previousEnd").GetString());
        Assert.Equal("2026-05-17T21:00:00Z", restExt.GetProperty("newEnd").GetString());

        // An existing truce cannot lose its end (REST's 422).
        await admin.Error("BAD_USER_INPUT", Upsert, new { end = (string?)null });
    }

    public static TheoryData<string, Role> Refusals()
    {
        var data = new TheoryData<string, Role>();
        foreach (var m in Documents.Keys)
            foreach (var r in new[] { Role.Anonymous, Role.Reader, Role.Reporter, Role.Reviewer })
                data.Add(m, r);
        return data;
    }

    // Documents that would write (on existing rows for the deletes) if the role check were missing.
    private static readonly Dictionary<string, string> Documents = new()
    {
        ["upsertLine"] = """mutation { upsertLine(slug: "lam-new-line", input: {name: "L", kind: RIVER, geometry: {type: "LineString", coordinates: [[35.0, 33.5], [35.2, 33.5]]}, source: "t"}) { slug } }""",
        ["upsertZone"] = $$"""mutation { upsertZone(slug: "lam-new-zone", input: {name: "Z", kind: OTHER, geometry: {{Square}}, source: "t"}) { slug } }""",
        ["upsertCorridor"] = """mutation { upsertCorridor(slug: "lam-new-corridor", input: {name: "C", geometry: {type: "LineString", coordinates: [[35.0, 33.5], [35.2, 33.5]]}, widthM: 1000, source: "t"}) { slug } }""",
        ["upsertTruce"] = """mutation { upsertTruce(slug: "gq-truce", input: {name: "T", start: "2026-04-16T21:00:00Z", end: "2026-06-01T00:00:00Z", source: "t"}) { slug } }""",
        ["deleteLine"] = """mutation { deleteLine(slug: "gq-blue-line") }""",
        ["deleteZone"] = """mutation { deleteZone(slug: "gq-zone-0") }""",
        ["deleteCorridor"] = """mutation { deleteCorridor(slug: "lam-corridor") }""",
        ["deleteTruce"] = """mutation { deleteTruce(slug: "gq-truce") }""",
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Only_admins_administer_layers(string mutation, Role role)
    {
        await ReadyAsync();
        await api.ExecAsync("""
            INSERT INTO corridors (slug, name, route, width_m, status, source)
            VALUES ('lam-corridor', 'Corridor', ST_GeomFromText('MULTILINESTRING((35.0 33.6, 35.2 33.6))', 4326), 1000, 'open', 'test')
            ON CONFLICT (slug) DO NOTHING
            """);
        var client = await api.CreateClientAsAsync(role);
        var before = await DatabaseChecksum.ComputeAsync(api.Db);
        var error = await client.Error(role == Role.Anonymous ? "UNAUTHENTICATED" : "FORBIDDEN", Documents[mutation]);
        Assert.Equal(mutation, error.GetProperty("path")[0].GetString());
        Assert.Empty(DatabaseChecksum.Changed(before, await DatabaseChecksum.ComputeAsync(api.Db)));
    }
}
