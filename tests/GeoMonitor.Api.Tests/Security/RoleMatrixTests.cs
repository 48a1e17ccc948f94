using System.Net;
using System.Text;
using System.Text.Json;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Tests.BadInput;

namespace GeoMonitor.Api.Tests.Security;

/// <summary>
/// Only the right roles write. The write endpoints are enumerated from the running host, so a new write endpoint that is
/// not in <see cref="MinimumRole"/> fails the first test until someone decides (and writes down) who may call it. Each
/// endpoint is then called by every role below its minimum — on existing rows, so that a missing check would do real
/// damage — and must answer 401 (no key) or 403 (too low a role) with every table unchanged; its minimum role must get
/// past authorization. GraphQL mutations are enumerated by introspection and checked the same way.
/// </summary>
public sealed class RoleMatrixTests(BadInputFixture api) : IClassFixture<BadInputFixture>
{
    /// <summary>Who may call each write endpoint (and everyone above).</summary>
    private static readonly Dictionary<string, Role> MinimumRole = new()
    {
        ["POST /api/incidents"] = Role.Reporter,
        ["POST /api/incidents/batch"] = Role.Reporter,
        ["PATCH /api/incidents/{id:long}"] = Role.Reporter,
        ["POST /api/incidents/{id:long}/review"] = Role.Reviewer,
        ["PUT /api/lines/{slug}"] = Role.Admin,
        ["PUT /api/zones/{slug}"] = Role.Admin,
        ["PUT /api/corridors/{slug}"] = Role.Admin,
        ["PUT /api/truces/{slug}"] = Role.Admin,
        ["POST /api/truces/{slug}/extensions"] = Role.Admin,
        ["DELETE /api/lines/{slug}"] = Role.Admin,
        ["DELETE /api/zones/{slug}"] = Role.Admin,
        ["DELETE /api/corridors/{slug}"] = Role.Admin,
        ["DELETE /api/truces/{slug}"] = Role.Admin,
        // Truce mechanisms: a party files (its own organisation's), the monitors acknowledge and record, admins set terms.
        ["POST /api/notifications"] = Role.Reporter,
        ["POST /api/notifications/check"] = Role.Reporter,
        ["POST /api/notifications/{id:long}/acknowledge"] = Role.Reviewer,
        ["POST /api/notifications/{id:long}/withdraw"] = Role.Reporter,
        ["PUT /api/benchmarks/{slug}"] = Role.Admin,
        ["POST /api/benchmarks/{slug}/events"] = Role.Reviewer,
        ["DELETE /api/benchmarks/{slug}"] = Role.Admin,
        ["PUT /api/custody/{slug}"] = Role.Reviewer,
        ["DELETE /api/custody/{slug}"] = Role.Admin,
        // The verification lifecycle (issue 13): who may take each step beyond the role is VerificationWorkflow's table.
        ["POST /api/incidents/{id:long}/assignment"] = Role.Admin,
        ["POST /api/incidents/{id:long}/verification"] = Role.Reporter,
        ["POST /api/incidents/{id:long}/notes"] = Role.Reporter,
        ["PUT /api/teams/{slug}"] = Role.Admin,
        ["DELETE /api/teams/{slug}"] = Role.Admin,
        ["PUT /api/organisations/{slug}"] = Role.Admin,
        ["POST /api/clarifications"] = Role.Reporter,
        ["POST /api/clarifications/{id:long}/answer"] = Role.Reviewer,
        ["POST /api/clarifications/{id:long}/close"] = Role.Reporter,
        ["PUT /api/disputes/{slug}"] = Role.Admin,
        ["PUT /api/disputes/{slug}/claims/{party}"] = Role.Admin,
        ["DELETE /api/disputes/{slug}/claims/{party}"] = Role.Admin,
    };

