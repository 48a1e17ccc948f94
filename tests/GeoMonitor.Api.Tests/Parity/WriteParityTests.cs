using System.Text.Json;
using System.Text.Json.Nodes;
using GeoMonitor.Api.Tests.Uploads;

namespace GeoMonitor.Api.Tests.Parity;

/// <summary>
/// Every write, asked of one world through REST and of an identical world through GraphQL: the same outcome, the same
/// message and field errors (row, field, message), the same values returned, and the two databases equal afterwards.
/// The cases cover each write (single upload, batch, partial batch, correction, layer create/update/extend/delete; the
/// verification lifecycle's assignment, verification, review, notes; teams, organisations and the clarification hotline)
/// and each refusal the rules make: wrong role, a reviewer who is not independent, a key outside the process or the team,
/// a step the lifecycle does not allow (and one before the cooling-off ends), a reporter correcting another's report, a
/// stale version and an in-batch contradiction. Each case also states the outcome it is about, so that a case which drifted
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

    // ---- truce mechanisms: notifications, benchmarks, custody ----

    // A strike over part of test-box during test-truce (a whole-region truce): the check finds the truce.
    private static JsonObject Notice(Action<JsonObject>? set = null)
    {
        var o = new JsonObject { ["kind"] = "strike", ["area"] = Square(35.46, 33.12, 0.01), ["start"] = "2024-12-01T06:00:00Z", ["end"] = "2024-12-01T18:00:00Z" };
        set?.Invoke(o);
        return o;
    }

    private static JsonNode? ConflictsOf(JsonElement list) => new JsonArray(list.EnumerateArray()
        .Select(c => (JsonNode)$"{c.GetProperty("kind").GetString()!.ToLowerInvariant()}:{c.GetProperty("slug")}:{c.GetProperty("id")}:{c.GetProperty("detail").GetString()}").ToArray());

    private static JsonNode? NoticeFromRest(JsonElement f) => new JsonObject
    {
        ["id"] = f.GetProperty("id").GetInt64(),
        ["status"] = f.GetProperty("properties").GetProperty("status").GetString(),
        ["organisation"] = f.GetProperty("properties").GetProperty("organisation").GetString(),
        ["conflicts"] = ConflictsOf(f.GetProperty("properties").GetProperty("conflicts")),
    };

    private static JsonNode? NoticeFromGraphQL(JsonElement n) => new JsonObject
    {
        ["id"] = long.Parse(n.GetProperty("id").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
        ["status"] = n.GetProperty("status").GetString()!.ToLowerInvariant(),
        ["organisation"] = n.GetProperty("organisation").GetString(),
        ["conflicts"] = ConflictsOf(n.GetProperty("conflicts")),
    };

    private const string NoticeSelection = "id status organisation conflicts { kind slug id detail }";

    private static WriteCase FileNotice(string expect, string key, JsonObject body, Func<ParitySide, Task<long>>? arrange = null) => new(expect, arrange ?? Nothing,
        async (s, _) =>
        {
            var (code, b) = await s.RestAsync(key, HttpMethod.Post, "/api/notifications", body.DeepClone());
            return ParityAnswer.FromRest(code, b, NoticeFromRest);
        },
        async (s, _) => ParityAnswer.FromGraphQL(
            await s.GraphQLAsync(key, $"mutation ($input: NotificationInput!) {{ fileNotification(input: $input) {{ notification {{ {NoticeSelection} }} }} }}",
                new JsonObject { ["input"] = GraphQLInput(body) }),
            d => NoticeFromGraphQL(d.GetProperty("fileNotification").GetProperty("notification"))));

    private static WriteCase CheckNotice(string expect, string key, JsonObject body, Func<ParitySide, Task<long>>? arrange = null) => new(expect, arrange ?? Nothing,
        async (s, _) =>
        {
            var (code, b) = await s.RestAsync(key, HttpMethod.Post, "/api/notifications/check", body.DeepClone());
            return ParityAnswer.FromRest(code, b, v => new JsonObject { ["organisation"] = v.GetProperty("organisation").GetString(), ["conflicts"] = ConflictsOf(v.GetProperty("conflicts")) });
        },
        async (s, _) => ParityAnswer.FromGraphQL(
            await s.GraphQLAsync(key, "query ($input: NotificationInput!) { checkNotification(input: $input) { organisation conflicts { kind slug id detail } } }",
                new JsonObject { ["input"] = GraphQLInput(body) }),
            d => new JsonObject
            {
                ["organisation"] = d.GetProperty("checkNotification").GetProperty("organisation").GetString(),
                ["conflicts"] = ConflictsOf(d.GetProperty("checkNotification").GetProperty("conflicts")),
            }));

    private static WriteCase ChangeNotice(string expect, string key, string action, Func<ParitySide, Task<long>> arrange, string? note = null, long? id = null) => new(expect, arrange,
        async (s, arranged) =>
        {
            var (code, b) = await s.RestAsync(key, HttpMethod.Post, $"/api/notifications/{id ?? arranged}/{action}", new JsonObject { ["note"] = note });
            return ParityAnswer.FromRest(code, b, NoticeFromRest);
        },
        async (s, arranged) =>
        {
            var mutation = action == "acknowledge" ? "acknowledgeNotification" : "withdrawNotification";
            return ParityAnswer.FromGraphQL(
                await s.GraphQLAsync(key, $"mutation ($id: ID!, $note: String) {{ {mutation}(id: $id, note: $note) {{ {NoticeSelection} }} }}",
                    new JsonObject { ["id"] = (id ?? arranged).ToString(System.Globalization.CultureInfo.InvariantCulture), ["note"] = note }),
                d => NoticeFromGraphQL(d.GetProperty(mutation)));
        });

    private static Func<ParitySide, Task<long>> Noticed(string key, JsonObject body) => async s =>
    {
        var (code, b) = await s.RestAsync(key, HttpMethod.Post, "/api/notifications", body.DeepClone());
        Assert.True(code == 201, $"arranging a notification: {code} {b}");
        return b.GetProperty("id").GetInt64();
    };

    private static Func<ParitySide, long, Task> Posted(string key, string action) => async (s, id) =>
    {
        var (code, b) = await s.RestAsync(key, HttpMethod.Post, $"/api/notifications/{id}/{action}", new JsonObject());
        Assert.True(code == 200, $"arranging a {action}: {code} {b}");
    };

    private static JsonNode? BenchmarkValue(JsonElement b) => new JsonObject
    {
        ["slug"] = b.GetProperty("slug").GetString(),
        ["requiredState"] = b.GetProperty("requiredState").GetString(),
        ["reportedStatus"] = b.GetProperty("reportedStatus").GetString()!.ToLowerInvariant(),
        ["events"] = b.GetProperty("events").GetArrayLength(),
    };

    private static JsonObject Benchmark(Action<JsonObject>? set = null)
    {
        var o = new JsonObject
        {
            ["name"] = "Withdrawal from the test box", ["zone"] = "test-box", ["requiredState"] = "idf_withdrawn", ["party"] = "alpha",
            ["dueAt"] = "2025-01-01T00:00:00Z", ["truce"] = "test-truce", ["source"] = "parity test",
        };
        set?.Invoke(o);
        return o;
    }

    private static WriteCase PutBenchmark(string expect, string key, string slug, JsonObject body, Func<ParitySide, Task<long>>? arrange = null) => new(expect, arrange ?? Nothing,
        async (s, _) =>
        {
            var (code, b) = await s.RestAsync(key, HttpMethod.Put, $"/api/benchmarks/{slug}", body.DeepClone());
            return ParityAnswer.FromRest(code, b, BenchmarkValue);
        },
        async (s, _) => ParityAnswer.FromGraphQL(
            await s.GraphQLAsync(key, "mutation ($slug: String!, $input: BenchmarkInput!) { upsertBenchmark(slug: $slug, input: $input) { slug requiredState reportedStatus events { at } } }",
                new JsonObject { ["slug"] = slug, ["input"] = body.DeepClone() }),
            d => BenchmarkValue(d.GetProperty("upsertBenchmark"))));

    private static WriteCase BenchmarkEvent(string expect, string key, string slug, Func<long, JsonObject> body, Func<ParitySide, Task<long>> arrange) => new(expect, arrange,
        async (s, id) =>
        {
            var (code, b) = await s.RestAsync(key, HttpMethod.Post, $"/api/benchmarks/{slug}/events", body(id));
            return ParityAnswer.FromRest(code, b, BenchmarkValue);
        },
        async (s, id) =>
        {
            var input = body(id);
            if (input["status"] is JsonValue v) input["status"] = v.GetValue<string>().ToUpperInvariant();
            return ParityAnswer.FromGraphQL(
                await s.GraphQLAsync(key, "mutation ($slug: String!, $input: BenchmarkEventInput!) { recordBenchmarkEvent(slug: $slug, input: $input) { slug requiredState reportedStatus events { at } } }",
                    new JsonObject { ["slug"] = slug, ["input"] = input }),
                d => BenchmarkValue(d.GetProperty("recordBenchmarkEvent")));
        });

    private static Func<ParitySide, Task<long>> Benchmarked(string slug) => async s =>
    {
        var (code, b) = await s.RestAsync("admin", HttpMethod.Put, $"/api/benchmarks/{slug}", Benchmark());
        Assert.True(code is 200 or 201, $"arranging a benchmark: {code} {b}");
        return 0;
    };

    private static JsonObject Custody(string zone, string force, string from, string? to = null) => new()
    {
        ["zone"] = zone, ["force"] = force, ["from"] = from, ["to"] = to, ["source"] = "parity test",
    };

    private static JsonNode? CustodyValue(JsonElement w) => new JsonObject
    {
        ["slug"] = w.GetProperty("custody").GetProperty("slug").GetString(),
        ["force"] = w.GetProperty("custody").GetProperty("force").GetString()!.ToLowerInvariant(),
        ["closed"] = new JsonArray(w.GetProperty("closed").EnumerateArray().Select(c => (JsonNode)c.GetString()!).ToArray()),
    };

    private static WriteCase PutCustody(string expect, string key, string slug, JsonObject body, Func<ParitySide, Task<long>>? arrange = null) => new(expect, arrange ?? Nothing,
        async (s, _) =>
        {
            var (code, b) = await s.RestAsync(key, HttpMethod.Put, $"/api/custody/{slug}", body.DeepClone());
            return ParityAnswer.FromRest(code, b, CustodyValue);
        },
        async (s, _) => ParityAnswer.FromGraphQL(
            await s.GraphQLAsync(key, "mutation ($slug: String!, $input: CustodyInput!) { recordCustody(slug: $slug, input: $input) { custody { slug force } closed } }",
                new JsonObject { ["slug"] = slug, ["input"] = GraphQLCustody(body) }),
            d => CustodyValue(d.GetProperty("recordCustody"))));

    private static JsonObject GraphQLCustody(JsonObject body)
    {
        var input = (JsonObject)body.DeepClone();
        if (input["force"] is JsonValue v) input["force"] = v.GetValue<string>().ToUpperInvariant();
        return input;
    }

    private static Func<ParitySide, Task<long>> Held(string slug, JsonObject body) => async s =>
    {
        var (code, b) = await s.RestAsync("rev-1", HttpMethod.Put, $"/api/custody/{slug}", body);
        Assert.True(code is 200 or 201, $"arranging custody: {code} {b}");
        return 0;
    };

    private static WriteCase DeleteRecord(string expect, string key, string path, string mutation, Func<ParitySide, Task<long>>? arrange = null) => new(expect, arrange ?? Nothing,
        async (s, _) =>
        {
            var (code, b) = await s.RestAsync(key, HttpMethod.Delete, path);
            return ParityAnswer.FromRest(code, b, _ => true);
        },
        async (s, _) => ParityAnswer.FromGraphQL(await s.GraphQLAsync(key, $"mutation ($slug: String!) {{ {mutation}(slug: $slug) }}", new JsonObject { ["slug"] = path.Split('/')[^1] }),
            d => d.GetProperty(mutation).GetBoolean()));
    // ---- the verification lifecycle (issue 13): its steps, teams, organisations and the hotline ----

    private static WriteCase Step(string expect, string key, Func<ParitySide, Task<long>> arrange, string suffix, JsonObject body, string document,
        JsonObject variables, string field, long? id = null) => new(expect, arrange,
        async (s, arranged) =>
        {
            var (code, b) = await s.RestAsync(key, HttpMethod.Post, $"/api/incidents/{id ?? arranged}/{suffix}", body.DeepClone());
            return ParityAnswer.FromRest(code, b, IncidentFromRest);
        },
        async (s, arranged) =>
        {
            var vars = (JsonObject)variables.DeepClone();
            vars["id"] = (id ?? arranged).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return ParityAnswer.FromGraphQL(await s.GraphQLAsync(key, document, vars), d => IncidentFromGraphQL(d.GetProperty(field)));
        });

    private static WriteCase Assign(string expect, string key, Func<ParitySide, Task<long>> arrange, string team, long? id = null) =>
        Step(expect, key, arrange, "assignment", new JsonObject { ["team"] = team },
            $"mutation ($id: ID!, $team: String!) {{ assignIncident(id: $id, team: $team) {{ {IncidentSelection} }} }}", new JsonObject { ["team"] = team },
            "assignIncident", id);

    private static WriteCase Verify(string expect, string key, Func<ParitySide, Task<long>> arrange, string outcome, string? findings, params string[] evidence)
    {
        var body = new JsonObject { ["outcome"] = outcome, ["findings"] = findings, ["evidence"] = new JsonArray(evidence.Select(e => (JsonNode)e).ToArray()) };
        var input = (JsonObject)body.DeepClone();
        input["outcome"] = outcome.ToUpperInvariant();
        // GraphQL's input type requires findings; the REST body without it is the same refusal as an empty one.
        input["findings"] = findings ?? "";
        if (findings is null) body["findings"] = "";
        return Step(expect, key, arrange, "verification", body,
            $"mutation ($id: ID!, $input: VerificationInput!) {{ verifyIncident(id: $id, input: $input) {{ {IncidentSelection} }} }}",
            new JsonObject { ["input"] = input }, "verifyIncident");
    }

    private static WriteCase AddNote(string expect, string key, Func<ParitySide, Task<long>> arrange, string kind, string text) =>
        Step(expect, key, arrange, "notes", new JsonObject { ["kind"] = kind, ["text"] = text },
            $"mutation ($id: ID!, $kind: NoteKind!, $text: String!) {{ addIncidentNote(id: $id, kind: $kind, text: $text) {{ {IncidentSelection} }} }}",
            new JsonObject { ["kind"] = kind.ToUpperInvariant(), ["text"] = text }, "addIncidentNote");

    // An incident in the team's zone: assigned to team "west" automatically on upload.
    private static Func<ParitySide, Task<long>> InTeamZone(string key, string ext) =>
        Uploaded(key, ext, r => { r["lon"] = ParitySide.TeamLon; r["lat"] = ParitySide.TeamLat; });

    private static Func<ParitySide, long, Task> Posted(string key, string suffix, JsonObject body) => async (s, id) =>
    {
        var (code, b) = await s.RestAsync(key, HttpMethod.Post, $"/api/incidents/{id}/{suffix}", body);
        Assert.True(code is 200 or 201, $"arranging {suffix}: {code} {b}");
    };

    private static Func<ParitySide, long, Task> VerifiedBy(string key, string outcome = "verified_on_site") =>
        Posted(key, "verification", new JsonObject { ["outcome"] = outcome, ["findings"] = "seen on site by the team" });

    // The cooling-off is measured from stored timestamps: moving them a day back ends it (its length is kept).
    private static readonly Func<ParitySide, long, Task> CooledOff = async (s, id) =>
        Assert.Equal(1, await s.Api.ScalarAsync<int>("""
            WITH u AS (UPDATE incidents SET cooling_off_ends_at = cooling_off_ends_at - interval '2 days',
                                            state_entered_at = state_entered_at - interval '2 days' WHERE id = $1 RETURNING 1)
            SELECT count(*)::int FROM u
            """, id));

    private static Func<ParitySide, Task<long>> CoolingOff(string ext) => Then(Then(InTeamZone("alpha", ext), VerifiedBy("obs-1")), CooledOff);

    private static Func<ParitySide, Task<long>> UnderReview(string ext) =>
        Then(CoolingOff(ext), Posted("rev-1", "review", new JsonObject { ["status"] = "under_independent_review" }));

    private static WriteCase Put(string expect, string key, string path, string mutation, string inputType, string slug, JsonObject body,
        Func<ParitySide, Task<long>>? arrange = null) => new(expect, arrange ?? Nothing,
        async (s, _) =>
        {
            var (code, b) = await s.RestAsync(key, HttpMethod.Put, $"/api/{path}/{slug}", body.DeepClone());
            return ParityAnswer.FromRest(code, b, v => v.GetProperty("slug").GetString());
        },
        async (s, _) => ParityAnswer.FromGraphQL(
            await s.GraphQLAsync(key, $"mutation ($slug: String!, $input: {inputType}!) {{ {mutation}(slug: $slug, input: $input) {{ slug }} }}",
                new JsonObject { ["slug"] = slug, ["input"] = body.DeepClone() }),
            d => d.GetProperty(mutation).GetProperty("slug").GetString()));

    private static WriteCase PutTeam(string expect, string key, string slug, JsonObject body, Func<ParitySide, Task<long>>? arrange = null) =>
        Put(expect, key, "teams", "upsertTeam", "TeamInput", slug, body, arrange);

    private static WriteCase PutOrganisation(string expect, string key, string slug, string name) =>
        Put(expect, key, "organisations", "upsertOrganisation", "OrganisationInput", slug, new JsonObject { ["name"] = name });

    private static WriteCase DeleteTeam(string expect, string key, string slug, Func<ParitySide, Task<long>>? arrange = null) => new(expect, arrange ?? Nothing,
        async (s, _) =>
        {
            var (code, b) = await s.RestAsync(key, HttpMethod.Delete, $"/api/teams/{slug}");
            return ParityAnswer.FromRest(code, b, _ => true);
        },
        async (s, _) => ParityAnswer.FromGraphQL(await s.GraphQLAsync(key, "mutation ($slug: String!) { deleteTeam(slug: $slug) }", new JsonObject { ["slug"] = slug }),
            d => d.GetProperty("deleteTeam").GetBoolean()));

    private const string ClarificationSelection = "id status incidentId answer";

    private static JsonNode ClarificationValue(JsonElement c) => new JsonObject
    {
        ["id"] = long.Parse(c.GetProperty("id").ToString(), System.Globalization.CultureInfo.InvariantCulture),
        ["status"] = c.GetProperty("status").GetString()!.ToLowerInvariant(),
        ["incidentId"] = c.GetProperty("incidentId").ValueKind == JsonValueKind.Null ? null : long.Parse(c.GetProperty("incidentId").ToString(), System.Globalization.CultureInfo.InvariantCulture),
        ["answer"] = c.GetProperty("answer").ValueKind == JsonValueKind.Null ? null : c.GetProperty("answer").GetString(),
    };

    // A clarification request: about the arranged incident (incidentId = true), or about a place and time.
    private static WriteCase Ask(string expect, string key, Func<ParitySide, Task<long>> arrange, bool aboutIncident, bool alsoPlace = false) => new(expect, arrange,
        async (s, id) =>
        {
            var (code, b) = await s.RestAsync(key, HttpMethod.Post, "/api/clarifications", AskBody(id, aboutIncident, alsoPlace, rest: true));
            return ParityAnswer.FromRest(code, b, ClarificationValue);
        },
        async (s, id) => ParityAnswer.FromGraphQL(
            await s.GraphQLAsync(key, $"mutation ($input: ClarificationRequestInput!) {{ requestClarification(input: $input) {{ {ClarificationSelection} }} }}",
                new JsonObject { ["input"] = AskBody(id, aboutIncident, alsoPlace, rest: false) }),
            d => ClarificationValue(d.GetProperty("requestClarification"))));

    private static JsonObject AskBody(long id, bool aboutIncident, bool alsoPlace, bool rest)
    {
        var o = new JsonObject { ["question"] = "Was the road at this point open to UNIFIL patrols at the time?" };
        if (aboutIncident) o["incidentId"] = rest ? id : id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!aboutIncident || alsoPlace)
        {
            o["lon"] = 35.4;
            o["lat"] = 33.15;
            o["at"] = "2024-12-01T10:00:00Z";
        }
        return o;
    }

    private static Func<ParitySide, Task<long>> Asked(string key) => async s =>
    {
        var (code, b) = await s.RestAsync(key, HttpMethod.Post, "/api/clarifications", AskBody(0, false, false, rest: true));
        Assert.True(code == 201, $"arranging a clarification request: {code} {b}");
        return b.GetProperty("id").GetInt64();
    };

    private static Func<ParitySide, long, Task> Answered(string key) => async (s, id) =>
    {
        var (code, b) = await s.RestAsync(key, HttpMethod.Post, $"/api/clarifications/{id}/answer", new JsonObject { ["answer"] = "Open; the LAF escorted the patrol." });
        Assert.True(code == 200, $"arranging an answer: {code} {b}");
    };

    private static WriteCase Answer(string expect, string key, Func<ParitySide, Task<long>> arrange, string? answer, long? id = null) => new(expect, arrange,
        async (s, arranged) =>
        {
            var (code, b) = await s.RestAsync(key, HttpMethod.Post, $"/api/clarifications/{id ?? arranged}/answer", new JsonObject { ["answer"] = answer ?? "" });
            return ParityAnswer.FromRest(code, b, ClarificationValue);
        },
        async (s, arranged) => ParityAnswer.FromGraphQL(
            await s.GraphQLAsync(key, $"mutation ($id: ID!, $answer: String!) {{ answerClarification(id: $id, answer: $answer) {{ {ClarificationSelection} }} }}",
                new JsonObject { ["id"] = (id ?? arranged).ToString(System.Globalization.CultureInfo.InvariantCulture), ["answer"] = answer ?? "" }),
            d => ClarificationValue(d.GetProperty("answerClarification"))));

    private static WriteCase Close(string expect, string key, Func<ParitySide, Task<long>> arrange, string? note) => new(expect, arrange,
        async (s, id) =>
        {
            var (code, b) = await s.RestAsync(key, HttpMethod.Post, $"/api/clarifications/{id}/close", new JsonObject { ["note"] = note });
            return ParityAnswer.FromRest(code, b, ClarificationValue);
        },
        async (s, id) => ParityAnswer.FromGraphQL(
            await s.GraphQLAsync(key, $"mutation ($id: ID!, $note: String) {{ closeClarification(id: $id, note: $note) {{ {ClarificationSelection} }} }}",
                new JsonObject { ["id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["note"] = note }),
            d => ClarificationValue(d.GetProperty("closeClarification"))));

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

        ["review: an independent reviewer starts the review once the cooling-off has ended"] = Review("ok", "rev-1", CoolingOff("r-start"), "under_independent_review"),
        ["review: not before the cooling-off ends"] = Review("CONFLICT", "rev-1", Then(InTeamZone("alpha", "r-early"), VerifiedBy("obs-1")), "under_independent_review"),
        ["review: a reviewer of the reporter's organisation is not independent"] = Review("FORBIDDEN", "rev-alpha", CoolingOff("r-own-org"), "under_independent_review"),
        ["review: a reviewer of the verifying team's organisation is not independent"] = Review("FORBIDDEN", "rev-obs", CoolingOff("r-team-org"), "under_independent_review"),
        ["review: a verdict is published with a note"] = Review("ok", "rev-2", UnderReview("r-publish"), "published_verified", "two sources; the team's photos"),
        ["review: a disputed verdict is published, flagged"] = Review("ok", "rev-1", UnderReview("r-disputed"), "published_disputed", "the parties' accounts differ"),
        ["review: a rejection"] = Review("ok", "rev-1", UnderReview("r-rejected"), "rejected", "the place does not match the photos"),
        ["review: a verdict needs a note"] = Review("BAD_USER_INPUT", "rev-1", UnderReview("r-no-note"), "published_verified"),
        ["review: a verdict before the review started"] = Review("CONFLICT", "rev-1", CoolingOff("r-skip"), "published_verified", "too early"),
        ["review: a stale version is refused"] = Review("CONFLICT", "rev-2", CoolingOff("r-stale"), "under_independent_review", version: 1),
        ["review: the current version is accepted"] = Review("ok", "rev-2", CoolingOff("r-current"), "under_independent_review", version: 4),
        ["review: a status a review cannot set"] = Review("BAD_USER_INPUT", "rev-1", Uploaded("alpha", "r-reported"), "reported"),
        ["review: a note that is too long"] = Review("BAD_USER_INPUT", "rev-1", UnderReview("r-note"), "published_verified", new string('n', 4001)),
        ["review: a reporter key may not review"] = Review("FORBIDDEN", "bravo", CoolingOff("r-reporter"), "under_independent_review"),
        ["review: no such incident"] = Review("NOT_FOUND", "rev-1", Nothing, "under_independent_review", id: 987654321),

        ["assign: an admin assigns a reported incident"] = Assign("ok", "admin", Uploaded("alpha", "a-new"), "west"),
        ["assign: an upload in a team's zone is assigned automatically"] = Upload("ok", "alpha", Report("a-auto", r => { r["lon"] = ParitySide.TeamLon; r["lat"] = ParitySide.TeamLat; })),
        ["assign: no such team"] = Assign("BAD_USER_INPUT", "admin", Uploaded("alpha", "a-no-team"), "no-such-team"),
        ["assign: a reviewer may not assign"] = Assign("FORBIDDEN", "rev-1", Uploaded("alpha", "a-reviewer"), "west"),
        ["assign: not during the cooling-off"] = Assign("CONFLICT", "admin", Then(InTeamZone("alpha", "a-cooling"), VerifiedBy("obs-1")), "west"),
        ["assign: no such incident"] = Assign("NOT_FOUND", "admin", Nothing, "west", id: 987654321),
        ["verify: a team member verifies on site"] = Verify("ok", "obs-1", InTeamZone("alpha", "v-ok"), "verified_on_site", "crater and shell fragments at the point", "photo-0412.jpg"),
        ["verify: a team member could not verify"] = Verify("ok", "obs-2", InTeamZone("alpha", "v-cnv"), "could_not_verify", "no access: the road was closed"),
        ["verify: a key of the team's organisation that is not a member"] = Verify("FORBIDDEN", "obs-x", InTeamZone("alpha", "v-not-member"), "verified_on_site", "seen"),
        ["verify: a key outside the process"] = Verify("FORBIDDEN", "bravo", InTeamZone("alpha", "v-outsider"), "verified_on_site", "seen"),
        ["verify: findings are required"] = Verify("BAD_USER_INPUT", "obs-1", InTeamZone("alpha", "v-empty"), "verified_on_site", null),
        ["verify: not twice"] = Verify("CONFLICT", "obs-2", Then(InTeamZone("alpha", "v-twice"), VerifiedBy("obs-1")), "verified_on_site", "seen again"),
        ["note: the reporter adds a note during the cooling-off"] = AddNote("ok", "alpha", Then(InTeamZone("alpha", "n-note"), VerifiedBy("obs-1")), "note", "a second witness came forward"),
        ["note: the team adds a counter-report"] = AddNote("ok", "obs-2", Then(InTeamZone("alpha", "n-counter"), VerifiedBy("obs-1")), "counter_report", "the LAF liaison disputes the time"),
        ["note: a key outside the process"] = AddNote("FORBIDDEN", "bravo", InTeamZone("alpha", "n-outsider"), "note", "I heard something"),
        ["note: the text is required"] = AddNote("BAD_USER_INPUT", "alpha", Uploaded("alpha", "n-empty"), "note", ""),
        ["note: without a key"] = AddNote("UNAUTHENTICATED", "anonymous", Uploaded("alpha", "n-anonymous"), "note", "hello"),
        ["team: an admin creates a team"] = PutTeam("ok", "admin", "east", new JsonObject { ["name"] = "East", ["organisation"] = "observers", ["zones"] = new JsonArray(), ["members"] = new JsonArray("obs-2") }),
        ["team: unknown zones and members outside its organisation"] = PutTeam("BAD_USER_INPUT", "admin", "north", new JsonObject { ["name"] = "North", ["organisation"] = "observers", ["zones"] = new JsonArray("no-zone"), ["members"] = new JsonArray("alpha") }),
        ["team: a reviewer may not change teams"] = PutTeam("FORBIDDEN", "rev-1", "south", new JsonObject { ["name"] = "South", ["organisation"] = "observers" }),
        ["team: a team with incidents cannot be deleted"] = DeleteTeam("CONFLICT", "admin", "west", InTeamZone("alpha", "t-busy")),
        ["team: an unused team is deleted"] = DeleteTeam("ok", "admin", "spare", async s =>
        {
            var (code, b) = await s.RestAsync("admin", HttpMethod.Put, "/api/teams/spare", new JsonObject { ["name"] = "Spare", ["organisation"] = "observers" });
            Assert.True(code == 201, $"arranging a team: {code} {b}");
            return 0;
        }),
        ["team: deleting a missing team"] = DeleteTeam("NOT_FOUND", "admin", "no-such-team"),
        ["organisation: an admin creates one"] = PutOrganisation("ok", "admin", "laf-liaison", "Lebanese Armed Forces liaison"),
        ["organisation: a malformed slug"] = PutOrganisation("BAD_USER_INPUT", "admin", "LAF_Liaison", "LAF"),
        ["organisation: a reporter may not"] = PutOrganisation("FORBIDDEN", "alpha", "ngo-x", "NGO X"),
        ["hotline: a party asks about its incident"] = Ask("ok", "alpha", Uploaded("alpha", "h-mine"), aboutIncident: true),
        ["hotline: a party asks about a place and time"] = Ask("ok", "bravo", Nothing, aboutIncident: false),
        ["hotline: an incident and a place at once"] = Ask("BAD_USER_INPUT", "alpha", Uploaded("alpha", "h-both"), aboutIncident: true, alsoPlace: true),
        ["hotline: an incident the party may not read"] = Ask("FORBIDDEN", "bravo", Uploaded("alpha", "h-held"), aboutIncident: true),
        ["hotline: a reader key may not ask"] = Ask("FORBIDDEN", "reader", Nothing, aboutIncident: false),
        ["hotline: a duty officer answers"] = Answer("ok", "rev-1", Asked("bravo"), "Open; the LAF escorted the patrol."),
        ["hotline: an answer to an answered request"] = Answer("CONFLICT", "rev-2", Then(Asked("bravo"), Answered("rev-1")), "again"),
        ["hotline: an empty answer"] = Answer("BAD_USER_INPUT", "rev-1", Asked("bravo"), null),
        ["hotline: a reporter is no duty officer"] = Answer("FORBIDDEN", "alpha", Asked("bravo"), "I know"),
        ["hotline: no such request"] = Answer("NOT_FOUND", "rev-1", Nothing, "hello", id: 987654321),
        ["hotline: the asking party closes its request"] = Close("ok", "bravo", Then(Asked("bravo"), Answered("rev-1")), "thank you"),
        ["hotline: another party may not close it"] = Close("FORBIDDEN", "alpha", Asked("bravo"), null),

        ["correct: a reporter corrects their own report"] = Correct("ok", "alpha", Uploaded("alpha", "c-own"), 1, new JsonObject { ["fatalities"] = 3, ["notes"] = null }),
        ["correct: a reporter may not correct another's report"] = Correct("FORBIDDEN", "bravo", Uploaded("alpha", "c-other"), 1, new JsonObject { ["fatalities"] = 3 }),
        ["correct: a reviewer corrects any report"] = Correct("ok", "rev-1", Uploaded("alpha", "c-reviewer"), 1, new JsonObject { ["lon"] = UploadWorld.SouthLon, ["lat"] = UploadWorld.SouthLat }),
        ["correct: a stale version is refused"] = Correct("CONFLICT", "alpha", Then(Uploaded("alpha", "c-stale"), Posted("alpha", "notes", new JsonObject { ["kind"] = "note", ["text"] = "later" })), 1, new JsonObject { ["fatalities"] = 1 }),
        ["correct: a published report corrected by its reporter goes back to its team"] = Correct("ok", "alpha",
            Then(UnderReview("c-back"), Posted("rev-1", "review", new JsonObject { ["status"] = "published_verified", ["note"] = "confirmed" })), 6, new JsonObject { ["fatalities"] = 2 }),
        ["correct: a reviewer's correction keeps the state"] = Correct("ok", "rev-2", CoolingOff("c-keep"), 4, new JsonObject { ["notes"] = "typo fixed" }),
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
        ["layer: a truce with its own cooling-off"] = PutLayer("ok", "admin", "truce", "parity-hold", new JsonObject
        {
            ["name"] = "Parity hold", ["start"] = "2024-12-01T00:00:00Z", ["end"] = "2024-12-11T00:00:00Z", ["source"] = "parity test", ["coolingOff"] = "PT48H",
        }),
        ["layer: a cooling-off beyond 30 days"] = PutLayer("BAD_USER_INPUT", "admin", "truce", "parity-long-hold", new JsonObject
        {
            ["name"] = "Parity long hold", ["start"] = "2024-12-01T00:00:00Z", ["source"] = "parity test", ["coolingOff"] = "P31D",
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

        ["notification: filed with the conflicts found (a truce in force)"] = FileNotice("ok", "alpha", Notice()),
        ["notification: a route of coordinate strings in three notations"] = FileNotice("ok", "alpha", Notice(o =>
        {
            o.Remove("area");
            o["route"] = new JsonArray("33.12N 35.46E", "36S YB 43047 90601", new JsonObject { ["x"] = 210151.096, ["y"] = 777547.653, ["crs"] = "EPSG:2039" });
            o["widthM"] = 250;
            o["kind"] = "convoy";
        })),
        ["notification: overlapping another party's is a conflict recorded, not a refusal"] = FileNotice("ok", "alpha", Notice(o => o["start"] = "2024-12-01T08:00:00Z"),
            Noticed("bravo", Notice(o => o["kind"] = "convoy"))),
        ["notification: the dry run finds what filing would"] = CheckNotice("ok", "bravo", Notice(), Noticed("alpha", Notice(o => o["kind"] = "exercise"))),
        ["notification: an admin files for another organisation"] = FileNotice("ok", "admin", Notice(o => o["organisation"] = "bravo")),
        ["notification: a reporter may not file for another organisation"] = FileNotice("FORBIDDEN", "alpha", Notice(o => o["organisation"] = "bravo")),
        ["notification: an unknown organisation"] = FileNotice("BAD_USER_INPUT", "admin", Notice(o => o["organisation"] = "no-such-party")),
        ["notification: an end before the start and a bad coordinate, both named"] = FileNotice("BAD_USER_INPUT", "alpha", Notice(o =>
        {
            o.Remove("area");
            o["route"] = new JsonArray("33.12N 35.46E", "somewhere");
            o["widthM"] = 100;
            o["end"] = "2024-11-30T00:00:00Z";
        })),
        ["notification: a self-intersecting area"] = FileNotice("BAD_USER_INPUT", "alpha", Notice(o => o["area"] = BowTie.DeepClone())),
        ["notification: an area outside the region"] = FileNotice("BAD_USER_INPUT", "alpha", Notice(o => o["area"] = Square(2.3, 48.8, 0.1))),
        ["notification: the dry run refuses what filing refuses"] = CheckNotice("BAD_USER_INPUT", "alpha", Notice(o => o["area"] = BowTie.DeepClone())),
        ["notification: a reader key may not file"] = FileNotice("FORBIDDEN", "reader", Notice()),
        ["notification: without a key"] = FileNotice("UNAUTHENTICATED", "anonymous", Notice()),
        ["notification: the monitor acknowledges"] = ChangeNotice("ok", "rev-1", "acknowledge", Noticed("alpha", Notice()), "received"),
        ["notification: acknowledging twice changes nothing"] = ChangeNotice("ok", "rev-2", "acknowledge", Then(Noticed("alpha", Notice()), Posted("rev-1", "acknowledge"))),
        ["notification: a reporter may not acknowledge"] = ChangeNotice("FORBIDDEN", "bravo", "acknowledge", Noticed("alpha", Notice())),
        ["notification: a withdrawn notification cannot be acknowledged"] = ChangeNotice("CONFLICT", "rev-1", "acknowledge", Then(Noticed("alpha", Notice()), Posted("alpha", "withdraw"))),
        ["notification: acknowledging a missing one"] = ChangeNotice("NOT_FOUND", "rev-1", "acknowledge", Nothing, id: 987654321),
        ["notification: the party withdraws its own"] = ChangeNotice("ok", "alpha", "withdraw", Noticed("alpha", Notice()), "called off"),
        ["notification: another party may not withdraw it"] = ChangeNotice("FORBIDDEN", "bravo", "withdraw", Noticed("alpha", Notice())),

        ["benchmark: created on a zone and a truce"] = PutBenchmark("ok", "admin", "parity-bench", Benchmark()),
        ["benchmark: replaced, keeping its events"] = PutBenchmark("ok", "admin", "parity-bench-2", Benchmark(o => o["requiredState"] = "LAF deployed"), Benchmarked("parity-bench-2")),
        ["benchmark: an unknown zone and truce are named"] = PutBenchmark("BAD_USER_INPUT", "admin", "parity-bench-3", Benchmark(o => { o["zone"] = "no-zone"; o["truce"] = "no-truce"; })),
        ["benchmark: a reviewer key may not set one"] = PutBenchmark("FORBIDDEN", "rev-1", "parity-bench-4", Benchmark()),
        ["benchmark: an event with an incident as evidence"] = BenchmarkEvent("ok", "rev-1", "parity-bench-5",
            id => new JsonObject { ["at"] = "2025-01-02T00:00:00Z", ["status"] = "met", ["source"] = "parity test", ["evidence"] = new JsonObject { ["incidents"] = new JsonArray(id) } },
            async s => { await Benchmarked("parity-bench-5")(s); return await Uploaded("alpha", "bench-evidence")(s); }),
        ["benchmark: an unknown incident as evidence"] = BenchmarkEvent("BAD_USER_INPUT", "rev-1", "parity-bench-6",
            _ => new JsonObject { ["at"] = "2025-01-02T00:00:00Z", ["status"] = "met", ["source"] = "parity test", ["evidence"] = new JsonObject { ["incidents"] = new JsonArray(987654321) } },
            Benchmarked("parity-bench-6")),
        ["benchmark: an event of a missing benchmark"] = BenchmarkEvent("NOT_FOUND", "rev-1", "parity-no-bench",
            _ => new JsonObject { ["at"] = "2025-01-02T00:00:00Z", ["status"] = "met", ["source"] = "parity test" }, Nothing),
        ["benchmark: a reporter key may not record an event"] = BenchmarkEvent("FORBIDDEN", "alpha", "parity-bench-7",
            _ => new JsonObject { ["at"] = "2025-01-02T00:00:00Z", ["status"] = "met", ["source"] = "parity test" }, Benchmarked("parity-bench-7")),
        ["benchmark: deleted"] = DeleteRecord("ok", "admin", "/api/benchmarks/parity-bench-8", "deleteBenchmark", Benchmarked("parity-bench-8")),
        ["benchmark: deleting a missing one"] = DeleteRecord("NOT_FOUND", "admin", "/api/benchmarks/parity-no-bench", "deleteBenchmark"),

        // Each custody case holds test-box in a period of its own, so that the cases do not depend on one another.
        ["custody: a zone's holder over a period"] = PutCustody("ok", "rev-1", "parity-idf", Custody("test-box", "idf", "2021-01-01T00:00:00Z", "2021-02-01T00:00:00Z")),
        ["custody: a handover closes the open-ended record"] = PutCustody("ok", "rev-2", "parity-laf", Custody("test-box", "laf", "2024-07-01T00:00:00Z"),
            Held("parity-idf-2", Custody("test-box", "idf", "2024-06-01T00:00:00Z"))),
        ["custody: an overlapping period is a conflict"] = PutCustody("CONFLICT", "rev-1", "parity-overlap", Custody("test-box", "none", "2022-01-15T00:00:00Z", "2022-01-20T00:00:00Z"),
            Held("parity-base", Custody("test-box", "unifil", "2022-01-01T00:00:00Z", "2022-02-01T00:00:00Z"))),
        ["custody: an unknown zone"] = PutCustody("BAD_USER_INPUT", "rev-1", "parity-nowhere", Custody("no-zone", "laf", "2025-01-01T00:00:00Z")),
        ["custody: a reporter key may not record it"] = PutCustody("FORBIDDEN", "alpha", "parity-reporter", Custody("test-box", "laf", "2025-01-01T00:00:00Z")),
        ["custody: deleted by an admin"] = DeleteRecord("ok", "admin", "/api/custody/parity-gone", "deleteCustody",
            Held("parity-gone", new JsonObject { ["site"] = "a hill", ["force"] = "idf", ["from"] = "2025-02-18T22:00:00Z", ["source"] = "parity test" })),
        ["custody: deleting a missing record"] = DeleteRecord("NOT_FOUND", "admin", "/api/custody/parity-no-record", "deleteCustody"),

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
