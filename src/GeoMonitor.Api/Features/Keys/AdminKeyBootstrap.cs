using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Infrastructure.Database;
using Npgsql;

namespace GeoMonitor.Api.Features.Keys;

/// <summary>
/// On the first start of the embedded default (no external database configured), creates an admin key named
/// "local-admin", prints it once and keeps it in the data folder as <c>admin.key</c> (readable by the owner only),
/// so that a new installation can be administered without a separate step. Does nothing with an external database,
/// or when admin.key already exists. Registered after the database start-up, so it runs after the migrations.
/// </summary>
public sealed class AdminKeyBootstrap(NpgsqlDataSource db, DatabaseInfo info, ILogger<AdminKeyBootstrap> log) : IHostedService
{
    /// <summary>The name of the key created.</summary>
    public const string KeyName = "local-admin";

    /// <summary>The file holding the key, in the data folder.</summary>
    public static string KeyFile(string dataFolder) => Path.Combine(dataFolder, "admin.key");

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken ct)
    {
        if (info.Embedded is not { } pg || !info.Ready) return;
        var path = KeyFile(pg.DataFolder);
        if (File.Exists(path)) return;
        var key = await new ApiKeys(db).CreateAsync(KeyName, Role.Admin, ct);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        await using (var f = new StreamWriter(path, options)) await f.WriteLineAsync(key);
        // Printed to the console rather than logged, so that the key does not end up in log files.
        Console.WriteLine($"""

            GeoMonitor created a local admin API key (shown once; also kept in {path}):
              {key}
            Send it as "Authorization: Bearer <key>". Create team keys with: dotnet run --project src/GeoMonitor.Api -- keys create --role reporter --name team-alpha

            """);
        log.LogInformation("Created the local admin key {Prefix}… in {Path}", key[..10], path);
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}

/// <summary>Registration of <see cref="AdminKeyBootstrap"/>.</summary>
public static class AdminKeyBootstrapSetup
{
    /// <summary>Adds the first-start admin key step; call after AddGeoMonitorDatabase so that it runs after the migrations.</summary>
    public static IServiceCollection AddAdminKeyBootstrap(this IServiceCollection services) =>
        services.AddHostedService<AdminKeyBootstrap>();
}