    /// <summary>Who may run each GraphQL mutation, with a document that would write if allowed.</summary>
    private static readonly Dictionary<string, (Role Role, string Document)> Mutations = new()
    {
        ["reportIncident"] = (Role.Reporter, """
            mutation { reportIncident(input: {source: "matrix", externalId: "m-1", occurredAt: "2024-12-01T10:00:00Z", eventType: "Battles",
              subEventType: "Armed clash", fatalities: 0, lon: 35.5, lat: 33.2}) { created } }
            """),
        ["reportIncidents"] = (Role.Reporter, """
            mutation { reportIncidents(inputs: [{source: "matrix", externalId: "m-2", occurredAt: "2024-12-01T10:00:00Z", eventType: "Battles",
              subEventType: "Armed clash", fatalities: 0, lon: 35.5, lat: 33.2}]) { created } }
            """),
        ["reviewIncident"] = (Role.Reviewer, """mutation { reviewIncident(id: "{id}", status: REJECTED, note: "matrix") { status } }"""),
        ["correctIncident"] = (Role.Reporter, """mutation { correctIncident(id: "{id}", version: 1, patch: {fatalities: 99}) { version } }"""),
        ["upsertLine"] = (Role.Admin, """
            mutation { upsertLine(slug: "matrix-line", input: {name: "M", kind: RIVER, source: "matrix",
              geometry: {type: "LineString", coordinates: [[35.0, 33.5], [35.2, 33.5]]}}) { slug } }
            """),
        ["upsertZone"] = (Role.Admin, """
            mutation { upsertZone(slug: "matrix-zone", input: {name: "M", kind: OTHER, source: "matrix",
              geometry: {type: "Polygon", coordinates: [[[35.0, 33.3], [35.1, 33.3], [35.1, 33.4], [35.0, 33.4], [35.0, 33.3]]]}}) { slug } }
            """),
        ["upsertCorridor"] = (Role.Admin, """
            mutation { upsertCorridor(slug: "matrix-corridor", input: {name: "M", widthM: 1000, source: "matrix",
              geometry: {type: "LineString", coordinates: [[35.0, 33.5], [35.2, 33.5]]}}) { slug } }
            """),
        ["upsertTruce"] = (Role.Admin, """
            mutation { upsertTruce(slug: "matrix-truce", input: {name: "M", start: "2026-04-16T21:00:00Z", source: "matrix"}) { slug } }
            """),
        ["extendTruce"] = (Role.Admin, """
            mutation { extendTruce(slug: "matrix-truce", input: {newEnd: "2026-06-01T00:00:00Z"}) { slug } }
            """),
        ["deleteLine"] = (Role.Admin, """mutation { deleteLine(slug: "blue-line") }"""),
        ["deleteZone"] = (Role.Admin, """mutation { deleteZone(slug: "unsc-1701-area") }"""),
        ["deleteCorridor"] = (Role.Admin, """mutation { deleteCorridor(slug: "matrix-corridor") }"""),
        ["deleteTruce"] = (Role.Admin, """mutation { deleteTruce(slug: "matrix-truce") }"""),
        ["fileNotification"] = (Role.Reporter, """
            mutation { fileNotification(input: {kind: STRIKE, start: "2025-03-01T00:00:00Z", end: "2025-03-02T00:00:00Z",
              area: {type: "Polygon", coordinates: [[[35.4, 33.2], [35.5, 33.2], [35.5, 33.3], [35.4, 33.2]]]}}) { notification { id } } }
            """),
        ["acknowledgeNotification"] = (Role.Reviewer, """mutation { acknowledgeNotification(id: "{notification}") { status } }"""),
        ["withdrawNotification"] = (Role.Reporter, """mutation { withdrawNotification(id: "{notification}") { status } }"""),
        ["upsertBenchmark"] = (Role.Admin, """
            mutation { upsertBenchmark(slug: "matrix-bench", input: {name: "M", zone: "unsc-1701-area", requiredState: "idf_withdrawn",
              dueAt: "2025-01-26T02:00:00Z", source: "matrix"}) { slug } }
            """),
        ["recordBenchmarkEvent"] = (Role.Reviewer, """
            mutation { recordBenchmarkEvent(slug: "coh-2024-idf-withdrawal-60-days", input: {at: "2025-02-01T00:00:00Z", status: MET, source: "matrix"}) { slug } }
            """),
        ["deleteBenchmark"] = (Role.Admin, """mutation { deleteBenchmark(slug: "coh-2024-idf-withdrawal-60-days") }"""),
        ["recordCustody"] = (Role.Reviewer, """
            mutation { recordCustody(slug: "matrix-custody", input: {zone: "litani-valley", force: NONE, from: "2030-01-01T00:00:00Z", source: "matrix"}) { closed } }
            """),
        ["deleteCustody"] = (Role.Admin, """mutation { deleteCustody(slug: "unsc-1701-area-laf-unifil") }"""),
        ["assignIncident"] = (Role.Admin, """mutation { assignIncident(id: "{id}", team: "matrix-team") { status } }"""),
        ["verifyIncident"] = (Role.Reporter, """mutation { verifyIncident(id: "{id}", input: {outcome: VERIFIED_ON_SITE, findings: "matrix"}) { status } }"""),
        ["addIncidentNote"] = (Role.Reporter, """mutation { addIncidentNote(id: "{id}", kind: NOTE, text: "matrix") { version } }"""),
        ["upsertTeam"] = (Role.Admin, """mutation { upsertTeam(slug: "matrix-team", input: {name: "M", organisation: "matrix-org"}) { slug } }"""),
        ["deleteTeam"] = (Role.Admin, """mutation { deleteTeam(slug: "matrix-team") }"""),
        ["upsertOrganisation"] = (Role.Admin, """mutation { upsertOrganisation(slug: "matrix-org", input: {name: "M"}) { slug } }"""),
        ["requestClarification"] = (Role.Reporter, """mutation { requestClarification(input: {lon: 35.5, lat: 33.2, at: "2026-04-20T10:00:00Z", question: "matrix"}) { id } }"""),
        ["answerClarification"] = (Role.Reviewer, """mutation { answerClarification(id: "1", answer: "matrix") { id } }"""),
        ["closeClarification"] = (Role.Reporter, """mutation { closeClarification(id: "1") { id } }"""),
        ["upsertDispute"] = (Role.Admin, """
            mutation { upsertDispute(slug: "matrix-dispute", input: {name: "M", line: "blue-line", source: "matrix"}) { slug } }
            """),
        ["putClaim"] = (Role.Admin, """
            mutation { putClaim(dispute: "reserved-a-ras-naqoura-b1", party: "unifil", input: {source: "matrix",
              geometry: {type: "Point", coordinates: [35.105, 33.093]}}) { slug } }
            """),
        ["deleteClaim"] = (Role.Admin, """mutation { deleteClaim(dispute: "reserved-a-ras-naqoura-b1", party: "unifil") }"""),
    };

