using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Infrastructure.Database;
using GeoMonitor.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace GeoMonitor.Api.Tests.Operations;

/// <summary>
/// A real PostgreSQL streaming standby (pg_basebackup of a primary, started in recovery) as the read connection.
/// Pausing the standby's replay makes the two servers disagree, which shows which one each surface reads: REST and
/// GraphQL queries the standby, uploads, mutations (and what they return) and API keys the primary.
/// </summary>
public sealed class ReadReplicaTests(ReadReplicaFixture api) : IClassFixture<ReadReplicaFixture>
{
    [Fact]
    public async Task Health_reports_the_standby_in_recovery()
    {
        var res = await api.CreateClient().GetAsync("/health");
        var body = JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Equal("ok", body.GetProperty("status").GetString());
        var replica = body.GetProperty("readReplica");
        Assert.Equal("ok", replica.GetProperty("status").GetString());
        Assert.True(replica.GetProperty("inRecovery").GetBoolean());
    }

    [Fact]
    public async Task Reads_come_from_the_standby_while_writes_and_mutations_use_the_primary()
    {
        // A reader of the reporting organisation: it reads the new report while it is held for verification.
        var reporter = await api.CreateClientAsAsync(Role.Reporter, null, "replica-desk");
        var reader = await api.CreateClientAsAsync(Role.Reader, null, "replica-desk");
        await api.Standby.ExecuteAsync("SELECT pg_wal_replay_pause()");
        try
        {
            await ApiFixture.WaitForAsync(async () => await api.Standby.ScalarAsync<string>("SELECT pg_get_wal_replay_pause_state()::text") == "paused");

            var post = await reporter.PostAsJsonAsync("/api/incidents", new
            {
                source = "replica-test", externalId = "r1", occurredAt = "2026-04-20T10:00:00Z", eventType = "Battles",
                subEventType = "Armed clash", lon = 35.3, lat = 33.2,
            });
            Assert.True(post.IsSuccessStatusCode, await post.Content.ReadAsStringAsync());
            var id = await api.ScalarAsync<long>("SELECT id FROM incidents WHERE source = 'replica-test' AND external_id = 'r1'");

            // The standby has not replayed the insert: every read surface says "not there".
            Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/api/incidents/{id}")).StatusCode);
            var page = JsonDocument.Parse(await reader.GetStringAsync("/api/incidents?source=replica-test")).RootElement;
            Assert.Equal(0, page.GetProperty("numberReturned").GetInt32());
            Assert.Equal(JsonValueKind.Null, (await Gql(reader, $$"""{ incident(id: "{{id}}") { id } }""")).GetProperty("incident").ValueKind);
            Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/ogc/collections/incidents/items/{id}")).StatusCode);

            // A mutation reads what it returns from the primary: the client sees its own write.
            var created = await Gql(reporter, """
                mutation { reportIncident(input: {source: "replica-test", externalId: "r2", occurredAt: "2026-04-20T11:00:00Z",
                  eventType: "Battles", subEventType: "Armed clash", lon: 35.31, lat: 33.21}) { incident { externalId zones { slug } } } }
                """);
            Assert.Equal("r2", created.GetProperty("reportIncident").GetProperty("incident").GetProperty("externalId").GetString());
        }
        finally
        {
            await api.Standby.ExecuteAsync("SELECT pg_wal_replay_resume()");
        }
        // Once replay resumes, the standby catches up and the reads find both.
        await ApiFixture.WaitForAsync(async () =>
            JsonDocument.Parse(await reader.GetStringAsync("/api/incidents?source=replica-test")).RootElement.GetProperty("numberReturned").GetInt32() == 2);
    }

    [Fact]
    public async Task A_read_that_sends_back_the_commit_position_of_a_write_sees_it_or_is_told_to_retry()
    {
        // A reader of the reporting organisation: it reads the new report while it is held for verification.
        var reporter = await api.CreateClientAsAsync(Role.Reporter, null, "replica-desk");
        var reader = await api.CreateClientAsAsync(Role.Reader, null, "replica-desk");
        const string list = "/api/incidents?source=replica-ryw";
        await api.Standby.ExecuteAsync("SELECT pg_wal_replay_pause()");
        string lsn;
        try
        {
            await ApiFixture.WaitForAsync(async () => await api.Standby.ScalarAsync<string>("SELECT pg_get_wal_replay_pause_state()::text") == "paused");
            var post = await reporter.PostAsJsonAsync("/api/incidents", new
            {
                source = "replica-ryw", externalId = "w1", occurredAt = "2026-04-20T10:00:00Z", eventType = "Battles",
                subEventType = "Armed clash", lon = 35.3, lat = 33.2,
            });
            Assert.True(post.IsSuccessStatusCode, await post.Content.ReadAsStringAsync());
            lsn = post.Headers.GetValues("GeoMonitor-Commit-LSN").Single();
            Assert.Matches("^[0-9A-F]{1,8}/[0-9A-F]{1,8}$", lsn);

            // Without the token the standby answers as it is (stale); with it, the read waits, then says "retry".
            Assert.Equal(0, JsonDocument.Parse(await reader.GetStringAsync(list)).RootElement.GetProperty("numberReturned").GetInt32());
            var held = new HttpRequestMessage(HttpMethod.Get, list);
            held.Headers.Add("GeoMonitor-Min-LSN", lsn);
            var clock = Stopwatch.StartNew();
            var refused = await reader.SendAsync(held);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.True(clock.ElapsedMilliseconds >= 400, $"answered after {clock.ElapsedMilliseconds} ms, before the configured wait");
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
            Assert.Equal("1", refused.Headers.GetValues("Retry-After").Single());

            var malformed = new HttpRequestMessage(HttpMethod.Get, list);
            malformed.Headers.Add("GeoMonitor-Min-LSN", "yesterday");
            var bad = await reader.SendAsync(malformed);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("GeoMonitor-Min-LSN", await bad.Content.ReadAsStringAsync());
        }
        finally
        {
            await api.Standby.ExecuteAsync("SELECT pg_wal_replay_resume()");
        }
        // Replay resumed: the same request is held until the standby has the write, and then finds it.
        var again = new HttpRequestMessage(HttpMethod.Get, list);
        again.Headers.Add("GeoMonitor-Min-LSN", lsn);
        var fresh = await reader.SendAsync(again);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Equal(1, JsonDocument.Parse(await fresh.Content.ReadAsStringAsync()).RootElement.GetProperty("numberReturned").GetInt32());
    }

