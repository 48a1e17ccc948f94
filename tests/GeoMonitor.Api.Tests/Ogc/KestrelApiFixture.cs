using GeoMonitor.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GeoMonitor.Api.Tests.Ogc;

/// <summary>
/// The API on a real Kestrel port of 127.0.0.1 (for external clients such as GDAL), on its own throwaway database
/// with the geodata loaded. Like <see cref="ApiFixture"/>, but listening on a socket.
/// </summary>
public sealed class KestrelApiFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    /// <summary>The test database's connection string.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>A data source on the test database.</summary>
    public NpgsqlDataSource Db { get; private set; } = null!;

    /// <summary>The base address, e.g. http://127.0.0.1:41234.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Listens on a port chosen by the system.</summary>
    public KestrelApiFixture() => UseKestrel(0);

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        ConnectionString = await TestCluster.CreateDatabaseAsync();
        Db = NpgsqlDataSource.Create(ConnectionString);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.First().Replace("[::1]", "127.0.0.1").Replace("localhost", "127.0.0.1").TrimEnd('/');
    }

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:GeoMonitor", ConnectionString);
        builder.UseSetting("GeoMonitor:GeodataFolder", TestCluster.GeodataFolder);
        builder.UseSetting("urls", "http://127.0.0.1:0");
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
