using System.Net.Sockets;
using GeoMonitor.Api.Infrastructure.Database;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace GeoMonitor.Api.Infrastructure.Errors;

/// <summary>
/// When the database cannot be reached, a request gets 503 with Retry-After (a client should send the same
/// request again later; idempotent uploads make that safe) instead of a 500. With the embedded cluster, the failure
/// also makes the supervisor look at the postmaster at once.
/// </summary>
public sealed class DatabaseUnavailableHandler(ILogger<DatabaseUnavailableHandler> log, NpgsqlDataSource db, DatabaseInfo info) : IExceptionHandler
{
    /// <summary>Seconds a client is asked to wait.</summary>
    public const int RetryAfterSeconds = 5;

    /// <inheritdoc />
    public async ValueTask<bool> TryHandleAsync(HttpContext ctx, Exception e, CancellationToken ct)
    {
        if (!IsUnavailable(e) || ctx.Response.HasStarted) return false;
        log.LogWarning("Database unavailable: {Message}", e.Message);
        // The pool's idle connections died with the one that failed; without this, the first requests after the
        // database returns would each draw a dead connection and get another 503.
        db.Clear();
        info.Supervision?.ConnectionFailed();
        ctx.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        ctx.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Results.Problem(statusCode: 503, title: "Service unavailable", type: ProblemSetup.TypeBase + "database-unavailable",
            detail: $"The database is not reachable right now; nothing was written. Retry after {RetryAfterSeconds} s.").ExecuteAsync(ctx);
        return true;
    }

    /// <summary>Whether an exception means "the database is not reachable" rather than a bug or bad data.</summary>
    public static bool IsUnavailable(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is SocketException or TimeoutException) return true;
            if (e is PostgresException pg)
                // Class 08 (connection), 57P0x (shutdown, crash recovery, cannot connect now), 53300 (too many connections).
                return pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState.StartsWith("57P0", StringComparison.Ordinal) || pg.SqlState == "53300";
            if (e is NpgsqlException { IsTransient: true }) return true;
        }
        return false;
    }
}
