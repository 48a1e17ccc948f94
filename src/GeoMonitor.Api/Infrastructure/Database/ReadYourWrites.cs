using System.Diagnostics;
using System.Text.RegularExpressions;
using GeoMonitor.Api.Infrastructure.Errors;
using Npgsql;

namespace GeoMonitor.Api.Infrastructure.Database;

/// <summary>
/// Read-your-writes across a lagging standby (only when <see cref="ReadReplica"/> has a separate read connection).
/// A successful write answers with <c>GeoMonitor-Commit-LSN</c>: the primary's WAL position after its commit. A
/// request that sends it back as <c>GeoMonitor-Min-LSN</c> is held until the standby has replayed that far (checked
/// every 20 ms, for at most <c>GeoMonitor:ReadReplica:MaxWaitMs</c>, default 2000), so it sees the write; if the
/// standby does not get there in time the answer is 503 with Retry-After, never a stale answer presented as fresh.
/// Without the header, reads take the standby as it is.
/// </summary>
public static partial class ReadYourWrites
{
    /// <summary>The response header of writes.</summary>
    public const string CommitHeader = "GeoMonitor-Commit-LSN";

    /// <summary>The request header of reads that must see a write.</summary>
    public const string MinHeader = "GeoMonitor-Min-LSN";

    /// <summary>Adds the middleware (it does nothing when reads go to the primary).</summary>
    public static WebApplication UseReadYourWrites(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<DatabaseInfo>().HasReadReplica) return app;
        var primary = app.Services.GetRequiredService<NpgsqlDataSource>();
        var read = app.Services.GetRequiredKeyedService<NpgsqlDataSource>(ReadReplica.Key);
        var maxWait = TimeSpan.FromMilliseconds(app.Configuration.GetValue("GeoMonitor:ReadReplica:MaxWaitMs", 2000));
        app.Use(async (http, next) =>
        {
            var wanted = http.Request.Headers[MinHeader].ToString();
            if (wanted.Length > 0 && !await WaitForReplayAsync(http, read, wanted.Trim(), maxWait)) return;
            if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method) && !HttpMethods.IsOptions(http.Request.Method))
                http.Response.OnStarting(() => StampCommitAsync(http, primary));
            await next(http);
        });
        return app;
    }

    // After the handler committed and before the headers leave: the primary's current WAL position covers the commit.
    private static async Task StampCommitAsync(HttpContext http, NpgsqlDataSource primary)
    {
        if (http.Response.StatusCode >= 400) return;
        try
        {
            await using var cmd = primary.CreateCommand("SELECT pg_current_wal_lsn()::text");
            http.Response.Headers[CommitHeader] = (string)(await cmd.ExecuteScalarAsync(http.RequestAborted))!;
        }
        catch (NpgsqlException)
        {
            // The write is committed and its answer is on its way: a missing token only means the client cannot ask to wait.
        }
    }

    private static async Task<bool> WaitForReplayAsync(HttpContext http, NpgsqlDataSource read, string wanted, TimeSpan maxWait)
    {
        if (!Lsn().IsMatch(wanted))
        {
            await Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", type: ProblemSetup.TypeBase + "invalid-header",
                detail: $"'{MinHeader}' must be a WAL position as returned in {CommitHeader} (e.g. 0/3000148), got '{Shorten(wanted)}'.",
                extensions: new Dictionary<string, object?> { ["header"] = MinHeader }).ExecuteAsync(http);
            return false;
        }
        var clock = Stopwatch.StartNew();
        string? replayed = null;
        while (true)
        {
            await using (var cmd = read.CreateCommand("SELECT pg_last_wal_replay_lsn()::text, coalesce(pg_last_wal_replay_lsn() >= $1::pg_lsn, true)"))
            {
                cmd.Parameters.AddWithValue(wanted);
                await using var r = await cmd.ExecuteReaderAsync(http.RequestAborted);
                await r.ReadAsync(http.RequestAborted);
                replayed = r.IsDBNull(0) ? null : r.GetString(0);
                // Not a standby (the read connection points at a primary): nothing to wait for.
                if (r.GetBoolean(1)) return true;
            }
            if (clock.Elapsed >= maxWait) break;
            await Task.Delay(20, http.RequestAborted);
        }
        http.Response.Headers.RetryAfter = "1";
        await Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Read replica behind",
            type: ProblemSetup.TypeBase + "replica-behind",
            detail: $"The read replica has replayed up to {replayed}, not yet {wanted}, after waiting {maxWait.TotalMilliseconds:0} ms. Retry shortly.",
            extensions: new Dictionary<string, object?> { ["header"] = MinHeader }).ExecuteAsync(http);
        return false;
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";

    [GeneratedRegex("^[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}$")]
    private static partial Regex Lsn();
}
