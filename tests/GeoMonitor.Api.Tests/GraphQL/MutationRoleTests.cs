using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Tests.Infrastructure;

namespace GeoMonitor.Api.Tests.GraphQL;

/// <summary>
/// Every mutation for every role: the REST API's rules (reporter uploads, reviewer reviews, reporters correct their own
/// reports), as GraphQL errors with extensions.code UNAUTHENTICATED (no key) or FORBIDDEN (role too low).
/// </summary>
public sealed class MutationRoleTests(GraphQLWorld api) : IClassFixture<GraphQLWorld>
{
    private static int _n;

    private static string Report(string ext) => $$"""
        {source: "roles", externalId: "{{ext}}", occurredAt: "2026-04-20T10:00:00Z", eventType: "Battles", subEventType: "Armed clash", lon: 35.2, lat: 33.2}
        """;

    public static TheoryData<string, Role, string?> Matrix()
    {
        var data = new TheoryData<string, Role, string?>();
        string?[] upload = ["UNAUTHENTICATED", "FORBIDDEN", null, null, null];
        string?[] review = ["UNAUTHENTICATED", "FORBIDDEN", "FORBIDDEN", null, null];
        string?[] correct = ["UNAUTHENTICATED", "FORBIDDEN", "FORBIDDEN", null, null]; // the reporter here did not upload it
        foreach (var (mutation, expected) in new[] { ("reportIncident", upload), ("reportIncidents", upload), ("reviewIncident", review), ("correctIncident", correct) })
            for (var r = Role.Anonymous; r <= Role.Admin; r++)
                data.Add(mutation, r, expected[(int)r]);
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Each_mutation_needs_its_role(string mutation, Role role, string? expectedCode)
    {
        await api.ReadyAsync();
        var owner = await api.CreateClientAsAsync(Role.Reporter, $"owner-{Interlocked.Increment(ref _n)}");
        var target = await owner.Data($$"""mutation { reportIncident(input: {{Report($"target-{mutation}-{role}")}}) { incident { id version } } }""");
        var id = target.GetProperty("reportIncident").GetProperty("incident").GetProperty("id").GetString();
        // A review needs an incident whose cooling-off has ended, reported and verified by organisations other than the reviewer's.
        if (mutation == "reviewIncident")
            id = (await Verification.LifecycleData.InsertAsync(api, "roles", $"cooled-{role}-{Guid.NewGuid():N}", "cooling_off", "roles-reporter-org",
                team: null, verifyingOrganisation: "roles-verifier-org", coolingOffEndsAt: DateTimeOffset.UtcNow.AddMinutes(-1))).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var client = await api.CreateClientAsAsync(role);
        var ext = $"{mutation}-{role}-{Guid.NewGuid():N}";
        var query = mutation switch
        {
            "reportIncident" => $$"""mutation { reportIncident(input: {{Report(ext)}}) { created incident { externalId } } }""",
            "reportIncidents" => $$"""mutation { reportIncidents(inputs: [{{Report(ext)}}]) { created } }""",
            "reviewIncident" => $$"""mutation { reviewIncident(id: "{{id}}", status: UNDER_INDEPENDENT_REVIEW) { status version } }""",
            _ => $$"""mutation { correctIncident(id: "{{id}}", version: 1, patch: {fatalities: 2}) { fatalities version } }""",
        };
        var before = await api.ScalarAsync<long>("SELECT count(*) FROM incident_revisions");
        if (expectedCode is null)
        {
            var data = await client.Data(query);
            Assert.Equal(JsonValueKindObject, data.GetProperty(mutation).ValueKind);
            Assert.True(await api.ScalarAsync<long>("SELECT count(*) FROM incident_revisions") > before, "an allowed mutation writes a revision");
        }
        else
        {
            var error = await client.Error(expectedCode, query);
            Assert.Equal(mutation, error.GetProperty("path")[0].GetString());
            Assert.Equal(before, await api.ScalarAsync<long>("SELECT count(*) FROM incident_revisions"));
        }
    }

    [Fact]
    public async Task A_reporter_corrects_its_own_report_and_a_reviewer_cannot_review_its_own()
    {
        await api.ReadyAsync();
        var reporter = await api.CreateClientAsAsync(Role.Reporter, "own-reporter");
        var id = (await reporter.Data($$"""mutation { reportIncident(input: {{Report("own-1")}}) { incident { id } } }"""))
            .GetProperty("reportIncident").GetProperty("incident").GetProperty("id").GetString();
        var corrected = await reporter.Data($$"""mutation { correctIncident(id: "{{id}}", version: 1, patch: {fatalities: 3}) { fatalities version } }""");
        Assert.Equal(3, corrected.GetProperty("correctIncident").GetProperty("fatalities").GetInt32());
        Assert.Equal(2, corrected.GetProperty("correctIncident").GetProperty("version").GetInt32());
        // A stale version: REST's 412 is GraphQL's CONFLICT.
        await reporter.Error("CONFLICT", $$"""mutation { correctIncident(id: "{{id}}", version: 1, patch: {fatalities: 4}) { version } }""");

        // A reviewer's organisation that reported an incident may not review it (the independent review).
        var reviewer = await api.CreateClientAsAsync(Role.Reviewer, "own-reviewer", "own-reviewer-org");
        var ended = DateTimeOffset.UtcNow.AddMinutes(-1);
        var mine = await Verification.LifecycleData.InsertAsync(api, "roles", "own-2", "cooling_off", "own-reviewer-org", "own-reviewer",
            verifyingOrganisation: "roles-verifier-org", coolingOffEndsAt: ended);
        var error = await reviewer.Error("FORBIDDEN", $$"""mutation { reviewIncident(id: "{{mine}}", status: UNDER_INDEPENDENT_REVIEW) { status } }""");
        Assert.Equal("conflict-of-interest", error.GetProperty("extensions").GetProperty("reason").GetString());
        var other = await Verification.LifecycleData.InsertAsync(api, "roles", "own-3", "cooling_off", "own-reporter-org", "own-reporter",
            verifyingOrganisation: "roles-verifier-org", coolingOffEndsAt: ended);
        var reviewed = await reviewer.Data($$"""mutation { reviewIncident(id: "{{other}}", status: UNDER_INDEPENDENT_REVIEW, version: 1) { status version } }""");
        Assert.Equal("UNDER_INDEPENDENT_REVIEW", reviewed.GetProperty("reviewIncident").GetProperty("status").GetString());
        await reviewer.Error("NOT_FOUND", """mutation { reviewIncident(id: "999999", status: UNDER_INDEPENDENT_REVIEW) { status } }""");
    }

    private const System.Text.Json.JsonValueKind JsonValueKindObject = System.Text.Json.JsonValueKind.Object;
}
