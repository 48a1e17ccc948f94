using System.Text.Json;
using GeoMonitor.Api.Tests.Security;

namespace GeoMonitor.Api.Tests.Verification;

/// <summary>
/// Every endpoint of the lifecycle, the teams, the organisations and the hotline is in the OpenAPI document with its name,
/// a summary, a description, and a response for every status it answers (with those every operation may give: 400, 429,
/// 503); and each requires its role.
/// </summary>
public sealed class VerificationApiDocsTests(LifecycleWorld w) : IClassFixture<LifecycleWorld>
{
    public static TheoryData<string, string, string, string, string> Endpoints() => new()
    {
        // method, path, operationId, minimum role policy, statuses
        { "post", "/api/incidents/{id}/assignment", "AssignIncident", "admin", "200 400 401 403 404 409 412 413 415 422 429 503" },
        { "post", "/api/incidents/{id}/verification", "VerifyIncident", "reporter", "200 400 401 403 404 409 412 413 415 422 429 503" },
        { "post", "/api/incidents/{id}/review", "ReviewIncident", "reviewer", "200 400 401 403 404 409 412 413 415 422 429 503" },
        { "post", "/api/incidents/{id}/notes", "AddIncidentNote", "reporter", "201 400 401 403 404 409 412 413 415 422 429 503" },
        { "get", "/api/verification/queue", "GetVerificationQueue", "reader", "200 400 401 403 429 503" },
        { "get", "/api/verification/stats", "GetVerificationStats", "reader", "200 400 401 403 429 503" },
        { "get", "/api/teams", "GetObserverTeams", "reader", "200 400 401 403 429 503" },
        { "get", "/api/teams/{slug}", "GetObserverTeam", "reader", "200 400 401 403 404 429 503" },
        { "put", "/api/teams/{slug}", "PutObserverTeam", "admin", "200 201 400 401 403 413 415 422 429 503" },
        { "delete", "/api/teams/{slug}", "DeleteObserverTeam", "admin", "204 400 401 403 404 409 429 503" },
        { "get", "/api/organisations", "GetOrganisations", "reader", "200 400 401 403 429 503" },
        { "put", "/api/organisations/{slug}", "PutOrganisation", "admin", "200 201 400 401 403 413 415 422 429 503" },
        { "get", "/api/clarifications", "GetClarifications", "reader", "200 400 401 403 429 503" },
        { "get", "/api/clarifications/{id}", "GetClarification", "reader", "200 400 401 403 404 429 503" },
        { "post", "/api/clarifications", "RequestClarification", "reporter", "201 400 401 403 413 415 422 429 503" },
        { "post", "/api/clarifications/{id}/answer", "AnswerClarification", "reviewer", "200 400 401 403 404 409 413 415 422 429 503" },
        { "post", "/api/clarifications/{id}/close", "CloseClarification", "reporter", "200 400 401 403 404 409 413 415 422 429 503" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Each_endpoint_is_documented_with_its_name_summary_description_and_statuses_and_requires_its_role(
        string method, string path, string name, string policy, string statuses)
    {
        var doc = JsonDocument.Parse(await w.CreateClient().GetStringAsync("/swagger/v1/swagger.json")).RootElement;
        var op = doc.GetProperty("paths").GetProperty(path).GetProperty(method);
        Assert.Equal(name, op.GetProperty("operationId").GetString());
        Assert.False(string.IsNullOrWhiteSpace(op.GetProperty("summary").GetString()));
        Assert.True(op.GetProperty("description").GetString()!.Length > 40, $"{method} {path}: a description saying what it does");
        Assert.Equal(statuses.Split(' ').Order(), op.GetProperty("responses").EnumerateObject().Select(r => r.Name).Order());
        if (method == "get") Assert.Contains("Example: GET /api/", op.GetProperty("description").GetString());

        var route = EndpointCatalog.All(w.Services).Single(e => e.Method == method.ToUpperInvariant()
            && System.Text.RegularExpressions.Regex.Replace(e.Route, ":long", "") == path);
        Assert.Contains(policy, route.Policies);
    }
}
