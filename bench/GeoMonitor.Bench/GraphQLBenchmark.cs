using System.Net.Http.Json;
using System.Text.Json;

namespace GeoMonitor.Bench;

/// <summary>
/// The headline question over GraphQL against the same over REST, in the same run on the same API process: every
/// verified incident of zone unsc-1701-area during truce bench-truce-21d, walked in pages of 1,000 on each surface —
/// REST follows its next links; GraphQL asks the root list with both filters (the headline page) and, separately, the
/// nested zone → incidents query, each with after = endCursor — with the fields REST returns (every property, the
/// Blue Line distance and side, the geometry, the zones, corridors and truces). The three walks are timed in turn,
/// round after round, and every body is read and parsed the same way (bytes, then a JsonDocument). Target: GraphQL
/// ≤ 1.10× REST on each.
/// </summary>
public sealed class GraphQLBenchmark : IBenchmark
{
    private const string Zone = "unsc-1701-area";
    private const string Truce = "bench-truce-21d";
    private const int Page = 1000;
    private const string Target = "≤ 1.10×";

    private const string Fields = """
        id source externalId occurredAt timePrecision eventType subEventType actor1 actor2 fatalities status geoPrecision
                uncertaintyMetres locationName notes blueLine { distanceMetres side } version updatedAt geometry
                zones { slug } corridors { slug } truces { slug }
        """;

    /// <summary>The nested headline query: the zone, its incidents during the truce.</summary>
    private const string NestedQuery = """
        query ($after: Cursor) {
          zone(slug: "unsc-1701-area") {
            incidents(filter: {duringTruce: "bench-truce-21d"}, first: 1000, after: $after) {
              edges { node { FIELDS } }
              pageInfo { hasNextPage endCursor }
            }
          }
        }
        """;

    /// <summary>The headline page as GET /api/incidents asks it: the root list with both filters.</summary>
    private const string RootQuery = """
        query ($after: Cursor) {
          incidents(filter: {withinZone: "unsc-1701-area", duringTruce: "bench-truce-21d"}, first: 1000, after: $after) {
            edges { node { FIELDS } }
            pageInfo { hasNextPage endCursor }
          }
        }
        """;

    /// <inheritdoc />
    public string Name => "graphql";

    /// <inheritdoc />
    public string Description => "headline query (zone × truce, pages of 1,000) over GraphQL (root list and nested zone → incidents) vs REST";

    /// <inheritdoc />
    public async Task RunAsync(BenchContext ctx)
    {
        ctx.Report($"\n## graphql benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {ctx.IncidentCount:N0} generated incidents, {ctx.Runs} timed runs each\n");
        ctx.Report($"load average at the start: {Measure.LoadAverage()}\n");
        await using var api = await ctx.StartApiAsync();
        var nested = NestedQuery.Replace("FIELDS", Fields, StringComparison.Ordinal);
        var root = RootQuery.Replace("FIELDS", Fields, StringComparison.Ordinal);
        var restCount = await RestWalk(api);
        var nestedCount = await GraphQLWalk(api, nested, d => d.GetProperty("zone").GetProperty("incidents"));
        var rootCount = await GraphQLWalk(api, root, d => d.GetProperty("incidents"));
        if (restCount != nestedCount || restCount != rootCount)
            throw new InvalidOperationException($"REST returned {restCount} incidents, GraphQL {rootCount} (root) and {nestedCount} (nested)");
        var timings = await Measure.RoundRobinAsync(ctx.Runs, Measure.ApiWarmup,
            () => RestWalk(api), () => GraphQLWalk(api, root, d => d.GetProperty("incidents")),
            () => GraphQLWalk(api, nested, d => d.GetProperty("zone").GetProperty("incidents")));
        var (r, g, n) = (timings[0], timings[1], timings[2]);
        ctx.Report($"### Headline over GraphQL vs REST: zone `{Zone}` × truce `{Truce}`, verified, {restCount:N0} incidents in pages of {Page:N0}\n");
        ctx.Report($"- REST    `GET /api/incidents?zone={Zone}&truce={Truce}&limit={Page}` + next links: {r}");
        ctx.Report($"- GraphQL `incidents(filter: {{withinZone, duringTruce}}, first: {Page}, after)`, the fields REST returns: {g}");
        ctx.Report($"- GraphQL `zone(slug) {{ incidents(filter: {{duringTruce}}, first: {Page}, after) }}`, the same fields: {n}");
        ctx.Report($"- **headline page, GraphQL / REST = {g.MedianMs / r.MedianMs:F2}×** (target {Target})");
        ctx.Report($"- **nested zone → incidents, GraphQL / REST = {n.MedianMs / r.MedianMs:F2}×** (target {Target})");
        ctx.Report($"- load average at the end: {Measure.LoadAverage()}\n");
        await PageBreakdown(ctx, api, root, nested);
    }

