using GeoMonitor.GraphQL.Execution;

namespace GeoMonitor.Api.GraphQL.Data;

/// <summary>
/// The request's batch loaders. Every nested field that needs SQL goes through one of these, so a response level costs
/// one statement per kind of data, whatever the number of parents. Layer rows (zones, corridors, truces, lines) come
/// from <see cref="LayerLookup"/> instead: an in-memory copy kept current by NOTIFY, so they cost no statement at all.
/// </summary>
public static class Loaders
{
    private static LayerStore Layers(ResolveContext ctx) => Resolvers.GqlRequest.Reader<LayerStore>(ctx);

    private static IncidentBatchStore Incidents(ResolveContext ctx) => Resolvers.GqlRequest.Reader<IncidentBatchStore>(ctx);

    /// <summary>Pages of incidents, all pages of a level in one UNION ALL statement.</summary>
    public static DataLoader<IncidentPageQuery, IncidentPageResult> Pages(ResolveContext ctx)
    {
        var store = Incidents(ctx);
        var layers = IncidentLayers.Of(ctx);
        return ctx.Loader<IncidentPageQuery, IncidentPageResult>("gm.pages",
            (IReadOnlyList<IncidentPageQuery> keys, CancellationToken ct) => store.PagesAsync(keys, ct, layers));
    }

    /// <summary>The pages of incident connections: one alone is streamed, several are read in one statement.</summary>
    public static DataLoader<IncidentPageQuery, IncidentPageSource> ConnectionPages(ResolveContext ctx)
    {
        var store = Incidents(ctx);
        var layers = IncidentLayers.Of(ctx);
        return ctx.Loader<IncidentPageQuery, IncidentPageSource>("gm.connectionPages",
            (IReadOnlyList<IncidentPageQuery> keys, CancellationToken ct) => store.ConnectionPagesAsync(keys, layers, ct));
    }

    /// <summary>Match counts (totalCount), all of a level in one statement.</summary>
    public static DataLoader<IncidentCountQuery, long> Counts(ResolveContext ctx)
    {
        var store = Incidents(ctx);
        return ctx.Loader<IncidentCountQuery, long>("gm.counts",
            (IReadOnlyList<IncidentCountQuery> keys, CancellationToken ct) => store.CountsAsync(keys, ct));
    }

    /// <summary>Geodesic distances from incidents to coordinates.</summary>
    public static DataLoader<(long Id, double Lon, double Lat), double?> Distances(ResolveContext ctx)
    {
        var store = Incidents(ctx);
        return ctx.Loader<(long Id, double Lon, double Lat), double?>("gm.distances",
            (IReadOnlyList<(long Id, double Lon, double Lat)> keys, CancellationToken ct) => store.DistancesAsync(keys, ct));
    }

    /// <summary>Layer geometry (GeoJSON text) by slug, one loader per kind, recorded instant (null = now) and claim.</summary>
    public static DataLoader<string, string> Geometry(ResolveContext ctx, LayerStore.GeometryKind kind, DateTimeOffset? asOf = null, string? claim = null)
    {
        var layers = Layers(ctx);
        var name = "gm.geometry." + kind + (asOf is { } at ? "@" + at.UtcTicks : "") + (claim is null ? "" : "#" + claim);
        return ctx.Loader<string, string>(name, (IReadOnlyList<string> keys, CancellationToken ct) =>
            layers.GeometriesAsync(kind, keys, ct, asOf, claim));
    }
}