    private static readonly Role[] Roles = [Role.Anonymous, Role.Reader, Role.Reporter, Role.Reviewer, Role.Admin];

    [Fact]
    public void Every_write_endpoint_has_a_decided_minimum_role_and_requires_a_key()
    {
        var writes = EndpointCatalog.Writes(api.Services);
        Assert.NotEmpty(writes);
        var undecided = writes.Where(w => !MinimumRole.ContainsKey(w.Key)).Select(w => w.Key).ToList();
        Assert.True(undecided.Count == 0, "write endpoints without a decided role (add them to MinimumRole): " + string.Join(", ", undecided));
        var open = writes.Where(w => w.Policies.Count == 0).Select(w => w.Key).ToList();
        Assert.True(open.Count == 0, "write endpoints without any authorization: " + string.Join(", ", open));
        var gone = MinimumRole.Keys.Except(writes.Select(w => w.Key)).ToList();
        Assert.True(gone.Count == 0, "MinimumRole lists endpoints that no longer exist: " + string.Join(", ", gone));
    }

    public static IEnumerable<object[]> WriteEndpoints() => MinimumRole.Keys.Order(StringComparer.Ordinal).Select(k => new object[] { k });

    [Theory]
    [MemberData(nameof(WriteEndpoints))]
    public async Task Roles_below_the_minimum_are_refused_and_change_nothing(string endpoint)
    {
        var minimum = MinimumRole[endpoint];
        var (method, route) = (endpoint.Split(' ')[0], endpoint.Split(' ')[1]);
        var id = route.StartsWith("/api/notifications/", StringComparison.Ordinal) ? await ExistingNotificationAsync()
            : await api.ScalarAsync<long>("SELECT min(id) FROM incidents");
        var slug = await ExistingSlugAsync(route);
        var path = EndpointCatalog.Fill(route, p => p == "id" ? id.ToString(System.Globalization.CultureInfo.InvariantCulture) : slug);

        foreach (var role in Roles.Where(r => r < minimum))
        {
            var before = await DatabaseChecksum.ComputeAsync(api.Db);
            var res = await SendAsync(method, path, role, Body(route));
            var expected = role == Role.Anonymous ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden;
            Assert.True(res.StatusCode == expected, $"{endpoint} as {role}: {(int)res.StatusCode} {await res.Content.ReadAsStringAsync()}");
            Assert.Equal("application/problem+json", res.Content.Headers.ContentType?.MediaType);
            Assert.Empty(DatabaseChecksum.Changed(before, await DatabaseChecksum.ComputeAsync(api.Db)));
        }

        // The minimum role gets past authorization (to a 4xx about the body or a missing row, on a slug or id that does not exist).
        var missing = EndpointCatalog.Fill(route, p => p == "id" ? "999999999" : "no-such-layer-" + Guid.NewGuid().ToString("N")[..6]);
        var allowed = await SendAsync(method, missing, minimum, Body(route));
        Assert.True(allowed.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden),
            $"{endpoint} as {minimum}: {(int)allowed.StatusCode} {await allowed.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task Every_graphql_mutation_has_a_decided_role()
    {
        var res = await SendGraphQLAsync("{ __schema { mutationType { fields { name } } } }", Role.Anonymous);
        var fields = JsonDocument.Parse(res).RootElement.GetProperty("data").GetProperty("__schema").GetProperty("mutationType")
            .GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("name").GetString()!).ToList();
        Assert.NotEmpty(fields);
        Assert.Equal(Mutations.Keys.Order(), fields.Order());
    }

