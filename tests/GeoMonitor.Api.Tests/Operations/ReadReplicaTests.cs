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
public sealed class ReadReplicaTests(ReadReplicaTests.Fixture api) : IClassFixture<ReadReplicaTests.Fixture>
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
        var reporter = await api.ClientAsync(Role.Reporter);
        var reader = await api.ClientAsync(Role.Reader);
        await api.StandbyAsync("SELECT pg_wal_replay_pause()");
        try
        {
            await api.WaitForAsync(async () => await api.StandbyScalarAsync<string>("SELECT pg_get_wal_replay_pause_state()::text") == "paused");

            var post = await reporter.PostAsJsonAsync("/api/incidents", new
            {
                source = "replica-test", externalId = "r1", occurredAt = "2026-04-20T10:00:00Z", eventType = "Battles",
                subEventType = "Armed clash", lon = 35.3, lat = 33.2,
            });
            Assert.True(post.IsSuccessStatusCode, await post.Content.ReadAsStringAsync());
            var id = await api.PrimaryScalarAsync<long>("SELECT id FROM incidents WHERE source = 'replica-test' AND external_id = 'r1'");

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
            await api.StandbyAsync("SELECT pg_wal_replay_resume()");
        }
        // Once replay resumes, the standby catches up and the reads find both.
        await api.WaitForAsync(async () =>
            JsonDocument.Parse(await reader.GetStringAsync("/api/incidents?source=replica-test")).RootElement.GetProperty("numberReturned").GetInt32() == 2);
    }

    [Fact]
    public async Task A_read_that_sends_back_the_commit_position_of_a_write_sees_it_or_is_told_to_retry()
    {
        var reporter = await api.ClientAsync(Role.Reporter);
        var reader = await api.ClientAsync(Role.Reader);
        const string list = "/api/incidents?source=replica-ryw";
        await api.StandbyAsync("SELECT pg_wal_replay_pause()");
        string lsn;
        try
        {
            await api.WaitForAsync(async () => await api.StandbyScalarAsync<string>("SELECT pg_get_wal_replay_pause_state()::text") == "paused");
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
            await api.StandbyAsync("SELECT pg_wal_replay_resume()");
        }
        // Replay resumed: the same request is held until the standby has the write, and then finds it.
        var again = new HttpRequestMessage(HttpMethod.Get, list);
        again.Headers.Add("GeoMonitor-Min-LSN", lsn);
        var fresh = await reader.SendAsync(again);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Equal(1, JsonDocument.Parse(await fresh.Content.ReadAsStringAsync()).RootElement.GetProperty("numberReturned").GetInt32());
    }

    private static async Task<JsonElement> Gql(HttpClient client, string query)
    {
        var res = await client.PostAsJsonAsync("/graphql", new { query });
        var body = JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement;
        Assert.False(body.TryGetProperty("errors", out var errors), errors.ToString());
        return body.GetProperty("data");
    }

    /// <summary>The API with its own primary cluster and a streaming standby of it as ConnectionStrings:GeoMonitorRead.</summary>
    public sealed class Fixture : WebApplicationFactory<Program>, IAsyncLifetime
    {
        private readonly string _folder = Path.Combine(GeoMonitorPaths.RepositoryRoot()!, ".geomonitor-test-replica", Guid.NewGuid().ToString("N")[..8]);
        private EmbeddedPostgres _primary = null!;
        private string _primaryCs = "";
        private string _standbyCs = "";
        private int _standbyPort;

        private string StandbyFolder => Path.Combine(_folder, "standby");

        /// <inheritdoc />
        public async Task InitializeAsync()
        {
            _primary = new EmbeddedPostgres(Path.Combine(_folder, "primary"), NullLogger.Instance);
            _primaryCs = _primary.EnsureStarted("geomonitor");
            _standbyPort = EmbeddedPostgres.FreePort();
            _standbyCs = new NpgsqlConnectionStringBuilder(_primaryCs) { Port = _standbyPort, Pooling = false }.ConnectionString;
            _ = Server; // migrations and geodata on the primary; the read data source connects lazily
            // The standby: a base backup with the recovery settings (-R), started as a hot standby on its own port.
            Directory.CreateDirectory(StandbyFolder);
            if (Environment.UserName == "root") Chown(_folder, _primary.OsUser);
            var primary = new NpgsqlConnectionStringBuilder(_primaryCs);
            ServerTools.Run(_primary, "pg_basebackup",
                ["-h", "127.0.0.1", "-p", primary.Port.ToString(), "-U", primary.Username!, "-D", Path.Combine(StandbyFolder, "pg"), "-R", "-X", "stream", "-c", "fast"],
                primary.Password);
            ServerTools.Run(_primary, "pg_ctl",
                ["-D", Path.Combine(StandbyFolder, "pg"), "-l", Path.Combine(StandbyFolder, "server.log"), "-w", "-t", "60",
                 "-o", $"-p {_standbyPort} -c listen_addresses=127.0.0.1 -k ''", "start"]);
            await WaitForAsync(async () => await StandbyScalarAsync<bool>("SELECT pg_is_in_recovery()"));
        }

        /// <inheritdoc />
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("ConnectionStrings:GeoMonitor", _primaryCs);
            builder.UseSetting("ConnectionStrings:GeoMonitorRead", new NpgsqlConnectionStringBuilder(_standbyCs) { Pooling = true }.ConnectionString);
            builder.UseSetting("GeoMonitor:GeodataFolder", Path.Combine(GeoMonitorPaths.RepositoryRoot()!, "geodata"));
            builder.UseSetting("GeoMonitor:RateLimit:AnonymousPerSecond", "100000");
            builder.UseSetting("GeoMonitor:RateLimit:KeyPerSecond", "100000");
            builder.UseSetting("GeoMonitor:ReadReplica:MaxWaitMs", "400");
        }

        /// <summary>A client with a key of <paramref name="role"/>, made on the primary (keys are read there).</summary>
        public async Task<HttpClient> ClientAsync(Role role)
        {
            await using var db = NpgsqlDataSource.Create(_primaryCs);
            var key = await new ApiKeys(db).CreateAsync($"replica-{role.ToString().ToLowerInvariant()}-{Guid.NewGuid():N}"[..30], role);
            var client = CreateClient();
            client.DefaultRequestHeaders.Authorization = new("Bearer", key);
            return client;
        }

        /// <summary>A scalar from the primary.</summary>
        public Task<T> PrimaryScalarAsync<T>(string sql) => ScalarAsync<T>(_primaryCs, sql);

        /// <summary>A scalar from the standby.</summary>
        public Task<T> StandbyScalarAsync<T>(string sql) => ScalarAsync<T>(_standbyCs, sql);

        /// <summary>Runs a statement on the standby.</summary>
        public async Task StandbyAsync(string sql)
        {
            await using var conn = new NpgsqlConnection(_standbyCs);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand(sql, conn);
            await cmd.ExecuteNonQueryAsync();
        }

        /// <summary>Polls <paramref name="condition"/> for up to 30 s (connection failures count as "not yet").</summary>
        public async Task WaitForAsync(Func<Task<bool>> condition)
        {
            var deadline = Stopwatch.StartNew();
            Exception? last = null;
            while (deadline.Elapsed < TimeSpan.FromSeconds(30))
            {
                try
                {
                    if (await condition()) return;
                }
                catch (Exception e) when (e is NpgsqlException or HttpRequestException or InvalidOperationException)
                {
                    last = e;
                }
                await Task.Delay(50);
            }
            throw new TimeoutException("condition not met within 30 s", last);
        }

        private static async Task<T> ScalarAsync<T>(string cs, string sql)
        {
            await using var conn = new NpgsqlConnection(cs);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand(sql, conn);
            return (T)(await cmd.ExecuteScalarAsync())!;
        }

        private static void Chown(string folder, string user)
        {
            using var p = Process.Start("chown", ["-R", $"{user}:", folder]);
            p.WaitForExit();
            if (p.ExitCode != 0) throw new InvalidOperationException($"chown -R {user}: {folder} failed");
        }

        /// <inheritdoc />
        async Task IAsyncLifetime.DisposeAsync()
        {
            await base.DisposeAsync();
            try
            {
                ServerTools.Run(_primary, "pg_ctl", ["-D", Path.Combine(StandbyFolder, "pg"), "-m", "immediate", "-w", "stop"]);
            }
            catch (InvalidOperationException)
            {
                // Not started (the fixture failed before); the folder goes anyway.
            }
            _primary.Stop();
            Directory.Delete(_folder, recursive: true);
        }
    }
}
