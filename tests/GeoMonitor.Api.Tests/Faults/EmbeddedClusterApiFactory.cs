using System.Diagnostics;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Infrastructure.Database;
using GeoMonitor.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace GeoMonitor.Api.Tests.Faults;

/// <summary>
/// The API owning its embedded cluster, as a field installation runs it: no <c>ConnectionStrings:GeoMonitor</c>, and
/// <c>GeoMonitor:DataFolder</c> a fresh temporary folder, so the API creates, starts, supervises and stops the cluster
/// itself. Unlike <see cref="OwnClusterApiFactory"/> (which hands the API an external connection string), crashing the
/// server here is the case the supervisor is for.
/// </summary>
/// <remarks>
/// Several of these may run one after another on one folder (<see cref="OnFolder"/>), to
/// stop the API and start another on the same data. The server runs as the <c>postgres</c> OS user when the tests run
/// as root, as in <see cref="EmbeddedPostgres"/>.
/// </remarks>
public class EmbeddedClusterApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly bool _ownsFolder;
    private NpgsqlDataSource? _db;

    /// <summary>An API on a new cluster in a new temporary folder, removed (cluster stopped) on dispose.</summary>
    public EmbeddedClusterApiFactory() : this(NewDataFolder(), ownsFolder: true) { }

    /// <summary>
    /// An API on the data folder <paramref name="dataFolder"/> (a cluster is created there if none is), left in place on
    /// dispose; call <see cref="InitializeAsync"/> to start it.
    /// </summary>
    public static EmbeddedClusterApiFactory OnFolder(string dataFolder) => new(dataFolder, ownsFolder: false);

    private EmbeddedClusterApiFactory(string dataFolder, bool ownsFolder)
    {
        DataFolder = Path.GetFullPath(dataFolder);
        _ownsFolder = ownsFolder;
        Cluster = new EmbeddedPostgres(DataFolder, NullLogger.Instance);
    }

    /// <summary>The data folder (the cluster is in <c>pg/</c>).</summary>
    public string DataFolder { get; }

    /// <summary>The test's own handle on the same cluster: connection strings, its bin folder and OS user.</summary>
    public EmbeddedPostgres Cluster { get; }

    /// <summary>A direct data source on the API's database, for arranging and checking rows (its connections die with a
    /// crash like the API's: call <c>Db.Clear()</c> after one).</summary>
    public NpgsqlDataSource Db => _db ??= NpgsqlDataSource.Create(
        new NpgsqlConnectionStringBuilder(Cluster.ConnectionStringFor("geomonitor")) { Timeout = 3, CommandTimeout = 60 }.ConnectionString);

    /// <summary>The API's view of its database.</summary>
    public DatabaseInfo Info => Services.GetRequiredService<DatabaseInfo>();

    /// <summary>A new folder under the system's temporary folder.</summary>
    public static string NewDataFolder() => Path.Combine(Path.GetTempPath(), "gm-embedded-" + Guid.NewGuid().ToString("N")[..10]);

    /// <inheritdoc />
    public Task InitializeAsync()
    {
        _ = Server; // starts the host: the cluster, migrations
        if (Info.Embedded?.DataFolder != DataFolder)
            throw new InvalidOperationException(
                $"The API did not start its embedded cluster in {DataFolder} (it used {Info.Embedded?.DataFolder ?? "an external connection string"}); "
                + "unset GEOMONITOR_DATA and ConnectionStrings__GeoMonitor for the tests.");
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:GeoMonitor", "");
        builder.UseSetting("GeoMonitor:DataFolder", DataFolder);
        builder.UseSetting("GeoMonitor:LoadGeodata", "false");
        builder.UseSetting("GeoMonitor:RateLimit:AnonymousPerSecond", "100000");
        builder.UseSetting("GeoMonitor:RateLimit:KeyPerSecond", "100000");
    }

    /// <summary>A client with a new key of <paramref name="role"/> (made through a fresh connection: an earlier test may
    /// have killed the server under the pooled ones).</summary>
    public async Task<HttpClient> ClientAsAsync(Role role)
    {
        Db.Clear();
        var key = await new ApiKeys(Db).CreateAsync($"embedded-{role.ToString().ToLowerInvariant()}-{Guid.NewGuid():N}"[..30], role);
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        client.Timeout = TimeSpan.FromMinutes(2);
        return client;
    }

    /// <summary>The pid in the cluster's postmaster.pid (the running postmaster's, or a dead one's).</summary>
    public int PostmasterPid() => int.Parse(File.ReadLines(Path.Combine(Cluster.ClusterFolder, "postmaster.pid")).First());

    /// <summary>SIGKILLs the postmaster (Process.Kill sends SIGKILL): no shutdown, no checkpoint, its children orphaned.</summary>
    /// <returns>The pid killed.</returns>
    public int KillPostmaster()
    {
        var pid = PostmasterPid();
        using var p = Process.GetProcessById(pid);
        p.Kill();
        return pid;
    }

    /// <summary>
    /// Holds the data folder's lock (the one <see cref="EmbeddedPostgres"/> takes to create or start the cluster) until
    /// disposed: while held, nothing can start the cluster, so an outage lasts as long as a test needs to look at it.
    /// </summary>
    public IDisposable HoldStartLock() =>
        new FileStream(Path.Combine(DataFolder, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

    /// <summary>
    /// Starts the cluster the way a person would, with no options: <c>pg_ctl -D &lt;data&gt;/pg start</c>, as the server's OS
    /// user (through the shell only to send its output to a file: a pipe would stay open in the server). Needs no
    /// running API.
    /// </summary>
    public void PlainStart()
    {
        var log = Path.Combine(Cluster.ClusterFolder, "plain-start.log");
        string[] sh = ["sh", "-c", "exec \"$0\" -D \"$1\" start >\"$2\" 2>&1", Path.Combine(Cluster.BinFolder, "pg_ctl"), Cluster.ClusterFolder, log];
        string[] command = Environment.UserName == "root" ? ["runuser", "-u", Cluster.OsUser, "--", .. sh] : sh;
        using var p = Process.Start(command[0], command[1..]);
        if (!p.WaitForExit(90_000)) throw new TimeoutException("pg_ctl start did not return within 90 s");
        if (p.ExitCode != 0) throw new InvalidOperationException($"pg_ctl start failed ({p.ExitCode}): {File.ReadAllText(log)}");
    }

    /// <summary>Stops the cluster if it runs (a fast shutdown).</summary>
    public void StopCluster() => Cluster.Stop();

    /// <inheritdoc />
    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    /// <summary>Stops the API (which stops the cluster if it started it); an owned folder goes with its cluster.</summary>
    public override async ValueTask DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
            if (_db is not null) await _db.DisposeAsync();
            _db = null;
        }
        finally
        {
            // The cluster is this fixture's alone: it must not outlive the test run, whatever failed above.
            if (_ownsFolder) RemoveDataFolder(DataFolder);
        }
    }

    /// <summary>Stops the cluster in <paramref name="dataFolder"/> if it runs (immediate: it is thrown away) and deletes the folder.</summary>
    public static void RemoveDataFolder(string dataFolder)
    {
        NpgsqlConnection.ClearAllPools();
        var pg = new EmbeddedPostgres(dataFolder, NullLogger.Instance);
        try { ServerTools.Run(pg, "pg_ctl", ["-D", pg.ClusterFolder, "-m", "immediate", "-w", "stop"]); }
        catch (InvalidOperationException) { } // not running
        try { Directory.Delete(dataFolder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
