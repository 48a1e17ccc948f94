using System.Text.Json;
using System.Text.Json.Nodes;
using GeoMonitor.Api.Tests.Uploads;

namespace GeoMonitor.Api.Tests.Parity;

/// <summary>
/// Every write, asked of one world through REST and of an identical world through GraphQL: the same outcome, the same
/// message and field errors (row, field, message), the same values returned, and the two databases equal afterwards.
/// The cases cover each write (single upload, batch, partial batch, review, correction, layer create/update/extend/delete)
/// and each refusal the issue names: wrong role, reviewer = reporter, a reporter correcting another's report, a stale
/// version and an in-batch contradiction. Each case also states the outcome it is about, so that a case which drifted
/// into some other refusal on both surfaces does not pass unnoticed.
/// </summary>
public sealed class WriteParityTests(ParityWorlds worlds) : IClassFixture<ParityWorlds>
{
    /// <summary>One write, its arrangement (done the same way in both worlds) and the outcome it is about.</summary>
    public sealed record WriteCase(
        string Expect,
        Func<ParitySide, Task<long>> Arrange,
        Func<ParitySide, long, Task<ParityAnswer>> ViaRest,
        Func<ParitySide, long, Task<ParityAnswer>> ViaGraphQL);

    private static readonly Func<ParitySide, Task<long>> Nothing = _ => Task.FromResult(0L);

    private static JsonObject Report(string ext, Action<JsonObject>? set = null)
    {
        var r = UploadWorld.Report(ext, set);
        r["source"] = "parity";
        return r;
    }

    private static Func<ParitySide, Task<long>> Uploaded(string key, string ext, Action<JsonObject>? set = null) =>
        side => side.UploadAsync(key, Report(ext, set));

    // ---- the writes, as REST and GraphQL calls of the same input ----

    private const string IncidentSelection = "id status version";

    private static JsonNode? IncidentFromRest(JsonElement b) =>
        new JsonObject { ["id"] = b.GetProperty("id").GetInt64(), ["status"] = b.GetProperty("status").GetString(), ["version"] = b.GetProperty("version").GetInt32() };

