using GeoMonitor.Api.Features.Benchmarks;
using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.GraphQL.Data;
using GeoMonitor.GraphQL.Execution;
using GeoMonitor.GraphQL.Utilities;

namespace GeoMonitor.Api.GraphQL.Resolvers;

/// <summary>
/// Benchmarks on GraphQL: the reads of <see cref="BenchmarkStore"/> as of a date (Query.benchmarks, Truce.benchmarks,
/// Zone.benchmarks) and the adapters of <see cref="BenchmarkWrites"/> (upsertBenchmark, recordBenchmarkEvent,
/// deleteBenchmark).
/// </summary>
public static class BenchmarkResolvers
{
    /// <summary>Binds the resolvers.</summary>
    public static SchemaBuilder BindBenchmarks(this SchemaBuilder b) => b
        .Resolve("Query", "benchmarks", async ctx =>
        {
            var truce = ctx.Value<string>("truce");
            var zone = ctx.Value<string>("zone");
            if (truce is not null && !(await LayerLookup.InfoAsync(ctx, "truces", truce)).Exists)
                throw GqlErrors.Error(GqlErrors.NotFound, $"No truce with slug '{truce}'.", "truce");
            if (zone is not null && !(await LayerLookup.InfoAsync(ctx, "zones", zone)).Exists)
                throw GqlErrors.Error(GqlErrors.NotFound, $"No zone with slug '{zone}'.", "zone");
            return await ListAsync(ctx, new BenchmarkFilter { Truce = truce, Zone = zone });
        })
        .Resolve("Query", "benchmark", async ctx => (await ListAsync(ctx, new BenchmarkFilter { Slug = ctx.Value<string>("slug") })).FirstOrDefault())
        .Resolve("Truce", "benchmarks", ctx => ListAsync(ctx, new BenchmarkFilter { Truce = ((TruceNode)ctx.Source!).Slug }))
        .Resolve("Zone", "benchmarks", ctx => ListAsync(ctx, new BenchmarkFilter { Zone = ((ZoneNode)ctx.Source!).Slug }))
        .Resolve("Benchmark", "zone", ctx => LayerLookup.Zone(ctx, ((BenchmarkRecord)ctx.Source!).Zone.Slug))
        .Resolve("Benchmark", "truce", ctx => ((BenchmarkRecord)ctx.Source!).Truce is { } t ? LayerLookup.Truce(ctx, t) : null)
        .Resolve("Mutation", "upsertBenchmark", async ctx =>
        {
            var (request, caller, slug) = Args(ctx);
            return (await request.Service<BenchmarkWrites>().PutAsync(caller, slug, InputJson.Element(ctx.Input("input")), ctx.CancellationToken)).ValueOrThrow("input");
        })
        .Resolve("Mutation", "recordBenchmarkEvent", async ctx =>
        {
            var (request, caller, slug) = Args(ctx);
            return (await request.Service<BenchmarkWrites>().RecordEventAsync(caller, slug, InputJson.Element(ctx.Input("input")), ctx.CancellationToken))
                .ValueOrThrow("input");
        })
        .Resolve("Mutation", "deleteBenchmark", async ctx =>
        {
            var (request, caller, slug) = Args(ctx);
            (await request.Service<BenchmarkWrites>().DeleteAsync(caller, slug, ctx.CancellationToken)).ValueOrThrow("slug");
            return true;
        });

    // "As of" is the filter's member: asOf argument, default now.
    private static async Task<IReadOnlyList<BenchmarkRecord>> ListAsync(ResolveContext ctx, BenchmarkFilter filter) =>
        await GqlRequest.Reader<BenchmarkStore>(ctx).ListAsync(
            filter with { AsOf = (ctx.Struct<DateTimeOffset>("asOf") ?? DateTimeOffset.UtcNow).UtcDateTime }, ctx.CancellationToken);

    private static (GqlRequest Request, Caller Caller, string Slug) Args(ResolveContext ctx)
    {
        var request = GqlRequest.Of(ctx);
        return (request, Caller.Of(request.User), ctx.Value<string>("slug")!);
    }
}
