using System.Diagnostics;
using GeoMonitor.Api.Infrastructure.Database;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace GeoMonitor.Api.Tests.Infrastructure;

/// <summary>
/// The one way the tests start the API: on a throwaway database (migrated, geodata loaded unless asked not to), in
/// memory, on a socket or as a process (<see cref="ApiHostOptions"/>), with its own cluster, a standby, a proxy or
/// configuration overrides, and restartable on the same database. Shared by the tests of a class as an
/// <c>IClassFixture</c>, or started inline with <see cref="StartAsync(ApiHostOptions)"/>.
/// </summary>
public class ApiFixture : IAsyncLifetime, IAsyncDisposable
{
    private readonly string _folder = Path.Combine(GeoMonitorPaths.RepositoryRoot() ?? Path.GetTempPath(), ".geomonitor-test-hosts",
        Guid.NewGuid().ToString("N")[..10]);
    private Factory? _factory;
    private ApiProcess? _process;
    private ClusterControl? _cluster;
    private StandbyServer? _standby;
    private bool _disposed;

    /// <summary>The API on the shared cluster, in memory, with the geodata.</summary>
    public ApiFixture() : this(new ApiHostOptions()) { }

    /// <summary>The API as <paramref name="options"/> say.</summary>
    protected ApiFixture(ApiHostOptions options) => Options = options;

    /// <summary>How this host runs.</summary>
    public ApiHostOptions Options { get; }

    /// <summary>The database's connection string (direct, not through the proxy).</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>A data source on the database, for arranging and checking rows directly.</summary>
    public NpgsqlDataSource Db { get; private set; } = null!;

    /// <summary>The base address on a socket or process host, e.g. http://127.0.0.1:41234 (empty in memory).</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>The proxy between the API and its database (with <see cref="ApiHostOptions.Proxy"/>).</summary>
    public TcpProxy Proxy { get; private set; } = null!;

    /// <summary>The cluster of this host alone (<see cref="TestDatabase.OwnCluster"/> or <see cref="TestDatabase.Embedded"/>).</summary>
    public ClusterControl Cluster => _cluster ?? throw new InvalidOperationException("This host uses the shared cluster.");

    /// <summary>The API's data folder with <see cref="TestDatabase.Embedded"/> (holds <c>pg/</c> and the admin key).</summary>
    public string DataFolder => Options.DataFolder is { } given ? Path.GetFullPath(given) : Path.Combine(_folder, "data");

    /// <summary>How the running API reached its database (in-process hostings only).</summary>
    public DatabaseInfo Info => Services.GetRequiredService<DatabaseInfo>();

    /// <summary>The standby (with <see cref="ApiHostOptions.Standby"/>).</summary>
    public StandbyServer Standby => _standby ?? throw new InvalidOperationException("This host has no standby.");

    /// <summary>The running host's services (in-process hostings only).</summary>
    public IServiceProvider Services => (_factory ?? throw new InvalidOperationException("The API runs as a process or is stopped.")).Services;

    /// <summary>The output of a process host, last lines first to go (for failure messages).</summary>
    public IReadOnlyList<string> ProcessOutput => _process?.Output ?? [];

