namespace GeoMonitor.Api.GraphQL.Data;

/// <summary>
/// A page of incidents as a Relay connection; totalCount is counted only when selected. Edges and nodes are lists, or
/// streams read while the response is written when the page is a parent's only one (<see cref="IncidentPageSource"/>).
/// </summary>
public sealed class IncidentConnectionNode(IncidentPageSource page, IncidentCountQuery countFilter)
{
    /// <summary>The page.</summary>
    public IncidentPageSource Page => page;

    /// <summary>The filter whose matches totalCount counts (the page's filter without its page).</summary>
    public IncidentCountQuery CountFilter => countFilter;

    /// <summary>Edges with cursors.</summary>
    public object Edges => page.Select(static (query, row) => new IncidentEdgeNode(query, row));

    /// <summary>The incidents.</summary>
    public object Nodes => page.Rows;

    /// <summary>Paging state, known once the page is read.</summary>
    public Task<PageInfoNode> PageInfo => PageInfoAsync();

    private async Task<PageInfoNode> PageInfoAsync()
    {
        var whole = await page.WholeAsync();
        var rows = whole.Rows;
        return new PageInfoNode(whole.HasNext, page.Query.After is not null,
            rows.Count > 0 ? page.Query.CursorOf(rows[0]) : null,
            rows.Count > 0 ? page.Query.CursorOf(rows[^1]) : null);
    }
}

/// <summary>An edge; its cursor is made only when asked for.</summary>
public sealed class IncidentEdgeNode(IncidentPageQuery query, IncidentNode node)
{
    /// <summary>Pass as after to continue after this incident.</summary>
    public PageCursor Cursor => query.CursorOf(node);

    /// <summary>The incident.</summary>
    public IncidentNode Node => node;
}

/// <summary>Relay page info.</summary>
public sealed record PageInfoNode(bool HasNextPage, bool HasPreviousPage, PageCursor? StartCursor, PageCursor? EndCursor);
