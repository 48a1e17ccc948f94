using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GeoMonitor.Api.Features.Verification;
using GeoMonitor.Api.Tests.GraphQL;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static GeoMonitor.Api.Tests.Uploads.BadInputTests;
using static GeoMonitor.Api.Tests.Uploads.UploadWorld;

namespace GeoMonitor.Api.Tests.Verification;

/// <summary>
/// The clarification hotline (docs/verification.md, "The hotline"): a party asks about an incident or a place and time, a
/// duty officer's screen hears of it at once (the clarificationRequested subscription, fed by NOTIFY), the answer records
/// who and when, the log gives response times, and each party sees only its own organisation's requests.
/// </summary>
public sealed class ClarificationHotlineTests(LifecycleWorld w) : IClassFixture<LifecycleWorld>, IAsyncLifetime
{
    public Task InitializeAsync() => w.ReadyAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_request_is_heard_live_answered_with_its_response_time_and_closed()
    {
        await w.Services.GetRequiredService<ClarificationEvents>().Listening.WaitAsync(TimeSpan.FromSeconds(10));
        const string query = "subscription { clarificationRequested { id askedBy askedByOrganisation question status location { lon lat at } } }";
        using var dutyOfficer = await WsSubscription.StartAsync(w.BaseUrl, w.Secret("reviewer"), query);
        using var otherParty = await WsSubscription.StartAsync(w.BaseUrl, w.Secret("reporter"), query);
        using var anonymous = await WsSubscription.StartAsync(w.BaseUrl, null, query);
        var refused = (await anonymous.NextAsync())!;
        Assert.Equal("error", refused["type"]!.GetValue<string>());
        Assert.Equal("UNAUTHENTICATED", refused["payload"]![0]!["extensions"]!["code"]!.GetValue<string>());

        // The raw feed: NOTIFY geomonitor_clarifications after commit, for any other listener (another instance, a script).
        await using var listen = await w.Db.OpenConnectionAsync();
        var heard = new List<string>();
        listen.Notification += (_, n) => { lock (heard) heard.Add(n.Payload); };
        await using (var cmd = new NpgsqlCommand("LISTEN geomonitor_clarifications", listen)) await cmd.ExecuteNonQueryAsync();

        var ask = await w.As("outsider-reporter").PostAsJsonAsync("/api/clarifications", new
        {
            lon = 35.42, lat = 33.11, at = "2024-12-01T10:00:00Z", question = "Was a UNIFIL patrol on the road north of the line at 10:00?",
        });
        var asked = await BodyAsync(ask);
        Assert.True(ask.StatusCode == HttpStatusCode.Created, asked.ToString());
        var id = asked.GetProperty("id").GetInt64();
        Assert.Equal($"/api/clarifications/{id}", ask.Headers.Location?.ToString());
        Assert.Equal("open", asked.GetProperty("status").GetString());
        Assert.Equal("press-2", asked.GetProperty("askedByOrganisation").GetString());

        var live = (await dutyOfficer.NextAsync(TimeSpan.FromSeconds(5)))!;
        var c = live["payload"]!["data"]!["clarificationRequested"]!;
        Assert.Equal(id.ToString(System.Globalization.CultureInfo.InvariantCulture), c["id"]!.GetValue<string>());
        Assert.Equal("lw-outsider-reporter", c["askedBy"]!.GetValue<string>());
        Assert.Equal(35.42, c["location"]!["lon"]!.GetValue<double>(), 9);
        Assert.Equal("2024-12-01T10:00:00Z", c["location"]!["at"]!.GetValue<string>());
        // Another party's screen does not show it.
        Assert.Null(await otherParty.NextAsync(TimeSpan.FromSeconds(1)));
        await HeardAsync(listen, heard, $"{{\"id\" : {id}, \"action\" : \"requested\"}}");

        // A duty officer answers; the asking party closes it.
        await AssertProblem(await w.As("reporter").PostAsJsonAsync($"/api/clarifications/{id}/answer", new { answer = "yes" }), 403, "forbidden");
        var answered = await BodyAsync(await w.As("reviewer").PostAsJsonAsync($"/api/clarifications/{id}/answer", new { answer = "Yes, with an LAF escort." }));
        Assert.Equal("answered", answered.GetProperty("status").GetString());
        Assert.Equal("lw-reviewer", answered.GetProperty("answeredBy").GetString());
        Assert.Equal("mission", answered.GetProperty("answeredByOrganisation").GetString());
        var response = answered.GetProperty("responseSeconds").GetDouble();
        Assert.Equal((answered.GetProperty("answeredAt").GetDateTime() - answered.GetProperty("askedAt").GetDateTime()).TotalSeconds, response, 3);
        var twice = await AssertProblem(await w.As("reviewer-2").PostAsJsonAsync($"/api/clarifications/{id}/answer", new { answer = "again" }), 409, "invalid-transition");
        Assert.Equal("answered", twice.GetProperty("currentState").GetString());
        await AssertProblem(await w.As("reporter").PostAsJsonAsync($"/api/clarifications/{id}/close", new { }), 403, "not-your-request");
        var closed = await BodyAsync(await w.As("outsider-reporter").PostAsJsonAsync($"/api/clarifications/{id}/close", new { note = "thank you" }));
        Assert.Equal("closed", closed.GetProperty("status").GetString());
        Assert.Equal(response, closed.GetProperty("responseSeconds").GetDouble());
        await HeardAsync(listen, heard, $"{{\"id\" : {id}, \"action\" : \"closed\"}}");
    }

