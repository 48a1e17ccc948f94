using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.Incidents;
using GeoMonitor.Api.Features.Incidents.Query;
using GeoMonitor.Api.Infrastructure.Auth;

namespace GeoMonitor.Api.Features.Stats;

/// <summary>GET /api/stats/incidents: counts per day or week for charts, over the same filters as /api/incidents.</summary>
public static class StatsApi
{
    private const int MaxBuckets = 20_000;
    private static readonly string[] Parameters = [.. IncidentRequest.FilterParameters, "bucket"];

    /// <summary>Maps the stats endpoint on the /api group.</summary>
    public static RouteGroupBuilder MapStats(this RouteGroupBuilder api)
    {
        api.MapGet("/stats/incidents", GetIncidentStats).WithName("GetIncidentStats").WithTags("Stats")
            .WithSummary("Incident counts per day or week")
            .WithDescription("""
                The filters of GET /api/incidents, and bucket=day|week (default day). Buckets are UTC calendar days, or ISO weeks
                starting Monday 00:00 UTC; every bucket from `from` (or the first match) to `to` (or the last match) is listed,
                empty ones with count 0. Each bucket has count and the sum of fatalities.

                Example: GET /api/stats/incidents?zone=1701-area&from=2026-03-01&to=2026-06-01&bucket=week
                """)
            .Produces(200, contentType: "application/json").ProducesProblem(400).ProducesProblem(401).ProducesProblem(404);
        return api;
    }

    /// <summary>GET /api/stats/incidents.</summary>
    public static async Task<IResult> GetIncidentStats(HttpContext http, IncidentStore store, AcledCatalog acled, CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query, Parameters);
        var bucket = q.OneOf("bucket", "day", "week") ?? "day";
        var filter = await IncidentRequest.ReadFilterAsync(q, http.User.GetRole(), acled, ct);
        var plan = await store.EnsureSlugsExistAsync(filter, ct);
        var sql = IncidentSql.Build(filter, plan);
        var text = sql.WithClause + $"""
            SELECT date_trunc('{bucket}', i.occurred_at AT TIME ZONE 'UTC') AS b, count(*), COALESCE(sum(i.fatalities), 0)
            FROM incidents i WHERE {sql.Where}
            GROUP BY b ORDER BY b
            """;
        var found = new SortedDictionary<DateTime, (long Count, long Fatalities)>();
        await using (var cmd = sql.Command(store.Db, text))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
                found[DateTime.SpecifyKind(r.GetDateTime(0), DateTimeKind.Utc)] = (r.GetInt64(1), r.GetInt64(2));

        var step = bucket == "week" ? 7 : 1;
        var first = filter.From is { } f ? Truncate(f.UtcDateTime, bucket) : found.Keys.FirstOrDefault();
        var last = filter.To is { } t ? Truncate(t.UtcDateTime.AddTicks(-1), bucket) : found.Count > 0 ? found.Keys.Last() : first;
        if (found.Count > 0)
        {
            if (found.Keys.First() < first) first = found.Keys.First();
            if (found.Keys.Last() > last) last = found.Keys.Last();
        }
        var buckets = new List<object>();
        if (found.Count > 0 || (filter.From is not null && filter.To is not null))
        {
            if ((last - first).TotalDays / step > MaxBuckets)
                throw new QueryParameterException("from", $"More than {MaxBuckets} buckets: narrow from/to or use bucket=week.");
            for (var b = first; b <= last; b = b.AddDays(step))
            {
                var (count, fatalities) = found.GetValueOrDefault(b);
                buckets.Add(new { start = b, count, fatalities });
            }
        }
        return Results.Json(new
        {
            bucket,
            timeZone = "UTC",
            total = found.Values.Sum(v => v.Count),
            fatalities = found.Values.Sum(v => v.Fatalities),
            buckets,
        });
    }

    private static DateTime Truncate(DateTime utc, string bucket)
    {
        var day = new DateTime(utc.Year, utc.Month, utc.Day, 0, 0, 0, DateTimeKind.Utc);
        if (bucket == "day") return day;
        var sinceMonday = ((int)day.DayOfWeek + 6) % 7;
        return day.AddDays(-sinceMonday);
    }
}