    private static async Task<int> RestWalk(ApiProcess api)
    {
        var n = 0;
        string? url = $"/api/incidents?zone={Zone}&truce={Truce}&limit={Page}";
        while (url is not null)
        {
            using var res = await api.Client.GetAsync(url);
            res.EnsureSuccessStatusCode();
            using var doc = JsonDocument.Parse(await res.Content.ReadAsByteArrayAsync());
            n += doc.RootElement.GetProperty("numberReturned").GetInt32();
            var next = doc.RootElement.GetProperty("links").EnumerateArray().FirstOrDefault(l => l.GetProperty("rel").GetString() == "next");
            url = next.ValueKind == JsonValueKind.Object ? new Uri(next.GetProperty("href").GetString()!).PathAndQuery : null;
        }
        return n;
    }

    private static async Task<int> GraphQLWalk(ApiProcess api, string query, Func<JsonElement, JsonElement> connection)
    {
        var n = 0;
        string? after = null;
        do
        {
            using var res = await api.Client.PostAsJsonAsync("/graphql", new { query, variables = new { after } });
            res.EnsureSuccessStatusCode();
            using var doc = JsonDocument.Parse(await res.Content.ReadAsByteArrayAsync());
            if (doc.RootElement.TryGetProperty("errors", out var errors)) throw new InvalidOperationException(errors.ToString());
            var conn = connection(doc.RootElement.GetProperty("data"));
            n += conn.GetProperty("edges").GetArrayLength();
            var info = conn.GetProperty("pageInfo");
            after = info.GetProperty("hasNextPage").GetBoolean() ? info.GetProperty("endCursor").GetString() : null;
        } while (after is not null);
        return n;
    }

    // Where the difference is: the first page of 1,000 — REST; GraphQL asking only `id` (the same SQL, almost no
    // fields); GraphQL asking every field, root and nested — at the client (body read, not parsed), in turn round after
    // round as the walks are, with GraphQL's own Server-Timing (prepare + execute: the resolvers' SQL and the writing
    // of the streamed list included; what the client sees beyond it is the rest of the response's writing and its
    // transfer).
    private static async Task PageBreakdown(BenchContext ctx, ApiProcess api, string root, string nested)
    {
        var idOnly = nested.Replace(Fields, "id", StringComparison.Ordinal);
        if (idOnly == nested) throw new InvalidOperationException("could not derive the id-only query");
        var execute = new[] { new List<double>(), new List<double>(), new List<double>() };
        var timings = await Measure.RoundRobinAsync(ctx.Runs, Measure.ApiWarmup,
            async () =>
            {
                using var res = await api.Client.GetAsync($"/api/incidents?zone={Zone}&truce={Truce}&limit={Page}");
                res.EnsureSuccessStatusCode();
                await res.Content.ReadAsByteArrayAsync();
            },
            () => GraphQLPage(api, idOnly, execute[0]), () => GraphQLPage(api, root, execute[1]), () => GraphQLPage(api, nested, execute[2]));
        var exec = execute.Select(e => Measure.Summarize(e.Skip(e.Count - ctx.Runs).ToList())).ToArray();
        ctx.Report("| first page of 1,000 | at the client | GraphQL execute (Server-Timing) |");
        ctx.Report("|---|---:|---:|");
        ctx.Report($"| REST | {timings[0].MedianMs:F1} ms | – |");
        ctx.Report($"| GraphQL nested, `id` only | {timings[1].MedianMs:F1} ms | {exec[0].MedianMs:F1} ms |");
        ctx.Report($"| GraphQL root, every field | {timings[2].MedianMs:F1} ms | {exec[1].MedianMs:F1} ms |");
        ctx.Report($"| GraphQL nested, every field | {timings[3].MedianMs:F1} ms | {exec[2].MedianMs:F1} ms |");
        ctx.Report($"\nField execution and writing (every field − id only, server): {exec[2].MedianMs - exec[0].MedianMs:F1} ms; "
                   + $"the rest of the response and its transfer (client − execute, every field): {timings[3].MedianMs - exec[2].MedianMs:F1} ms a page.");
    }

    private static async Task GraphQLPage(ApiProcess api, string query, List<double> execute)
    {
        using var res = await api.Client.PostAsJsonAsync("/graphql", new { query, variables = new { after = (string?)null } });
        res.EnsureSuccessStatusCode();
        execute.Add(Measure.ServerTiming(res, "execute"));
        await res.Content.ReadAsByteArrayAsync();
    }
}
