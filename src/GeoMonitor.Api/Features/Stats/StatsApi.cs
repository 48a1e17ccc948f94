using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.Incidents;
using GeoMonitor.Api.Features.Incidents.Query;
using GeoMonitor.Api.Infrastructure.Auth;

using GeoMonitor.Api.Infrastructure.OpenApi;

namespace GeoMonitor.Api.Features.Stats;

/// <summary>GET /api/stats/incidents: counts per day or week for charts, over the same filters as /api/incidents.</summary>
public static class StatsApi
{
    private static readonly string[] Parameters = [.. IncidentRequest.FilterParameters, "bucket"];

    /// <summary>Maps the stats endpoint on the /api group.</summary>
    public static RouteGroupBuilder MapStats(this RouteGroupBuilder api)
    {
        api.MapGet("/stats/incidents", GetIncidentStats).WithName("GetIncidentStats").WithQuery(Parameters).WithTags("Stats")
            .WithSummary("Incident counts per day or week")
            .WithDescription("""
                The filters of GET /api/incidents, and bucket=day|week (default day). Buckets are UTC calendar days, or ISO weeks
                starting Monday 00:00 UTC; every bucket from `from` (or the first match) to `to` (or the last match) is listed,
                empty ones with count 0. Each bucket has count and the sum of fatalities.

                Example: GET /api/stats/incidents?zone=1701-area&from=2026-03-01&to=2026-06-01&bucket=week
                """)
            .Produces<StatsNode>(200).ProducesProblem(400).ProducesProblem(401).ProducesProblem(404);
        return api;
    }

    /// <summary>GET /api/stats/incidents.</summary>
    public static async Task<IResult> GetIncidentStats(HttpContext http, IncidentStore store, StatsStore stats, AcledCatalog acled, CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query, Parameters);
        var bucket = q.OneOf("bucket", "day", "week") ?? "day";
        var filter = await IncidentRequest.ReadFilterAsync(q, Caller.Of(http.User), acled, ct);
        var plan = await store.EnsureSlugsExistAsync(filter, ct);
        return Results.Json(await stats.CountAsync(filter, plan, bucket, ct));
    }
}
