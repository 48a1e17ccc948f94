using System.Text.Json;
using Npgsql;

namespace GeoMonitor.Api.Features.Incidents.Events;

/// <summary>
/// The committed incident changes of every writer and every API instance, heard once per process: one dedicated
/// connection LISTENs on <see cref="Channel"/> (reconnecting with back-off when it drops) and fans each event out to
/// in-process subscribers (GraphQL subscriptions, the tile cache). Each subscriber has its own bounded queue; a
/// subscriber that falls <see cref="QueueCapacity"/> events behind is ended with <see cref="SubscriberOverflowException"/>
/// rather than silently missing events.
/// </summary>
public sealed class IncidentEvents(NpgsqlDataSource db, ILogger<IncidentEvents> logger) : BackgroundService
{
    /// <summary>The NOTIFY channel (V010__incident_events.sql).</summary>
    public const string Channel = "geomonitor_incidents";

    /// <summary>The layer-change channel of V007__tile_notify.sql ('lines', 'zones', 'corridors', 'truces', 'incidents…').</summary>
    public const string LayerChannel = "gm_tiles";

    /// <summary>The layers a change can be about.</summary>
    public static readonly IReadOnlyList<string> Layers = ["lines", "zones", "corridors", "truces"];

    /// <summary>
    /// Raised with 'lines', 'zones', 'corridors' or 'truces' after a committed change to that layer (by anyone), and
    /// for every layer after a reconnect (changes may have been missed). Handlers run on the listener's thread: keep
    /// them short (e.g. drop a cache).
    /// </summary>
    public event Action<string>? LayerChanged;

    /// <summary>Events a subscriber may have queued before it is ended.</summary>
    public const int QueueCapacity = 10_000;

    private readonly object _lock = new();
    private readonly Common.EventFanout<IncidentEvent> _fanout = new(QueueCapacity, () => new SubscriberOverflowException());
    private TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the LISTEN is in place (again after a reconnect): events committed after this are heard.</summary>
    public Task Listening
    {
        get
        {
            lock (_lock) return _listening.Task;
        }
    }

    /// <summary>Every event from now until <paramref name="ct"/> is cancelled.</summary>
    /// <exception cref="SubscriberOverflowException">The subscriber fell too far behind.</exception>
    public IAsyncEnumerable<IncidentEvent> SubscribeAsync(CancellationToken ct = default) => _fanout.SubscribeAsync(ct);

    /// <summary>The same events, handed over as they queued up (at most <paramref name="max"/> at a time, in order).</summary>
    public IAsyncEnumerable<IReadOnlyList<IncidentEvent>> SubscribeBatchesAsync(int max, CancellationToken ct = default) =>
        _fanout.SubscribeBatchesAsync(max, ct);

    /// <summary>How many subscribers are attached (for health and tests).</summary>
    public int SubscriberCount => _fanout.Count;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var delay = TimeSpan.FromMilliseconds(250);
        var first = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var conn = await db.OpenConnectionAsync(stoppingToken);
                conn.Notification += (_, n) =>
                {
                    if (n.Channel == Channel) Publish(n.Payload);
                    else if (Layers.Contains(n.Payload)) RaiseLayerChanged(n.Payload);
                };
                await using (var cmd = new NpgsqlCommand($"LISTEN {Channel}; LISTEN {LayerChannel}", conn)) await cmd.ExecuteNonQueryAsync(stoppingToken);
                if (!first)
                {
                    logger.LogInformation("Listening on {Channel} again; changes made while disconnected were not heard", Channel);
                    Fan(new IncidentEvent(0, IncidentAction.Resynchronize, "", 0));
                }
                // Whatever was cached before this connection may have changed unheard (also on the first connection:
                // a cache may have been filled before the LISTEN was in place).
                foreach (var layer in Layers) RaiseLayerChanged(layer);
                first = false;
                delay = TimeSpan.FromMilliseconds(250);
                lock (_lock) _listening.TrySetResult();
                while (!stoppingToken.IsCancellationRequested) await conn.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "The {Channel} listener lost its connection; retrying in {Delay} ms", Channel, delay.TotalMilliseconds);
                lock (_lock)
                    if (_listening.Task.IsCompleted) _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
                foreach (var layer in Layers) RaiseLayerChanged(layer);
                try { await Task.Delay(delay, stoppingToken); }
                catch (OperationCanceledException) { return; }
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 10_000));
            }
        }
    }

    /// <summary>Whether the LISTEN is in place now (caches fed by <see cref="LayerChanged"/> may only be trusted then).</summary>
    public bool IsListening
    {
        get
        {
            // Read on every layer look-up of every resolver: a volatile read of the reference, no lock (it is replaced
            // under the lock, and a reference is read whole).
            return Volatile.Read(ref _listening).Task.IsCompletedSuccessfully;
        }
    }

    private void RaiseLayerChanged(string layer)
    {
        try
        {
            LayerChanged?.Invoke(layer);
        }
        catch (Exception e)
        {
            logger.LogError(e, "A LayerChanged handler failed for {Layer}", layer);
        }
    }

    private void Publish(string payload)
    {
        IncidentEvent e;
        try
        {
            using var doc = JsonDocument.Parse(payload);
            var r = doc.RootElement;
            var action = r.GetProperty("action").GetString() switch
            {
                "reported" => IncidentAction.Reported,
                "reviewed" => IncidentAction.Reviewed,
                _ => IncidentAction.Corrected,
            };
            e = new IncidentEvent(r.GetProperty("id").GetInt64(), action, r.GetProperty("status").GetString() ?? "", r.GetProperty("version").GetInt32());
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            logger.LogWarning(ex, "Ignoring a malformed {Channel} payload: {Payload}", Channel, payload);
            return;
        }
        Fan(e);
    }

    private void Fan(IncidentEvent e) => _fanout.Publish(e);
}

/// <summary>A subscriber fell more than <see cref="IncidentEvents.QueueCapacity"/> events behind and was ended.</summary>
public sealed class SubscriberOverflowException()
    : Exception($"The subscriber fell more than {IncidentEvents.QueueCapacity} incident events behind and was ended; subscribe again.");
