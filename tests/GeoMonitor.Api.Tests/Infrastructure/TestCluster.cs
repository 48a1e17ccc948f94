using GeoMonitor.Api.Infrastructure.Database;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace GeoMonitor.Api.Tests.Infrastructure;

/// <summary>
/// The embedded PostGIS cluster the tests share (GEOMONITOR_TEST_DATA, default .geomonitor-test/ in the
/// checkout). Each fixture gets its own throwaway database on it. The cluster is left running for the next
/// test process; scripts/test.sh stops it at the end.
/// </summary>
public static class TestCluster
{
    private static readonly Lazy<EmbeddedPostgres> Cluster = new(() =>
    {
        var folder = Environment.GetEnvironmentVariable("GEOMONITOR_TEST_DATA") is { Length: > 0 } f ? f
            : Path.Combine(GeoMonitorPaths.RepositoryRoot() ?? Path.GetTempPath(), ".geomonitor-test");
        var pg = new EmbeddedPostgres(folder, NullLogger.Instance);
        pg.EnsureStarted("postgres");
        return pg;
    });

    /// <summary>The repository's geodata folder.</summary>
    public static string GeodataFolder => Path.Combine(GeoMonitorPaths.RepositoryRoot()!, "geodata");

    /// <summary>Creates an empty database with a unique name and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var name = "gm_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var conn = new NpgsqlConnection(Cluster.Value.ConnectionStringFor("postgres")))
        {
            await conn.OpenAsync();
            // The name is generated above from hex digits, never from input.
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        return Cluster.Value.ConnectionStringFor(name);
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>.</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        NpgsqlConnection.ClearAllPools();
        await using var conn = new NpgsqlConnection(Cluster.Value.ConnectionStringFor("postgres"));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
