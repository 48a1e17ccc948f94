using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace GeoMonitor.Api.Tests.Infrastructure;

/// <summary>
/// The API on its own throwaway database (migrated, geodata loaded), shared by the tests of one class.
/// </summary>
public class ApiFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    /// <summary>The test database's connection string.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>A data source on the test database, for arranging and checking rows directly.</summary>
    public NpgsqlDataSource Db { get; private set; } = null!;

    /// <summary>Whether the geodata is loaded at start (override to start from an empty schema).</summary>
    protected virtual bool LoadGeodata => true;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        ConnectionString = await TestCluster.CreateDatabaseAsync();
        Db = NpgsqlDataSource.Create(ConnectionString);
        _ = Server; // starts the host: migrations and geodata run now
    }

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:GeoMonitor", ConnectionString);
        builder.UseSetting("GeoMonitor:GeodataFolder", TestCluster.GeodataFolder);
        builder.UseSetting("GeoMonitor:LoadGeodata", LoadGeodata ? "true" : "false");
        // Test classes send many requests from one client; the limiter itself is tested on its own.
        builder.UseSetting("GeoMonitor:RateLimit:AnonymousPerSecond", "100000");
        builder.UseSetting("GeoMonitor:RateLimit:KeyPerSecond", "100000");
    }

    /// <summary>Runs a scalar query on the test database.</summary>
    public async Task<T> ScalarAsync<T>(string sql, params object[] args)
    {
        await using var cmd = Db.CreateCommand(sql);
        foreach (var a in args) cmd.Parameters.AddWithValue(a);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    /// <inheritdoc />
    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await Db.DisposeAsync();
        await TestCluster.DropDatabaseAsync(ConnectionString);
    }
}
