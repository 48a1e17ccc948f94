using System.Text.Json;
using System.Text.RegularExpressions;
using GeoMonitor.Api.Tests.Query;
using GeoMonitor.Api.Tests.Security;

namespace GeoMonitor.Api.Tests.OpenApi;

/// <summary>
/// The OpenAPI document as the in-memory host serves it. Its promises about real answers are checked against a running
/// API by scripts/test-openapi.sh (a validating proxy); here, what the document must say whatever the answers: the
/// security schemes, each operation's role as the endpoint's own policy gives it (read from the host's endpoints, not
/// from the document), summaries and descriptions, 401/403 on keyed operations, and one problem+json schema for errors.
/// </summary>
[Collection(QueryCollection.Name)]
public sealed partial class OpenApiDocumentTests(QueryFixture api)
{
    private static readonly string[] Methods = ["get", "post", "put", "patch", "delete"];

    private async Task<JsonElement> DocumentAsync() =>
        JsonDocument.Parse(await api.CreateClient().GetStringAsync("/swagger/v1/swagger.json")).RootElement;

    private static IEnumerable<(string Method, string Path, JsonElement Operation)> Operations(JsonElement doc) =>
        doc.GetProperty("paths").EnumerateObject().SelectMany(p => p.Value.EnumerateObject()
            .Where(o => Methods.Contains(o.Name)).Select(o => (o.Name.ToUpperInvariant(), p.Name, o.Value)));

    [Fact]
    public async Task Declares_the_two_ways_to_send_a_key_and_a_server()
    {
        var doc = await DocumentAsync();
        var schemes = doc.GetProperty("components").GetProperty("securitySchemes");
        var bearer = schemes.GetProperty("Bearer");
        Assert.Equal("http", bearer.GetProperty("type").GetString());
        Assert.Equal("bearer", bearer.GetProperty("scheme").GetString());
        var apiKey = schemes.GetProperty("ApiKey");
        Assert.Equal("apiKey", apiKey.GetProperty("type").GetString());
        Assert.Equal("header", apiKey.GetProperty("in").GetString());
        Assert.Equal("X-Api-Key", apiKey.GetProperty("name").GetString());
        Assert.StartsWith("http://", doc.GetProperty("servers")[0].GetProperty("url").GetString());
    }

