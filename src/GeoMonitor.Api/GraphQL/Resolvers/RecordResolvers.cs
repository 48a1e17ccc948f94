using GeoMonitor.Api.Features.Changes;
using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.Disputes;
using GeoMonitor.Api.Features.Layers;
using GeoMonitor.Api.GraphQL.Data;
using GeoMonitor.GraphQL.Execution;
using GeoMonitor.GraphQL.Utilities;

namespace GeoMonitor.Api.GraphQL.Resolvers;

/// <summary>
/// The record over time (issue 15): the version a layer node shows and every kept version of it, the disputes and their
/// claims (as the REST reads serve them, as recorded at asOf when asked), the changes feed (<see cref="ChangeFeed"/>, as
/// GET /api/changes), and upsertDispute, putClaim and deleteClaim, the GraphQL adapters of <see cref="DisputeWrites"/>.
/// </summary>
public static class RecordResolvers
{
    /// <summary>Binds the resolvers.</summary>
    public static SchemaBuilder BindRecord(this SchemaBuilder b) => b
        .Resolve("Line", "version", ctx => ((LineNode)ctx.Source!).At?.Version)
        .Resolve("Line", "recordedFrom", ctx => ((LineNode)ctx.Source!).At?.RecordedFrom)
        .Resolve("Line", "versions", ctx => Store(ctx).VersionsAsync(LayerVersions.Line, ((LineNode)ctx.Source!).Slug, ctx.CancellationToken))
        .Resolve("Line", "disputes", ctx => Store(ctx).DisputesAsync(null, ((LineNode)ctx.Source!).Slug, ctx.CancellationToken))
        .Resolve("Zone", "version", ctx => ((ZoneNode)ctx.Source!).At?.Version)
        .Resolve("Zone", "recordedFrom", ctx => ((ZoneNode)ctx.Source!).At?.RecordedFrom)
        .Resolve("Zone", "versions", ctx => Store(ctx).VersionsAsync(LayerVersions.Zone, ((ZoneNode)ctx.Source!).Slug, ctx.CancellationToken))
        .Resolve("Corridor", "version", ctx => ((CorridorNode)ctx.Source!).At?.Version)
        .Resolve("Corridor", "recordedFrom", ctx => ((CorridorNode)ctx.Source!).At?.RecordedFrom)
        .Resolve("Corridor", "versions", ctx => Store(ctx).VersionsAsync(LayerVersions.Corridor, ((CorridorNode)ctx.Source!).Slug, ctx.CancellationToken))
        .Resolve("Truce", "version", ctx => ((TruceNode)ctx.Source!).At?.Version)
        .Resolve("Truce", "recordedFrom", ctx => ((TruceNode)ctx.Source!).At?.RecordedFrom)
        .Resolve("Truce", "versions", ctx => Store(ctx).VersionsAsync(LayerVersions.Truce, ((TruceNode)ctx.Source!).Slug, ctx.CancellationToken))
        .Resolve("Query", "disputes", ctx => Store(ctx).DisputesAsync(null, ctx.Value<string>("line"), ctx.CancellationToken, ctx.Struct<DateTimeOffset>("asOf")))
        .Resolve("Query", "dispute", async ctx =>
            (await Store(ctx).DisputesAsync([ctx.Value<string>("slug")!], null, ctx.CancellationToken, ctx.Struct<DateTimeOffset>("asOf"))).SingleOrDefault())
        .Resolve("Dispute", "line", ctx => LayerLookup.Line(ctx, ((DisputeNode)ctx.Source!).LineSlug))
        .Resolve("Claim", "position", ctx => new RawJson(((ClaimNode)ctx.Source!).PositionJson))
        // The changes feed: the same use of ChangeFeed as GET /api/changes, so the same entries and tokens.
        .Resolve("Query", "changes", async ctx =>
        {
            var request = GqlRequest.Of(ctx);
            var feed = request.Service<ChangeFeed>();
            // PageSize has checked 1–1000 (ChangeFeed.MaxLimit).
            var limit = ctx.Struct<int>("limit") ?? 100;
            ChangeToken after;
            try { after = await feed.AfterAsync(ctx.Value<string>("since"), ctx.CancellationToken); }
            catch (ChangeTokenException e)
            {
                throw GqlErrors.Error(GqlErrors.BadUserInput, e.Message, "since",
                    new Dictionary<string, object?> { ["type"] = e.Type, ["restart"] = ChangeTokenException.RestartAt });
            }
            return await feed.ReadAsync(after, limit, request.Caller, ctx.CancellationToken);
        })
        .Resolve("ChangePage", "changes", ctx => ((ChangePage)ctx.Source!).Entries)
        .Resolve("ChangePage", "next", ctx => ((ChangePage)ctx.Source!).Next.Encode())
        .Resolve("ChangePage", "more", ctx => ((ChangePage)ctx.Source!).More)
        .Resolve("FeedChange", "position", ctx => ((ChangeEntry)ctx.Source!).Position.Encode())
        .Resolve("FeedChange", "change", ctx => ((ChangeEntry)ctx.Source!).Change)
        .Resolve("FeedChange", "status", ctx => ((ChangeEntry)ctx.Source!) is { Kind: "incident", Tombstone: false } e ? e.Status : null)
        .Resolve("FeedChange", "statusChanged", ctx => ((ChangeEntry)ctx.Source!) is { Kind: "incident", Tombstone: false } e ? e.StatusChanged ?? false : null)
        .Resolve("FeedChange", "superseded", ctx => ((ChangeEntry)ctx.Source!) is { Kind: "incident", Tombstone: false } e ? e.Superseded : null)
        .Resolve("FeedChange", "incident", ctx => ((ChangeEntry)ctx.Source!).Feature is { } f ? new RawJson(f) : null)
        .Resolve("Mutation", "upsertDispute", async ctx =>
        {
            var (request, caller) = Args(ctx);
            var slug = ctx.Value<string>("slug")!;
            (await request.Service<DisputeWrites>().PutDisputeAsync(caller, slug, InputJson.Element(ctx.Input("input")), ctx.CancellationToken))
                .ValueOrThrow("input");
            return await DisputeAsync(ctx, slug);
        })
        .Resolve("Mutation", "putClaim", async ctx =>
        {
            var (request, caller) = Args(ctx);
            var dispute = ctx.Value<string>("dispute")!;
            (await request.Service<DisputeWrites>().PutClaimAsync(caller, dispute, ctx.Value<string>("party")!, InputJson.Element(ctx.Input("input")),
                ctx.CancellationToken)).ValueOrThrow("input");
            return await DisputeAsync(ctx, dispute);
        })
        .Resolve("Mutation", "deleteClaim", async ctx =>
        {
            var (request, caller) = Args(ctx);
            (await request.Service<DisputeWrites>().DeleteClaimAsync(caller, ctx.Value<string>("dispute")!, ctx.Value<string>("party")!, ctx.CancellationToken))
                .ValueOrThrow("party");
            return (object)true;
        });

    private static LayerStore Store(ResolveContext ctx) => GqlRequest.Reader<LayerStore>(ctx);

    private static async Task<DisputeNode> DisputeAsync(ResolveContext ctx, string slug) =>
        (await Store(ctx).DisputesAsync([slug], null, ctx.CancellationToken)).Single();

    private static (GqlRequest Request, Caller Caller) Args(ResolveContext ctx)
    {
        var request = GqlRequest.Of(ctx);
        return (request, Caller.Of(request.User));
    }
}
