using System.Net.Http.Json;
using System.Text.Json;

namespace GeoMonitor.Bench;

/// <summary>
/// The headline question over GraphQL against the same over REST, in the same run on the same API process: every
/// verified incident of zone unsc-1701-area during truce bench-truce-21d, walked in pages of 1,000 on both surfaces
/// (REST follows its next links; GraphQL asks the nested zone → incidents query with after = endCursor), with the
/// fields REST returns. Timed alternately. Target: GraphQL ≤ 1.15× REST.
/// </summary>
public sealed class GraphQLBenchmark : IBenchmark
{
    private const string Zone = "unsc-1701-area";
    private const string Truce = "bench-truce-21d";
    private const int Page = 1000;

    private const string Query = """
        query ($after: Cursor) {
          zone(slug: "unsc-1701-area") {
            incidents(filter: {duringTruce: "bench-truce-21d"}, first: 1000, after: $after) {
              edges { node {
                id source externalId occurredAt timePrecision eventType subEventType actor1 actor2 fatalities status geoPrecision
                uncertaintyMetres locationName notes blueLine { distanceMetres side } version updatedAt geometry
                zones { slug } corridors { slug } truces { slug }
              } }
              pageInfo { hasNextPage endCursor }
            }
          }
        }
        """;

    /// <inheritdoc />
    public string Name => "graphql";

    /// <inheritdoc />
    public string Description => "headline query (zone × truce, pages of 1,000) over GraphQL vs REST";

    /// <inheritdoc />
    public async Task RunAsync(BenchContext ctx)
    {
        ctx.Report($"\n## graphql benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {ctx.IncidentCount:N0} generated incidents, {ctx.Runs} timed runs each\n");
        await using var api = await ctx.StartApiAsync();
        var restCount = 0;
        var gqlCount = 0;
        async Task Rest()
        {
            var n = 0;
            string? url = $"/api/incidents?zone={Zone}&truce={Truce}&limit={Page}";
            while (url is not null)
            {
                using var doc = JsonDocument.Parse(await api.Client.GetStringAsync(url));
                n += doc.RootElement.GetProperty("numberReturned").GetInt32();
                var next = doc.RootElement.GetProperty("links").EnumerateArray().FirstOrDefault(l => l.GetProperty("rel").GetString() == "next");
                url = next.ValueKind == JsonValueKind.Object ? new Uri(next.GetProperty("href").GetString()!).PathAndQuery : null;
            }
            restCount = n;
        }
        async Task GraphQL()
        {
            var n = 0;
            string? after = null;
            do
            {
                using var res = await api.Client.PostAsJsonAsync("/graphql", new { query = Query, variables = new { after } });
                res.EnsureSuccessStatusCode();
                using var doc = JsonDocument.Parse(await res.Content.ReadAsStreamAsync());
                if (doc.RootElement.TryGetProperty("errors", out var errors)) throw new InvalidOperationException(errors.ToString());
                var conn = doc.RootElement.GetProperty("data").GetProperty("zone").GetProperty("incidents");
                n += conn.GetProperty("edges").GetArrayLength();
                var info = conn.GetProperty("pageInfo");
                after = info.GetProperty("hasNextPage").GetBoolean() ? info.GetProperty("endCursor").GetString() : null;
            } while (after is not null);
            gqlCount = n;
        }
        await Rest();
        await GraphQL();
        if (restCount != gqlCount) throw new InvalidOperationException($"REST returned {restCount} incidents, GraphQL {gqlCount}");
        var (g, r) = await Measure.InterleavedAsync(GraphQL, Rest, ctx.Runs, Measure.ApiWarmup);
        ctx.Report($"### Headline over GraphQL vs REST: zone `{Zone}` × truce `{Truce}`, verified, {restCount:N0} incidents in pages of {Page:N0}\n");
        ctx.Report($"- REST    `GET /api/incidents?zone={Zone}&truce={Truce}&limit={Page}` + next links: {r}");
        ctx.Report($"- GraphQL `zone(slug) {{ incidents(filter: {{duringTruce}}, first: {Page}, after) }}`, the fields REST returns: {g}");
        ctx.Report($"- **ratio GraphQL / REST = {g.MedianMs / r.MedianMs:F2}×** (target ≤ 1.15×)\n");
        await PageBreakdown(ctx, api);
    }

    // Where the difference is: the first page of 1,000 three ways — REST, GraphQL asking only `id` (the same SQL, almost
    // no fields), GraphQL asking every field — at the client, with GraphQL's own Server-Timing (prepare + execute,
    // resolvers' SQL included; serialization is what the client sees beyond it).
    private static async Task PageBreakdown(BenchContext ctx, ApiProcess api)
    {
        var idOnly = System.Text.RegularExpressions.Regex.Replace(Query, @"id source externalId[\s\S]*?truces \{ slug \}", "id");
        if (idOnly == Query) throw new InvalidOperationException("could not derive the id-only query");
        var rest = await Measure.MedianAsync(() => api.DrainAsync($"/api/incidents?zone={Zone}&truce={Truce}&limit={Page}"), ctx.Runs, Measure.ApiWarmup);
        var (idClient, idExecute) = await GraphQLPage(api, idOnly, ctx.Runs);
        var (allClient, allExecute) = await GraphQLPage(api, Query, ctx.Runs);
        ctx.Report("| first page of 1,000 | at the client | GraphQL execute (Server-Timing) |");
        ctx.Report("|---|---:|---:|");
        ctx.Report($"| REST | {rest.MedianMs:F1} ms | – |");
        ctx.Report($"| GraphQL, `id` only | {idClient.MedianMs:F1} ms | {idExecute.MedianMs:F1} ms |");
        ctx.Report($"| GraphQL, every field | {allClient.MedianMs:F1} ms | {allExecute.MedianMs:F1} ms |");
        ctx.Report($"\nField execution (every field − id only, server): {allExecute.MedianMs - idExecute.MedianMs:F1} ms; "
                   + $"serialization and transfer (client − execute, every field): {allClient.MedianMs - allExecute.MedianMs:F1} ms a page.");
    }

    private static async Task<(Measure.Timing Client, Measure.Timing Execute)> GraphQLPage(ApiProcess api, string query, int runs)
    {
        var execute = new List<double>();
        var client = await Measure.MedianAsync(async () =>
        {
            using var res = await api.Client.PostAsJsonAsync("/graphql", new { query, variables = new { after = (string?)null } });
            res.EnsureSuccessStatusCode();
            execute.Add(Measure.ServerTiming(res, "execute"));
            await res.Content.ReadAsByteArrayAsync();
        }, runs, Measure.ApiWarmup);
        return (client, Measure.Summarize(execute.Skip(execute.Count - runs).ToList()));
    }
}