    [Fact]
    public async Task Every_operation_has_a_summary_and_a_description()
    {
        var missing = Operations(await DocumentAsync())
            .Where(o => !o.Operation.TryGetProperty("summary", out var s) || string.IsNullOrWhiteSpace(s.GetString())
                        || !o.Operation.TryGetProperty("description", out var d) || string.IsNullOrWhiteSpace(d.GetString()))
            .Select(o => $"{o.Method} {o.Path}").ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public async Task Each_operation_requires_the_role_its_endpoint_policy_requires()
    {
        var doc = await DocumentAsync();
        // The host's own endpoints and their authorization policies (RequireRole attaches the role's name as the policy).
        var endpoints = EndpointCatalog.All(api.Services).ToDictionary(e => $"{e.Method} {Normalize(e.Route)}",
            e => e.Policies.Count == 0 ? "anonymous" : e.Policies.MaxBy(Rank)!);
        var operations = Operations(doc).ToList();
        Assert.True(operations.Count > 60, $"only {operations.Count} operations");
        var wrong = new List<string>();
        foreach (var (method, path, op) in operations)
        {
            var key = $"{method} {path}";
            Assert.True(endpoints.TryGetValue(key, out var role), $"{key} is not an endpoint of the host");
            var declared = op.GetProperty("x-required-role").GetString();
            if (declared != role) wrong.Add($"{key}: document {declared}, endpoint {role}");
            var requirements = op.GetProperty("security").EnumerateArray().Select(r => string.Join("+", r.EnumerateObject().Select(p => p.Name))).ToList();
            var expected = role == "anonymous" ? new[] { "", "Bearer", "ApiKey" } : ["Bearer", "ApiKey"];
            if (!requirements.SequenceEqual(expected)) wrong.Add($"{key}: security [{string.Join(", ", requirements)}]");
        }
        Assert.Empty(wrong);
        Assert.Contains(operations, o => o.Operation.GetProperty("x-required-role").GetString() == "admin");
        Assert.Contains(operations, o => o.Operation.GetProperty("x-required-role").GetString() == "anonymous");
    }

    [Fact]
    public async Task Every_keyed_operation_declares_401_and_403()
    {
        var missing = Operations(await DocumentAsync())
            .Where(o => o.Operation.GetProperty("x-required-role").GetString() != "anonymous")
            .Where(o => !o.Operation.GetProperty("responses").TryGetProperty("401", out _) || !o.Operation.GetProperty("responses").TryGetProperty("403", out _))
            .Select(o => $"{o.Method} {o.Path}").ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public async Task Every_error_is_the_one_problem_schema_as_problem_json()
    {
        var doc = await DocumentAsync();
        var wrong = new List<string>();
        foreach (var (method, path, op) in Operations(doc))
        {
            var responses = op.GetProperty("responses");
            // Every operation may be rate limited, find the database down, or get a bad query string or key.
            foreach (var status in new[] { "400", "401", "429", "503" })
                if (!responses.TryGetProperty(status, out _)) wrong.Add($"{method} {path}: no {status}");
            foreach (var r in responses.EnumerateObject().Where(r => r.Name[0] is '4' or '5'))
            {
                var content = r.Value.GetProperty("content").EnumerateObject().ToList();
                if (content.Count != 1 || content[0].Name != "application/problem+json"
                    || content[0].Value.GetProperty("schema").GetProperty("$ref").GetString() != "#/components/schemas/Problem")
                    wrong.Add($"{method} {path} {r.Name}");
            }
        }
        Assert.Empty(wrong);

        var problem = doc.GetProperty("components").GetProperty("schemas").GetProperty("Problem");
        Assert.Equal(["type", "title", "status"], problem.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("#/components/schemas/FieldError", problem.GetProperty("properties").GetProperty("errors").GetProperty("items").GetProperty("$ref").GetString());
        var fieldError = doc.GetProperty("components").GetProperty("schemas").GetProperty("FieldError").GetProperty("properties");
        Assert.True(fieldError.TryGetProperty("row", out _) && fieldError.TryGetProperty("field", out _) && fieldError.TryGetProperty("message", out _));
        // A batch's result lists its rejected rows with the same schema.
        Assert.Equal("#/components/schemas/FieldError", doc.GetProperty("components").GetProperty("schemas").GetProperty("BatchResult")
            .GetProperty("properties").GetProperty("errors").GetProperty("items").GetProperty("$ref").GetString());
    }

    [Fact]
    public async Task The_headline_query_has_its_example_and_its_answer_a_schema()
    {
        var doc = await DocumentAsync();
        var get = doc.GetProperty("paths").GetProperty("/api/incidents").GetProperty("get");
        var parameters = get.GetProperty("parameters").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);
        Assert.Equal("withdrawal-phase1-west", parameters["zone"].GetProperty("example").GetString());
        Assert.Equal("ceasefire-2026-04", parameters["truce"].GetProperty("example").GetString());
        var geojson = get.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/geo+json");
        Assert.Equal("#/components/schemas/IncidentFeatureCollection", geojson.GetProperty("schema").GetProperty("$ref").GetString());
        var collection = doc.GetProperty("components").GetProperty("schemas").GetProperty("IncidentFeatureCollection");
        Assert.Equal("FeatureCollection", collection.GetProperty("examples")[0].GetProperty("type").GetString());
    }

    [Fact]
    public async Task Members_written_as_null_are_nullable()
    {
        var schemas = (await DocumentAsync()).GetProperty("components").GetProperty("schemas");
        // /health writes readReplica: null without a read connection.
        var readReplica = schemas.GetProperty("HealthReport").GetProperty("properties").GetProperty("readReplica");
        Assert.Contains(readReplica.GetProperty("oneOf").EnumerateArray(), s => s.TryGetProperty("type", out var t) && t.GetString() == "null");
        // A revision's changes are any JSON object the write recorded (a generated schema forbade its members).
        var changes = schemas.GetProperty("Revision").GetProperty("properties").GetProperty("changes");
        Assert.False(changes.TryGetProperty("additionalProperties", out _));
        Assert.False(changes.TryGetProperty("$ref", out _));
    }

    private static int Rank(string policy) => Array.IndexOf(["reader", "reporter", "reviewer", "admin"], policy);

    private static string Normalize(string route) => RouteConstraint().Replace(route, "{$1}");

    [GeneratedRegex(@"\{\*?(\w+)(:[^}]*)?\}")]
    private static partial Regex RouteConstraint();
}
