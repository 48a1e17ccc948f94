using System.Diagnostics;
using Npgsql;

namespace GeoMonitor.Api.Infrastructure.Database;

/// <summary>
/// Keeps the embedded cluster running while the API runs on it: watches the postmaster (its pid file and process,
/// every <c>GeoMonitor:EmbeddedSupervisor:IntervalMs</c>, and at once when a connection fails) and, when it has died,
/// starts it again — PostgreSQL replays its WAL before it accepts connections, so every committed transaction is
/// back and every interrupted one is gone. Restart attempts that fail are retried after an exponential back-off capped
/// at <c>MaxBackoffSeconds</c> (30), for as long as the API runs; the back-off starts from zero again once the server
/// has stayed up <c>StableAfterSeconds</c> (60). Registered only when the API owns the embedded cluster
/// (no <c>ConnectionStrings:GeoMonitor</c>); an external database is never started from here.
/// </summary>
/// <remarks>
/// A postmaster that is alive but not answering is left alone: restarting a live server is not this class's call.
/// Starts go through <see cref="EmbeddedPostgres.StartIfStopped"/>, which holds the data folder's lock and checks
/// <c>pg_ctl status</c> and the pid file first, so two postmasters never run on one folder.
/// </remarks>
public sealed class EmbeddedPostgresSupervisor(
    DatabaseInfo info, NpgsqlDataSource db, [FromKeyedServices(ReadReplica.Key)] NpgsqlDataSource read,
    IConfiguration config, ILogger<EmbeddedPostgresSupervisor> log) : BackgroundService
{
    /// <summary>The configuration section of the supervisor's settings.</summary>
    public const string Section = "GeoMonitor:EmbeddedSupervisor";

    /// <summary>First delay between failed attempts; doubled after each.</summary>
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(500);


    /// <summary>
    /// The pause before restart attempt <paramref name="attempt"/> (0-based since the cluster was last stable): none for
    /// the first, then 0.5 s doubling up to <paramref name="max"/>, and <paramref name="max"/> for ever after.
    /// </summary>
    public static TimeSpan Backoff(int attempt, TimeSpan max)
    {
        if (attempt <= 0) return TimeSpan.Zero;
        var delay = FirstBackoff * Math.Pow(2, Math.Min(attempt - 1, 30));
        return delay < max ? delay : max;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        if (info.Embedded is not { } pg || info.Supervision is not { } state) return;
        if (!ServerProcesses.Supported)
        {
            log.LogWarning("Embedded PostgreSQL is not supervised: watching the postmaster needs Linux's /proc");
            return;
        }
        var interval = TimeSpan.FromMilliseconds(config.GetValue($"{Section}:IntervalMs", 1000));
        var maxBackoff = TimeSpan.FromSeconds(config.GetValue($"{Section}:MaxBackoffSeconds", 30));
        // After this long up, the back-off starts from zero again; a postmaster that dies again sooner (a crash loop: a
        // full disk, a bad setting) is restarted with growing pauses instead of in a tight loop.
        var stableAfter = TimeSpan.FromSeconds(config.GetValue($"{Section}:StableAfterSeconds", 60));
        var attempt = 0;
        var up = Stopwatch.StartNew();
        var down = new Stopwatch();
        Stopwatch? starting = null; // a start of ours that pg_ctl stopped waiting for (recovery longer than its timeout)
        while (!ct.IsCancellationRequested)
        {
            try { await state.WaitForCheckAsync(interval, ct); }
            catch (OperationCanceledException) { return; }

            var probe = pg.Probe();
            if (probe.Alive)
            {
                if (state.Down && probe.Ready)
                {
                    BackUp(pg, state, starting?.Elapsed, down.Elapsed, 0);
                    starting = null;
                    up.Restart();
                }
                if (up.Elapsed > stableAfter) attempt = 0;
                continue;
            }

            if (!state.Down)
            {
                down.Restart();
                state.MarkDown(probe.Detail, DateTimeOffset.UtcNow);
                log.LogError("Embedded PostgreSQL is down: {Reason}. Restarting it (data: {Folder})", probe.Detail, pg.ClusterFolder);
            }
            var delay = Backoff(attempt, maxBackoff);
            if (delay > TimeSpan.Zero)
            {
                try { await Task.Delay(delay, ct); }
                catch (OperationCanceledException) { return; }
            }
            attempt++;
            try
            {
                starting = Stopwatch.StartNew();
                var result = await Task.Run(pg.StartIfStopped, ct);
                BackUp(pg, state, result.Started ? result.Took : null, down.Elapsed, result.LeftoversKilled);
                starting = null;
                up.Restart();
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return; }
            catch (Exception e)
            {
                // Whatever failed (the start itself, the lock, the file system), the next attempt comes after the back-off:
                // the supervisor does not give up while the API runs.
                log.LogError("Restart attempt {Attempt} of the embedded PostgreSQL failed ({Message}); next attempt in {Delay} s",
                    attempt, e.Message, Backoff(attempt, maxBackoff).TotalSeconds);
            }
        }
    }

    /// <summary>The server accepts connections again: after a start of ours (<paramref name="took"/>), or someone else's.</summary>
    private void BackUp(EmbeddedPostgres pg, EmbeddedClusterState state, TimeSpan? took, TimeSpan downFor, int leftovers)
    {
        ClearPools();
        if (took is null)
        {
            state.MarkUp();
            log.LogWarning("Embedded PostgreSQL is running again after {DownMs} ms (started outside the API)", (long)downFor.TotalMilliseconds);
            return;
        }
        var reason = state.Current.DownReason ?? "the postmaster was gone";
        state.MarkRestarted(reason, DateTimeOffset.UtcNow, took.Value);
        log.LogWarning(
            "Embedded PostgreSQL restarted (restart {Count} since the API started) after: {Reason}. Crash recovery and start took {RecoveryMs} ms; "
            + "down for {DownMs} ms since the supervisor noticed; {Leftovers} leftover server processes killed. Server log: {Log}",
            state.Current.Restarts, reason, (long)took.Value.TotalMilliseconds, (long)downFor.TotalMilliseconds, leftovers, pg.ServerLog);
    }

    /// <summary>Every pooled connection was to the dead server: drop them rather than hand each to one more request.</summary>
    private void ClearPools()
    {
        db.Clear();
        if (!ReferenceEquals(db, read)) read.Clear();
    }
}
