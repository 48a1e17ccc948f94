using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.Incidents;
using GeoMonitor.Api.Features.Incidents.Query;
using GeoMonitor.Api.Infrastructure.Auth;
using Microsoft.Extensions.Primitives;
using Npgsql;

namespace GeoMonitor.Api.Ogc;

/// <summary>
/// The incidents collection over the shared filter model: the OGC parameters (bbox with bbox-crs, datetime) and the
/// REST filter parameters (zone, truce, eventType, status, …, read by the REST API's own reader) make one
/// <see cref="IncidentFilter"/>, which <see cref="IncidentSql"/> turns into SQL. The same question asked at /api and
/// at /ogc therefore selects the same rows, and features are written by the REST API's writer.
/// </summary>
public static class OgcIncidentQuery
{
    /// <summary>Above this many matches numberMatched is left out rather than counted exactly (see docs/ogc.md).</summary>
    public const int CountCap = 100_000;

    /// <summary>The REST filter parameters that OGC clients may use as property filters (bbox, from and to are OGC's bbox and datetime here).</summary>
    public static readonly string[] FilterParameters =
        IncidentRequest.FilterParameters.Where(p => p is not ("bbox" or "from" or "to")).ToArray();

    private const string RestGeometry = "ST_AsGeoJSON(i.geom, 6, 0)";

    /// <summary>The REST select list with the geometry written in <paramref name="crs"/>.</summary>
    public static string Columns(OgcCrs crs)
    {
        // Guard: if the REST writer's select list changes shape, fail loudly rather than serve the wrong CRS.
        if (!IncidentColumns.Select.Contains(RestGeometry, StringComparison.Ordinal))
            throw new InvalidOperationException("IncidentColumns.Select no longer contains " + RestGeometry);
        return IncidentColumns.Select.Replace(RestGeometry, crs.GeoJsonSql("i.geom"), StringComparison.Ordinal);
    }

    /// <summary>Reads the shared filter from the request's REST filter parameters (other parameters are the caller's).</summary>
    public static async Task<IncidentFilter> ReadFilterAsync(HttpRequest request, Features.Common.Caller viewer, AcledCatalog acled, CancellationToken ct)
    {
        var only = new Dictionary<string, StringValues>();
        foreach (var (k, v) in request.Query)
            if (FilterParameters.Contains(k)) only[k] = v;
        var q = new QueryReader(new QueryCollection(only), FilterParameters);
        return await IncidentRequest.ReadFilterAsync(q, viewer, acled, ct);
    }

    /// <summary>The number of matches, or null when there are more than <see cref="CountCap"/>.</summary>
    public static async Task<long?> CountAsync(NpgsqlDataSource db, IncidentFilter filter, IncidentPlan plan, CancellationToken ct)
    {
        var q = IncidentSql.Build(filter with { Page = new IncidentPage() }, plan);
        await using var cmd = q.Command(db,
            $"{q.WithClause}SELECT count(*) FROM (SELECT 1 FROM incidents {IncidentSql.Alias} WHERE {q.Where} LIMIT {CountCap + 1}) s");
        var n = (long)(await cmd.ExecuteScalarAsync(ct))!;
        return n > CountCap ? null : n;
    }

    /// <summary>The keyset token of the current row in <paramref name="order"/>.</summary>
    public static string CursorOf(NpgsqlDataReader r, IncidentOrder order)
    {
        var (t, id) = IncidentColumns.Position(r);
        return new IncidentCursor(t, id, order).Encode();
    }

    /// <summary>
    /// A page in a sortby order other than occurred_at's: the shared filter's WITH and WHERE (so the same rows as every
    /// other surface), then the sort's keyset condition, order and key columns (<see cref="OgcSort"/>).
    /// </summary>
    public static NpgsqlCommand SortedPage(NpgsqlConnection conn, IncidentFilter filter, IncidentPlan plan, string columns, OgcSort sort,
        OgcSortAfter? after, int limit)
    {
        var q = IncidentSql.Build(filter with { Page = new IncidentPage() }, plan);
        var where = q.Where + (after is null ? "" : "\n  AND " + after.Sql);
        var cmd = q.Command(conn, $"""
            {q.WithClause}SELECT {columns}, {sort.Columns}
            FROM incidents {IncidentSql.Alias}
            WHERE {where}
            ORDER BY {sort.OrderBy}
            LIMIT @sort_limit
            """);
        foreach (var p in after?.Parameters ?? []) cmd.Parameters.Add(p.Clone());
        cmd.Parameters.Add(new NpgsqlParameter("sort_limit", NpgsqlTypes.NpgsqlDbType.Integer) { Value = limit + 1 });
        return cmd;
    }
}
