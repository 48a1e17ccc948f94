using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using GeoMonitor.Api.Features.Changes;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Tests.Infrastructure;
using GeoMonitor.Api.Tests.Verification;
using static GeoMonitor.Api.Tests.Uploads.UploadWorld;

namespace GeoMonitor.Api.Tests.Changes;

/// <summary>The API on the hand-placed layers of <c>UploadWorld</c>, for the GraphQL feed.</summary>
public sealed class ChangesGraphQLFixture() : ApiFixture(new ApiHostOptions { LoadGeodata = false });

/// <summary>
/// GraphQL <c>changes(since:, limit:)</c> serves what GET /api/changes serves: page by page, from the same token, the same
/// entries (incidents with their content, tombstones without, layers and claims with where to read them) and the same
/// <c>next</c>, for a caller who reads every state and for an anonymous one; a bad token is BAD_USER_INPUT that says how
/// to restart, as REST's 400.
/// </summary>
public sealed class ChangesGraphQLTests(ChangesGraphQLFixture api) : IClassFixture<ChangesGraphQLFixture>
{
    private const string Query = """
        query ($since: FeedToken, $limit: PageSize) {
          changes(since: $since, limit: $limit) {
            next more
            changes { position kind id version action at change tombstone reason status statusChanged superseded incident href }
          }
        }
        """;

