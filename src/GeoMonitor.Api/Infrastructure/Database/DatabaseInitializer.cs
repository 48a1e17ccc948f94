using System.Net.Sockets;
using GeoMonitor.Api.Infrastructure.Geodata;
using Npgsql;

namespace GeoMonitor.Api.Infrastructure.Database;

/// <summary>
/// Runs the migrations and loads the geodata before the server takes requests, and stops the embedded
/// cluster when the host stops (if this process started it). When an external database does not answer
/// at start-up, the API still starts (health says 503) and keeps retrying until the database returns.
/// </summary>
public sealed class DatabaseInitializer(
    NpgsqlDataSource db, DatabaseInfo info, IConfiguration config, ILogger<DatabaseInitializer> log) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task? _retry;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken ct)
    {
        try
        {
            await InitializeAsync(ct);
        }
        catch (Exception e) when (info.Embedded is null && IsUnavailable(e))
        {
            log.LogWarning("Database unavailable at start-up ({Message}); retrying in the background", e.Message);
            _retry = RetryAsync(_stopping.Token);
        }
    }

    private async Task RetryAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(2), ct);
                await InitializeAsync(ct);
                log.LogInformation("Database available again; start-up work completed");
                return;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return; }
            catch (Exception e) when (IsUnavailable(e)) { }
        }
    }

    private async Task InitializeAsync(CancellationToken ct)
    {
        var applied = await Migrator.MigrateAsync(db, ct);
        if (applied.Count > 0) log.LogInformation("Applied migrations {Versions}", string.Join(", ", applied));
        // The pre-notification matching rules live in the database, where every statement that applies them reads them.
        await Features.Notifications.NotificationSettings.ApplyAsync(db, config, ct);
        // A database restored from a dump of another server: the changes feed's positions are repaired (V054).
        await using (var rebase = db.CreateCommand("SELECT gm_feed_rebase()"))
            if (await rebase.ExecuteScalarAsync(ct) is true)
                log.LogWarning("The changes feed's positions came from another server (a restored dump): rebased; tokens issued before are refused");
        if (config.GetValue("GeoMonitor:LoadGeodata", true))
        {
            var folder = GeoMonitorPaths.GeodataFolder(config);
            var r = await GeodataLoader.LoadAsync(db, folder, ct);
            log.LogInformation("Geodata from {Folder}: inserted {Lines} lines, {Zones} zones, {Corridors} corridors, {Truces} truces, {Incidents} incidents, {Disputes} disputes",
                folder, r.Lines, r.Zones, r.Corridors, r.Truces, r.Incidents, r.Disputes);
            // The truce mechanisms' sample (benchmarks, custody) names the layers above.
            var m = await TruceMechanismsLoader.LoadAsync(db, folder, ct);
            if (m.Any)
                log.LogInformation("Truce mechanisms from {Folder}: inserted {Organisations} organisations, {Benchmarks} benchmarks ({Events} events), {Custody} custody records",
                    folder, m.Organisations, m.Benchmarks, m.Events, m.Custody);
        }
        // The basemap is reference context, wanted even where the sample layers are not (GeoMonitor:LoadGeodata=false).
        if (config.GetValue("GeoMonitor:LoadBasemap", true))
        {
            var folder = GeoMonitorPaths.GeodataFolder(config);
            var b = await BasemapLoader.LoadAsync(db, folder, ct);
            if (b.Any)
                log.LogInformation("Basemap from {Folder}: {Land} land polygons, {Lines} coastlines and boundaries, {Places} places",
                    folder, b.Land, b.Lines, b.Places);
        }
        info.Ready = true;
    }

    private static bool IsUnavailable(Exception e) =>
        e is NpgsqlException { IsTransient: true } or SocketException or TimeoutException
        || e.InnerException is SocketException or TimeoutException;

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken ct)
    {
        // A host may be stopped again after its services were disposed (WebApplicationFactory does so when the app's
        // entry point finished first); stopping twice must not throw.
        try { await _stopping.CancelAsync(); }
        catch (ObjectDisposedException) { return; }
        if (_retry is not null) await _retry;
        if (info.Embedded is { StartedHere: true } pg)
        {
            NpgsqlConnection.ClearAllPools();
            pg.Stop();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _stopping.Dispose();
}