    [Fact]
    public async Task A_feed_token_means_the_same_on_the_standby_and_on_the_primary()
    {
        var reporter = await api.CreateClientAsAsync(Role.Reporter);
        // Keys that read every state: the new reports, held for verification, are in their feeds.
        var reader = await api.CreateClientAsAsync(Role.Reviewer);
        // A second API on the same database without the standby: its feed reads the primary.
        await using var onPrimary = await ApiFixture.StartAsync(new ApiHostOptions { LoadGeodata = false }
            .With("ConnectionStrings:GeoMonitor", api.ConnectionString));
        var primaryReader = onPrimary.CreateClient();
        primaryReader.DefaultRequestHeaders.Authorization = new("Bearer", await new ApiKeys(api.Db).CreateAsync("feed-on-primary", Role.Reviewer));
        async Task Upload(string ext)
        {
            var post = await reporter.PostAsJsonAsync("/api/incidents", new
            {
                source = "replica-feed", externalId = ext, occurredAt = "2026-04-20T10:00:00Z", eventType = "Battles", subEventType = "Armed clash", lon = 35.3, lat = 33.2,
            });
            Assert.True(post.IsSuccessStatusCode, await post.Content.ReadAsStringAsync());
        }
        bool Has(Changes.FeedClient f, string ext) => f.Served.Any(c => c.GetProperty("kind").GetString() == "incident"
            && c.GetProperty("incident").ValueKind == JsonValueKind.Object && c.GetProperty("incident").GetProperty("properties").GetProperty("externalId").GetString() == ext);

        await Upload("f1");
        var viaStandby = new Changes.FeedClient(() => reader);
        await ApiFixture.WaitForAsync(async () => { await viaStandby.DrainAsync(500); return Has(viaStandby, "f1"); }, 60);
        var token = viaStandby.Token;

        await api.Standby.ExecuteAsync("SELECT pg_wal_replay_pause()");
        try
        {
            await ApiFixture.WaitForAsync(async () => await api.Standby.ScalarAsync<string>("SELECT pg_get_wal_replay_pause_state()::text") == "paused");
            await Upload("f2");
            // The standby is behind: from the stored token it serves less (nothing of f2), never something else.
            await viaStandby.DrainAsync(500);
            Assert.False(Has(viaStandby, "f2"));
            // The same token on the primary resumes at the same place and serves f2, once.
            var viaPrimary = new Changes.FeedClient(() => primaryReader) { Token = viaStandby.Token };
            await ApiFixture.WaitForAsync(async () => { await viaPrimary.DrainAsync(500); return Has(viaPrimary, "f2"); }, 60);
            Assert.False(Has(viaPrimary, "f1"));
            token = viaPrimary.Token;
        }
        finally
        {
            await api.Standby.ExecuteAsync("SELECT pg_wal_replay_resume()");
        }
        // And the primary's token back on the standby, once it has replayed: nothing served twice.
        var back = new Changes.FeedClient(() => reader) { Token = token };
        await Upload("f3");
        await ApiFixture.WaitForAsync(async () => { await back.DrainAsync(500); return Has(back, "f3"); }, 60);
        Assert.False(Has(back, "f1") || Has(back, "f2"));
    }

    private static async Task<JsonElement> Gql(HttpClient client, string query)
    {
        var res = await client.PostAsJsonAsync("/graphql", new { query });
        var body = JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement;
        Assert.False(body.TryGetProperty("errors", out var errors), errors.ToString());
        return body.GetProperty("data");
    }
}

/// <summary>The API with its own primary cluster and a streaming standby of it as ConnectionStrings:GeoMonitorRead.</summary>
public sealed class ReadReplicaFixture() : ApiFixture(new ApiHostOptions { Database = TestDatabase.OwnCluster, Standby = true }
    .With("GeoMonitor:ReadReplica:MaxWaitMs", "400"));
