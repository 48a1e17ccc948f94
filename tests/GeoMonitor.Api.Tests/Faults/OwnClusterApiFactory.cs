using System.Diagnostics;
using GeoMonitor.Api.Infrastructure.Database;
using GeoMonitor.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace GeoMonitor.Api.Tests.Faults;

/// <summary>
/// The API on a PostgreSQL cluster of its own in a temporary folder, so that a test can crash the server
/// (<c>pg_ctl stop -m immediate</c>: every backend killed, no checkpoint, crash recovery at the next start) without
/// touching the cluster the other tests share.
/// </summary>
public sealed class OwnClusterApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "gm-crash-" + Guid.NewGuid().ToString("N")[..10]);
    private EmbeddedPostgres _pg = null!;

    /// <summary>The database's connection string (direct, for checking rows).</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>A data source on the database, for arranging and checking rows.</summary>
    public NpgsqlDataSource Db { get; private set; } = null!;

    /// <inheritdoc />
    public Task InitializeAsync()
    {
        _pg = new EmbeddedPostgres(_folder, NullLogger.Instance);
        ConnectionString = new NpgsqlConnectionStringBuilder(_pg.EnsureStarted("gm_crash")) { Timeout = 3, CommandTimeout = 30 }.ConnectionString;
        Db = NpgsqlDataSource.Create(ConnectionString);
        _ = Server;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:GeoMonitor", ConnectionString);
        builder.UseSetting("GeoMonitor:LoadGeodata", "false");
        builder.UseSetting("GeoMonitor:RateLimit:AnonymousPerSecond", "100000");
        builder.UseSetting("GeoMonitor:RateLimit:KeyPerSecond", "100000");
    }

    /// <summary>Kills the server as a power cut would: SIGQUIT to the postmaster, no shutdown checkpoint.</summary>
    public void Crash() =>
        ServerTools.Run(_pg, "pg_ctl", ["-D", Path.Combine(_folder, "pg"), "-m", "immediate", "-w", "stop"]);

    /// <summary>Starts the server again (it replays its WAL first).</summary>
    public void Restart()
    {
        // Every pooled connection to the crashed server is dead, including the one EnsureStarted itself would reuse.
        NpgsqlConnection.ClearAllPools();
        _pg.EnsureStarted("gm_crash");
    }

    /// <inheritdoc />
    async Task IAsyncLifetime.DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
            await Db.DisposeAsync();
        }
        finally
        {
            // The cluster is this fixture's alone: it must not outlive the test run, whatever failed above.
            NpgsqlConnection.ClearAllPools();
            try { _pg.Stop(); } catch (InvalidOperationException) { }
            try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
