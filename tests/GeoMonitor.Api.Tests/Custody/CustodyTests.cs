using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GeoMonitor.Api.Tests.GraphQL;
using GeoMonitor.Api.Tests.Notifications;

namespace GeoMonitor.Api.Tests.Custody;

/// <summary>
/// Custody of the test zone test-scope (lon 35.70–35.72, lat 33.60–33.62): the IDF from T0 = 2025-01-01T00:00Z, handed
/// over to UNIFIL (with the LAF) at T1 = 2025-02-01T00:00Z. Periods are half-open, [from, to): at each boundary the
/// answer is known — nobody just before T0, the IDF at T0 and one second before T1, UNIFIL at T1 — and /api/locate,
/// GET /api/custody?at=, GraphQL's Zone.custody(at:) and Location.custody give it alike.
/// </summary>
public sealed class CustodyTests(TruceFixture api) : IClassFixture<TruceFixture>, IAsyncLifetime
{
    private const string T0 = "2025-01-01T00:00:00Z", T1 = "2025-02-01T00:00:00Z";

    public async Task InitializeAsync()
    {
        if (await api.ScalarAsync<long>("SELECT count(*) FROM custody WHERE slug = 'scope-idf'") > 0) return;
        var idf = await api.Monitor.PutAsJsonAsync("/api/custody/scope-idf", new { zone = "test-scope", force = "idf", from = T0, source = "test" });
        Assert.True(idf.StatusCode == HttpStatusCode.Created, await idf.Content.ReadAsStringAsync());
        var handover = await api.Monitor.PutAsJsonAsync("/api/custody/scope-unifil", new { zone = "test-scope", force = "unifil", supportedBy = new[] { "laf" }, from = T1, source = "test" });
        Assert.True(handover.StatusCode == HttpStatusCode.Created, await handover.Content.ReadAsStringAsync());
        // The handover ended the open-ended record where the new one starts.
        Assert.Equal(["scope-idf"], (await TruceWorld.BodyAsync(handover)).GetProperty("closed").EnumerateArray().Select(x => x.GetString()));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("2024-12-31T23:59:59Z", null)]
    [InlineData(T0, "idf")]
    [InlineData("2025-01-31T23:59:59Z", "idf")]
    [InlineData(T1, "unifil")]
    [InlineData("2030-01-01T00:00:00Z", "unifil")]
    public async Task Who_holds_the_zone_at_each_boundary_of_its_periods(string at, string? force)
    {
        var client = api.CreateClient();
        var located = await TruceWorld.BodyAsync(await client.GetAsync($"/api/locate?lon=35.71&lat=33.61&at={at}"));
        var held = located.GetProperty("custody").EnumerateArray().ToList();
        Assert.Equal(force, held.SingleOrDefault().ValueKind == JsonValueKind.Undefined ? null : held.Single().GetProperty("force").GetString());

        var list = await TruceWorld.BodyAsync(await client.GetAsync($"/api/custody?zone=test-scope&at={at}"));
        Assert.Equal(force, list.GetProperty("custody").EnumerateArray().Select(c => c.GetProperty("force").GetString()).SingleOrDefault());

        var data = await client.Data($$"""
            { zone(slug: "test-scope") { custody(at: "{{at}}") { force supportedBy from to } }
              locate(lon: 35.71, lat: 33.61, at: "{{at}}") { custody { slug force zone { slug } } } }
            """);
        var zone = data.GetProperty("zone").GetProperty("custody");
        Assert.Equal(force?.ToUpperInvariant(), zone.ValueKind == JsonValueKind.Null ? null : zone.GetProperty("force").GetString());
        Assert.Equal(force?.ToUpperInvariant(), data.GetProperty("locate").GetProperty("custody").EnumerateArray()
            .Select(c => c.GetProperty("force").GetString()).SingleOrDefault());
    }

    [Fact]
    public async Task The_records_carry_their_periods_and_sources()
    {
        var all = (await TruceWorld.BodyAsync(await api.CreateClient().GetAsync("/api/custody?zone=test-scope"))).GetProperty("custody").EnumerateArray().ToList();
        Assert.Equal(["scope-idf", "scope-unifil"], all.Select(c => c.GetProperty("slug").GetString()));
        Assert.Equal(T1, all[0].GetProperty("to").GetString());
        Assert.Equal(JsonValueKind.Null, all[1].GetProperty("to").ValueKind);
        Assert.Equal(["laf"], all[1].GetProperty("supportedBy").EnumerateArray().Select(x => x.GetString()));
        Assert.All(all, c => Assert.Equal("test", c.GetProperty("source").GetString()));
        // A point outside the zone is held by nobody.
        var outside = await TruceWorld.BodyAsync(await api.CreateClient().GetAsync($"/api/locate?lon={Geod.East(33.61, 35.72, 1)}&lat=33.61&at=2025-01-15T00:00:00Z"));
        Assert.Empty(outside.GetProperty("custody").EnumerateArray());
    }