    private static JsonNode? IncidentFromGraphQL(JsonElement node) => node.ValueKind == JsonValueKind.Null ? null : new JsonObject
    {
        ["id"] = long.Parse(node.GetProperty("id").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
        ["status"] = node.GetProperty("status").GetString()!.ToLowerInvariant(),
        ["version"] = node.GetProperty("version").GetInt32(),
    };

    private static WriteCase Upload(string expect, string key, JsonObject report, Func<ParitySide, Task<long>>? arrange = null) => new(expect, arrange ?? Nothing,
        async (s, _) =>
        {
            var (status, body) = await s.RestAsync(key, HttpMethod.Post, "/api/incidents", report.DeepClone());
            return ParityAnswer.FromRest(status, body, b => new JsonObject { ["created"] = status == 201, ["incident"] = IncidentFromRest(b) });
        },
        async (s, _) => ParityAnswer.FromGraphQL(
            await s.GraphQLAsync(key, $"mutation ($input: IncidentReportInput!) {{ reportIncident(input: $input) {{ created incident {{ {IncidentSelection} }} }} }}",
                new JsonObject { ["input"] = report.DeepClone() }),
            d => new JsonObject
            {
                ["created"] = d.GetProperty("reportIncident").GetProperty("created").GetBoolean(),
                ["incident"] = IncidentFromGraphQL(d.GetProperty("reportIncident").GetProperty("incident")),
            }));

    private static JsonNode? BatchValue(JsonElement b) => new JsonObject
    {
        ["received"] = b.GetProperty("received").GetInt32(),
        ["created"] = b.GetProperty("created").GetInt32(),
        ["unchanged"] = b.GetProperty("unchanged").GetInt32(),
        ["rejected"] = b.GetProperty("rejected").GetInt32(),
        ["items"] = new JsonArray(b.GetProperty("items").EnumerateArray().Select(i => (JsonNode)$"{i.GetProperty("row").GetInt32()} {i.GetProperty("id")} {i.GetProperty("result").GetString()}".Replace("\"", "")).ToArray()),
        ["errors"] = new JsonArray(b.GetProperty("errors").EnumerateArray().Select(e => (JsonNode)$"{e.GetProperty("row")} | {e.GetProperty("field").GetString()} | {e.GetProperty("message").GetString()}").ToArray()),
    };

    private static WriteCase Batch(string expect, string key, JsonObject[] reports, bool partial, Func<ParitySide, Task<long>>? arrange = null) => new(expect, arrange ?? Nothing,
        async (s, _) =>
        {
            var (status, body) = await s.RestAsync(key, HttpMethod.Post, "/api/incidents/batch" + (partial ? "?partial=true" : ""),
                new JsonArray(reports.Select(r => (JsonNode)r.DeepClone()).ToArray()));
            return ParityAnswer.FromRest(status, body, BatchValue);
        },
        async (s, _) => ParityAnswer.FromGraphQL(
            await s.GraphQLAsync(key, """
                mutation ($inputs: [IncidentReportInput!]!, $partial: Boolean) {
                  reportIncidents(inputs: $inputs, partial: $partial) { received created unchanged rejected items { row id result } errors { row field message } }
                }
                """, new JsonObject { ["inputs"] = new JsonArray(reports.Select(r => (JsonNode)r.DeepClone()).ToArray()), ["partial"] = partial }),
            d => BatchValue(d.GetProperty("reportIncidents"))));

    private static WriteCase Review(string expect, string key, Func<ParitySide, Task<long>> arrange, string status, string? note = null, int? version = null, long? id = null) =>
        new(expect, arrange,
            async (s, arranged) =>
            {
                var (code, body) = await s.RestAsync(key, HttpMethod.Post, $"/api/incidents/{id ?? arranged}/review",
                    new JsonObject { ["status"] = status, ["note"] = note }, version is null ? null : $"\"{version}\"");
                return ParityAnswer.FromRest(code, body, IncidentFromRest);
            },
            async (s, arranged) => ParityAnswer.FromGraphQL(
                await s.GraphQLAsync(key, $"mutation ($id: ID!, $status: IncidentStatus!, $note: String, $version: Int) {{ reviewIncident(id: $id, status: $status, note: $note, version: $version) {{ {IncidentSelection} }} }}",
                    new JsonObject { ["id"] = (id ?? arranged).ToString(System.Globalization.CultureInfo.InvariantCulture), ["status"] = status.ToUpperInvariant(), ["note"] = note, ["version"] = version }),
                d => IncidentFromGraphQL(d.GetProperty("reviewIncident"))));

    private static WriteCase Correct(string expect, string key, Func<ParitySide, Task<long>> arrange, int version, JsonObject patch) => new(expect, arrange,
        async (s, id) =>
        {
            var (code, body) = await s.RestAsync(key, HttpMethod.Patch, $"/api/incidents/{id}", patch.DeepClone(), $"\"{version}\"", "application/merge-patch+json");
            return ParityAnswer.FromRest(code, body, IncidentFromRest);
        },
        async (s, id) => ParityAnswer.FromGraphQL(
            await s.GraphQLAsync(key, $"mutation ($id: ID!, $version: Int!, $patch: JSON!) {{ correctIncident(id: $id, version: $version, patch: $patch) {{ {IncidentSelection} }} }}",
                new JsonObject { ["id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["version"] = version, ["patch"] = patch.DeepClone() }),
            d => IncidentFromGraphQL(d.GetProperty("correctIncident"))));

    // The GraphQL input of a layer is the REST body with enum values in GraphQL's spelling.
    private static JsonObject GraphQLInput(JsonObject body)
    {
        var input = (JsonObject)body.DeepClone();
        foreach (var name in new[] { "kind", "status", "side" })
            if (input[name] is JsonValue v && v.TryGetValue<string>(out var text)) input[name] = text.ToUpperInvariant();
        return input;
    }

    private static readonly Dictionary<string, (string Path, string Mutation, string InputType)> Layers = new()
    {
        ["line"] = ("lines", "upsertLine", "LineInput"),
        ["zone"] = ("zones", "upsertZone", "ZoneInput"),
        ["corridor"] = ("corridors", "upsertCorridor", "CorridorInput"),
        ["truce"] = ("truces", "upsertTruce", "TruceInput"),
    };

    private static WriteCase PutLayer(string expect, string key, string kind, string slug, JsonObject body, Func<ParitySide, Task<long>>? arrange = null)
    {
        var (path, mutation, inputType) = Layers[kind];
        return new(expect, arrange ?? Nothing,
            async (s, _) =>
            {
                var (code, b) = await s.RestAsync(key, HttpMethod.Put, $"/api/{path}/{slug}", body.DeepClone());
                return ParityAnswer.FromRest(code, b, v => v.TryGetProperty("write", out var w) ? w.GetProperty("slug").GetString() : v.GetProperty("slug").GetString());
            },
            async (s, _) => ParityAnswer.FromGraphQL(
                await s.GraphQLAsync(key, $"mutation ($slug: String!, $input: {inputType}!) {{ {mutation}(slug: $slug, input: $input) {{ slug }} }}",
                    new JsonObject { ["slug"] = slug, ["input"] = GraphQLInput(body) }),
                d => d.GetProperty(mutation).GetProperty("slug").GetString()));
    }

    private static WriteCase ExtendTruce(string expect, string key, string slug, JsonObject body, Func<ParitySide, Task<long>> arrange) => new(expect, arrange,
        async (s, _) =>
        {
            var (code, b) = await s.RestAsync(key, HttpMethod.Post, $"/api/truces/{slug}/extensions", body.DeepClone());
            return ParityAnswer.FromRest(code, b, v => v.GetProperty("write").GetProperty("slug").GetString());
        },
        async (s, _) => ParityAnswer.FromGraphQL(
            await s.GraphQLAsync(key, "mutation ($slug: String!, $input: TruceExtensionInput!) { extendTruce(slug: $slug, input: $input) { slug } }",
                new JsonObject { ["slug"] = slug, ["input"] = body.DeepClone() }),
            d => d.GetProperty("extendTruce").GetProperty("slug").GetString()));

    private static WriteCase DeleteLayer(string expect, string key, string kind, string slug, Func<ParitySide, Task<long>>? arrange = null)
    {
        var path = Layers[kind].Path;
        var mutation = "delete" + char.ToUpperInvariant(kind[0]) + kind[1..];
        return new(expect, arrange ?? Nothing,
            async (s, _) =>
            {
                var (code, b) = await s.RestAsync(key, HttpMethod.Delete, $"/api/{path}/{slug}");
                return ParityAnswer.FromRest(code, b, _ => true);
            },
            async (s, _) => ParityAnswer.FromGraphQL(await s.GraphQLAsync(key, $"mutation ($slug: String!) {{ {mutation}(slug: $slug) }}", new JsonObject { ["slug"] = slug }),
                d => d.GetProperty(mutation).GetBoolean()));
    }

    // ---- disputes and claims (issue 15) ----

    private static WriteCase PutDispute(string expect, string key, string slug, JsonObject body, Func<ParitySide, Task<long>>? arrange = null) => new(expect, arrange ?? Nothing,
        async (s, _) =>
        {
            var (code, b) = await s.RestAsync(key, HttpMethod.Put, $"/api/disputes/{slug}", body.DeepClone());
            return ParityAnswer.FromRest(code, b, v => v.GetProperty("slug").GetString());
        },
        async (s, _) => ParityAnswer.FromGraphQL(
            await s.GraphQLAsync(key, "mutation ($slug: String!, $input: DisputeInput!) { upsertDispute(slug: $slug, input: $input) { slug } }",
                new JsonObject { ["slug"] = slug, ["input"] = GraphQLInput(body) }),
            d => d.GetProperty("upsertDispute").GetProperty("slug").GetString()));

    private static WriteCase PutClaim(string expect, string key, string dispute, string party, JsonObject body, Func<ParitySide, Task<long>>? arrange = null) =>
        new(expect, arrange ?? Nothing,
            async (s, _) =>
            {
                var (code, b) = await s.RestAsync(key, HttpMethod.Put, $"/api/disputes/{dispute}/claims/{party}", body.DeepClone());
                return ParityAnswer.FromRest(code, b, v => v.GetProperty("dispute").GetString());
            },
            async (s, _) => ParityAnswer.FromGraphQL(
                await s.GraphQLAsync(key, "mutation ($d: String!, $p: String!, $input: ClaimInput!) { putClaim(dispute: $d, party: $p, input: $input) { slug } }",
                    new JsonObject { ["d"] = dispute, ["p"] = party, ["input"] = body.DeepClone() }),
                d => d.GetProperty("putClaim").GetProperty("slug").GetString()));

    private static WriteCase DeleteClaim(string expect, string key, string dispute, string party, Func<ParitySide, Task<long>>? arrange = null) => new(expect, arrange ?? Nothing,
        async (s, _) =>
        {
            var (code, b) = await s.RestAsync(key, HttpMethod.Delete, $"/api/disputes/{dispute}/claims/{party}");
            return ParityAnswer.FromRest(code, b, _ => true);
        },
        async (s, _) => ParityAnswer.FromGraphQL(
            await s.GraphQLAsync(key, "mutation ($d: String!, $p: String!) { deleteClaim(dispute: $d, party: $p) }", new JsonObject { ["d"] = dispute, ["p"] = party }),
            d => d.GetProperty("deleteClaim").GetBoolean()));

    private static JsonObject Dispute(string name, string kind = "point") =>
        new() { ["name"] = name, ["line"] = "blue-line", ["kind"] = kind, ["source"] = "parity test" };

    private static JsonObject Claim(double lon, double lat) =>
        new() { ["geometry"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(lon, lat) }, ["source"] = "parity test (hand-placed)" };

    private static Func<ParitySide, Task<long>> DisputeWithClaim(string slug, string? party = null) => async s =>
    {
        var (code, b) = await s.RestAsync("admin", HttpMethod.Put, $"/api/disputes/{slug}", Dispute("Arranged"));
        Assert.True(code is 200 or 201, $"arranging a dispute: {code} {b}");
        if (party is not null)
        {
            (code, b) = await s.RestAsync("admin", HttpMethod.Put, $"/api/disputes/{slug}/claims/{party}", Claim(35.5, 33.1));
            Assert.True(code is 200 or 201, $"arranging a claim: {code} {b}");
        }
        return 0;
    };

    private static Func<ParitySide, Task<long>> Then(Func<ParitySide, Task<long>> first, Func<ParitySide, long, Task> next) => async s =>
    {
        var id = await first(s);
        await next(s, id);
        return id;
    };

    private static Func<ParitySide, long, Task> Reviewed(string key, string status) => async (s, id) =>
    {
        var (code, body) = await s.RestAsync(key, HttpMethod.Post, $"/api/incidents/{id}/review", new JsonObject { ["status"] = status });
        Assert.True(code == 200, $"arranging a review: {code} {body}");
    };

    private static Func<ParitySide, Task<long>> LayerPut(string path, string slug, JsonObject body) => async s =>
    {
        var (code, b) = await s.RestAsync("admin", HttpMethod.Put, $"/api/{path}/{slug}", body);
        Assert.True(code is 200 or 201, $"arranging a layer: {code} {b}");
        return 0;
    };

    private static JsonObject Square(double lon, double lat, double size) => new()
    {
        ["type"] = "Polygon",
        ["coordinates"] = new JsonArray(new JsonArray(
            new JsonArray(lon, lat), new JsonArray(lon + size, lat), new JsonArray(lon + size, lat + size), new JsonArray(lon, lat + size), new JsonArray(lon, lat))),
    };

    private static readonly JsonObject BowTie = new()
    {
        ["type"] = "Polygon",
        ["coordinates"] = new JsonArray(new JsonArray(
            new JsonArray(35.4, 33.2), new JsonArray(35.6, 33.3), new JsonArray(35.6, 33.2), new JsonArray(35.4, 33.3), new JsonArray(35.4, 33.2))),
    };

    private static JsonObject Route() => new() { ["type"] = "LineString", ["coordinates"] = new JsonArray(new JsonArray(35.2, 33.3), new JsonArray(35.3, 33.35)) };

    /// <summary>The cases, by name.</summary>
    public static readonly Dictionary<string, WriteCase> Cases = new()
    {
        ["upload: a new report is created"] = Upload("ok", "alpha", Report("u-new")),
        ["upload: the identical report again changes nothing"] = Upload("ok", "alpha", Report("u-again"), Uploaded("alpha", "u-again")),
        ["upload: another report under the same key is a conflict"] = Upload("CONFLICT", "alpha", Report("u-conflict", r => r["fatalities"] = 4), Uploaded("alpha", "u-conflict")),
        ["upload: every invalid field is named"] = Upload("BAD_USER_INPUT", "alpha", Report("u-invalid", r =>
        {
            r["eventType"] = "Skirmish";
            r["fatalities"] = -2;
            r["occurredAt"] = "yesterday";
        })),
        ["upload: a location outside the region is refused"] = Upload("BAD_USER_INPUT", "alpha", Report("u-far", r => { r["lon"] = 2.35; r["lat"] = 48.85; })),
        // (An unknown field cannot be sent through GraphQL at all: its input type refuses it before any resolver runs.)
        ["upload: a reader key may not upload"] = Upload("FORBIDDEN", "reader", Report("u-reader")),
        ["upload: without a key"] = Upload("UNAUTHENTICATED", "anonymous", Report("u-anonymous")),

        ["batch: new, stored and repeated rows"] = Batch("ok", "alpha", [Report("b1-old"), Report("b1-new"), Report("b1-new")], false, Uploaded("alpha", "b1-old")),
        ["batch: one invalid row refuses the batch"] = Batch("BAD_USER_INPUT", "alpha", [Report("b2-good"), Report("b2-bad", r => r["subEventType"] = "Picnic"), Report("b2-worse", r => r.Remove("source"))], false),
        ["batch: partial stores the valid rows and lists the others"] = Batch("ok", "alpha", [Report("b3-good"), Report("b3-bad", r => r["lat"] = 95)], true),
        ["batch: a contradiction within the batch"] = Batch("BAD_USER_INPUT", "alpha", [Report("b4-same"), Report("b4-same", r => r["fatalities"] = 9)], false),
        ["batch: a conflict with a stored report"] = Batch("BAD_USER_INPUT", "alpha", [Report("b5-stored", r => r["notes"] = "changed")], false, Uploaded("alpha", "b5-stored")),
        ["batch: a reader key may not upload"] = Batch("FORBIDDEN", "reader", [Report("b6-reader")], false),

        ["review: a reviewer verifies another's report"] = Review("ok", "rev-1", Uploaded("alpha", "r-verify"), "verified", "seen on site"),
        ["review: a reviewer may not review their own report"] = Review("FORBIDDEN", "rev-1", Uploaded("rev-1", "r-own"), "verified"),
        ["review: a stale version is refused"] = Review("CONFLICT", "rev-2", Then(Uploaded("alpha", "r-stale"), Reviewed("rev-1", "under_review")), "disputed", version: 1),
        ["review: the current version is accepted"] = Review("ok", "rev-2", Then(Uploaded("alpha", "r-current"), Reviewed("rev-1", "under_review")), "disputed", version: 2),
        ["review: a status a review cannot set"] = Review("BAD_USER_INPUT", "rev-1", Uploaded("alpha", "r-reported"), "reported"),
        ["review: a note that is too long"] = Review("BAD_USER_INPUT", "rev-1", Uploaded("alpha", "r-note"), "verified", new string('n', 2001)),
        ["review: a reporter key may not review"] = Review("FORBIDDEN", "bravo", Uploaded("alpha", "r-reporter"), "verified"),
        ["review: no such incident"] = Review("NOT_FOUND", "rev-1", Nothing, "verified", id: 987654321),

        ["correct: a reporter corrects their own report"] = Correct("ok", "alpha", Uploaded("alpha", "c-own"), 1, new JsonObject { ["fatalities"] = 3, ["notes"] = null }),
        ["correct: a reporter may not correct another's report"] = Correct("FORBIDDEN", "bravo", Uploaded("alpha", "c-other"), 1, new JsonObject { ["fatalities"] = 3 }),
        ["correct: a reviewer corrects any report"] = Correct("ok", "rev-1", Uploaded("alpha", "c-reviewer"), 1, new JsonObject { ["lon"] = UploadWorld.SouthLon, ["lat"] = UploadWorld.SouthLat }),
        ["correct: a stale version is refused"] = Correct("CONFLICT", "alpha", Then(Uploaded("alpha", "c-stale"), Reviewed("rev-1", "under_review")), 1, new JsonObject { ["fatalities"] = 1 }),
        ["correct: a verified report corrected by its reporter goes back to review"] = Correct("ok", "alpha", Then(Uploaded("alpha", "c-back"), Reviewed("rev-1", "verified")), 2, new JsonObject { ["fatalities"] = 2 }),
        ["correct: a patch that changes nothing"] = Correct("ok", "alpha", Uploaded("alpha", "c-same"), 1, new JsonObject { ["fatalities"] = 0 }),
        ["correct: invalid fields are named"] = Correct("BAD_USER_INPUT", "alpha", Uploaded("alpha", "c-invalid"), 1, new JsonObject { ["fatalities"] = -1, ["source"] = "other" }),

        ["layer: a zone is created"] = PutLayer("ok", "admin", "zone", "parity-square", new JsonObject { ["name"] = "Square", ["kind"] = "withdrawal", ["geometry"] = Square(35.46, 33.12, 0.02), ["source"] = "parity test", ["phase"] = 1 }),
        ["layer: a zone is replaced"] = PutLayer("ok", "admin", "zone", "parity-replaced", new JsonObject { ["name"] = "Replaced", ["kind"] = "other", ["geometry"] = Square(35.3, 33.3, 0.1), ["source"] = "parity test" },
            LayerPut("zones", "parity-replaced", new JsonObject { ["name"] = "Original", ["kind"] = "other", ["geometry"] = Square(35.4, 33.3, 0.1), ["source"] = "parity test" })),
        ["layer: a buffer zone of a line"] = PutLayer("ok", "admin", "zone", "parity-buffer", new JsonObject { ["name"] = "North 1 km", ["kind"] = "buffer", ["bufferOf"] = "blue-line", ["metres"] = 1000, ["side"] = "north", ["source"] = "parity test" }),
        ["layer: a buffer of a missing line"] = PutLayer("BAD_USER_INPUT", "admin", "zone", "parity-orphan", new JsonObject { ["name"] = "Orphan", ["kind"] = "buffer", ["bufferOf"] = "no-line", ["metres"] = 1000, ["source"] = "parity test" }),
        ["layer: an invalid polygon names the self-intersection"] = PutLayer("BAD_USER_INPUT", "admin", "zone", "parity-bowtie", new JsonObject { ["name"] = "Bow tie", ["kind"] = "other", ["geometry"] = BowTie.DeepClone(), ["source"] = "parity test" }),
        ["layer: a malformed slug"] = PutLayer("BAD_USER_INPUT", "admin", "zone", "Not_A_Slug", new JsonObject { ["name"] = "Bad", ["kind"] = "other", ["geometry"] = Square(35.3, 33.3, 0.1), ["source"] = "parity test" }),
        ["layer: a reviewer key may not change layers"] = PutLayer("FORBIDDEN", "rev-1", "zone", "parity-rev", new JsonObject { ["name"] = "Rev", ["kind"] = "other", ["geometry"] = Square(35.3, 33.3, 0.1), ["source"] = "parity test" }),
        ["layer: a line is created"] = PutLayer("ok", "admin", "line", "parity-road", new JsonObject { ["name"] = "Road", ["kind"] = "road", ["geometry"] = Route(), ["source"] = "parity test", ["approximate"] = true }),
        ["layer: a corridor with windows"] = PutLayer("ok", "admin", "corridor", "parity-corridor", new JsonObject
        {
            ["name"] = "Corridor", ["geometry"] = Route(), ["widthM"] = 500, ["status"] = "open", ["source"] = "parity test",
            ["windows"] = new JsonArray(new JsonObject { ["from"] = "2024-12-01T06:00:00Z", ["to"] = "2024-12-01T18:00:00Z", ["note"] = "daylight" }),
        }),
        ["layer: overlapping corridor windows"] = PutLayer("BAD_USER_INPUT", "admin", "corridor", "parity-overlap", new JsonObject
        {
            ["name"] = "Overlap", ["geometry"] = Route(), ["widthM"] = 500, ["source"] = "parity test",
            ["windows"] = new JsonArray(new JsonObject { ["from"] = "2024-12-01T06:00:00Z", ["to"] = "2024-12-01T18:00:00Z" },
                new JsonObject { ["from"] = "2024-12-01T12:00:00Z", ["to"] = "2024-12-02T00:00:00Z" }),
        }),
        ["layer: a truce is created"] = PutLayer("ok", "admin", "truce", "parity-truce", new JsonObject
        {
            ["name"] = "Parity truce", ["start"] = "2024-12-01T00:00:00Z", ["end"] = "2024-12-11T00:00:00Z", ["parties"] = new JsonArray("Israel", "Lebanon"), ["source"] = "parity test",
        }),
        ["layer: a truce that ends before it starts"] = PutLayer("BAD_USER_INPUT", "admin", "truce", "parity-backwards", new JsonObject
        {
            ["name"] = "Backwards", ["start"] = "2024-12-11T00:00:00Z", ["end"] = "2024-12-01T00:00:00Z", ["source"] = "parity test",
        }),
        ["layer: a truce is extended"] = ExtendTruce("ok", "admin", "parity-extended", new JsonObject { ["newEnd"] = "2025-01-01T00:00:00Z", ["announcedAt"] = "2024-12-09T12:00:00Z", ["source"] = "parity test" },
            LayerPut("truces", "parity-extended", new JsonObject { ["name"] = "Extended", ["start"] = "2024-12-01T00:00:00Z", ["end"] = "2024-12-11T00:00:00Z", ["source"] = "parity test" })),
        ["layer: extending a missing truce"] = ExtendTruce("NOT_FOUND", "admin", "parity-no-truce", new JsonObject { ["newEnd"] = "2025-01-01T00:00:00Z" }, Nothing),
        ["layer: a line that zones are derived from cannot be deleted"] = DeleteLayer("CONFLICT", "admin", "line", "parity-base",
            async s =>
            {
                await LayerPut("lines", "parity-base", new JsonObject { ["name"] = "Base", ["kind"] = "other", ["geometry"] = Route(), ["source"] = "parity test" })(s);
                return await LayerPut("zones", "parity-base-buffer", new JsonObject { ["name"] = "Derived", ["kind"] = "buffer", ["bufferOf"] = "parity-base", ["metres"] = 300, ["source"] = "parity test" })(s);
            }),
        ["layer: a corridor is deleted"] = DeleteLayer("ok", "admin", "corridor", "parity-gone",
            LayerPut("corridors", "parity-gone", new JsonObject { ["name"] = "Gone", ["geometry"] = Route(), ["widthM"] = 100, ["source"] = "parity test" })),
        ["layer: deleting a missing zone"] = DeleteLayer("NOT_FOUND", "admin", "zone", "parity-missing"),

        ["dispute: a dispute is created"] = PutDispute("ok", "admin", "parity-point", Dispute("Parity point")),
        ["dispute: a dispute of a missing line"] = PutDispute("BAD_USER_INPUT", "admin", "parity-nowhere", new JsonObject { ["name"] = "Nowhere", ["line"] = "no-line", ["source"] = "parity test" }),
        ["dispute: a point dispute holding claims cannot become a segment"] = PutDispute("CONFLICT", "admin", "parity-kind", Dispute("Kind", "segment"),
            DisputeWithClaim("parity-kind", "unifil")),
        ["dispute: a reader key may not record disputes"] = PutDispute("FORBIDDEN", "reader", "parity-reader", Dispute("Reader")),
        ["claim: a party's position is recorded"] = PutClaim("ok", "admin", "parity-claimed", "lebanon", Claim(35.5, 33.101), DisputeWithClaim("parity-claimed")),
        ["claim: a party's position is replaced"] = PutClaim("ok", "admin", "parity-replaced", "israel", Claim(35.5, 33.099), DisputeWithClaim("parity-replaced", "israel")),
        ["claim: by an unknown party"] = PutClaim("BAD_USER_INPUT", "admin", "parity-unknown", "atlantis", Claim(35.5, 33.1), DisputeWithClaim("parity-unknown")),
        ["claim: a segment for a point dispute"] = PutClaim("BAD_USER_INPUT", "admin", "parity-shape", "unifil", new JsonObject
        {
            ["geometry"] = JsonNode.Parse("""{"type":"LineString","coordinates":[[35.5,33.1],[35.51,33.1]]}"""), ["source"] = "parity test",
        }, DisputeWithClaim("parity-shape")),
        ["claim: on a missing dispute"] = PutClaim("NOT_FOUND", "admin", "parity-no-dispute", "unifil", Claim(35.5, 33.1)),
        ["claim: a reviewer key may not record claims"] = PutClaim("FORBIDDEN", "rev-1", "parity-rev-claim", "unifil", Claim(35.5, 33.1), DisputeWithClaim("parity-rev-claim")),
        ["claim: removed"] = DeleteClaim("ok", "admin", "parity-removed", "unifil", DisputeWithClaim("parity-removed", "unifil")),
        ["claim: removing a claim that is not there"] = DeleteClaim("NOT_FOUND", "admin", "parity-none", "unifil", DisputeWithClaim("parity-none")),
    };

    public static IEnumerable<object[]> Names() => Cases.Keys.Select(k => new object[] { k });

    [Theory]
    [MemberData(nameof(Names))]
    public async Task The_same_write_through_REST_and_GraphQL_answers_the_same_and_stores_the_same(string name)
    {
        var c = Cases[name];
        var restId = await c.Arrange(worlds.Rest);
        var graphqlId = await c.Arrange(worlds.GraphQL);
        Assert.Equal(restId, graphqlId);

        var rest = await c.ViaRest(worlds.Rest, restId);
        var graphql = await c.ViaGraphQL(worlds.GraphQL, graphqlId);

        Assert.Equal(c.Expect, rest.Outcome);
        Assert.Equal(rest, graphql);
        var restState = await worlds.Rest.StateAsync();
        var graphqlState = await worlds.GraphQL.StateAsync();
        foreach (var table in restState.Keys) Assert.True(restState[table] == graphqlState[table], $"{table} differs after '{name}'");
    }

    [Fact]
    public void The_cases_cover_every_refusal_the_write_rules_make()
    {
        var outcomes = Cases.Values.Select(c => c.Expect).ToHashSet();
        Assert.Superset(new HashSet<string> { "ok", "BAD_USER_INPUT", "UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "CONFLICT" }, outcomes);
    }
}
