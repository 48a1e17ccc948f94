using System.Runtime.CompilerServices;
using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.Incidents;
using GeoMonitor.Api.Features.Incidents.Events;
using GeoMonitor.Api.GraphQL.Data;
using GeoMonitor.GraphQL.Execution;
using GeoMonitor.GraphQL.Utilities;

namespace GeoMonitor.Api.GraphQL.Resolvers;

/// <summary>
/// incidentReported and incidentReviewed: the process's <see cref="IncidentEvents"/> (LISTEN/NOTIFY, so writes from any
/// instance and any path arrive), each event re-read through the query core with the subscriber's filter and
/// visibility, so a subscriber receives exactly the incidents its filter would return from Query.incidents.
/// </summary>
public static class SubscriptionResolvers
{
    /// <summary>The most events one read of a subscriber answers.</summary>
    public const int MaxBatch = 500;

    /// <summary>Binds the resolvers.</summary>
    public static SchemaBuilder BindSubscriptions(this SchemaBuilder b) => b
        .Subscribe("Subscription", "incidentReported", ctx => StreamAsync(ctx, IncidentAction.Reported))
        .Subscribe("Subscription", "incidentReviewed", ctx => StreamAsync(ctx, IncidentAction.Reviewed));

    private static IAsyncEnumerable<IncidentNode> StreamAsync(ResolveContext ctx, IncidentAction action)
    {
        var request = GqlRequest.Of(ctx);
        var translated = FilterInput.Read(ctx.Input("filter"), request.Caller);
        return Matches(request, translated.Filter, action, ctx.CancellationToken);
    }

    private static async IAsyncEnumerable<IncidentNode> Matches(GqlRequest request, Features.Incidents.Query.IncidentFilter filter,
        IncidentAction action, [EnumeratorCancellation] CancellationToken ct)
    {
        // Listen first, then check the slugs: nothing committed after the subscribe message is missed.
        var batches = request.Service<IncidentEvents>().SubscribeBatchesAsync(MaxBatch, ct).GetAsyncEnumerator(ct);
        try
        {
            try
            {
                await request.Service<IncidentStore>().EnsureSlugsExistAsync(filter, ct);
            }
            catch (ResourceNotFoundException e)
            {
                throw GqlErrors.Translate(e, "filter.");
            }
            var store = request.Service<IncidentBatchStore>();
            while (await batches.MoveNextAsync())
            {
                // The events that queued up while the last read ran are read in one statement, then answered one by one in
                // their order: one read per event fell seconds behind a busy server (docs/performance.md, scale-out).
                var events = batches.Current.Where(e => e.Action == action && (filter.Ids is null || filter.Ids.Contains(e.Id))).ToList();
                if (events.Count == 0) continue;
                long[] ids = [.. events.Select(e => e.Id).Distinct()];
                var page = new IncidentPageQuery(filter with { Ids = ids }, GqlIncidentOrder.OccurredAt, ids.Length, null);
                var rows = (await store.PagesAsync([page], ct))[0].Rows.ToDictionary(n => n.Id);
                foreach (var e in events)
                    if (rows.TryGetValue(e.Id, out var node)) yield return node;
            }
        }
        finally
        {
            await batches.DisposeAsync();
        }
    }
}
