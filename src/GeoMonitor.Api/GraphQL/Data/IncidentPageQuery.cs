using GeoMonitor.Api.Features.Incidents.Query;

namespace GeoMonitor.Api.GraphQL.Data;

/// <summary>How a GraphQL incident list is ordered.</summary>
public enum GqlIncidentOrder
{
    /// <summary>Oldest first.</summary>
    OccurredAt,
    /// <summary>Newest first.</summary>
    OccurredAtDesc,
    /// <summary>Nearest first (to filter.near, else to the Blue Line).</summary>
    Distance,
}

/// <summary>One page asked for: the core filter (already validated and restricted to what the caller may see) and the page.</summary>
/// <param name="Filter">The filter of the query core.</param>
/// <param name="Order">The order.</param>
/// <param name="Limit">Rows per page.</param>
/// <param name="After">Start after this position.</param>
/// <param name="Plan">The access-path hint REST derives for the same filter (null: from the filter alone).</param>
public sealed record IncidentPageQuery(IncidentFilter Filter, GqlIncidentOrder Order, int Limit, PageCursor? After, IncidentPlan? Plan = null)
{
    /// <summary>The cursor of a row of this page.</summary>
    public PageCursor CursorOf(IncidentNode row) => Order switch
    {
        GqlIncidentOrder.Distance => PageCursor.AtDistance(row.OrderDistance, row.Id),
        GqlIncidentOrder.OccurredAtDesc => PageCursor.At(new IncidentCursor(row.OccurredAt, row.Id, IncidentOrder.Descending)),
        _ => PageCursor.At(new IncidentCursor(row.OccurredAt, row.Id, IncidentOrder.Ascending)),
    };
}

/// <summary>A count asked for: the filter and the same hint as its page.</summary>
public sealed record IncidentCountQuery(IncidentFilter Filter, IncidentPlan? Plan);

/// <summary>Whether a named layer exists, and for a truce its window in force (the REST API's plan hint needs it).</summary>
public sealed record LayerInfo(bool Exists, DateTime? From = null, DateTime? To = null);

/// <summary>A page read: its rows and whether more follow.</summary>
/// <param name="Query">What was asked.</param>
/// <param name="Rows">The rows, in order. A streamed page that no second list replays keeps only its first and last rows
/// here (what pageInfo needs: <see cref="IncidentPageSource"/>).</param>
/// <param name="HasNext">Whether another page follows.</param>
public sealed record IncidentPageResult(IncidentPageQuery Query, IReadOnlyList<IncidentNode> Rows, bool HasNext);