    public static IEnumerable<object[]> MutationNames() => Mutations.Keys.Order().Select(k => new object[] { k });

    [Theory]
    [MemberData(nameof(MutationNames))]
    public async Task Graphql_mutations_refuse_roles_below_the_minimum(string mutation)
    {
        var (minimum, document) = Mutations[mutation];
        document = document.Replace("{id}", (await api.ScalarAsync<long>("SELECT min(id) FROM incidents")).ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Replace("{notification}", (await ExistingNotificationAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var role in Roles.Where(r => r < minimum))
        {
            var before = await DatabaseChecksum.ComputeAsync(api.Db);
            var body = JsonDocument.Parse(await SendGraphQLAsync(document, role)).RootElement;
            var codes = body.GetProperty("errors").EnumerateArray()
                .Select(e => e.TryGetProperty("extensions", out var x) && x.TryGetProperty("code", out var c) ? c.GetString() : null).ToList();
            Assert.Contains(role == Role.Anonymous ? "UNAUTHENTICATED" : "FORBIDDEN", codes);
            Assert.Empty(DatabaseChecksum.Changed(before, await DatabaseChecksum.ComputeAsync(api.Db)));
        }
    }

    // A notification to act on (filed by the admin key for its own organisation when there is none yet).
    private async Task<long> ExistingNotificationAsync()
    {
        if (await api.ScalarAsync<long>("SELECT count(*) FROM notifications") == 0)
        {
            var res = await SendAsync("POST", "/api/notifications", Role.Admin, Body("/api/notifications"));
            Assert.True(res.IsSuccessStatusCode, await res.Content.ReadAsStringAsync());
        }
        return await api.ScalarAsync<long>("SELECT min(id) FROM notifications");
    }

    private async Task<string> ExistingSlugAsync(string route)
    {
        foreach (var table in new[] { "lines", "zones", "corridors", "truces", "benchmarks", "custody" })
            if (route.StartsWith($"/api/{table}/", StringComparison.Ordinal))
                return await api.ScalarAsync<string>($"SELECT slug FROM {table} ORDER BY slug LIMIT 1");
        return "no-slug";
    }

    // A body shaped like the endpoint's real input, so that a missing role check would reach the write.
    private static HttpContent? Body(string route) => route switch
    {
        "/api/incidents" => Json(Bodies.ValidReport.Replace("bi-1", "matrix-" + Guid.NewGuid().ToString("N")[..8])),
        "/api/incidents/batch" => Json("[" + Bodies.ValidReport.Replace("bi-1", "matrix-" + Guid.NewGuid().ToString("N")[..8]) + "]"),
        "/api/incidents/{id:long}" => Json("""{"fatalities": 99}"""),
        "/api/incidents/{id:long}/review" => Json("""{"status": "rejected", "note": "matrix"}"""),
        "/api/truces/{slug}/extensions" => Json("""{"until": "2030-01-01T00:00:00Z"}"""),
        "/api/notifications" or "/api/notifications/check" => Json("""
            {"kind": "strike", "start": "2025-03-01T00:00:00Z", "end": "2025-03-02T00:00:00Z",
             "area": {"type": "Polygon", "coordinates": [[[35.4, 33.2], [35.5, 33.2], [35.5, 33.3], [35.4, 33.2]]]}}
            """),
        "/api/notifications/{id:long}/acknowledge" or "/api/notifications/{id:long}/withdraw" => Json("""{"note": "matrix"}"""),
        "/api/benchmarks/{slug}" => Json("""{"name": "matrix", "zone": "unsc-1701-area", "requiredState": "idf_withdrawn", "dueAt": "2025-01-26T02:00:00Z", "source": "matrix"}"""),
        "/api/benchmarks/{slug}/events" => Json("""{"at": "2025-02-01T00:00:00Z", "status": "met", "source": "matrix"}"""),
        "/api/custody/{slug}" => Json("""{"zone": "litani-valley", "force": "none", "from": "2030-01-01T00:00:00Z", "source": "matrix"}"""),
        "/api/incidents/{id:long}/assignment" => Json("""{"team": "matrix-team"}"""),
        "/api/incidents/{id:long}/verification" => Json("""{"outcome": "verified_on_site", "findings": "matrix"}"""),
        "/api/incidents/{id:long}/notes" => Json("""{"kind": "note", "text": "matrix"}"""),
        "/api/teams/{slug}" => Json("""{"name": "matrix", "organisation": "matrix-org"}"""),
        "/api/organisations/{slug}" => Json("""{"name": "matrix"}"""),
        "/api/clarifications" => Json("""{"lon": 35.5, "lat": 33.2, "at": "2026-04-20T10:00:00Z", "question": "matrix"}"""),
        "/api/clarifications/{id:long}/answer" => Json("""{"answer": "matrix"}"""),
        "/api/clarifications/{id:long}/close" => Json("""{"note": "matrix"}"""),
        _ when route.StartsWith("/api/", StringComparison.Ordinal) => Json("""
            {"type":"Feature","geometry":{"type":"MultiPolygon","coordinates":[[[[35.4,33.1],[35.6,33.1],[35.6,33.3],[35.4,33.1]]]]},"properties":{"name":"matrix","kind":"other","source":"matrix"}}
            """),
        _ => null,
    };

    private static StringContent Json(string s) => new(s, Encoding.UTF8, "application/json");

    private async Task<HttpResponseMessage> SendAsync(string method, string path, Role role, HttpContent? body)
    {
        var client = api.CreateClient();
        var req = new HttpRequestMessage(new HttpMethod(method), path) { Content = body };
        if (api.Keys.TryGetValue(role, out var key)) req.Headers.Authorization = new("Bearer", key);
        req.Headers.IfMatch.ParseAdd("*");
        return await client.SendAsync(req);
    }

    private async Task<string> SendGraphQLAsync(string document, Role role)
    {
        var client = api.CreateClient();
        var req = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(new { query = document })) { Headers = { ContentType = new("application/json") } },
        };
        if (api.Keys.TryGetValue(role, out var key)) req.Headers.Authorization = new("Bearer", key);
        return await (await client.SendAsync(req)).Content.ReadAsStringAsync();
    }
}
