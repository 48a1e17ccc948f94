using Npgsql;

namespace GeoMonitor.Api.Features.Incidents.Events;

/// <summary>
/// The committed incident changes of every writer and every API instance, heard once per process on
/// <see cref="Channel"/> (and the layers' changes on <see cref="LayerChannel"/>), fanned out to
/// in-process subscribers (GraphQL subscriptions, the tile cache). Each subscriber has its own bounded queue; a
/// subscriber that falls <see cref="QueueCapacity"/> events behind is ended with <see cref="SubscriberOverflowException"/>
/// rather than silently missing events.
/// </summary>
public sealed class IncidentEvents(NpgsqlDataSource db, ILogger<IncidentEvents> logger) : Common.ChannelListener(db, logger)
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

    private readonly Common.EventFanout<IncidentEvent> _fanout = new(QueueCapacity, () => new SubscriberOverflowException());

    /// <summary>Every event from now until <paramref name="ct"/> is cancelled.</summary>
    /// <exception cref="SubscriberOverflowException">The subscriber fell too far behind.</exception>
    public IAsyncEnumerable<IncidentEvent> SubscribeAsync(CancellationToken ct = default) => _fanout.SubscribeAsync(ct);

    /// <summary>The same events, handed over as they queued up (at most <paramref name="max"/> at a time, in order).</summary>
    public IAsyncEnumerable<IReadOnlyList<IncidentEvent>> SubscribeBatchesAsync(int max, CancellationToken ct = default) =>
        _fanout.SubscribeBatchesAsync(max, ct);

    /// <summary>How many subscribers are attached (for health and tests).</summary>
    public int SubscriberCount => _fanout.Count;

    /// <inheritdoc />
    protected override IReadOnlyList<string> Channels { get; } = [Channel, LayerChannel];

    /// <inheritdoc />
    protected override void OnNotification(string channel, string payload)
    {
        if (channel == Channel) Publish(payload);
        else if (Layers.Contains(payload)) RaiseLayerChanged(payload);
    }

    /// <inheritdoc />
    protected override void OnListening(bool reconnected)
    {
        if (reconnected) _fanout.Publish(new IncidentEvent(0, IncidentAction.Resynchronize, "", 0));
        // Whatever was cached before this connection may have changed unheard (also on the first connection: a cache may
        // have been filled before the LISTEN was in place).
        foreach (var layer in Layers) RaiseLayerChanged(layer);
    }

    /// <inheritdoc />
    protected override void OnConnectionLost()
    {
        foreach (var layer in Layers) RaiseLayerChanged(layer);
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
        if (TryParse(Channel, payload, r => new IncidentEvent(r.GetProperty("id").GetInt64(), r.GetProperty("action").GetString() switch
            {
                "reported" => IncidentAction.Reported,
                "reviewed" => IncidentAction.Reviewed,
                _ => IncidentAction.Corrected,
            }, r.GetProperty("status").GetString() ?? "", r.GetProperty("version").GetInt32()), out var e))
            _fanout.Publish(e);
    }
}

/// <summary>A subscriber fell more than <see cref="IncidentEvents.QueueCapacity"/> events behind and was ended.</summary>
public sealed class SubscriberOverflowException()
    : Exception($"The subscriber fell more than {IncidentEvents.QueueCapacity} incident events behind and was ended; subscribe again.");
