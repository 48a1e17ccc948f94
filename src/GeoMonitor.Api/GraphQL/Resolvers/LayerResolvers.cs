using GeoMonitor.Api.Features.Layers;
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
        .Resolve("Query", "lines", async ctx => Store(ctx).LinesAsync(null, ctx.CancellationToken, AsOf(ctx), await ClaimAsync(ctx)))
        .Resolve("Query", "line", async ctx =>
        {
            var (slug, asOf, claim) = (ctx.Value<string>("slug")!, AsOf(ctx), await ClaimAsync(ctx));
            if (asOf is null && claim is null) return LayerLookup.Line(ctx, slug);
            return One(await Store(ctx).LinesAsync([slug], ctx.CancellationToken, asOf, claim)) ?? await MissingAsync(ctx, LayerJoins.LinesTable, slug, asOf);
        })
        .Resolve("Query", "zones", ctx => Store(ctx).ZonesAsync(null, ctx.Value<string>("kind"), ctx.Struct<DateTimeOffset>("activeAt"), ctx.CancellationToken, AsOf(ctx)))
        .Resolve("Query", "zone", async ctx =>
        {
            var (slug, asOf) = (ctx.Value<string>("slug")!, AsOf(ctx));
            if (asOf is null) return LayerLookup.Zone(ctx, slug);
            return One(await Store(ctx).ZonesAsync([slug], null, null, ctx.CancellationToken, asOf)) ?? await MissingAsync(ctx, LayerJoins.ZonesTable, slug, asOf);
        })
        .Resolve("Query", "corridors", ctx => Store(ctx).CorridorsAsync(null, ctx.Struct<DateTimeOffset>("openAt"), ctx.CancellationToken, AsOf(ctx)))
        .Resolve("Query", "corridor", async ctx =>
        {
            var (slug, asOf) = (ctx.Value<string>("slug")!, AsOf(ctx));
            if (asOf is null) return LayerLookup.Corridor(ctx, slug);
            return One(await Store(ctx).CorridorsAsync([slug], null, ctx.CancellationToken, asOf)) ?? await MissingAsync(ctx, LayerJoins.CorridorsTable, slug, asOf);
        })
        .Resolve("Query", "truces", ctx => Store(ctx).TrucesAsync(null, ctx.Struct<DateTimeOffset>("activeAt"), ctx.CancellationToken, AsOf(ctx)))
        .Resolve("Query", "truce", async ctx =>
        {
            var (slug, asOf) = (ctx.Value<string>("slug")!, AsOf(ctx));
            if (asOf is null) return LayerLookup.Truce(ctx, slug);
            return One(await Store(ctx).TrucesAsync([slug], null, ctx.CancellationToken, asOf)) ?? await MissingAsync(ctx, LayerJoins.TrucesTable, slug, asOf);
        })
        .Resolve("Line", "geometry", ctx =>
        {
            var line = (LineNode)ctx.Source!;
            return Geometry(ctx, LayerStore.GeometryKind.Line, line.Slug, line.At?.AsOf, line.Claim);
        })
        .Resolve("Zone", "geometry", ctx => Geometry(ctx, LayerStore.GeometryKind.Zone, ((ZoneNode)ctx.Source!).Slug, ((ZoneNode)ctx.Source!).At?.AsOf))
        .Resolve("Zone", "incidents", ctx =>
        {
            var zone = (ZoneNode)ctx.Source!;
            return IncidentResolvers.ConnectionAsync(ctx, f => f with { Zone = zone.Slug, AsOf = f.AsOf ?? zone.At?.AsOf }, "withinZone");
        })
        .Resolve("ZoneBuffer", "line", ctx => LayerLookup.Line(ctx, ((ZoneBufferNode)ctx.Source!).LineSlug))
        .Resolve("Corridor", "geometry", ctx => Geometry(ctx, LayerStore.GeometryKind.CorridorArea, ((CorridorNode)ctx.Source!).Slug, ((CorridorNode)ctx.Source!).At?.AsOf))
        .Resolve("Corridor", "route", ctx => Geometry(ctx, LayerStore.GeometryKind.CorridorRoute, ((CorridorNode)ctx.Source!).Slug, ((CorridorNode)ctx.Source!).At?.AsOf))
        .Resolve("Corridor", "incidents", ctx =>
        {
            var corridor = (CorridorNode)ctx.Source!;
            var open = ctx.Struct<bool>("onlyWhileOpen");
            return IncidentResolvers.ConnectionAsync(ctx, f => f with { Corridor = corridor.Slug, CorridorOpen = open, AsOf = f.AsOf ?? corridor.At?.AsOf },
                "insideCorridor");
        })
        .Resolve("Truce", "scope", ctx => LayerLookup.Zones(ctx, ((TruceNode)ctx.Source!).ScopeSlugs))
        .Resolve("Truce", "incidents", ctx =>
        {
            var truce = (TruceNode)ctx.Source!;
            return IncidentResolvers.ConnectionAsync(ctx, f => f with { Truce = truce.Slug, AsOf = f.AsOf ?? truce.At?.AsOf }, "duringTruce");
        });

    private static LayerStore Store(ResolveContext ctx) => GqlRequest.Reader<LayerStore>(ctx);

    private static DateTimeOffset? AsOf(ResolveContext ctx) => ctx.Struct<DateTimeOffset>("asOf");

    private static T? One<T>(List<T> rows) where T : class => rows.Count == 1 ? rows[0] : null;

    // claim: a party claims may be attributed to; any other is BAD_USER_INPUT, as REST's 400.
    private static async Task<string?> ClaimAsync(ResolveContext ctx)
    {
        if (ctx.Value<string>("claim") is not { } party) return null;
        return await Store(ctx).KnownPartyAsync(party, ctx.CancellationToken) ? party
            : throw GqlErrors.BadInput("claim", $"'{party}' is not a party: {Features.Disputes.ClaimParties.Describe}.");
    }

    // Absent is null; asked before it existed (or after its deletion) is NOT_FOUND naming its earliest version, as REST's 404.
    private static async Task<object?> MissingAsync(ResolveContext ctx, string table, string slug, DateTimeOffset? asOf)
    {
        var why = await Store(ctx).MissingAtAsync(table, slug, asOf, ctx.CancellationToken);
        return why.Parameter == "asOf" ? throw GqlErrors.Translate(why, "") : null;
    }

    // A layer deleted between its row and its geometry is a race, not a client error: say so plainly.
    private static async Task<RawJson> Geometry(ResolveContext ctx, LayerStore.GeometryKind kind, string slug, DateTimeOffset? asOf = null, string? claim = null) =>
        new(await Loaders.Geometry(ctx, kind, asOf, claim).LoadAsync(slug)
            ?? throw new InvalidOperationException($"The {kind} '{slug}' was deleted while it was read."));
}
