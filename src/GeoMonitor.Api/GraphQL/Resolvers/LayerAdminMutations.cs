using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.LayerAdmin;
using GeoMonitor.Api.GraphQL.Data;
using GeoMonitor.GraphQL.Execution;

namespace GeoMonitor.Api.GraphQL.Resolvers;

/// <summary>
/// upsertLine/Zone/Corridor/Truce, extendTruce and deleteLine/Zone/Corridor/Truce: the GraphQL adapters of
/// <see cref="LayerWrites"/>, the use case behind PUT and DELETE /api/lines|zones|corridors|truces/{slug} and POST
/// /api/truces/{slug}/extensions. The typed input goes in as the REST body would; the written layer comes back as its node.
/// </summary>
public static class LayerAdminMutations
{
    /// <summary>Binds the resolvers.</summary>
    public static GeoMonitor.GraphQL.Utilities.SchemaBuilder BindLayerAdmin(this GeoMonitor.GraphQL.Utilities.SchemaBuilder b) => b
        .Resolve("Mutation", "upsertLine", UpsertLineAsync)
        .Resolve("Mutation", "upsertZone", UpsertZoneAsync)
        .Resolve("Mutation", "upsertCorridor", UpsertCorridorAsync)
        .Resolve("Mutation", "upsertTruce", UpsertTruceAsync)
        .Resolve("Mutation", "extendTruce", ExtendTruceAsync)
        .Resolve("Mutation", "deleteLine", ctx => DeleteAsync(ctx, LayerKind.Line))
        .Resolve("Mutation", "deleteZone", ctx => DeleteAsync(ctx, LayerKind.Zone))
        .Resolve("Mutation", "deleteCorridor", ctx => DeleteAsync(ctx, LayerKind.Corridor))
        .Resolve("Mutation", "deleteTruce", ctx => DeleteAsync(ctx, LayerKind.Truce));

    /// <summary>Mutation.upsertLine.</summary>
    public static async Task<LineNode> UpsertLineAsync(ResolveContext ctx)
    {
        var (request, caller, slug) = Args(ctx);
        (await request.Service<LayerWrites>().PutLineAsync(caller, slug, InputJson.Element(ctx.Input("input")), MakeValid(ctx), ctx.CancellationToken))
            .ValueOrThrow("input");
        return (await request.Service<LayerStore>().LinesAsync([slug], ctx.CancellationToken)).Single();
    }

    /// <summary>Mutation.upsertZone.</summary>
    public static async Task<ZoneNode> UpsertZoneAsync(ResolveContext ctx)
    {
        var (request, caller, slug) = Args(ctx);
        (await request.Service<LayerWrites>().PutZoneAsync(caller, slug, InputJson.Element(ctx.Input("input")), MakeValid(ctx), ctx.CancellationToken))
            .ValueOrThrow("input");
        return (await request.Service<LayerStore>().ZonesAsync([slug], null, null, ctx.CancellationToken)).Single();
    }

    /// <summary>Mutation.upsertCorridor.</summary>
    public static async Task<CorridorNode> UpsertCorridorAsync(ResolveContext ctx)
    {
        var (request, caller, slug) = Args(ctx);
        (await request.Service<LayerWrites>().PutCorridorAsync(caller, slug, InputJson.Element(ctx.Input("input")), MakeValid(ctx), ctx.CancellationToken))
            .ValueOrThrow("input");
        return (await request.Service<LayerStore>().CorridorsAsync([slug], null, ctx.CancellationToken)).Single();
    }

    /// <summary>Mutation.upsertTruce.</summary>
    public static async Task<TruceNode> UpsertTruceAsync(ResolveContext ctx)
    {
        var (request, caller, slug) = Args(ctx);
        (await request.Service<LayerWrites>().PutTruceAsync(caller, slug, InputJson.Element(ctx.Input("input")), ctx.CancellationToken)).ValueOrThrow("input");
        return (await request.Service<LayerStore>().TrucesAsync([slug], null, ctx.CancellationToken)).Single();
    }

    /// <summary>Mutation.extendTruce.</summary>
    public static async Task<TruceNode> ExtendTruceAsync(ResolveContext ctx)
    {
        var (request, caller, slug) = Args(ctx);
        (await request.Service<LayerWrites>().ExtendTruceAsync(caller, slug, InputJson.Element(ctx.Input("input")), ctx.CancellationToken)).ValueOrThrow("input");
        return (await request.Service<LayerStore>().TrucesAsync([slug], null, ctx.CancellationToken)).Single();
    }

    /// <summary>The delete mutations: true when deleted.</summary>
    public static async Task<object> DeleteAsync(ResolveContext ctx, LayerKind kind)
    {
        var (request, caller, slug) = Args(ctx);
        (await request.Service<LayerWrites>().DeleteAsync(caller, kind, slug, ctx.CancellationToken)).ValueOrThrow("slug");
        return true;
    }

    private static (GqlRequest Request, Caller Caller, string Slug) Args(ResolveContext ctx)
    {
        var request = GqlRequest.Of(ctx);
        return (request, Caller.Of(request.User), ctx.Value<string>("slug")!);
    }

    private static bool MakeValid(ResolveContext ctx) => ctx.Struct<bool>("makeValid") ?? false;
}
