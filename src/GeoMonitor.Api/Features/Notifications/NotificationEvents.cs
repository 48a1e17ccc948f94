using GeoMonitor.Api.Features.Common;
using Npgsql;

namespace GeoMonitor.Api.Features.Notifications;

/// <summary>
/// Notifications filed, acknowledged or withdrawn by anyone on any API instance, heard once per process on
/// <see cref="Channel"/> (V040's trigger, after commit); each notification id goes to the subscribers
/// (Subscription.notificationChanged), each with a bounded queue; one that falls behind is ended rather than silently
/// missing changes.
/// </summary>
public sealed class NotificationEvents(NpgsqlDataSource db, ILogger<NotificationEvents> logger) : ChannelListener(db, logger)
{
    /// <summary>The NOTIFY channel.</summary>
    public const string Channel = "geomonitor_notifications";

    /// <summary>Changes a subscriber may have queued before it is ended.</summary>
    public const int QueueCapacity = 1_000;

    private readonly EventFanout<long> _fanout = new(QueueCapacity,
        () => new InvalidOperationException($"The subscriber fell more than {QueueCapacity} notification changes behind; subscribe again."));

    /// <summary>The id of every notification changed from now until <paramref name="ct"/> is cancelled.</summary>
    public IAsyncEnumerable<long> SubscribeAsync(CancellationToken ct = default) => _fanout.SubscribeAsync(ct);

    /// <inheritdoc />
    protected override IReadOnlyList<string> Channels { get; } = [Channel];

    /// <inheritdoc />
    protected override void OnNotification(string channel, string payload)
    {
        if (TryParse(channel, payload, r => r.GetProperty("id").GetInt64(), out var id)) _fanout.Publish(id);
    }
}
