using System.Text.Json;
using System.Threading.Channels;
using Npgsql;

namespace GeoMonitor.Api.Features.Notifications;

/// <summary>
/// Notifications filed, acknowledged or withdrawn by anyone on any API instance, heard once per process: one connection
/// LISTENs on <see cref="Channel"/> (V040's trigger, after commit) and hands each notification id to the subscribers
/// (Subscription.notificationChanged), each with a bounded queue; one that falls behind is ended rather than silently
/// missing changes. A lost connection is retried with a back-off; what was committed meanwhile is not heard.
/// </summary>
public sealed class NotificationEvents(NpgsqlDataSource db, ILogger<NotificationEvents> logger) : BackgroundService
{
    /// <summary>The NOTIFY channel.</summary>
    public const string Channel = "geomonitor_notifications";

    /// <summary>Changes a subscriber may have queued before it is ended.</summary>
    public const int QueueCapacity = 1_000;

    private readonly object _lock = new();
    private readonly List<Channel<long>> _subscribers = [];
    private TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the LISTEN is in place: changes committed after this are heard.</summary>
    public Task Listening
    {
        get
        {
            lock (_lock) return _listening.Task;
        }
    }

    /// <summary>The id of every notification changed from now until <paramref name="ct"/> is cancelled.</summary>
    public async IAsyncEnumerable<long> SubscribeAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        var channel = System.Threading.Channels.Channel.CreateBounded<long>(new BoundedChannelOptions(QueueCapacity) { SingleReader = true });
        lock (_lock) _subscribers.Add(channel);
        try
        {
            await foreach (var id in channel.Reader.ReadAllAsync(ct)) yield return id;
        }
        finally
        {
            lock (_lock) _subscribers.Remove(channel);
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var delay = TimeSpan.FromMilliseconds(250);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var conn = await db.OpenConnectionAsync(stoppingToken);
                conn.Notification += (_, n) => Publish(n.Payload);
                await using (var cmd = new NpgsqlCommand($"LISTEN {Channel}", conn)) await cmd.ExecuteNonQueryAsync(stoppingToken);
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
                try { await Task.Delay(delay, stoppingToken); }
                catch (OperationCanceledException) { return; }
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 10_000));
            }
        }
    }

    private void Publish(string payload)
    {
        long id;
        try
        {
            using var doc = JsonDocument.Parse(payload);
            id = doc.RootElement.GetProperty("id").GetInt64();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            logger.LogWarning(e, "Ignoring a malformed {Channel} payload: {Payload}", Channel, payload);
            return;
        }
        lock (_lock)
            foreach (var s in _subscribers)
                if (!s.Writer.TryWrite(id))
                    s.Writer.TryComplete(new InvalidOperationException($"The subscriber fell more than {QueueCapacity} notification changes behind; subscribe again."));
    }
}
