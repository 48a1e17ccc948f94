using GeoMonitor.Api.Infrastructure.Database;
using Npgsql;

namespace GeoMonitor.Api.Infrastructure.Health;

/// <summary>GET /health: whether the database answers, with the PostgreSQL and PostGIS versions.</summary>
public static class HealthApi
{
    /// <summary>Maps GET /health.</summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", GetHealth)
            .WithName("GetHealth")
            .WithTags("Health")
            .WithSummary("Service health")
            .WithDescription("""
                200 with the PostgreSQL and PostGIS versions when the database answers; 503 otherwise. With a read
                connection configured (ConnectionStrings:GeoMonitorRead), readReplica says whether it answers, whether it is
                a standby in recovery, and how far behind the primary its replay is (seconds since the last replayed
                transaction); an unreachable read connection makes the status "degraded" and the answer 503, since the
                read endpoints would fail. database is "ok", "unavailable", or, for the embedded cluster, "recovering" while
                its postmaster is gone and being restarted (or replaying its WAL). With the embedded cluster supervised,
                embeddedCluster gives the number of restarts since the API started, the last one's time, reason and
                duration, and during an outage since when and why the server is down.
                """)
            .Produces<HealthReport>(StatusCodes.Status200OK)
            .Produces<HealthReport>(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    /// <summary>The body of GET /health.</summary>
    public sealed record HealthReport(string Status, string? Postgres, string? PostGis, bool Embedded, string? Error,
        ReadReplicaReport? ReadReplica = null, string Database = "ok", EmbeddedClusterReport? EmbeddedCluster = null);

    /// <summary>The read connection's state, when one is configured.</summary>
    public sealed record ReadReplicaReport(string Status, bool? InRecovery, double? ReplayDelaySeconds);

    private static async Task<IResult> GetHealth(NpgsqlDataSource db, [FromKeyedServices(ReadReplica.Key)] NpgsqlDataSource read,
        DatabaseInfo info, CancellationToken ct)
    {
        var report = await PrimaryAsync(db, info, ct);
        if (!info.HasReadReplica || report.Status == "unavailable")
            return Results.Json(report, statusCode: report.Status == "ok" ? 200 : 503);
        var replica = await ReplicaAsync(read, ct);
        report = report with { ReadReplica = replica, Status = replica.Status == "ok" ? report.Status : "degraded" };
        return Results.Json(report, statusCode: report.Status == "ok" ? 200 : 503);
    }

    private static async Task<HealthReport> PrimaryAsync(NpgsqlDataSource db, DatabaseInfo info, CancellationToken ct)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            await using var cmd = db.CreateCommand("SELECT current_setting('server_version'), postgis_lib_version()");
            await using var r = await cmd.ExecuteReaderAsync(timeout.Token);
            await r.ReadAsync(timeout.Token);
            return new HealthReport(info.Ready ? "ok" : "starting", r.GetString(0), r.GetString(1), info.Embedded is not null, null,
                EmbeddedCluster: info.Supervision?.Current);
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException or InvalidOperationException)
        {
            info.Supervision?.ConnectionFailed();
            // The reason is kept generic: connection details do not belong in a public response.
            return new HealthReport("unavailable", null, null, info.Embedded is not null, "database unavailable",
                Database: Recovering(info) ? "recovering" : "unavailable", EmbeddedCluster: info.Supervision?.Current);
        }
    }

    /// <summary>
    /// Whether the embedded server is on its way back: its postmaster is gone and supervised (it is being restarted), or
    /// alive but not yet accepting connections (replaying its WAL).
    /// </summary>
    private static bool Recovering(DatabaseInfo info)
    {
        if (info.Embedded is not { } pg || !ServerProcesses.Supported) return false;
        var probe = pg.Probe();
        return probe.Alive ? !probe.Ready : info.Supervision is not null;
    }

    private static async Task<ReadReplicaReport> ReplicaAsync(NpgsqlDataSource read, CancellationToken ct)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            // On a primary (a read connection pointed at it) there is no replay, so no delay.
            await using var cmd = read.CreateCommand("""
                SELECT pg_is_in_recovery(),
                       CASE WHEN pg_is_in_recovery() THEN extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8 END
                """);
            await using var r = await cmd.ExecuteReaderAsync(timeout.Token);
            await r.ReadAsync(timeout.Token);
            return new ReadReplicaReport("ok", r.GetBoolean(0), r.IsDBNull(1) ? null : Math.Round(r.GetDouble(1), 3));
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException or InvalidOperationException)
        {
            return new ReadReplicaReport("unavailable", null, null);
        }
    }
}
