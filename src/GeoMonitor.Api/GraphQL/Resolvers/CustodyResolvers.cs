using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.Custody;
using GeoMonitor.Api.GraphQL.Data;
using GeoMonitor.GraphQL.Execution;
using GeoMonitor.GraphQL.Utilities;

namespace GeoMonitor.Api.GraphQL.Resolvers;

/// <summary>
/// Custody on GraphQL: Query.custody, Zone.custody(at:), Location.custody (the reads of <see cref="CustodyStore"/>, by the
/// rule /api/locate applies) and the adapters of <see cref="CustodyWrites"/> (recordCustody, deleteCustody).
/// </summary>
public static class CustodyResolvers
{
    /// <summary>Binds the resolvers.</summary>
    public static SchemaBuilder BindCustody(this SchemaBuilder b) => b
        .Resolve("Query", "custody", async ctx =>
        {
            var zone = ctx.Value<string>("zone");
            if (zone is not null && !(await LayerLookup.InfoAsync(ctx, "zones", zone)).Exists)
                throw GqlErrors.Error(GqlErrors.NotFound, $"No zone with slug '{zone}'.", "zone");
            return await Store(ctx).ListAsync(new CustodyFilter
            {
                Zone = zone, At = ctx.Struct<DateTimeOffset>("at")?.UtcDateTime, Force = ctx.Value<string>("force"),
            }, ctx.CancellationToken);
        })
        .Resolve("Zone", "custody", async ctx =>
        {
            var at = (ctx.Struct<DateTimeOffset>("at") ?? DateTimeOffset.UtcNow).UtcDateTime;
            var held = await Store(ctx).ListAsync(new CustodyFilter { Zone = ((ZoneNode)ctx.Source!).Slug, At = at }, ctx.CancellationToken);
            return held.FirstOrDefault();
        })
        .Resolve("Location", "custody", async ctx =>
        {
            var l = (LocationNode)ctx.Source!;
            return await Store(ctx).ListAsync(new CustodyFilter { Point = (l.Lon, l.Lat), At = l.At }, ctx.CancellationToken);
        })
        .Resolve("Custody", "zone", ctx => ((CustodyRecord)ctx.Source!).Zone is { } z ? LayerLookup.Zone(ctx, z.Slug) : null)
        .Resolve("CustodyPayload", "custody", ctx => ((CustodyWrite)ctx.Source!).Custody)
        .Resolve("Mutation", "recordCustody", async ctx =>
        {
            var request = GqlRequest.Of(ctx);
            return (await request.Service<CustodyWrites>().PutAsync(Caller.Of(request.User), ctx.Value<string>("slug")!, InputJson.Element(ctx.Input("input")),
                ctx.CancellationToken)).ValueOrThrow("input");
        })
        .Resolve("Mutation", "deleteCustody", async ctx =>
        {
            var request = GqlRequest.Of(ctx);
            (await request.Service<CustodyWrites>().DeleteAsync(Caller.Of(request.User), ctx.Value<string>("slug")!, ctx.CancellationToken)).ValueOrThrow("slug");
            return true;
        });

    private static CustodyStore Store(ResolveContext ctx) => GqlRequest.Reader<CustodyStore>(ctx);
}
