namespace GeoMonitor.Api.GraphQL.Data;

/// <summary>A page of incidents as a Relay connection; totalCount is counted only when selected.</summary>
public sealed class IncidentConnectionNode(IncidentPageResult page, IncidentCountQuery countFilter)
{
    /// <summary>The page read.</summary>
    public IncidentPageResult Page => page;

    /// <summary>The filter whose matches totalCount counts (the page's filter without its page).</summary>
    public IncidentCountQuery CountFilter => countFilter;

    /// <summary>Edges with cursors.</summary>
    public IReadOnlyList<IncidentEdgeNode> Edges => page.Rows.Select(r => new IncidentEdgeNode(page.CursorOf(r), r)).ToList();

    /// <summary>The incidents.</summary>
    public IReadOnlyList<IncidentNode> Nodes => page.Rows;

    /// <summary>Paging state.</summary>
    public PageInfoNode PageInfo => new(page.HasNext, page.Query.After is not null,
        page.Rows.Count > 0 ? page.CursorOf(page.Rows[0]) : null,
        page.Rows.Count > 0 ? page.CursorOf(page.Rows[^1]) : null);
}

/// <summary>An edge.</summary>
public sealed record IncidentEdgeNode(PageCursor Cursor, IncidentNode Node);

/// <summary>Relay page info.</summary>
public sealed record PageInfoNode(bool HasNextPage, bool HasPreviousPage, PageCursor? StartCursor, PageCursor? EndCursor);
