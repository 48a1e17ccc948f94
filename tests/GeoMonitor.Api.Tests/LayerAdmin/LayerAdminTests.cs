using System.Net;
using System.Text.Json.Nodes;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Tests.Infrastructure;
using GeoMonitor.Api.Tests.Uploads;
using static GeoMonitor.Api.Tests.Uploads.BadInputTests;
using static GeoMonitor.Api.Tests.Uploads.UploadWorld;

namespace GeoMonitor.Api.Tests.LayerAdmin;

/// <summary>
/// Admin layer writes, checked through the stored enrichment of hand-placed incidents. A test line runs along latitude
/// 33.5 from lon 35.1 to 35.9 (west to east); points due north/south of (35.5, 33.5), placed with PROJ's geod:
/// echo "33.5 35.5 0 1000" | geod +ellps=WGS84 -f "%.9f" → 33.509016038 (1 km north);
/// echo "33.5 35.5 180 1000" | geod … → 33.490983949 (1 km south); echo "33.5 35.5 0 3000" | geod … → 33.527048073 (3 km north).
/// </summary>
public sealed class LayerAdminTests(UploadFixture api) : IClassFixture<UploadFixture>, IAsyncLifetime
{
    private const double North1km = 33.509016038, South1km = 33.490983949, North3km = 33.527048073;

    public Task InitializeAsync() => SeedAsync(api);
    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<long> IncidentAt(double lon, double lat, string occurredAt = "2024-12-01T10:00:00Z")
    {
        var client = await api.CreateClientAsAsync(Role.Reporter);
        var res = await client.PostAsync("/api/incidents", Json(Report(set: o => { o["lon"] = lon; o["lat"] = lat; o["occurredAt"] = occurredAt; })));
        Assert.Equal(HttpStatusCode.Created, res.StatusCode);
        return (await BodyAsync(res)).GetProperty("id").GetInt64();
    }

    private Task<string[]> Zones(long id) => api.ScalarAsync<string[]>("SELECT zone_slugs FROM incidents WHERE id = $1", id);
    private Task<string[]> Truces(long id) => api.ScalarAsync<string[]>("SELECT truce_slugs FROM incidents WHERE id = $1", id);

    private static JsonObject Line(double lat) => new()
    {
        ["type"] = "Feature",
        ["geometry"] = new JsonObject { ["type"] = "LineString", ["coordinates"] = new JsonArray(new JsonArray(35.1, lat), new JsonArray(35.9, lat)) },
        ["properties"] = new JsonObject { ["name"] = "Admin test line", ["name_ar"] = "خط الاختبار", ["kind"] = "other", ["source"] = "test", ["approximate"] = true },
    };

    private static JsonObject Box(double w, double s, double e, double n) => new()
    {
        ["type"] = "Feature",
        ["geometry"] = new JsonObject { ["type"] = "Polygon", ["coordinates"] = new JsonArray(new JsonArray(
            new JsonArray(w, s), new JsonArray(e, s), new JsonArray(e, n), new JsonArray(w, n), new JsonArray(w, s))) },
        ["properties"] = new JsonObject { ["name"] = "Admin box", ["kind"] = "withdrawal", ["phase"] = 1, ["source"] = "test" },
    };

    [Fact]
    public async Task A_new_zone_is_stored_and_the_incidents_inside_it_are_reenriched()
    {
        var inside = await IncidentAt(35.7, 33.7);
        var outside = await IncidentAt(35.7, 33.9);
        var admin = await api.CreateClientAsAsync(Role.Admin);

        var res = await admin.PutAsync("/api/zones/adm-box", Json(Box(35.6, 33.6, 35.8, 33.8), "application/geo+json"));

        Assert.Equal(HttpStatusCode.Created, res.StatusCode);
        Assert.Equal("/api/zones/adm-box", res.Headers.Location?.OriginalString);
        Assert.Contains("adm-box", await Zones(inside));
        Assert.DoesNotContain("adm-box", await Zones(outside));

        // Replacing it keeps its identity and moves the enrichment with it.
        var id = await api.ScalarAsync<long>("SELECT id FROM zones WHERE slug = 'adm-box'");
        res = await admin.PutAsync("/api/zones/adm-box", Json(Box(35.6, 33.85, 35.8, 33.95)));
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Equal(id, await api.ScalarAsync<long>("SELECT id FROM zones WHERE slug = 'adm-box'"));
        Assert.DoesNotContain("adm-box", await Zones(inside));
        Assert.Contains("adm-box", await Zones(outside));
    }

