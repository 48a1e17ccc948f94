using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.Incidents.Query;
using Npgsql;

namespace GeoMonitor.Api.Features.Stats;

/// <summary>Incident counts per bucket.</summary>
/// <param name="Bucket">day or week.</param>
/// <param name="TimeZone">Always UTC.</param>
/// <param name="Total">Incidents counted.</param>
/// <param name="Fatalities">Sum of their fatalities.</param>
/// <param name="Buckets">Every bucket, empty ones included.</param>
public sealed record StatsNode(string Bucket, string TimeZone, long Total, long Fatalities, IReadOnlyList<StatsBucketNode> Buckets);

/// <summary>One bucket.</summary>
public sealed record StatsBucketNode(DateTime Start, long Count, long Fatalities);

/// <summary>
/// Incident counts per UTC day or ISO week over a core filter (the query core's WHERE), for GET /api/stats/incidents
/// and GraphQL's incidentStats. Every bucket between from and to is listed, empty ones included.
/// </summary>
public sealed class StatsStore(NpgsqlDataSource db)
{
    private const int MaxBuckets = 20_000;

    /// <summary>Counts <paramref name="filter"/>'s matches per <paramref name="bucket"/> (day or week), with the REST API's access-path hint.</summary>
    public async Task<StatsNode> CountAsync(IncidentFilter filter, IncidentPlan plan, string bucket, CancellationToken ct)
    {
        // bucket is "day" or "week" from the enum, never free text.
        if (bucket is not ("day" or "week")) throw new ArgumentOutOfRangeException(nameof(bucket));
        var sql = IncidentSql.Build(filter with { Page = new IncidentPage() }, plan);
        var text = sql.WithClause + $"""
            SELECT date_trunc('{bucket}', i.occurred_at AT TIME ZONE 'UTC') AS b, count(*), COALESCE(sum(i.fatalities), 0)
            FROM incidents i WHERE {sql.Where}
            GROUP BY b ORDER BY b
            """;
        var found = new SortedDictionary<DateTime, (long Count, long Fatalities)>();
        await using (var cmd = sql.Command(db, text))
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
        var buckets = new List<StatsBucketNode>();
        if (found.Count > 0 || (filter.From is not null && filter.To is not null))
        {
            if ((last - first).TotalDays / step > MaxBuckets)
                throw new QueryParameterException("from", $"More than {MaxBuckets} buckets: narrow from/to or use weekly buckets.");
            for (var b = first; b <= last; b = b.AddDays(step))
            {
                var (count, fatalities) = found.GetValueOrDefault(b);
                buckets.Add(new StatsBucketNode(b, count, fatalities));
            }
        }
        return new StatsNode(bucket, "UTC", found.Values.Sum(v => v.Count), found.Values.Sum(v => v.Fatalities), buckets);
    }

    private static DateTime Truncate(DateTime utc, string bucket)
    {
        var day = new DateTime(utc.Year, utc.Month, utc.Day, 0, 0, 0, DateTimeKind.Utc);
        if (bucket == "day") return day;
        var sinceMonday = ((int)day.DayOfWeek + 6) % 7;
        return day.AddDays(-sinceMonday);
    }
}
