using GeoMonitor.Api.GraphQL.Data;
using GeoMonitor.Api.GraphQL.Scalars;
using GeoMonitor.GraphQL.Execution;
using GeoMonitor.GraphQL.Utilities;

namespace GeoMonitor.Api.GraphQL.Resolvers;

/// <summary>Lines, zones, corridors and truces: the root lists and lookups, their geometry, and their nested incidents.</summary>
public static class LayerResolvers
{
    /// <summary>Binds the resolvers.</summary>
    public static SchemaBuilder BindLayers(this SchemaBuilder b) => b
        .Resolve("Query", "lines", ctx => Store(ctx).LinesAsync(null, ctx.CancellationToken))
        .Resolve("Query", "line", ctx => LayerLookup.Line(ctx, ctx.Value<string>("slug")!))
        .Resolve("Query", "zones", ctx => Store(ctx).ZonesAsync(null, ctx.Value<string>("kind"), ctx.Struct<DateTimeOffset>("activeAt"), ctx.CancellationToken))
        .Resolve("Query", "zone", ctx => LayerLookup.Zone(ctx, ctx.Value<string>("slug")!))
        .Resolve("Query", "corridors", ctx => Store(ctx).CorridorsAsync(null, ctx.Struct<DateTimeOffset>("openAt"), ctx.CancellationToken))
        .Resolve("Query", "corridor", ctx => LayerLookup.Corridor(ctx, ctx.Value<string>("slug")!))
        .Resolve("Query", "truces", ctx => Store(ctx).TrucesAsync(null, ctx.Struct<DateTimeOffset>("activeAt"), ctx.CancellationToken))
        .Resolve("Query", "truce", ctx => LayerLookup.Truce(ctx, ctx.Value<string>("slug")!))
        .Resolve("Line", "geometry", ctx => Geometry(ctx, LayerStore.GeometryKind.Line, ((LineNode)ctx.Source!).Slug))
        .Resolve("Zone", "geometry", ctx => Geometry(ctx, LayerStore.GeometryKind.Zone, ((ZoneNode)ctx.Source!).Slug))
        .Resolve("Zone", "incidents", ctx =>
        {
            var zone = (ZoneNode)ctx.Source!;
            return IncidentResolvers.ConnectionAsync(ctx, f => f with { Zone = zone.Slug }, "withinZone");
        })
        .Resolve("ZoneBuffer", "line", ctx => LayerLookup.Line(ctx, ((ZoneBufferNode)ctx.Source!).LineSlug))
        .Resolve("Corridor", "geometry", ctx => Geometry(ctx, LayerStore.GeometryKind.CorridorArea, ((CorridorNode)ctx.Source!).Slug))
        .Resolve("Corridor", "route", ctx => Geometry(ctx, LayerStore.GeometryKind.CorridorRoute, ((CorridorNode)ctx.Source!).Slug))
        .Resolve("Corridor", "incidents", ctx =>
        {
            var corridor = (CorridorNode)ctx.Source!;
            var open = ctx.Struct<bool>("onlyWhileOpen");
            return IncidentResolvers.ConnectionAsync(ctx, f => f with { Corridor = corridor.Slug, CorridorOpen = open }, "insideCorridor");
        })
        .Resolve("Truce", "scope", ctx => LayerLookup.Zones(ctx, ((TruceNode)ctx.Source!).ScopeSlugs))
        .Resolve("Truce", "incidents", ctx =>
        {
            var truce = (TruceNode)ctx.Source!;
            return IncidentResolvers.ConnectionAsync(ctx, f => f with { Truce = truce.Slug }, "duringTruce");
        });

    private static LayerStore Store(ResolveContext ctx) => GqlRequest.Reader<LayerStore>(ctx);

    // A layer deleted between its row and its geometry is a race, not a client error: say so plainly.
    private static async Task<RawJson> Geometry(ResolveContext ctx, LayerStore.GeometryKind kind, string slug) =>
        new(await Loaders.Geometry(ctx, kind).LoadAsync(slug)
            ?? throw new InvalidOperationException($"The {kind} '{slug}' was deleted while it was read."));
}
