using System.Text;
using System.Text.RegularExpressions;
using GeoMonitor.Api.Features.Incidents;
using GeoMonitor.Api.Features.Incidents.Query;
using Npgsql;
using NpgsqlTypes;

namespace GeoMonitor.Api.GraphQL.Data;

/// <summary>
/// Incident reads for the GraphQL batch loaders: many pages (one per parent zone, truce or alias) in ONE statement.
/// <para>
/// Each page is the query core's own statement (<see cref="IncidentSql"/>, the builder REST uses), so every page means
/// exactly what GET /api/incidents means for the same filter. The statements become parenthesized branches of one
/// UNION ALL; the builder's parameter names (gm_*) get a per-branch prefix so the branches do not collide, and each
/// branch keeps its own CTEs, plan and LIMIT. One round trip, however many parents the response has.
/// </para>
/// </summary>
public sealed partial class IncidentBatchStore(NpgsqlDataSource db, LayerCache layers)
{
    private const string Columns = IncidentColumns.Select;

    /// <summary>The data source.</summary>
    public NpgsqlDataSource Db => db;

    /// <summary>
    /// Reads every page in one statement. The incidents find their layers through <paramref name="incidentLayers"/>
    /// (the request's, from a loader); without it, through the layer cache, one table read per call when it is cold.
    /// </summary>
    public async Task<IReadOnlyList<IncidentPageResult>> PagesAsync(IReadOnlyList<IncidentPageQuery> pages, CancellationToken ct,
        IncidentLayers? incidentLayers = null)
    {
        if (pages.Count == 0) return [];
        incidentLayers ??= new IncidentLayers(layers, new Dictionary<string, object?>(), ct);
        await using var cmd = db.CreateCommand();
        var sql = new StringBuilder();
        for (var k = 0; k < pages.Count; k++)
        {
            if (k > 0) sql.Append("\nUNION ALL\n");
            var (text, parameters) = Branch(k, pages[k]);
            sql.Append('(').Append(Prefix(text, k)).Append(')');
            foreach (var p in parameters) cmd.Parameters.Add(Renamed(p, k));
        }
        cmd.CommandText = sql.ToString();
        var rows = pages.Select(_ => new List<IncidentNode>()).ToArray();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
                rows[r.GetInt32(0)].Add(ReadRow(r, incidentLayers));
        var results = new IncidentPageResult[pages.Count];
        for (var k = 0; k < pages.Count; k++)
        {
            var q = pages[k];
            var list = rows[k];
            // UNION ALL keeps each branch's order in practice, but SQL does not promise it: sort again by the keyset.
            list.Sort(Comparer(q.Order));
            var hasNext = list.Count > q.Limit;
            if (hasNext) list.RemoveRange(q.Limit, list.Count - q.Limit);
            results[k] = new IncidentPageResult(q, list, hasNext);
        }
        return results;
    }

    /// <summary>
    /// The pages of incident connections. A single page (one parent: the headline query's zone, the root list) is
    /// streamed: read when the response's list asks for its rows, while the engine writes each row
    /// (<see cref="IncidentPageSource"/>). Several pages are read together in one statement, as <see cref="PagesAsync"/>
    /// reads them, so that a level of many parents still costs one round trip.
    /// </summary>
    public async Task<IReadOnlyList<IncidentPageSource>> ConnectionPagesAsync(IReadOnlyList<IncidentPageQuery> pages, IncidentLayers incidentLayers,
        CancellationToken ct)
    {
        if (pages.Count == 1) return [IncidentPageSource.Streamed(this, pages[0], incidentLayers, ct)];
        return [.. (await PagesAsync(pages, ct, incidentLayers)).Select(IncidentPageSource.Read)];
    }

    /// <summary>The statement of one page alone: its branch of <see cref="PagesAsync"/>, so the same SQL and columns.</summary>
    internal NpgsqlCommand PageCommand(IncidentPageQuery page)
    {
        var cmd = db.CreateCommand();
        var (text, parameters) = Branch(0, page);
        cmd.CommandText = text;
        foreach (var p in parameters) cmd.Parameters.Add(p.Clone());
        return cmd;
    }

    /// <summary>A row of a page's statement: the branch number, the incident's columns, the distance it is ordered by.</summary>
    internal static IncidentNode ReadRow(NpgsqlDataReader r, IncidentLayers incidentLayers)
    {
        var node = IncidentNode.Read(r, 1, incidentLayers);
        return r.IsDBNull(26) ? node : node with { OrderDistance = r.GetDouble(26) };
    }

