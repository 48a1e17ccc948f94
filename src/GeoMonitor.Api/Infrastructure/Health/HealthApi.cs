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
            .WithDescription("200 with the PostgreSQL and PostGIS versions when the database answers; 503 otherwise.")
            .Produces<HealthReport>(StatusCodes.Status200OK)
            .Produces<HealthReport>(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    /// <summary>The body of GET /health.</summary>
    public sealed record HealthReport(string Status, string? Postgres, string? PostGis, bool Embedded, string? Error);

    private static async Task<IResult> GetHealth(NpgsqlDataSource db, DatabaseInfo info, CancellationToken ct)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            await using var cmd = db.CreateCommand("SELECT current_setting('server_version'), postgis_lib_version()");
            await using var r = await cmd.ExecuteReaderAsync(timeout.Token);
            await r.ReadAsync(timeout.Token);
            var report = new HealthReport(info.Ready ? "ok" : "starting", r.GetString(0), r.GetString(1), info.Embedded is not null, null);
            return Results.Json(report, statusCode: info.Ready ? 200 : 503);
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException or InvalidOperationException)
        {
            // The reason is kept generic: connection details do not belong in a public response.
            return Results.Json(new HealthReport("unavailable", null, null, info.Embedded is not null, "database unavailable"), statusCode: 503);
        }
    }
}
