using System.Text.Json;
using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.Incidents;
using GeoMonitor.Api.Features.Incidents.Query;
using GeoMonitor.Api.Ogc;
using GeoMonitor.Api.Ogc.Cql2;

namespace GeoMonitor.Bench;

/// <summary>
/// OGC API - Features Part 3 filters (issue 16): the incidents items with a CQL2 text <c>filter</c> that says exactly
/// what a REST filter says — event type, a box, a 21-day window — against that REST filter, on the same API process,
/// in turn round after round, each walked to the end in pages of 1,000 by its <c>next</c> links and every body parsed
/// (both select the same incidents: checked, id by id). Between the two, the same items request with OGC's own
/// parameters (bbox, datetime, eventType), so that what the OGC items path costs (numberMatched is counted on every
/// page) is told apart from what the CQL2 filter costs. The raw-SQL baseline: each page statement as the API builds
/// it — the REST filter through <see cref="IncidentSql"/>, the CQL2 text through the parser and
/// <see cref="Cql2SqlTranslator"/> into <see cref="IncidentFilter.Predicate"/> — and OGC's count, run directly.
/// Target: CQL2 ≤ 1.3× the equivalent REST filter.
/// </summary>
public sealed class Cql2Benchmark : IBenchmark
{
    private const string Target = "≤ 1.3×";
    private const string EventType = "Explosions/Remote violence";
    private const string Box = "35.1,33.0,35.6,33.3";
    private const string From = "2026-04-16T21:00:00Z";
    private const string To = "2026-05-07T21:00:00Z";
    private const int Page = 1000;

    /// <summary>The CQL2 text: the REST filter's three conditions, with its half-open window.</summary>
    public const string Filter =
        "eventType = 'Explosions/Remote violence' AND S_INTERSECTS(geometry, BBOX(35.1, 33.0, 35.6, 33.3)) "
        + "AND occurredAt >= TIMESTAMP('2026-04-16T21:00:00Z') AND occurredAt < TIMESTAMP('2026-05-07T21:00:00Z')";

    /// <inheritdoc />
    public string Name => "cql2";

    /// <inheritdoc />
    public string Description => "OGC items with a CQL2 filter vs the equivalent REST filter (and OGC's own parameters), and their statements as raw SQL";