    [Fact]
    public async Task An_overlapping_period_is_a_409_naming_the_record_in_the_way_and_nothing_changes()
    {
        var before = await api.ScalarAsync<string>("SELECT string_agg(slug || during::text, ',' ORDER BY slug) FROM custody");
        var res = await api.Monitor.PutAsJsonAsync("/api/custody/scope-laf", new { zone = "test-scope", force = "laf", from = "2025-01-15T00:00:00Z", to = "2025-01-20T00:00:00Z", source = "test" });
        Assert.Equal(HttpStatusCode.Conflict, res.StatusCode);
        var problem = await TruceWorld.BodyAsync(res);
        Assert.EndsWith("custody-overlap", problem.GetProperty("type").GetString());
        Assert.Equal(["scope-idf"], problem.GetProperty("overlaps").EnumerateArray().Select(x => x.GetString()));
        // A bounded period inside the open-ended one is not a handover either.
        var inside = await api.Monitor.PutAsJsonAsync("/api/custody/scope-laf", new { zone = "test-scope", force = "laf", from = "2025-03-01T00:00:00Z", to = "2025-03-02T00:00:00Z", source = "test" });
        Assert.Equal(HttpStatusCode.Conflict, inside.StatusCode);
        Assert.Equal(before, await api.ScalarAsync<string>("SELECT string_agg(slug || during::text, ',' ORDER BY slug) FROM custody"));
        // The schema refuses it too (V042's exclusion constraint).
        var e = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => api.ScalarAsync<int>("""
            INSERT INTO custody (slug, zone_id, force, during, source)
            SELECT 'sneaky', id, 'none', tstzrange('2025-01-31T00:00:00Z', '2025-02-02T00:00:00Z'), 'psql' FROM zones WHERE slug = 'test-scope' RETURNING 1
            """));
        Assert.Equal("custody_zone_no_overlap", e.ConstraintName);
    }

    public static TheoryData<string, string> BadRecords() => new()
    {
        { """{"zone":"no-such-zone","force":"laf","from":"2025-05-01","source":"t"}""", "zone" },
        { """{"force":"laf","from":"2025-05-01","source":"t"}""", "zone" },
        { """{"zone":"test-withdrawal","site":"a hill","force":"laf","from":"2025-05-01","source":"t"}""", "zone" },
        { """{"zone":"test-withdrawal","force":"marines","from":"2025-05-01","source":"t"}""", "force" },
        { """{"zone":"test-withdrawal","force":"organisation","from":"2025-05-01","source":"t"}""", "organisation" },
        { """{"zone":"test-withdrawal","force":"organisation","organisation":"no-such-org","from":"2025-05-01","source":"t"}""", "organisation" },
        { """{"zone":"test-withdrawal","force":"laf","from":"2025-05-02","to":"2025-05-01","source":"t"}""", "to" },
        { """{"zone":"test-withdrawal","force":"laf","supportedBy":["laf"],"from":"2025-05-01","source":"t"}""", "supportedBy" },
        { """{"zone":"test-withdrawal","force":"laf","from":"2025-05-01"}""", "source" },
        { """{"zone":"test-withdrawal","force":"laf","from":"2025-05-01","source":"t","geometry":{"type":"Point","coordinates":[35.5,33.5]}}""", "geometry" },
    };

    [Theory]
    [MemberData(nameof(BadRecords))]
    public async Task A_bad_record_is_a_422_naming_the_field_and_nothing_is_written(string body, string field)
    {
        var before = await api.ScalarAsync<long>("SELECT count(*) FROM custody");
        var res = await api.Monitor.PutAsync("/api/custody/bad-record", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var text = await res.Content.ReadAsStringAsync();
        Assert.True(res.StatusCode == HttpStatusCode.UnprocessableEntity, text);
        Assert.Contains(field, JsonDocument.Parse(text).RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));
        Assert.Equal(before, await api.ScalarAsync<long>("SELECT count(*) FROM custody"));
    }

    [Fact]
    public async Task A_site_named_without_geometry_is_listed_but_never_located_and_records_are_deleted_by_an_admin()
    {
        var site = await api.Monitor.PutAsJsonAsync("/api/custody/hill-site", new { site = "A hill with no sourced coordinates", force = "idf", from = T0, source = "test" });
        Assert.Equal(HttpStatusCode.Created, site.StatusCode);
        var record = (await TruceWorld.BodyAsync(site)).GetProperty("custody");
        Assert.Equal(JsonValueKind.Null, record.GetProperty("zone").ValueKind);
        Assert.Contains("hill-site", (await TruceWorld.BodyAsync(await api.CreateClient().GetAsync($"/api/custody?at={T1}"))).GetProperty("custody")
            .EnumerateArray().Select(c => c.GetProperty("slug").GetString()));
        Assert.DoesNotContain("hill-site", (await api.CreateClient().GetStringAsync($"/api/locate?lon=35.71&lat=33.61&at={T1}")));
        Assert.Equal(HttpStatusCode.Forbidden, (await api.Monitor.DeleteAsync("/api/custody/hill-site")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Admin.DeleteAsync("/api/custody/hill-site")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Admin.DeleteAsync("/api/custody/hill-site")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.Alpha.PutAsJsonAsync("/api/custody/x", new { site = "x", force = "idf", from = T0, source = "t" })).StatusCode);
    }

    [Fact]
    public async Task The_graphql_mutation_records_a_handover_through_the_same_use_case()
    {
        var data = await api.Monitor.Data("""
            mutation { recordCustody(slug: "withdrawal-idf", input: {zone: "test-withdrawal", force: IDF, from: "2025-01-01T00:00:00Z", source: "gql"}) { custody { slug force } closed } }
            """);
        Assert.Equal("IDF", data.GetProperty("recordCustody").GetProperty("custody").GetProperty("force").GetString());
        var next = await api.Monitor.Data("""
            mutation { recordCustody(slug: "withdrawal-laf", input: {zone: "test-withdrawal", force: LAF, from: "2025-03-10T00:00:00Z", source: "gql"}) { custody { from } closed } }
            """);
        Assert.Equal(["withdrawal-idf"], next.GetProperty("recordCustody").GetProperty("closed").EnumerateArray().Select(x => x.GetString()));
        await api.Monitor.Error("CONFLICT", """
            mutation { recordCustody(slug: "withdrawal-none", input: {zone: "test-withdrawal", force: NONE, from: "2025-02-01T00:00:00Z", to: "2025-02-02T00:00:00Z", source: "gql"}) { closed } }
            """);
    }
}