    /// <summary>Counts the matches of every filter in one statement.</summary>
    public async Task<IReadOnlyList<long>> CountsAsync(IReadOnlyList<IncidentCountQuery> filters, CancellationToken ct)
    {
        if (filters.Count == 0) return [];
        await using var cmd = db.CreateCommand();
        var sql = new StringBuilder();
        for (var k = 0; k < filters.Count; k++)
        {
            if (k > 0) sql.Append("\nUNION ALL\n");
            var q = IncidentSql.Build(filters[k].Filter with { Page = new IncidentPage() }, filters[k].Plan);
            sql.Append('(').Append(Prefix(q.WithClause + $"SELECT {k}, count(*) FROM incidents {IncidentSql.Alias} WHERE {q.Where}", k)).Append(')');
            foreach (var p in q.Parameters) cmd.Parameters.Add(Renamed(p, k));
        }
        cmd.CommandText = sql.ToString();
        var counts = new long[filters.Count];
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) counts[r.GetInt32(0)] = r.GetInt64(1);
        return counts;
    }

    /// <summary>Geodesic distances (metres, WGS 84 spheroid, to the decimetre) from incidents to coordinates, in one statement.</summary>
    public async Task<IReadOnlyList<double?>> DistancesAsync(IReadOnlyList<(long Id, double Lon, double Lat)> keys, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            SELECT k.n, round(ST_Distance(i.geom::geography, ST_SetSRID(ST_MakePoint(k.lon, k.lat), 4326)::geography)::numeric, 1)::float8
            FROM unnest(@ids, @lons, @lats) WITH ORDINALITY AS k(id, lon, lat, n)
            JOIN incidents i ON i.id = k.id
            """);
        cmd.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = keys.Select(k => k.Id).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter("lons", NpgsqlDbType.Array | NpgsqlDbType.Double) { Value = keys.Select(k => k.Lon).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter("lats", NpgsqlDbType.Array | NpgsqlDbType.Double) { Value = keys.Select(k => k.Lat).ToArray() });
        var result = new double?[keys.Count];
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) result[r.GetInt64(0) - 1] = r.GetDouble(1);
        return result;
    }

    private static (string Sql, IReadOnlyList<NpgsqlParameter> Parameters) Branch(int k, IncidentPageQuery page)
    {
        var cols = $"{k} AS gq_branch, {Columns}";
        if (page.Order != GqlIncidentOrder.Distance)
        {
            var order = page.Order == GqlIncidentOrder.OccurredAtDesc ? IncidentOrder.Descending : IncidentOrder.Ascending;
            var q = IncidentSql.Build(page.Filter with { Page = new IncidentPage(page.Limit, page.After?.Time, order) }, page.Plan);
            var text = q.SelectPage(cols + ", NULL::float8 AS gq_d");
            return (text, q.Parameters);
        }
        var core = IncidentSql.Build(page.Filter with { Page = new IncidentPage() }, page.Plan);
        var extra = new List<NpgsqlParameter>();
        string distance;
        if (page.Filter.Near is { } near)
        {
            distance = "ST_Distance(i.geom::geography, ST_SetSRID(ST_MakePoint(@gq_lon, @gq_lat), 4326)::geography)";
            extra.Add(new NpgsqlParameter("gq_lon", NpgsqlDbType.Double) { Value = near.Lon });
            extra.Add(new NpgsqlParameter("gq_lat", NpgsqlDbType.Double) { Value = near.Lat });
        }
        else distance = "i.blue_line_distance_m";
        var where = core.Where;
        if (page.After is { IsDistance: true } after)
        {
            extra.Add(new NpgsqlParameter("gq_after_id", NpgsqlDbType.Bigint) { Value = after.DistanceId });
            if (after.Distance is { } d)
            {
                extra.Add(new NpgsqlParameter("gq_after_d", NpgsqlDbType.Double) { Value = d });
                where += $"\n  AND ({distance} > @gq_after_d OR ({distance} = @gq_after_d AND i.id > @gq_after_id) OR {distance} IS NULL)";
            }
            else where += $"\n  AND {distance} IS NULL AND i.id > @gq_after_id";
        }
        extra.Add(new NpgsqlParameter("gq_limit", NpgsqlDbType.Integer) { Value = page.Limit + 1 });
        var sql = core.WithClause + $"""
            SELECT {cols}, {distance} AS gq_d
            FROM incidents i
            WHERE {where}
            ORDER BY gq_d ASC NULLS LAST, i.id ASC
            LIMIT @gq_limit
            """;
        return (sql, [.. core.Parameters, .. extra]);
    }

    private static Comparison<IncidentNode> Comparer(GqlIncidentOrder order) => order switch
    {
        GqlIncidentOrder.OccurredAtDesc => (a, b) => b.OccurredAt != a.OccurredAt ? b.OccurredAt.CompareTo(a.OccurredAt) : b.Id.CompareTo(a.Id),
        GqlIncidentOrder.Distance => (a, b) =>
            a.OrderDistance == b.OrderDistance ? a.Id.CompareTo(b.Id)
            : a.OrderDistance is null ? 1 : b.OrderDistance is null ? -1 : a.OrderDistance.Value.CompareTo(b.OrderDistance.Value),
        _ => (a, b) => a.OccurredAt != b.OccurredAt ? a.OccurredAt.CompareTo(b.OccurredAt) : a.Id.CompareTo(b.Id),
    };

    private static string Prefix(string sql, int k) => ParameterName().Replace(sql, m => $"@b{k}_{m.Groups[1].Value}");

    private static NpgsqlParameter Renamed(NpgsqlParameter p, int k)
    {
        var c = p.Clone();
        c.ParameterName = $"b{k}_{p.ParameterName.TrimStart('@')}";
        return c;
    }

    [GeneratedRegex(@"@((?:gm|gq)_\w+)")]
    private static partial Regex ParameterName();
}
