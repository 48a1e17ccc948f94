using System.Diagnostics;
using System.Net;
using System.Text.Json;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Infrastructure.Database;
using GeoMonitor.Api.Tests.Infrastructure;
using Xunit.Abstractions;

namespace GeoMonitor.Api.Tests.Faults;

/// <summary>
/// The postmaster of the API's own embedded cluster is SIGKILLed while the API runs; without any restart of the API,
/// its supervisor starts the server again (crash recovery replays the WAL) and the API serves again. The tests share
/// one API and cluster, so they read restart counts as differences.
/// </summary>
/// <summary>The API owning its embedded cluster in a temporary folder, as a field installation runs it.</summary>
public sealed class EmbeddedClusterFixture() : ApiFixture(new ApiHostOptions { Database = TestDatabase.Embedded, LoadGeodata = false });

public sealed class EmbeddedCrashTests(EmbeddedClusterFixture api, ITestOutputHelper output) : IClassFixture<EmbeddedClusterFixture>
{
    private const int BatchRows = 50_000;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_postmaster_killed_during_a_batch_upload_comes_back_with_every_acknowledged_report_and_nothing_of_the_batch()
    {
        var monitor = api.CreateClient(); // /health without a key: with one, the key check itself needs the database
        Assert.True(await FaultData.WaitHealthyAsync(monitor, Budget), "the cluster was not up at the start");
        var client = await ClientAsync(Role.Reporter);
        var restartsBefore = (await HealthAsync(monitor)).Restarts;

        // Acknowledged before the kill: single reports and a small batch.
        var acknowledged = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var res = await client.PostAsync("/api/incidents", FaultData.Report("acked-before-kill", $"single-{i}"));
            Assert.True(res.IsSuccessStatusCode, $"{(int)res.StatusCode} {await res.Content.ReadAsStringAsync()}");
            acknowledged.Add($"single-{i}");
        }
        var small = await client.PostAsync("/api/incidents/batch", FaultData.Batch("acked-before-kill", Enumerable.Range(0, 200).Select(i => $"batch-{i}")));
        Assert.True(small.IsSuccessStatusCode, $"{(int)small.StatusCode} {await small.Content.ReadAsStringAsync()}");
        acknowledged.AddRange(Enumerable.Range(0, 200).Select(i => $"batch-{i}"));

        const string source = "killed-batch";
        var uploadClock = Stopwatch.StartNew();
        var upload = client.PostAsync("/api/incidents/batch", FaultData.Csv(source, BatchRows));
        var seen = await FaultData.WaitForStatementAsync(api.Db, "COPY incidents", upload, TimeSpan.FromSeconds(60));
        var killed = api.Cluster.KillPostmaster();
        var clock = Stopwatch.StartNew();
        output.WriteLine($"killed {uploadClock.ElapsedMilliseconds} ms into the upload");

        var answer = await upload;
        Assert.True(seen, $"the batch never reached its COPY into incidents before it finished ({(int)answer.StatusCode})");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
        Assert.NotNull(answer.Headers.RetryAfter);

        var health = await WaitRestartedAsync(monitor, restartsBefore + 1);
        output.WriteLine($"SIGKILL of postmaster {killed} during a {BatchRows:N0}-row batch → /health 200 after {clock.ElapsedMilliseconds} ms");
        Assert.NotEqual(killed, api.Cluster.PostmasterPid());
        Assert.Contains($"pid {killed}", health.LastRestartReason);

        api.Db.Clear(); // the test's own pool lost its connections too
        Assert.Equal(acknowledged.Order(StringComparer.Ordinal), await ExternalIdsAsync("acked-before-kill"));
        Assert.Equal((0L, 0L), await FaultData.CountBySourceAsync(api.Db, source));

