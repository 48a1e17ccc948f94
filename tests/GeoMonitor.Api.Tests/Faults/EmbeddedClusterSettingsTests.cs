using System.Net;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Infrastructure.Database;
using GeoMonitor.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace GeoMonitor.Api.Tests.Faults;

/// <summary>
/// The embedded cluster's port, listen address and socket setting live in the cluster's own configuration, so a
/// person's plain <c>pg_ctl -D &lt;data&gt;/pg start</c> brings it up where the API connects; a cluster created before
/// that (settings passed only on pg_ctl's command line) is upgraded in place at the API's next start.
/// </summary>
public sealed class EmbeddedClusterSettingsTests
{
    [Fact]
    public async Task After_the_API_stops_a_plain_pg_ctl_start_brings_the_cluster_up_where_the_API_connects()
    {
        var folder = ClusterControl.NewDataFolder();
        try
        {
            long id;
            await using (var first = await OnFolderAsync(folder))
            {
                var client = await first.CreateClientAsAsync(Role.Reporter);
                var res = await client.PostAsync("/api/incidents", FaultData.Report("plain-start", "p-1"));
                Assert.True(res.IsSuccessStatusCode, $"{(int)res.StatusCode} {await res.Content.ReadAsStringAsync()}");
                id = await ScalarAsync<long>(first.Db, "SELECT id FROM incidents WHERE source = 'plain-start'");
            }
            var pg = new EmbeddedPostgres(folder, NullLogger.Instance);
            Assert.False(pg.IsRunning(), "the API left its cluster running when it stopped");

            var cluster = new ClusterControl(folder);
            cluster.PlainStart();
            var manualPid = cluster.PostmasterPid();
            await using var second = await OnFolderAsync(folder);
            Assert.False(second.Info.Embedded!.StartedHere, "the API started the cluster although pg_ctl had");
            Assert.Equal(manualPid, cluster.PostmasterPid());

            // The API's own connection settings reach the server that pg_ctl started, which listens as configured.
            var apiDb = second.Services.GetRequiredService<NpgsqlDataSource>();
            var port = new NpgsqlConnectionStringBuilder(apiDb.ConnectionString).Port;
            Assert.Equal(port.ToString(), await ScalarAsync<string>(apiDb, "SELECT current_setting('port')"));
            Assert.Equal("127.0.0.1", await ScalarAsync<string>(apiDb, "SELECT current_setting('listen_addresses')"));
            Assert.Equal("", await ScalarAsync<string>(apiDb, "SELECT current_setting('unix_socket_directories')"));
            Assert.Equal(port, await ScalarAsync<int>(apiDb, "SELECT inet_server_port()"));
            // The same server: its start time is the one in the pid file that pg_ctl's postmaster wrote (line 3). The
            // postmaster reads the clock for the file first and for pg_postmaster_start_time() a little later in its
            // start-up, so the second may have turned between the two (seen once in a full run).
            var started = long.Parse(File.ReadLines(Path.Combine(cluster.Pg.ClusterFolder, "postmaster.pid")).ElementAt(2));
            var serverStart = await ScalarAsync<long>(apiDb, "SELECT extract(epoch FROM date_trunc('second', pg_postmaster_start_time()))::bigint");
            Assert.InRange(serverStart - started, 0, 1);

            var reader = await second.CreateClientAsAsync(Role.Reviewer); // reviewers read incidents held for verification
            Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/api/incidents/{id}")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/health")).StatusCode);
        }
        finally
        {
            new ClusterControl(folder).Remove();
        }
    }

    [Fact]
    public async Task A_cluster_created_before_its_settings_lived_in_it_is_upgraded_in_place_at_the_next_start()
    {
        var folder = ClusterControl.NewDataFolder();
        try
        {
            // The cluster as the earlier code left it: initdb's postgresql.conf untouched (the port, listen address and
            // socket setting were only ever given on pg_ctl's command line) and no settings file.
            var old = new EmbeddedPostgres(folder, NullLogger.Instance);
            old.EnsureStarted();
            old.Stop();
            var conf = Path.Combine(old.ClusterFolder, "postgresql.conf");
            var settings = Path.Combine(old.ClusterFolder, EmbeddedPostgres.SettingsFileName);
            File.WriteAllLines(conf, File.ReadLines(conf).TakeWhile(l => !l.StartsWith("# GeoMonitor", StringComparison.Ordinal)).ToList());
            File.Delete(settings);
            Assert.DoesNotContain(File.ReadLines(conf), l => l.TrimStart().StartsWith("port", StringComparison.Ordinal) || l.Contains("geomonitor.conf"));

            int port;
            await using (var api = await OnFolderAsync(folder))
            {
                Assert.True(api.Info.Embedded!.StartedHere);
                port = new NpgsqlConnectionStringBuilder(api.Services.GetRequiredService<NpgsqlDataSource>().ConnectionString).Port;
                Assert.Equal(HttpStatusCode.OK, (await api.CreateClient().GetAsync("/health")).StatusCode);
            }
            Assert.Single(File.ReadLines(conf), l => l.Trim() == EmbeddedPostgres.IncludeLine);
            Assert.Contains($"port = {port}", File.ReadLines(settings));
            Assert.Contains("listen_addresses = '127.0.0.1'", File.ReadLines(settings));
            Assert.Contains("unix_socket_directories = ''", File.ReadLines(settings));

            // Started again and again: upgraded once.
            new EmbeddedPostgres(folder, NullLogger.Instance).EnsureStarted();
            Assert.Single(File.ReadLines(conf), l => l.Trim() == EmbeddedPostgres.IncludeLine);
            old.Stop();

            // And now a plain start comes up where the API connects.
            var after = new ClusterControl(folder);
            after.PlainStart();
            await using var db = NpgsqlDataSource.Create(after.Pg.ConnectionStringFor("geomonitor"));
            Assert.Equal(port, await ScalarAsync<int>(db, "SELECT inet_server_port()"));
            Assert.Equal("127.0.0.1", await ScalarAsync<string>(db, "SELECT current_setting('listen_addresses')"));
        }
        finally
        {
            new ClusterControl(folder).Remove();
        }
    }

    // An API owning the cluster in folder (made there if none is), the folder left in place when the API stops.
    private static Task<ApiFixture> OnFolderAsync(string folder) =>
        ApiFixture.StartAsync(new ApiHostOptions { Database = TestDatabase.Embedded, DataFolder = folder, LoadGeodata = false });

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource db, string sql)
    {
        await using var cmd = db.CreateCommand(sql);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }
}
