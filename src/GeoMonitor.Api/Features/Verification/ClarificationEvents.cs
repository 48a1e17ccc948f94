using GeoMonitor.Api.Features.Common;
using Npgsql;

namespace GeoMonitor.Api.Features.Verification;

/// <summary>One committed change of a clarification request: <c>requested</c>, <c>answered</c> or <c>closed</c>.</summary>
/// <param name="Id">The request's id.</param>
/// <param name="Action">What happened.</param>
public sealed record ClarificationEvent(long Id, string Action);

/// <summary>
/// The hotline's live feed, heard once per process on <see cref="Channel"/> (V034 sends one NOTIFY per new request and
/// per change of status, after commit, whoever wrote it and on whichever instance) and fanned out to in-process
/// subscribers (the clarificationRequested subscription of a duty officer's screen). A subscriber that falls
/// <see cref="QueueCapacity"/> events behind is ended rather than left silently missing requests.
/// </summary>
public sealed class ClarificationEvents(NpgsqlDataSource db, ILogger<ClarificationEvents> logger) : ChannelListener(db, logger)
{
    /// <summary>The NOTIFY channel of V034__clarifications.sql.</summary>
    public const string Channel = "geomonitor_clarifications";

    /// <summary>Events a subscriber may have queued before it is ended.</summary>
    public const int QueueCapacity = 1000;

    private readonly EventFanout<ClarificationEvent> _fanout = new(QueueCapacity,
        () => new InvalidOperationException($"The subscriber fell more than {QueueCapacity} clarification events behind; subscribe again."));

    /// <summary>Every event from now until <paramref name="ct"/> is cancelled.</summary>
    public IAsyncEnumerable<ClarificationEvent> SubscribeAsync(CancellationToken ct = default) => _fanout.SubscribeAsync(ct);

    /// <inheritdoc />
    protected override IReadOnlyList<string> Channels { get; } = [Channel];

    /// <inheritdoc />
    protected override void OnNotification(string channel, string payload)
    {
        if (TryParse(channel, payload, r => new ClarificationEvent(r.GetProperty("id").GetInt64(), r.GetProperty("action").GetString() ?? ""), out var e))
            _fanout.Publish(e);
    }
}