    /// <summary>Starts an API host for one test; dispose it at the end.</summary>
    public static async Task<ApiFixture> StartAsync(ApiHostOptions options)
    {
        var host = new ApiFixture(options);
        await host.InitializeAsync();
        return host;
    }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        if (Options.Standby && Options.Database != TestDatabase.OwnCluster)
            throw new InvalidOperationException("A standby needs TestDatabase.OwnCluster.");
        switch (Options.Database)
        {
            case TestDatabase.SharedCluster:
                ConnectionString = await TestCluster.CreateDatabaseAsync();
                break;
            case TestDatabase.OwnCluster:
                _cluster = new ClusterControl(Path.Combine(_folder, "primary"));
                ConnectionString = new NpgsqlConnectionStringBuilder(_cluster.Pg.EnsureStarted("geomonitor")) { Timeout = 3, CommandTimeout = 30 }.ConnectionString;
                break;
        }
        if (Options.Database != TestDatabase.Embedded) Db = GeoDataSource.Create(ConnectionString);
        if (Options.Proxy) Proxy = new TcpProxy(new NpgsqlConnectionStringBuilder(ConnectionString).Port);
        // The standby's address is known before the API starts (its read data source connects lazily); the standby
        // itself is a base backup of the primary after the first start has migrated it.
        if (Options.Standby) _standby = new StandbyServer(_cluster!.Pg, ConnectionString, Path.Combine(_folder, "standby"));
        await StartApiAsync();
        if (Options.Database == TestDatabase.Embedded)
        {
            if (Options.Hosting != Hosting.Process && Info.Embedded?.DataFolder != DataFolder)
                throw new InvalidOperationException($"The API did not start its embedded cluster in {DataFolder} (it used "
                    + $"{Info.Embedded?.DataFolder ?? "an external connection string"}); unset GEOMONITOR_DATA and ConnectionStrings__GeoMonitor for the tests.");
            // The API made the cluster: the test reaches it with the credentials the API wrote into its data folder.
            _cluster = new ClusterControl(DataFolder);
            ConnectionString = new NpgsqlConnectionStringBuilder(_cluster.Pg.ConnectionStringFor("geomonitor")) { Timeout = 3, CommandTimeout = 60 }.ConnectionString;
            Db = GeoDataSource.Create(ConnectionString);
        }
        if (_standby is not null) await _standby.StartAsync();
    }

    /// <summary>A client of the running host (in memory: no socket; otherwise on its address).</summary>
    public HttpClient CreateClient()
    {
        if (_factory is not null && Options.Hosting == Hosting.InMemory) return _factory.CreateClient();
        if (BaseUrl.Length == 0) throw new InvalidOperationException("The API is stopped.");
        return new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(100) };
    }

    /// <summary>Whether the host is up and answers /health with 200.</summary>
    public async Task<bool> AliveAsync()
    {
        if (_process is { Exited: true }) return false;
        if (_factory is null && _process is null) return false;
        using var client = CreateClient();
        client.Timeout = TimeSpan.FromSeconds(10);
        try { return (await client.GetAsync("/health")).IsSuccessStatusCode; }
        catch (HttpRequestException) { return false; }
        catch (TaskCanceledException) { return false; }
    }

    /// <summary>Stops the API (the database stays).</summary>
    public async Task StopApiAsync()
    {
        var factory = _factory;
        _factory = null;
        if (factory is not null) await factory.DisposeAsync();
        _process?.Dispose();
        _process = null;
        BaseUrl = "";
    }

    /// <summary>Starts the API again on the same database (after <see cref="StopApiAsync"/>, or stopping it first).</summary>
    public async Task RestartApiAsync()
    {
        await StopApiAsync();
        await StartApiAsync();
    }

    /// <summary>Runs a scalar query on the database.</summary>
    public async Task<T> ScalarAsync<T>(string sql, params object[] args)
    {
        await using var cmd = Db.CreateCommand(sql);
        foreach (var a in args) cmd.Parameters.AddWithValue(a);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>Runs a statement on the database (a test's set-up: rows, ANALYZE), waiting up to <paramref name="timeoutSeconds"/>.</summary>
    public async Task ExecAsync(string sql, int timeoutSeconds = 120)
    {
        await using var cmd = Db.CreateCommand(sql);
        cmd.CommandTimeout = timeoutSeconds;
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Polls <paramref name="condition"/> until it holds (connection failures count as "not yet"), at most <paramref name="seconds"/>.</summary>
    public static async Task WaitForAsync(Func<Task<bool>> condition, double seconds = 30)
    {
        var clock = Stopwatch.StartNew();
        Exception? last = null;
        while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            try
            {
                if (await condition()) return;
            }
            catch (Exception e) when (e is NpgsqlException or HttpRequestException or InvalidOperationException or TaskCanceledException)
            {
                last = e;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"condition not met within {seconds} s", last);
    }

    /// <summary>The settings every host gets, then the options' own.</summary>
    private Dictionary<string, string?> Settings()
    {
        var s = new Dictionary<string, string?>
        {
            ["GeoMonitor:GeodataFolder"] = TestCluster.GeodataFolder,
            ["GeoMonitor:LoadGeodata"] = Options.LoadGeodata ? "true" : "false",
            // Test classes send many requests from one client; the limiter itself is tested on its own.
            ["GeoMonitor:RateLimit:AnonymousPerSecond"] = "100000",
            ["GeoMonitor:RateLimit:KeyPerSecond"] = "100000",
        };
        if (Options.Database == TestDatabase.Embedded)
        {
            s["GeoMonitor:DataFolder"] = DataFolder;
            s["ConnectionStrings:GeoMonitor"] = ""; // whatever the environment says: the API owns its cluster here
        }
        else
            s["ConnectionStrings:GeoMonitor"] = Options.Proxy
                ? new NpgsqlConnectionStringBuilder(ConnectionString) { Port = Proxy.Port, Timeout = 3, CommandTimeout = 10 }.ConnectionString
                : ConnectionString;
        if (_standby is not null) s["ConnectionStrings:GeoMonitorRead"] = _standby.ConnectionString;
        foreach (var (k, v) in Options.Settings) s[k] = v;
        return s;
    }

    private async Task StartApiAsync()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Options.Hosting == Hosting.Process)
        {
            _process = await ApiProcess.StartAsync(Settings());
            BaseUrl = _process.BaseUrl;
            return;
        }
        _factory = new Factory(this);
        if (Options.Hosting == Hosting.Socket)
        {
            _factory.UseKestrel(0);
            _factory.StartServer();
            var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
            BaseUrl = addresses.First().Replace("[::1]", "127.0.0.1").Replace("localhost", "127.0.0.1").TrimEnd('/');
        }
        else _ = _factory.Server; // starts the host: migrations and geodata run now
        await Task.CompletedTask;
    }

    /// <summary>
    /// Adds to the host's configuration (logging providers, services). Called on every start, after the options'
    /// settings are applied.
    /// </summary>
    protected virtual void ConfigureHost(IWebHostBuilder builder) { }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            await StopApiAsync();
            if (Proxy is not null) await Proxy.DisposeAsync();
            if (Db is not null) await Db.DisposeAsync();
            if (Options.Database == TestDatabase.SharedCluster && ConnectionString.Length > 0) await TestCluster.DropDatabaseAsync(ConnectionString);
        }
        finally
        {
            // A cluster of this host's own must not outlive the test run, whatever failed above.
            NpgsqlConnection.ClearAllPools();
            _standby?.Stop();
            if (Options.Database == TestDatabase.OwnCluster || (Options.Database == TestDatabase.Embedded && Options.DataFolder is null)) _cluster?.Remove();
            try { if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    /// <summary>The in-process host, configured by its fixture.</summary>
    private sealed class Factory(ApiFixture owner) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            foreach (var (k, v) in owner.Settings()) builder.UseSetting(k, v);
            if (owner.Options.Hosting == Hosting.Socket) builder.UseSetting("urls", "http://127.0.0.1:0");
            owner.ConfigureHost(builder);
        }
    }
}
