using System.Diagnostics;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Infrastructure.Database;
using GeoMonitor.Api.Infrastructure.Geodata;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace GeoMonitor.Bench;

/// <summary>
/// What every benchmark shares: the bench database (embedded cluster in bench/data/, migrated, geodata loaded,
/// <see cref="IncidentCount"/> generated incidents), the options, a reader key, and a way to start the API.
/// </summary>
public sealed class BenchContext : IAsyncDisposable
{
    private readonly EmbeddedPostgres _pg;

    private BenchContext(string root, EmbeddedPostgres pg, string cs, Dictionary<string, string> options)
    {
        Root = root;
        _pg = pg;
        ConnectionString = cs;
        Options = options;
        Db = NpgsqlDataSource.Create(cs);
    }

    /// <summary>The repository root.</summary>
    public string Root { get; }

    /// <summary>The bench database.</summary>
    public string ConnectionString { get; }

    /// <summary>A pooled data source on it.</summary>
    public NpgsqlDataSource Db { get; }

    /// <summary>--name value options.</summary>
    public Dictionary<string, string> Options { get; }

    /// <summary>How many generated incidents the database holds (--incidents, default 1,000,000).</summary>
    public int IncidentCount => int.Parse(Options.GetValueOrDefault("incidents", "1000000"));

    /// <summary>Timed runs per measurement (--runs, default 15).</summary>
    public int Runs => int.Parse(Options.GetValueOrDefault("runs", "15"));

    /// <summary>A reader key (created per run) for measurements that need every status.</summary>
    public string ReaderKey { get; private set; } = "";

    /// <summary>Where the figures of this run are appended (bench/out/, git-ignored).</summary>
    public string ReportPath => Path.Combine(Root, "bench", "out", "results.md");

    /// <summary>Starts the cluster and makes sure the bench database is complete.</summary>
    public static async Task<BenchContext> CreateAsync(string[] args)
    {
        var options = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2) options[args[i].TrimStart('-')] = args[i + 1];
        var root = GeoMonitorPaths.RepositoryRoot() ?? throw new InvalidOperationException("Run from the repository.");
        using var lf = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        var pg = new EmbeddedPostgres(Path.Combine(root, "bench", "data"), lf.CreateLogger<EmbeddedPostgres>());
        var cs = pg.EnsureStarted("geomonitor_bench");
        var ctx = new BenchContext(root, pg, cs, options);
        await ctx.PrepareAsync();
        return ctx;
    }

    private async Task PrepareAsync()
    {
        var sw = Stopwatch.StartNew();
        await BenchDatabases.MigrateOrRecreateAsync(ConnectionString);
        await GeodataLoader.LoadAsync(Db, Path.Combine(Root, "geodata"));
        await TruceMechanismsLoader.LoadAsync(Db, Path.Combine(Root, "geodata"));
        await IncidentGenerator.EnsureAsync(Db, IncidentCount);
        ReaderKey = await new ApiKeys(Db).CreateAsync($"bench-{DateTime.UtcNow:yyyyMMddHHmmss}", Role.Reader);
        Log($"bench database ready in {sw.Elapsed.TotalSeconds:F1} s ({IncidentCount:N0} generated incidents)");
    }

    /// <summary>Starts the API (Release build) as a child process on this database.</summary>
    public Task<ApiProcess> StartApiAsync() => ApiProcess.StartAsync(Root, ConnectionString);

    /// <summary>Starts the API (Release build) as a child process on another database of the bench cluster.</summary>
    public Task<ApiProcess> StartApiAsync(string connectionString) => ApiProcess.StartAsync(Root, connectionString);

    /// <summary>Prints a line and appends it to the report.</summary>
    public void Report(string line)
    {
        Console.WriteLine(line);
        Directory.CreateDirectory(Path.GetDirectoryName(ReportPath)!);
        File.AppendAllText(ReportPath, line + "\n");
    }

    /// <summary>Prints progress (not part of the report).</summary>
    public static void Log(string line) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {line}");

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Db.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        if (_pg.StartedHere) _pg.Stop();
    }
}