    // Every kind of change: incidents created, published, sent back (a tombstone for anonymous readers) and rejected, a
    // zone created and deleted, a claim recorded and moved.
    private async Task WriteHistoryAsync()
    {
        await SeedAsync(api);
        var reporter = await api.CreateClientAsAsync(Role.Reporter);
        var path = await LifecyclePath.CreateAsync(api);
        async Task<long> Upload()
        {
            var res = await reporter.PostAsync("/api/incidents", Json(Report()));
            Assert.Equal(HttpStatusCode.Created, res.StatusCode);
            return (await BodyAsync(res)).GetProperty("id").GetInt64();
        }
        var published = await Upload();
        await path.PublishAsync(published);
        var back = await Upload();
        await path.PublishAsync(back);
        await path.SendBackAsync(reporter, back);
        await path.ConcludeAsync(back, "rejected");
        await Upload();
        var admin = await api.CreateClientAsAsync(Role.Admin);
        Assert.True((await admin.PutAsync("/api/zones/gql-feed-zone", Json(new JsonObject
        {
            ["name"] = "Feed zone", ["kind"] = "other", ["source"] = "feed test",
            ["geometry"] = JsonNode.Parse("""{"type":"Polygon","coordinates":[[[35.3,33.3],[35.4,33.3],[35.4,33.4],[35.3,33.4],[35.3,33.3]]]}"""),
        }))).IsSuccessStatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/zones/gql-feed-zone")).StatusCode);
        Assert.True((await admin.PutAsync("/api/disputes/gql-feed-point", Json(new JsonObject
        {
            ["name"] = "Feed point", ["line"] = "blue-line", ["kind"] = "point", ["source"] = "feed test",
        }))).IsSuccessStatusCode);
        foreach (var lat in new[] { 33.1, 33.101 })
            Assert.True((await admin.PutAsync("/api/disputes/gql-feed-point/claims/unifil", Json(new JsonObject
            {
                ["geometry"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(35.5, lat) }, ["source"] = "feed test",
            }))).IsSuccessStatusCode);
    }

    // Waits until a key that reads every state has been served every change written (another test's transaction on the
    // shared cluster can hold the feed's horizon a moment).
    private async Task SettledAsync()
    {
        var all = await api.ScalarAsync<long>("""
            SELECT (SELECT count(*) FROM incident_revisions) + (SELECT count(*) FROM incident_rederivations)
                 + (SELECT count(*) FROM line_versions) + (SELECT count(*) FROM zone_versions) + (SELECT count(*) FROM corridor_versions)
                 + (SELECT count(*) FROM truce_versions) + (SELECT count(*) FROM claim_versions)
            """);
        var everything = await api.CreateClientAsAsync(Role.Reviewer);
        var feed = new FeedClient(() => everything);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (feed.Served.Count < all && clock.Elapsed < TimeSpan.FromSeconds(60))
            if (!(await feed.PageAsync(1000)).More) await Task.Delay(30);
        Assert.Equal(all, feed.Served.Count);
    }

    private static async Task<JsonElement> GraphQLAsync(HttpClient client, string? since, int? limit)
    {
        var variables = new JsonObject { ["since"] = since, ["limit"] = limit };
        var res = await client.PostAsync("/graphql", Json(new JsonObject { ["query"] = Query, ["variables"] = variables }));
        return await BodyAsync(res);
    }

    // One change in one vocabulary: REST's names and values; GraphQL's enums lower-cased, ids as text; nulls (members that
    // do not apply, which REST leaves out) and a false tombstone left out.
    private static JsonObject Normal(JsonElement change, bool graphQL)
    {
        var o = new JsonObject();
        foreach (var p in change.EnumerateObject())
        {
            if (p.Value.ValueKind == JsonValueKind.Null || (p.Name == "tombstone" && p.Value.ValueKind == JsonValueKind.False)) continue;
            JsonNode? value = JsonNode.Parse(p.Value.GetRawText());
            if (graphQL && p.Name is "kind" or "change" or "reason" or "status") value = p.Value.GetString()!.ToLowerInvariant();
            if (p.Name == "id") value = p.Value.ValueKind == JsonValueKind.Number ? p.Value.GetRawText() : p.Value.GetString();
            o[p.Name] = value;
        }
        return o;
    }

    [Fact]
    public async Task GraphQL_serves_the_same_changes_and_tokens_as_REST_page_by_page()
    {
        await WriteHistoryAsync();
        await SettledAsync();
        foreach (var caller in new[] { await api.CreateClientAsAsync(Role.Reviewer), api.CreateClient() })
        {
            string? token = null;
            var pages = 0;
            var kinds = new HashSet<string>();
            var tombstones = 0;
            while (true)
            {
                var url = "/api/changes?limit=7" + (token is null ? "" : "&since=" + Uri.EscapeDataString(token));
                var rest = await BodyAsync(await caller.GetAsync(url));
                var gql = await GraphQLAsync(caller, token, 7);
                Assert.False(gql.TryGetProperty("errors", out var errors), errors.ToString());
                var page = gql.GetProperty("data").GetProperty("changes");
                var restChanges = rest.GetProperty("changes").EnumerateArray().Select(c => Normal(c, false)).ToList();
                var gqlChanges = page.GetProperty("changes").EnumerateArray().Select(c => Normal(c, true)).ToList();
                Assert.Equal(restChanges.Count, gqlChanges.Count);
                for (var i = 0; i < restChanges.Count; i++)
                    Assert.True(JsonNode.DeepEquals(restChanges[i], gqlChanges[i]), $"page {pages}, change {i}:\nREST    {restChanges[i].ToJsonString()}\nGraphQL {gqlChanges[i].ToJsonString()}");
                Assert.Equal(rest.GetProperty("next").GetString(), page.GetProperty("next").GetString());
                Assert.Equal(rest.GetProperty("more").GetBoolean(), page.GetProperty("more").GetBoolean());
                foreach (var c in restChanges)
                {
                    kinds.Add(c["kind"]!.GetValue<string>());
                    if (c["tombstone"] is not null) tombstones++;
                }
                pages++;
                token = page.GetProperty("next").GetString();
                if (!page.GetProperty("more").GetBoolean()) break;
            }
            Assert.True(pages > 1);
            Assert.Superset(new HashSet<string> { "incident", "zone", "claim" }, kinds);
            Assert.True(tombstones >= 2, "a deleted zone and a rejected incident are tombstones for every caller");
        }
    }

    [Fact]
    public async Task A_bad_token_is_BAD_USER_INPUT_that_says_how_to_restart()
    {
        var invalid = (await GraphQLAsync(api.CreateClient(), "garbage", null)).GetProperty("errors")[0];
        Assert.Equal("BAD_USER_INPUT", invalid.GetProperty("extensions").GetProperty("code").GetString());
        Assert.Equal("since", invalid.GetProperty("extensions").GetProperty("argument").GetString());
        Assert.EndsWith("/invalid-token", invalid.GetProperty("extensions").GetProperty("type").GetString());
        Assert.Equal("/api/changes", invalid.GetProperty("extensions").GetProperty("restart").GetString());
        Assert.Contains("without 'since'", invalid.GetProperty("message").GetString());

        // A well-formed token of another database.
        var foreign = new ChangeToken(Guid.NewGuid(), 1, 1).Encode();
        var expired = (await GraphQLAsync(api.CreateClient(), foreign, null)).GetProperty("errors")[0];
        Assert.EndsWith("/expired-token", expired.GetProperty("extensions").GetProperty("type").GetString());
        Assert.Contains("another database", expired.GetProperty("message").GetString());
        var rest = await api.CreateClient().GetAsync("/api/changes?since=" + foreign);
        Assert.Equal(HttpStatusCode.BadRequest, rest.StatusCode);
        Assert.Equal((await BodyAsync(rest)).GetProperty("detail").GetString(), expired.GetProperty("message").GetString());

        // limit is a PageSize (1–1000, the feed's own range): 0 is refused before the feed is read.
        var limit = await GraphQLAsync(api.CreateClient(), null, 0);
        Assert.Contains("PageSize", limit.GetProperty("errors")[0].GetProperty("message").GetString());
        Assert.False(limit.TryGetProperty("data", out var data) && data.ValueKind != JsonValueKind.Null);
    }
}