    // Npgsql delivers a notification while the connection reads: wait on it until the payload arrives.
    private static Task HeardAsync(NpgsqlConnection listen, List<string> heard, string payload) => Infrastructure.ApiFixture.WaitForAsync(async () =>
    {
        await listen.WaitAsync(200);
        lock (heard) return heard.Contains(payload);
    }, 10);

    [Fact]
    public async Task Each_party_reads_its_own_requests_and_duty_officers_read_every_one_with_response_times()
    {
        // The reporter asks about its own incident (still held for verification: it may read it); an outsider may not.
        var incident = await w.UploadAsync();
        var mine = await BodyAsync(await w.As("reporter").PostAsJsonAsync("/api/clarifications", new { incidentId = incident, question = "Was the crater there before?" }));
        Assert.Equal(incident, mine.GetProperty("incidentId").GetInt64());
        await AssertProblem(await w.As("outsider-reporter").PostAsJsonAsync("/api/clarifications", new { incidentId = incident, question = "What is this?" }), 403, "not-in-process");
        var both = await AssertProblem(await w.As("reporter").PostAsJsonAsync("/api/clarifications", new
        {
            incidentId = incident, lon = 35.4, lat = 33.1, at = "2024-12-01", question = "both",
        }), 422, "invalid-clarification");
        Assert.Equal("incidentId", both.GetProperty("errors")[0].GetProperty("field").GetString());
        await AssertProblem(await w.As("reporter").PostAsJsonAsync("/api/clarifications", new { incidentId = 999999999, question = "?" }), 422, "invalid-clarification");
        var theirs = await BodyAsync(await w.As("outsider-reporter").PostAsJsonAsync("/api/clarifications", new { lon = 35.3, lat = 33.2, at = "2024-12-02T00:00:00Z", question = "Shelling?" }));

        // A known response time: the answer recorded 90 s after the question.
        await w.As("reviewer").PostAsJsonAsync($"/api/clarifications/{mine.GetProperty("id").GetInt64()}/answer", new { answer = "No." });
        await w.ScalarAsync<int>("WITH u AS (UPDATE clarifications SET answered_at = asked_at + interval '90 seconds' WHERE id = $1 RETURNING 1) SELECT count(*)::int FROM u",
            mine.GetProperty("id").GetInt64());

        var own = await BodyAsync(await w.As("colleague").GetAsync("/api/clarifications"));
        var ownIds = own.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToList();
        Assert.Contains(mine.GetProperty("id").GetInt64(), ownIds);
        Assert.DoesNotContain(theirs.GetProperty("id").GetInt64(), ownIds);
        Assert.All(own.GetProperty("items").EnumerateArray(), i => Assert.Equal("ngo-x", i.GetProperty("askedByOrganisation").GetString()));
        var answeredMine = own.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetInt64() == mine.GetProperty("id").GetInt64());
        Assert.Equal(90.0, answeredMine.GetProperty("responseSeconds").GetDouble());
        await AssertProblem(await w.As("colleague").GetAsync($"/api/clarifications/{theirs.GetProperty("id").GetInt64()}"), 403, "not-in-process");
        await AssertProblem(await w.As("colleague").GetAsync("/api/clarifications/999999999"), 404, "not-found");

        var all = await BodyAsync(await w.As("reviewer").GetAsync("/api/clarifications?limit=1000"));
        var allIds = all.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToList();
        Assert.Contains(mine.GetProperty("id").GetInt64(), allIds);
        Assert.Contains(theirs.GetProperty("id").GetInt64(), allIds);
        var summary = all.GetProperty("summary");
        Assert.Equal(all.GetProperty("items").EnumerateArray().Count(i => i.GetProperty("status").GetString() == "open"), summary.GetProperty("open").GetInt64());
        Assert.NotEqual(JsonValueKind.Null, summary.GetProperty("medianResponseSeconds").ValueKind);
        var byIncident = await BodyAsync(await w.As("reviewer").GetAsync($"/api/clarifications?incident={incident}"));
        Assert.Equal([mine.GetProperty("id").GetInt64()], byIncident.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()));
        Assert.Equal(1, byIncident.GetProperty("summary").GetProperty("answered").GetInt64());
        Assert.Equal(90.0, byIncident.GetProperty("summary").GetProperty("medianResponseSeconds").GetDouble());

        // The same log through GraphQL, and the same refusals.
        var gql = (await w.As("colleague").Data("{ clarifications(first: 1000) { items { id askedByOrganisation } summary { open } } }")).GetProperty("clarifications");
        Assert.Equal(ownIds, gql.GetProperty("items").EnumerateArray().Select(i => long.Parse(i.GetProperty("id").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToList());
        await w.As("colleague").Error("FORBIDDEN", $$"""{ clarification(id: "{{theirs.GetProperty("id").GetInt64()}}") { id } }""");
        await w.As("anonymous").Error("UNAUTHENTICATED", "{ clarifications { items { id } } }");
        Assert.Equal(HttpStatusCode.Unauthorized, (await w.As("anonymous").GetAsync("/api/clarifications")).StatusCode);
    }
}
