using System.Globalization;
using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.Incidents;
using GeoMonitor.Api.Features.Incidents.Query;
using GeoMonitor.Api.GraphQL.Data;
using GeoMonitor.Api.GraphQL.Scalars;
using GeoMonitor.GraphQL.Execution;
using GeoMonitor.GraphQL.Utilities;

namespace GeoMonitor.Api.GraphQL.Resolvers;

/// <summary>Incident lists (root and nested), single incidents, and the fields of Incident and its connection.</summary>
public static class IncidentResolvers
{
    /// <summary>The default page size, as REST's limit.</summary>
    public const int DefaultPageSize = 100;

    /// <summary>
    /// Binds the resolvers. Incident.id, geometry, blueLine, zones, corridors and truces need none: IncidentNode has
    /// them as properties (IncidentLayers).
    /// </summary>
    public static SchemaBuilder BindIncidents(this SchemaBuilder b) => b
        .Resolve("Query", "incidents", ctx => ConnectionAsync(ctx, f => f))
        .Resolve("Query", "incident", IncidentAsync)
        .Resolve("IncidentConnection", "totalCount", async ctx =>
            checked((int)await Loaders.Counts(ctx).LoadAsync(((IncidentConnectionNode)ctx.Source!).CountFilter)))
        .Resolve("Incident", "distanceTo", async ctx =>
        {
            var i = (IncidentNode)ctx.Source!;
            return await Loaders.Distances(ctx).LoadAsync((i.Id, ctx.Double("lon"), ctx.Double("lat")))
                   ?? throw new InvalidOperationException($"Incident {i.Id} vanished while its distance was computed.");
        });

    /// <summary>
    /// A connection of incidents matching the <c>filter</c> argument, narrowed by <paramref name="scope"/> (the parent
    /// zone, truce or corridor). The members the parent decides are named in <paramref name="replaced"/>.
    /// </summary>
    public static async Task<IncidentConnectionNode> ConnectionAsync(ResolveContext ctx, Func<IncidentFilter, IncidentFilter> scope, params string[] replaced)
    {
        var request = GqlRequest.Of(ctx);
        var translated = FilterInput.Read(ctx.Input("filter"), request.Caller, "filter", replaced);
        var filter = scope(translated.Filter);
        var order = ctx.Struct<GqlIncidentOrder>("orderBy") ?? GqlIncidentOrder.OccurredAt;
        var first = ctx.Struct<int>("first") ?? DefaultPageSize;
        var after = ctx.Value<PageCursor>("after");
        if (after is not null)
        {
            var fits = order switch
            {
                GqlIncidentOrder.Distance => after.IsDistance,
                GqlIncidentOrder.OccurredAtDesc => after.Time?.Order == IncidentOrder.Descending,
                _ => after.Time?.Order == IncidentOrder.Ascending,
            };
            if (!fits) throw GqlErrors.BadInput("after", "'after' is a cursor of another orderBy; pass a cursor from this list.");
        }
        var plan = await FilterInput.EnsureExistAsync(ctx, translated, filter);
        var page = await Loaders.ConnectionPages(ctx).LoadAsync(new IncidentPageQuery(filter, order, first, after, plan));
        return new IncidentConnectionNode(page!, new IncidentCountQuery(filter with { Page = new IncidentPage() }, plan));
    }

    /// <summary>Query.incident: null when absent or malformed; UNAUTHENTICATED (no key) or FORBIDDEN (a key outside its process) when it exists but is held.</summary>
    private static async Task<IncidentNode?> IncidentAsync(ResolveContext ctx)
    {
        var raw = ctx.Arguments["id"]?.ToString();
        if (!long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0) return null;
        var viewer = GqlRequest.Of(ctx).Caller;
        var page = await Loaders.Pages(ctx).LoadAsync(new IncidentPageQuery(IncidentVisibility.One(id, viewer), GqlIncidentOrder.OccurredAt, 1, null));
        if (page!.Rows.Count > 0) return page.Rows[0];
        // Absent is null; present but not public is the refusal every surface gives (IncidentVisibility).
        return await IncidentVisibility.MissingAsync(GqlRequest.Of(ctx).Service<IncidentStore>(), id, viewer, "id", ctx.CancellationToken) is
            Exception e and (KeyRequiredException or ReadForbiddenException)
            ? throw GqlErrors.Translate(e, "")
            : null;
    }
}
