using System.Net.Http.Json;
using System.Text.Json;
using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.Incidents;
using GeoMonitor.Api.Features.Incidents.Query;

namespace GeoMonitor.Bench;

/// <summary>
/// The headline query with <c>asOf</c> (issue 15: the zone and the truce as recorded at an instant, read from the layers'
/// versions) against the same query without it (the current layers), on the same API process, in turn round after
/// round: REST <c>GET /api/incidents?zone=unsc-1701-area&amp;truce=bench-truce-21d&amp;limit=10000</c> (every verified
/// hit in one page, the whole body read) and GraphQL's nested <c>zone(slug, asOf) { incidents(filter: {duringTruce})
/// }</c> walked in pages of 1,000; and, as the raw-SQL baseline, the API's own statement (<see cref="IncidentSql"/>, with
/// the plan the API derives from the truce window as recorded then) run directly with and without <c>asOf</c>. The
/// instant is the start of the run, after every version was recorded, so both sides select the same rows (checked).
/// Target: with asOf ≤ 1.2× without.
/// </summary>
public sealed class AsOfBenchmark : IBenchmark
{
    private const string Zone = "unsc-1701-area";
    private const string Truce = "bench-truce-21d";
    private const string Target = "≤ 1.2×";

    private const string Nested = """
        query ($after: Cursor, $asOf: DateTime) {
          zone(slug: "unsc-1701-area", asOf: $asOf) {
            incidents(filter: {duringTruce: "bench-truce-21d"}, first: 1000, after: $after) {
              edges { node { id source externalId occurredAt eventType subEventType fatalities status blueLine { distanceMetres side } geometry zones { slug } } }
              pageInfo { hasNextPage endCursor }
            }
          }
        }
        """;

    /// <inheritdoc />
    public string Name => "asof";

    /// <inheritdoc />
    public string Description => "headline query with asOf (layers as recorded then) vs without, REST and GraphQL, and the statement as raw SQL";

    /// <inheritdoc />
    public async Task RunAsync(BenchContext ctx)
    {
        var asOf = DateTimeOffset.UtcNow.AddSeconds(-1);
        asOf = new DateTimeOffset(asOf.Ticks - asOf.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var at = asOf.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        ctx.Report($"\n## asof benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {ctx.IncidentCount:N0} generated incidents, {ctx.Runs} timed runs each, asOf={at}\n");
        ctx.Report($"load average at the start: {Measure.LoadAverage()}\n");

        var store = new IncidentStore(ctx.Db);
        var now = IncidentVisibility.Apply(new IncidentFilter { Zone = Zone, Truce = Truce, Page = new IncidentPage(IncidentRequest.MaxLimit) }, Caller.Anonymous);
        var then = now with { AsOf = asOf };
        var planNow = await store.EnsureSlugsExistAsync(now, CancellationToken.None);
        var planThen = await store.EnsureSlugsExistAsync(then, CancellationToken.None);
        int sqlRows = 0;
        async Task Sql(IncidentFilter f, IncidentPlan plan)
        {
            var q = IncidentSql.Build(f, plan);
            await using var cmd = q.Command(ctx.Db, q.SelectPage(IncidentColumns.Select));
            await using var r = await cmd.ExecuteReaderAsync();
            var values = new object[r.FieldCount];
            var n = 0;
            while (await r.ReadAsync()) { r.GetValues(values); n++; }
            sqlRows = n;
        }

        await using var api = await ctx.StartApiAsync();
        var rest = $"/api/incidents?zone={Zone}&truce={Truce}&limit={IncidentRequest.MaxLimit}";
        var restAsOf = rest + "&asOf=" + at;
        var counts = new[]
        {
            await RestCount(api, rest), await RestCount(api, restAsOf),
            await GraphQLWalk(api, null), await GraphQLWalk(api, at),
        };
        await Sql(then, planThen);
        var thenRows = sqlRows;
        await Sql(now, planNow);
        if (counts.Any(c => c != sqlRows) || thenRows != sqlRows)
            throw new InvalidOperationException($"different rows: REST {counts[0]} / asOf {counts[1]}, GraphQL {counts[2]} / asOf {counts[3]}, SQL {sqlRows} / asOf {thenRows}");

        var t = await Measure.RoundRobinAsync(ctx.Runs, Measure.ApiWarmup,
            () => api.DrainAsync(rest), () => api.DrainAsync(restAsOf),
            () => GraphQLWalk(api, null), () => GraphQLWalk(api, at),
            () => Sql(now, planNow), () => Sql(then, planThen));
        ctx.Report($"### Headline: zone `{Zone}` × truce `{Truce}`, verified, {sqlRows:N0} hits; asOf = {at} (the run's start: the current versions, read from the history)\n");
        ctx.Report($"- REST `GET {rest}` (whole body read): {t[0]}");
        ctx.Report($"- REST the same `&asOf={at}`: {t[1]}");
        ctx.Report($"- GraphQL `zone(slug) {{ incidents(filter: {{duringTruce}}, first: 1000, after) }}`, pages of 1,000: {t[2]}");
        ctx.Report($"- GraphQL the same with `zone(slug, asOf)`: {t[3]}");
        ctx.Report($"- SQL the API's statement (IncidentSql, every column read): {t[4]}");
        ctx.Report($"- SQL the same statement with asOf: {t[5]}");
        ctx.Report($"- SQL with asOf / without: {t[5].MedianMs / t[4].MedianMs:F2}×; time-first plan without asOf: {planNow.TimeFirst}, with: {planThen.TimeFirst}");
        ctx.Report($"- **REST headline with asOf / without = {t[1].MedianMs / t[0].MedianMs:F2}×** (target {Target})");
        ctx.Report($"- **GraphQL nested headline with asOf / without = {t[3].MedianMs / t[2].MedianMs:F2}×** (target {Target})");
        ctx.Report($"- load average at the end: {Measure.LoadAverage()}\n");
    }

    private static async Task<int> RestCount(ApiProcess api, string url)
    {
        using var doc = JsonDocument.Parse(await api.Client.GetStringAsync(url));
        return doc.RootElement.GetProperty("numberReturned").GetInt32();
    }

    private static async Task<int> GraphQLWalk(ApiProcess api, string? asOf)
    {
        var n = 0;
        string? after = null;
        do
        {
            using var res = await api.Client.PostAsJsonAsync("/graphql", new { query = Nested, variables = new { after, asOf } });
            res.EnsureSuccessStatusCode();
            using var doc = JsonDocument.Parse(await res.Content.ReadAsByteArrayAsync());
            if (doc.RootElement.TryGetProperty("errors", out var errors)) throw new InvalidOperationException(errors.ToString());
            var conn = doc.RootElement.GetProperty("data").GetProperty("zone").GetProperty("incidents");
            n += conn.GetProperty("edges").GetArrayLength();
            var info = conn.GetProperty("pageInfo");
            after = info.GetProperty("hasNextPage").GetBoolean() ? info.GetProperty("endCursor").GetString() : null;
        } while (after is not null);
        return n;
    }
}
