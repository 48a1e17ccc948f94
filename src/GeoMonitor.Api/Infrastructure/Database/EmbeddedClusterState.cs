namespace GeoMonitor.Api.Infrastructure.Database;

/// <summary>
/// What the <see cref="EmbeddedPostgresSupervisor"/> knows about the embedded cluster, shared with /health (which
/// reports it) and with the code that sees connections fail (which wakes the supervisor up early).
/// </summary>
public sealed class EmbeddedClusterState
{
    private readonly SemaphoreSlim _wake = new(0, 1);
    private volatile EmbeddedClusterReport _current = new(0, null, null, null, null, null);

    /// <summary>The latest state (an immutable snapshot; only the supervisor replaces it).</summary>
    public EmbeddedClusterReport Current => _current;

    /// <summary>Whether the supervisor has seen the postmaster gone and has not yet brought it back.</summary>
    public bool Down => _current.DownSince is not null;

    /// <summary>
    /// A connection to the database failed: the supervisor looks at the postmaster now rather than at its next tick.
    /// Cheap and safe to call from any request.
    /// </summary>
    public void ConnectionFailed()
    {
        try { if (_wake.CurrentCount == 0) _wake.Release(); }
        catch (SemaphoreFullException) { }
    }

    /// <summary>Waits for the next check: <paramref name="interval"/>, or sooner after <see cref="ConnectionFailed"/>.</summary>
    internal Task WaitForCheckAsync(TimeSpan interval, CancellationToken ct) => _wake.WaitAsync(interval, ct);

    internal void MarkDown(string reason, DateTimeOffset at) =>
        _current = _current with { DownSince = _current.DownSince ?? at, DownReason = reason };

    internal void MarkRestarted(string reason, DateTimeOffset at, TimeSpan took) =>
        _current = _current with
        {
            Restarts = _current.Restarts + 1, LastRestartAt = at, LastRestartReason = reason,
            LastRecoveryMs = (long)took.TotalMilliseconds, DownSince = null, DownReason = null,
        };

    internal void MarkUp() => _current = _current with { DownSince = null, DownReason = null };
}

/// <summary>The embedded cluster's supervision, as /health reports it.</summary>
/// <param name="Restarts">How many times this API process has restarted the postmaster after it died.</param>
/// <param name="LastRestartAt">When the last of those restarts completed (the server accepted connections again).</param>
/// <param name="LastRestartReason">What the supervisor saw that made it restart the postmaster.</param>
/// <param name="LastRecoveryMs">How long that restart took, from <c>pg_ctl start</c> to accepting connections (crash
/// recovery included).</param>
/// <param name="DownSince">While the postmaster is gone: since when the supervisor has seen it gone.</param>
/// <param name="DownReason">While the postmaster is gone: what the supervisor saw.</param>
public sealed record EmbeddedClusterReport(int Restarts, DateTimeOffset? LastRestartAt, string? LastRestartReason,
    long? LastRecoveryMs, DateTimeOffset? DownSince, string? DownReason);