    /// <inheritdoc />
    public async Task RunAsync(BenchContext ctx)
    {
        ctx.Report($"\n## cql2 benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {ctx.IncidentCount:N0} generated incidents, {ctx.Runs} timed runs each\n");
        ctx.Report($"load average at the start: {Measure.LoadAverage()}\n");
        static string e(string s) => Uri.EscapeDataString(s);
        var rest = $"/api/incidents?eventType={e(EventType)}&bbox={Box}&from={From}&to={To}&limit={Page}";
        var ogcParams = $"/ogc/collections/incidents/items?eventType={e(EventType)}&bbox={Box}&datetime={From}/{To}&limit={Page}";
        var cql2 = $"/ogc/collections/incidents/items?filter={e(Filter)}&limit={Page}";

        // The statements the API runs for the first page (anonymous: published incidents only, as the walks are).
        var restFilter = IncidentVisibility.Apply(new IncidentFilter
        {
            EventTypes = [EventType], Bbox = new BoundingBox(35.1, 33.0, 35.6, 33.3), From = DateTimeOffset.Parse(From), To = DateTimeOffset.Parse(To),
            Page = new IncidentPage(Page),
        }, Caller.Anonymous);
        var cql2Filter = IncidentVisibility.Apply(new IncidentFilter
        {
            Page = new IncidentPage(Page),
            Predicate = Cql2SqlTranslator.Translate(Cql2TextParser.Parse(Filter), Cql2Queryables.For("incidents"), OgcCrs.Crs84),
        }, Caller.Anonymous);
        var store = new IncidentStore(ctx.Db);
        var restPlan = await store.EnsureSlugsExistAsync(restFilter, CancellationToken.None);
        var cql2Plan = await store.EnsureSlugsExistAsync(cql2Filter, CancellationToken.None);
        async Task Statement(IncidentFilter f, IncidentPlan plan)
        {
            var q = IncidentSql.Build(f, plan);
            await using var cmd = q.Command(ctx.Db, q.SelectPage(IncidentColumns.Select));
            await using var r = await cmd.ExecuteReaderAsync();
            var values = new object[r.FieldCount];
            while (await r.ReadAsync()) r.GetValues(values);
        }
        async Task Count(IncidentFilter f, IncidentPlan plan) => await OgcIncidentQuery.CountAsync(ctx.Db, f, plan, CancellationToken.None);

        await using var api = await ctx.StartApiAsync();
        var ids = new[] { await Walk(api, rest), await Walk(api, ogcParams), await Walk(api, cql2) };
        if (!ids[0].SequenceEqual(ids[1]) || !ids[0].SequenceEqual(ids[2]))
            throw new InvalidOperationException($"different incidents: REST {ids[0].Count}, OGC parameters {ids[1].Count}, CQL2 {ids[2].Count}");

        var t = await Measure.RoundRobinAsync(ctx.Runs, Measure.ApiWarmup,
            () => Walk(api, rest), () => Walk(api, ogcParams), () => Walk(api, cql2),
            () => Statement(restFilter, restPlan), () => Statement(cql2Filter, cql2Plan),
            () => Count(restFilter, restPlan), () => Count(cql2Filter, cql2Plan));
        var pages = (ids[0].Count + Page - 1) / Page;
        ctx.Report($"### {ids[0].Count:N0} published incidents of `{EventType}` in bbox {Box} over [{From}, {To}), walked in {pages} page(s) of {Page:N0}\n");
        ctx.Report($"- REST `GET {rest}` + next links: {t[0]}");
        ctx.Report($"- OGC `GET {ogcParams}` + next links: {t[1]}");
        ctx.Report($"- OGC `GET /ogc/collections/incidents/items?filter=…&limit={Page}` + next links, filter = `{Filter}`: {t[2]}");
        ctx.Report($"- SQL first page, the REST filter's statement (IncidentSql; time-first plan: {restPlan.TimeFirst}): {t[3]}");
        ctx.Report($"- SQL first page, the CQL2 filter's statement (IncidentSql + the translated predicate; time-first plan: {cql2Plan.TimeFirst}): {t[4]}");
        ctx.Report($"- SQL OGC's numberMatched count, REST filter: {t[5]}; CQL2 filter: {t[6]}");
        ctx.Report($"- OGC parameters / REST: {t[1].MedianMs / t[0].MedianMs:F2}×; CQL2 / OGC parameters: {t[2].MedianMs / t[1].MedianMs:F2}×; SQL CQL2 / REST statement: {t[4].MedianMs / t[3].MedianMs:F2}×");
        var ratio = t[2].MedianMs / t[0].MedianMs;
        ctx.Report($"- **OGC CQL2 filter / equivalent REST filter = {ratio:F2}×** (target {Target})");
        if (ratio > 1.3)
            ctx.Report($"- cause of the gap: OGC items count numberMatched on every page ({t[6].MedianMs:F1} ms a page here, {pages} pages; "
                       + $"run beside the page's statement): OGC's own parameters cost {t[1].MedianMs / t[0].MedianMs:F2}× REST, "
                       + $"the CQL2 filter {t[2].MedianMs / t[1].MedianMs:F2}× those parameters");
        ctx.Report($"- load average at the end: {Measure.LoadAverage()}\n");
    }

    // Follows next links to the end; the ids in order.
    private static async Task<List<long>> Walk(ApiProcess api, string first)
    {
        var ids = new List<long>();
        string? url = first;
        while (url is not null)
        {
            using var res = await api.Client.GetAsync(url);
            var body = await res.Content.ReadAsByteArrayAsync();
            if (!res.IsSuccessStatusCode) throw new InvalidOperationException($"GET {url}: {(int)res.StatusCode} {System.Text.Encoding.UTF8.GetString(body)}");
            using var doc = JsonDocument.Parse(body);
            foreach (var f in doc.RootElement.GetProperty("features").EnumerateArray())
                ids.Add(f.GetProperty("id").ValueKind == JsonValueKind.Number ? f.GetProperty("id").GetInt64() : long.Parse(f.GetProperty("id").GetString()!));
            var next = doc.RootElement.GetProperty("links").EnumerateArray().FirstOrDefault(l => l.GetProperty("rel").GetString() == "next");
            url = next.ValueKind == JsonValueKind.Object ? new Uri(next.GetProperty("href").GetString()!).PathAndQuery : null;
        }
        return ids;
    }
}
