using System.Globalization;
using Npgsql;

namespace GeoMonitor.Api.Tiles;

/// <summary>
/// Listens on the database channel gm_tiles (filled by the triggers of migration V007) and invalidates the tiles it
/// names, so that writes made by any process — another API instance, the loader, psql — reach this cache too. While
/// the connection is down nothing is heard, so on every (re)connection the whole cache is dropped.
/// </summary>
public sealed class TileInvalidationListener(NpgsqlDataSource db, TileCache cache, ILogger<TileInvalidationListener> log) : BackgroundService
{
    /// <summary>The channel name.</summary>
    public const string Channel = "gm_tiles";

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var conn = await db.OpenConnectionAsync(stoppingToken);
                conn.Notification += (_, e) => Apply(e.Payload);
                await using (var cmd = new NpgsqlCommand("LISTEN " + Channel, conn)) await cmd.ExecuteNonQueryAsync(stoppingToken);
                cache.InvalidateAll();
                while (!stoppingToken.IsCancellationRequested) await conn.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException or InvalidOperationException)
            {
                log.LogDebug("Tile invalidation listener: {Message}; reconnecting", e.Message);
                cache.InvalidateAll();
                try { await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    /// <summary>Applies one notification payload (format: migration V007).</summary>
    public void Apply(string payload)
    {
        if (payload.StartsWith(TileLayers.Incidents + ":", StringComparison.Ordinal))
        {
            foreach (var pair in payload[(TileLayers.Incidents.Length + 1)..].Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                var xy = pair.Split(',');
                if (xy.Length == 2
                    && double.TryParse(xy[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var lon)
                    && double.TryParse(xy[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var lat))
                    cache.Invalidate(lon, lat);
                else
                    cache.InvalidateLayer(TileLayers.Incidents);
            }
            return;
        }
        // A whole layer changed. Incident tiles filtered by a zone, corridor, line or truce depend on it as well.
        cache.InvalidateLayer(payload);
        cache.InvalidateLayer(TileLayers.Incidents);
    }
}