        var retryClock = Stopwatch.StartNew();
        var retry = await client.PostAsync("/api/incidents/batch", FaultData.Csv(source, BatchRows));
        output.WriteLine($"the retried batch took {retryClock.ElapsedMilliseconds} ms");
        Assert.True(retry.IsSuccessStatusCode, $"{(int)retry.StatusCode} {await retry.Content.ReadAsStringAsync()}");
        Assert.Equal(((long)BatchRows, (long)BatchRows), await FaultData.CountBySourceAsync(api.Db, source));
    }

    [Fact]
    public async Task While_the_postmaster_is_down_health_says_recovering_and_writes_get_503_with_retry_after()
    {
        var monitor = api.CreateClient();
        Assert.True(await FaultData.WaitHealthyAsync(monitor, Budget), "the cluster was not up at the start");
        var client = await ClientAsync(Role.Reporter);
        var before = await HealthAsync(monitor);
        int killed;
        using (api.Cluster.HoldStartLock())
        {
            killed = api.Cluster.KillPostmaster();
            // Idle backends notice their postmaster's death within moments; until then one may still answer.
            JsonElement body = default;
            await WaitForAsync(async () =>
            {
                var res = await monitor.GetAsync("/health");
                body = JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement;
                return res.StatusCode == HttpStatusCode.ServiceUnavailable;
            });
            Assert.Equal("unavailable", body.GetProperty("status").GetString());
            Assert.Equal("recovering", body.GetProperty("database").GetString());
            var cluster = body.GetProperty("embeddedCluster");
            Assert.Equal(before.Restarts, cluster.GetProperty("restarts").GetInt32());
            Assert.Equal(before.LastRestartAt, ReadTime(cluster.GetProperty("lastRestartAt")));
            // The supervisor notices within its interval (or at once, woken by the failed connection above).
            await WaitForAsync(async () => JsonDocument.Parse(await (await monitor.GetAsync("/health")).Content.ReadAsStringAsync()).RootElement
                .GetProperty("embeddedCluster").GetProperty("downSince").ValueKind == JsonValueKind.String);

            var write = await client.PostAsync("/api/incidents", FaultData.Report("during-outage", "o-1"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, write.StatusCode);
            Assert.Equal("application/problem+json", write.Content.Headers.ContentType?.MediaType);
            Assert.Equal(TimeSpan.FromSeconds(DatabaseUnavailableRetryAfter), write.Headers.RetryAfter?.Delta);
            Assert.Contains("database-unavailable", await write.Content.ReadAsStringAsync());
        }

        var after = await WaitRestartedAsync(monitor, before.Restarts + 1);
        Assert.True(after.LastRestartAt > before.LastRestartAt.GetValueOrDefault(), "the last restart's time did not move");
        Assert.NotEqual(killed, api.Cluster.PostmasterPid());

        var retried = await client.PostAsync("/api/incidents", FaultData.Report("during-outage", "o-1"));
        Assert.True(retried.IsSuccessStatusCode, $"{(int)retried.StatusCode} {await retried.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task A_postmaster_killed_twice_in_a_row_is_restarted_both_times()
    {
        var client = api.CreateClient();
        Assert.True(await FaultData.WaitHealthyAsync(client, Budget), "the cluster was not up at the start");
        var before = (await HealthAsync(client)).Restarts;
        var first = api.Cluster.KillPostmaster();
        var clock = Stopwatch.StartNew();
        // Killed again as soon as the supervisor reports the first restart done, before anything else used the server.
        await WaitForAsync(async () => await RestartsAsync(client) == before + 1);
        var second = api.Cluster.KillPostmaster();
        Assert.NotEqual(first, second);
        await WaitRestartedAsync(client, before + 2);
        output.WriteLine($"two kills ({first}, then {second}) → /health 200 after {clock.ElapsedMilliseconds} ms");
        Assert.DoesNotContain(api.Cluster.PostmasterPid(), new[] { first, second });
    }

    [Fact]
    public void The_back_off_grows_to_its_cap_and_never_stops()
    {
        var max = TimeSpan.FromSeconds(30);
        var delays = Enumerable.Range(0, 1000).Select(a => EmbeddedPostgresSupervisor.Backoff(a, max)).ToList();
        Assert.Equal(TimeSpan.Zero, delays[0]);
        Assert.Equal(
            new[] { 0.5, 1, 2, 4, 8, 16, 30, 30 }.Select(TimeSpan.FromSeconds),
            delays.Skip(1).Take(8));
        Assert.All(delays.Skip(7), d => Assert.Equal(max, d));
    }

    // A client with a new key, made through a fresh connection: an earlier test may have killed the server under the pooled ones.
    private async Task<HttpClient> ClientAsync(Role role)
    {
        api.Db.Clear();
        var client = await api.CreateClientAsAsync(role, $"embedded-{role.ToString().ToLowerInvariant()}-{Guid.NewGuid():N}"[..30]);
        client.Timeout = TimeSpan.FromMinutes(2);
        return client;
    }

    private const int DatabaseUnavailableRetryAfter = GeoMonitor.Api.Infrastructure.Errors.DatabaseUnavailableHandler.RetryAfterSeconds;

    private sealed record Health(int Restarts, DateTimeOffset? LastRestartAt, string? LastRestartReason);

    private static async Task<Health> HealthAsync(HttpClient client)
    {
        var res = await client.GetAsync("/health");
        var text = await res.Content.ReadAsStringAsync();
        Assert.True(res.StatusCode == HttpStatusCode.OK, $"/health {(int)res.StatusCode}: {text}");
        return Parse(text);
    }

    private static Health Parse(string healthBody)
    {
        var body = JsonDocument.Parse(healthBody).RootElement;
        Assert.Equal("ok", body.GetProperty("database").GetString());
        var cluster = body.GetProperty("embeddedCluster");
        return new(cluster.GetProperty("restarts").GetInt32(), ReadTime(cluster.GetProperty("lastRestartAt")),
            cluster.GetProperty("lastRestartReason").GetString());
    }

    /// <summary>The restart count /health reports, whatever its status.</summary>
    private static async Task<int> RestartsAsync(HttpClient client) =>
        JsonDocument.Parse(await (await client.GetAsync("/health")).Content.ReadAsStringAsync()).RootElement
            .GetProperty("embeddedCluster").GetProperty("restarts").GetInt32();

    /// <summary>
    /// Waits (up to <see cref="Budget"/>) until /health is 200 after the supervisor's restart number <paramref name="restarts"/>.
    /// A 200 alone is not enough: for a moment after a kill, a backend the dead postmaster left behind may still answer.
    /// </summary>
    private static async Task<Health> WaitRestartedAsync(HttpClient client, int restarts)
    {
        Health? health = null;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Budget)
        {
            var res = await client.GetAsync("/health");
            if (res.StatusCode == HttpStatusCode.OK && (health = Parse(await res.Content.ReadAsStringAsync())).Restarts >= restarts) break;
            await Task.Delay(50);
        }
        Assert.True(health?.Restarts == restarts, $"/health did not report restart {restarts} with 200 within {Budget.TotalSeconds} s (last: {health})");
        return health!;
    }

    private static DateTimeOffset? ReadTime(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetDateTimeOffset();

    private async Task<List<string>> ExternalIdsAsync(string source)
    {
        await using var cmd = api.Db.CreateCommand("SELECT external_id FROM incidents WHERE source = $1 ORDER BY external_id");
        cmd.Parameters.AddWithValue(source);
        var ids = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) ids.Add(r.GetString(0));
        return ids;
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Budget)
        {
            if (await condition()) return;
            await Task.Delay(20);
        }
        throw new TimeoutException($"condition not met within {Budget.TotalSeconds} s");
    }
}
