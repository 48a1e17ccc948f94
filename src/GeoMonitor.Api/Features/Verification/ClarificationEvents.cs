using System.Text.Json;
using Npgsql;

namespace GeoMonitor.Api.Features.Verification;

/// <summary>One committed change of a clarification request: <c>requested</c>, <c>answered</c> or <c>closed</c>.</summary>
/// <param name="Id">The request's id.</param>
/// <param name="Action">What happened.</param>
public sealed record ClarificationEvent(long Id, string Action);

/// <summary>
/// The hotline's live feed, heard once per process: a dedicated connection LISTENs on <see cref="Channel"/> (V034 sends one
/// NOTIFY per new request and per change of status, after commit, whoever wrote it and on whichever instance) and fans
/// each event out to in-process subscribers (the clarificationRequested subscription of a duty officer's screen). As with
/// the incident events (Features/Incidents/Events), a subscriber that falls <see cref="QueueCapacity"/> events behind is
/// ended rather than left silently missing requests; a lost connection is re-established with back-off.
/// </summary>
public sealed class ClarificationEvents(NpgsqlDataSource db, ILogger<ClarificationEvents> logger) : BackgroundService
{
    /// <summary>The NOTIFY channel of V034__clarifications.sql.</summary>
    public const string Channel = "geomonitor_clarifications";

    /// <summary>Events a subscriber may have queued before it is ended.</summary>
    public const int QueueCapacity = 1000;

    private readonly object _lock = new();
    private readonly Common.EventFanout<ClarificationEvent> _fanout = new(QueueCapacity,
        () => new InvalidOperationException($"The subscriber fell more than {QueueCapacity} clarification events behind; subscribe again."));
    private TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the LISTEN is in place: requests committed after this are heard.</summary>
    public Task Listening
    {
        get
        {
            lock (_lock) return _listening.Task;
        }
    }

    /// <summary>Every event from now until <paramref name="ct"/> is cancelled.</summary>
    public IAsyncEnumerable<ClarificationEvent> SubscribeAsync(CancellationToken ct = default) => _fanout.SubscribeAsync(ct);

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
        ClarificationEvent e;
        try
        {
            using var doc = JsonDocument.Parse(payload);
            e = new ClarificationEvent(doc.RootElement.GetProperty("id").GetInt64(), doc.RootElement.GetProperty("action").GetString() ?? "");
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            logger.LogWarning(ex, "Ignoring a malformed {Channel} payload: {Payload}", Channel, payload);
            return;
        }
        _fanout.Publish(e);
    }
}
