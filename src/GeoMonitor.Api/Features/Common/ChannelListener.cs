using Npgsql;

namespace GeoMonitor.Api.Features.Common;

/// <summary>
/// A process's one dedicated connection that LISTENs on some NOTIFY channels, for the live feeds (incident events, the
/// layer caches, pre-notifications, the clarification hotline). A NOTIFY is delivered after its transaction commits,
/// whoever wrote it and on whichever API instance, so every instance hears every change. When the connection drops it
/// is opened again with a doubling back-off (250 ms to 10 s); what was committed meanwhile is not heard, which is why a
/// feed is told (<see cref="OnListening"/> with <c>reconnected</c>, <see cref="OnConnectionLost"/>) and can say so to
/// its subscribers or drop its caches.
/// </summary>
public abstract class ChannelListener(NpgsqlDataSource db, ILogger logger) : BackgroundService
{
    private readonly object _lock = new();
    private TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The channels, constants of the migrations that NOTIFY on them (never from input).</summary>
    protected abstract IReadOnlyList<string> Channels { get; }

    /// <summary>One notification, on the listener's thread: keep it short.</summary>
    protected abstract void OnNotification(string channel, string payload);

    /// <summary>
    /// The LISTEN is in place; <paramref name="reconnected"/> when an earlier connection was lost, so that changes may
    /// have gone unheard.
    /// </summary>
    protected virtual void OnListening(bool reconnected) { }

    /// <summary>The connection was lost; a new one follows after the back-off.</summary>
    protected virtual void OnConnectionLost() { }

    /// <summary>Completes once the LISTEN is in place (again after a reconnect): changes committed after this are heard.</summary>
    public Task Listening
    {
        get
        {
            lock (_lock) return _listening.Task;
        }
    }

    /// <summary>Whether the LISTEN is in place now (a cache fed by the notifications may only be trusted then).</summary>
    // Read on hot paths (every layer look-up of a resolver): a volatile read of the reference, no lock; it is replaced
    // under the lock, and a reference is read whole.
    public bool IsListening => Volatile.Read(ref _listening).Task.IsCompletedSuccessfully;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var delay = TimeSpan.FromMilliseconds(250);
        var first = true;
        var listen = string.Join("; ", Channels.Select(c => "LISTEN " + c));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var conn = await db.OpenConnectionAsync(stoppingToken);
                conn.Notification += (_, n) => OnNotification(n.Channel, n.Payload);
                await using (var cmd = new NpgsqlCommand(listen, conn)) await cmd.ExecuteNonQueryAsync(stoppingToken);
                if (!first) logger.LogInformation("Listening on {Channels} again; changes made while disconnected were not heard", Channels);
                OnListening(!first);
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
                logger.LogWarning(e, "The {Channels} listener lost its connection; retrying in {Delay} ms", Channels, delay.TotalMilliseconds);
                lock (_lock)
                    if (_listening.Task.IsCompleted) _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
                OnConnectionLost();
                try { await Task.Delay(delay, stoppingToken); }
                catch (OperationCanceledException) { return; }
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 10_000));
            }
        }
    }

    /// <summary>Reads a JSON payload with <paramref name="parse"/>; a malformed one is logged and false returned.</summary>
    protected bool TryParse<T>(string channel, string payload, Func<System.Text.Json.JsonElement, T> parse, out T value)
    {
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(payload);
            value = parse(doc.RootElement);
            return true;
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            logger.LogWarning(ex, "Ignoring a malformed {Channel} payload: {Payload}", channel, payload);
            value = default!;
            return false;
        }
    }
}