    [Fact]
    public async Task A_self_intersecting_polygon_is_refused_with_where_unless_make_valid()
    {
        // A bow-tie whose edges cross at (35.5, 33.25).
        var bowtie = new JsonObject
        {
            ["name"] = "Bow tie", ["kind"] = "other", ["source"] = "test",
            ["geometry"] = JsonNode.Parse("""{"type":"Polygon","coordinates":[[[35.4,33.2],[35.6,33.3],[35.6,33.2],[35.4,33.3],[35.4,33.2]]]}"""),
        };
        var admin = await api.CreateClientAsAsync(Role.Admin);

        var p = await AssertProblem(await admin.PutAsync("/api/zones/bowtie", Json(bowtie)), 422, "invalid-layer");
        var message = p.GetProperty("errors")[0].GetProperty("message").GetString()!;
        Assert.Contains("Self-intersection at lon 35.5, lat 33.25", message);
        Assert.Equal(0L, await api.ScalarAsync<long>("SELECT count(*) FROM zones WHERE slug = 'bowtie'"));

        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync("/api/zones/bowtie?makeValid=true", Json(bowtie))).StatusCode);
        Assert.True(await api.ScalarAsync<bool>("SELECT ST_IsValid(geom) FROM zones WHERE slug = 'bowtie'"));
        Assert.Equal(2, await api.ScalarAsync<int>("SELECT ST_NumGeometries(geom) FROM zones WHERE slug = 'bowtie'"));
    }

    [Fact]
    public async Task A_buffer_zone_follows_its_line_and_the_line_cannot_be_deleted_under_it()
    {
        var admin = await api.CreateClientAsAsync(Role.Admin);
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync("/api/lines/adm-line", Json(Line(33.5)))).StatusCode);
        var zone = new JsonObject { ["name"] = "2 km north of the admin line", ["kind"] = "buffer", ["bufferOf"] = "adm-line", ["metres"] = 2000, ["side"] = "north", ["source"] = "test" };
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync("/api/zones/adm-buffer", Json(zone))).StatusCode);

        var north1 = await IncidentAt(35.5, North1km);
        var south1 = await IncidentAt(35.5, South1km);
        var north3 = await IncidentAt(35.5, North3km);
        Assert.Contains("adm-buffer", await Zones(north1));
        Assert.DoesNotContain("adm-buffer", await Zones(south1));
        Assert.DoesNotContain("adm-buffer", await Zones(north3));

        // The line moves 0.02° north (about 2.2 km): the buffer follows, north3 is now inside and north1 south of the line.
        var moved = await admin.PutAsync("/api/lines/adm-line", Json(Line(33.52)));
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(["adm-buffer"], (await BodyAsync(moved)).GetProperty("derivedZones").EnumerateArray().Select(z => z.GetString()));
        Assert.Contains("adm-buffer", await Zones(north3));
        Assert.DoesNotContain("adm-buffer", await Zones(north1));

        var p = await AssertProblem(await admin.DeleteAsync("/api/lines/adm-line"), 409, "layer-in-use");
        Assert.Contains("zone adm-buffer", p.GetProperty("dependents").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/zones/adm-buffer")).StatusCode);
        Assert.Empty(await Zones(north3));
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/lines/adm-line")).StatusCode);
        await AssertProblem(await admin.DeleteAsync("/api/lines/adm-line"), 404, "not-found");
    }

    [Fact]
    public async Task The_geodata_form_of_a_buffer_and_an_unknown_line_are_handled()
    {
        var admin = await api.CreateClientAsAsync(Role.Admin);
        var nested = JsonNode.Parse("""{"name":"Nested buffer","kind":"buffer","source":"test","bufferOf":{"line":"blue-line","metres":5000,"side":"both"}}""")!;
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync("/api/zones/nested-buffer", Json(nested))).StatusCode);
        Assert.Equal(5000.0, await api.ScalarAsync<double>("SELECT buffer_metres FROM zones WHERE slug = 'nested-buffer'"));

        var unknown = JsonNode.Parse("""{"name":"x","kind":"buffer","source":"test","bufferOf":"no-such-line","metres":100}""")!;
        var p = await AssertProblem(await admin.PutAsync("/api/zones/orphan", Json(unknown)), 422, "invalid-layer");
        Assert.Contains("no-such-line", p.GetProperty("errors")[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task Extending_a_truce_keeps_its_identity_and_records_the_previous_end()
    {
        var admin = await api.CreateClientAsAsync(Role.Admin);
        var truce = new JsonObject
        {
            ["name"] = "Admin truce", ["start"] = "2025-03-01T00:00:00Z", ["end"] = "2025-03-10T00:00:00Z",
            ["parties"] = new JsonArray("Israel", "Lebanon"), ["scope"] = null, ["source"] = "test",
        };
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync("/api/truces/adm-truce", Json(truce))).StatusCode);
        var id = await api.ScalarAsync<long>("SELECT id FROM truces WHERE slug = 'adm-truce'");
        var late = await IncidentAt(35.5, 33.15, "2025-03-12T00:00:00Z");
        Assert.DoesNotContain("adm-truce", await Truces(late));

        truce["end"] = "2025-03-20T00:00:00Z";
        truce["announcedAt"] = "2025-03-09T18:00:00Z";
        var res = await admin.PutAsync("/api/truces/adm-truce", Json(truce));
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.True((await BodyAsync(res)).GetProperty("extended").GetBoolean());
        Assert.Contains("adm-truce", await Truces(late));

        var ext = await admin.PostAsync("/api/truces/adm-truce/extensions", Json(new JsonObject { ["newEnd"] = "2025-04-01T00:00:00Z", ["source"] = "F9 test" }));
        Assert.Equal(HttpStatusCode.Created, ext.StatusCode);

        Assert.Equal(id, await api.ScalarAsync<long>("SELECT id FROM truces WHERE slug = 'adm-truce'"));
        Assert.Equal(new DateTime(2025, 3, 10, 0, 0, 0, DateTimeKind.Utc), await api.ScalarAsync<DateTime>("SELECT original_end FROM truces WHERE id = $1", id));
        Assert.Equal(new DateTime(2025, 4, 1, 0, 0, 0, DateTimeKind.Utc), await api.ScalarAsync<DateTime>("SELECT upper(during) FROM truces WHERE id = $1", id));
        Assert.Equal("2025-03-10 00:00:00 → 2025-03-20 00:00:00; 2025-03-20 00:00:00 → 2025-04-01 00:00:00", await api.ScalarAsync<string>("""
            SELECT string_agg(to_char(previous_end AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || ' → ' || to_char(new_end AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'), '; ' ORDER BY id)
            FROM truce_extensions WHERE truce_id = $1
            """, id));

        await AssertProblem(await admin.PostAsync("/api/truces/no-such/extensions", Json(new JsonObject { ["newEnd"] = "2025-04-01T00:00:00Z" })), 404, "not-found");
        await AssertProblem(await admin.PostAsync("/api/truces/adm-truce/extensions", Json(new JsonObject { ["newEnd"] = "2025-01-01T00:00:00Z" })), 422, "invalid-layer");
    }

    [Fact]
    public async Task A_corridor_is_stored_with_its_windows_and_overlapping_windows_are_refused()
    {
        var admin = await api.CreateClientAsAsync(Role.Admin);
        JsonObject Corridor(string secondFrom) => new()
        {
            ["name"] = "Admin corridor", ["widthM"] = 1000, ["status"] = "open", ["source"] = "test",
            ["geometry"] = JsonNode.Parse("""{"type":"LineString","coordinates":[[35.2,33.6],[35.4,33.6]]}"""),
            ["windows"] = new JsonArray(
                new JsonObject { ["from"] = "2025-01-01T06:00:00Z", ["to"] = "2025-01-01T18:00:00Z" },
                new JsonObject { ["from"] = secondFrom, ["to"] = "2025-01-02T18:00:00Z" }),
        };
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync("/api/corridors/adm-corridor", Json(Corridor("2025-01-02T06:00:00Z")))).StatusCode);
        Assert.Equal(2L, await api.ScalarAsync<long>("SELECT count(*) FROM corridor_windows w JOIN corridors c ON c.id = w.corridor_id WHERE c.slug = 'adm-corridor'"));
        var onRoute = await IncidentAt(35.3, 33.6);
        Assert.Contains("adm-corridor", await api.ScalarAsync<string[]>("SELECT corridor_slugs FROM incidents WHERE id = $1", onRoute));

        await AssertProblem(await admin.PutAsync("/api/corridors/adm-corridor", Json(Corridor("2025-01-01T12:00:00Z"))), 422, "invalid-layer");
        Assert.Equal(2L, await api.ScalarAsync<long>("SELECT count(*) FROM corridor_windows w JOIN corridors c ON c.id = w.corridor_id WHERE c.slug = 'adm-corridor'"));
    }

    [Theory]
    [InlineData("/api/zones/Bad_Slug", """{"name":"x","kind":"other","source":"t"}""", 400, "invalid-parameter")]
    [InlineData("/api/zones/no-name", """{"kind":"other","source":"t","geometry":{"type":"Polygon","coordinates":[[[35,33],[35.1,33],[35.1,33.1],[35,33]]]}}""", 422, "invalid-layer")]
    [InlineData("/api/zones/bad-kind", """{"name":"x","kind":"park","source":"t","geometry":{"type":"Polygon","coordinates":[[[35,33],[35.1,33],[35.1,33.1],[35,33]]]}}""", 422, "invalid-layer")]
    [InlineData("/api/zones/a-line", """{"name":"x","kind":"other","source":"t","geometry":{"type":"LineString","coordinates":[[35,33],[35.1,33]]}}""", 422, "invalid-layer")]
    [InlineData("/api/zones/open-ring", """{"name":"x","kind":"other","source":"t","geometry":{"type":"Polygon","coordinates":[[[35,33],[35.1,33],[35.1,33.1],[35,33.1]]]}}""", 422, "invalid-layer")]
    [InlineData("/api/lines/other-slug", """{"slug":"different","name":"x","kind":"river","source":"t","geometry":{"type":"LineString","coordinates":[[35,33],[35.1,33]]}}""", 422, "invalid-layer")]
    [InlineData("/api/lines/bad-json", """{"name":""", 400, "malformed-body")]
    public async Task Bad_layer_bodies_are_refused(string path, string body, int status, string type)
    {
        var admin = await api.CreateClientAsAsync(Role.Admin);
        await AssertProblem(await admin.PutAsync(path, Raw(body, "application/json")), status, type);
    }

    public static TheoryData<string, Role, HttpStatusCode> RoleMatrix()
    {
        var data = new TheoryData<string, Role, HttpStatusCode>();
        foreach (var op in new[] { "PUT /api/lines", "PUT /api/zones", "PUT /api/corridors", "PUT /api/truces", "POST extensions", "DELETE /api/zones" })
        {
            data.Add(op, Role.Anonymous, HttpStatusCode.Unauthorized);
            data.Add(op, Role.Reader, HttpStatusCode.Forbidden);
            data.Add(op, Role.Reporter, HttpStatusCode.Forbidden);
            data.Add(op, Role.Reviewer, HttpStatusCode.Forbidden);
            data.Add(op, Role.Admin, op switch { "DELETE /api/zones" => HttpStatusCode.NoContent, "PUT /api/truces" => HttpStatusCode.OK, _ => HttpStatusCode.Created });
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(RoleMatrix))]
    public async Task Layer_changes_need_an_admin_key(string op, Role role, HttpStatusCode expected)
    {
        var slug = "rm-" + Guid.NewGuid().ToString("N")[..8];
        var admin = await api.CreateClientAsAsync(Role.Admin);
        var client = await api.CreateClientAsAsync(role);
        var truce = new JsonObject { ["name"] = "t", ["start"] = "2025-01-01T00:00:00Z", ["end"] = "2025-01-02T00:00:00Z", ["source"] = "t" };
        if (op is "DELETE /api/zones") Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync($"/api/zones/{slug}", Json(Box(35, 33, 35.1, 33.1)))).StatusCode);
        if (op is "POST extensions" or "PUT /api/truces") Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync($"/api/truces/{slug}", Json(truce))).StatusCode);
        var arranged = await api.ScalarAsync<long>("SELECT (SELECT count(*) FROM lines) + (SELECT count(*) FROM zones) + (SELECT count(*) FROM corridors) + (SELECT count(*) FROM truces) + (SELECT count(*) FROM truce_extensions)");

        var res = op switch
        {
            "PUT /api/lines" => await client.PutAsync($"/api/lines/{slug}", Json(Line(34.0))),
            "PUT /api/zones" => await client.PutAsync($"/api/zones/{slug}", Json(Box(35, 33, 35.1, 33.1))),
            "PUT /api/corridors" => await client.PutAsync($"/api/corridors/{slug}", Json(JsonNode.Parse("""{"name":"c","widthM":500,"source":"t","geometry":{"type":"LineString","coordinates":[[35.2,33.7],[35.3,33.7]]}}""")!)),
            "PUT /api/truces" => await client.PutAsync($"/api/truces/{slug}", Json(truce)),
            "POST extensions" => await client.PostAsync($"/api/truces/{slug}/extensions", Json(new JsonObject { ["newEnd"] = "2025-01-03T00:00:00Z" })),
            _ => await client.DeleteAsync($"/api/zones/{slug}"),
        };

        Assert.Equal(expected, res.StatusCode);
        if ((int)expected >= 400)
        {
            Assert.Equal("application/problem+json", res.Content.Headers.ContentType?.MediaType);
            Assert.Equal(arranged, await api.ScalarAsync<long>("SELECT (SELECT count(*) FROM lines) + (SELECT count(*) FROM zones) + (SELECT count(*) FROM corridors) + (SELECT count(*) FROM truces) + (SELECT count(*) FROM truce_extensions)"));
        }
    }
}
