using GeoMonitor.Api.GraphQL.Resolvers;
using GeoMonitor.GraphQL.Execution;

namespace GeoMonitor.Api.GraphQL.Data;

/// <summary>
/// Layer rows by slug for resolvers, from <see cref="LayerCache"/>: synchronously when the cache holds the table (no
/// task, no statement), otherwise through one read of the table per request shared by every resolver that asks.
/// Results keep the order of the slugs asked for and skip slugs that no longer exist.
/// </summary>
public static class LayerLookup
{
    /// <summary>Zones for these slugs: a list, or a task of one.</summary>
    public static object Zones(ResolveContext ctx, IEnumerable<string>? slugs) =>
        Many(ctx, "zones", c => c.CachedZones, (c, ct) => c.ZonesAsync(ct), slugs);

    /// <summary>Corridors for these slugs.</summary>
    public static object Corridors(ResolveContext ctx, IEnumerable<string>? slugs) =>
        Many(ctx, "corridors", c => c.CachedCorridors, (c, ct) => c.CorridorsAsync(ct), slugs);

    /// <summary>Truces for these slugs.</summary>
    public static object Truces(ResolveContext ctx, IEnumerable<string>? slugs) =>
        Many(ctx, "truces", c => c.CachedTruces, (c, ct) => c.TrucesAsync(ct), slugs);

    /// <summary>One zone or null (a task of it when not cached).</summary>
    public static object? Zone(ResolveContext ctx, string slug) => One(ctx, "zones", c => c.CachedZones, (c, ct) => c.ZonesAsync(ct), slug);

    /// <summary>One corridor or null.</summary>
    public static object? Corridor(ResolveContext ctx, string slug) => One(ctx, "corridors", c => c.CachedCorridors, (c, ct) => c.CorridorsAsync(ct), slug);

    /// <summary>One truce or null.</summary>
    public static object? Truce(ResolveContext ctx, string slug) => One(ctx, "truces", c => c.CachedTruces, (c, ct) => c.TrucesAsync(ct), slug);

    /// <summary>One line or null.</summary>
    public static object? Line(ResolveContext ctx, string slug) => One(ctx, "lines", c => c.CachedLines, (c, ct) => c.LinesAsync(ct), slug);

    /// <summary>The table's rows by slug (cached, or read once for this request).</summary>
    public static Task<IReadOnlyDictionary<string, T>> TableAsync<T>(ResolveContext ctx, string table,
        Func<LayerCache, IReadOnlyDictionary<string, T>?> cached, Func<LayerCache, CancellationToken, Task<IReadOnlyDictionary<string, T>>> load) =>
        TableAsync(GqlRequest.Of(ctx).Service<LayerCache>(), ctx.Items, ctx.CancellationToken, table, cached, load);

    /// <summary>The table's rows by slug: cached, or read once per <paramref name="shared"/> (a request's items).</summary>
    internal static Task<IReadOnlyDictionary<string, T>> TableAsync<T>(LayerCache cache, IDictionary<string, object?> shared, CancellationToken ct,
        string table, Func<LayerCache, IReadOnlyDictionary<string, T>?> cached, Func<LayerCache, CancellationToken, Task<IReadOnlyDictionary<string, T>>> load)
    {
        if (cached(cache) is { } hit) return Task.FromResult(hit);
        var key = "gm.layer." + table;
        lock (shared)
        {
            if (shared.TryGetValue(key, out var pending) && pending is Task<IReadOnlyDictionary<string, T>> t) return t;
            var task = load(cache, ct);
            shared[key] = task;
            return task;
        }
    }

    /// <summary>Whether a layer exists, and for a truce its window in force.</summary>
    public static async Task<LayerInfo> InfoAsync(ResolveContext ctx, string table, string slug)
    {
        switch (table)
        {
            case "truces":
                var truces = await TableAsync(ctx, "truces", c => c.CachedTruces, (c, ct) => c.TrucesAsync(ct));
                return truces.TryGetValue(slug, out var t) ? new LayerInfo(true, t.Start, t.End) : new LayerInfo(false);
            case "zones":
                return new LayerInfo((await TableAsync(ctx, "zones", c => c.CachedZones, (c, ct) => c.ZonesAsync(ct))).ContainsKey(slug));
            case "corridors":
                return new LayerInfo((await TableAsync(ctx, "corridors", c => c.CachedCorridors, (c, ct) => c.CorridorsAsync(ct))).ContainsKey(slug));
            case "lines":
                return new LayerInfo((await TableAsync(ctx, "lines", c => c.CachedLines, (c, ct) => c.LinesAsync(ct))).ContainsKey(slug));
            default:
                throw new ArgumentOutOfRangeException(nameof(table));
        }
    }

    private static object Many<T>(ResolveContext ctx, string table, Func<LayerCache, IReadOnlyDictionary<string, T>?> cached,
        Func<LayerCache, CancellationToken, Task<IReadOnlyDictionary<string, T>>> load, IEnumerable<string>? slugs) where T : class
    {
        if (slugs is null) return new List<T>();
        var cache = GqlRequest.Of(ctx).Service<LayerCache>();
        if (cached(cache) is { } hit) return Pick(hit, slugs);
        return PickAsync(TableAsync(ctx, table, cached, load), slugs);
    }

    private static object? One<T>(ResolveContext ctx, string table, Func<LayerCache, IReadOnlyDictionary<string, T>?> cached,
        Func<LayerCache, CancellationToken, Task<IReadOnlyDictionary<string, T>>> load, string slug) where T : class
    {
        var cache = GqlRequest.Of(ctx).Service<LayerCache>();
        if (cached(cache) is { } hit) return hit.GetValueOrDefault(slug);
        return OneAsync(TableAsync(ctx, table, cached, load), slug);
    }

    internal static List<T> Pick<T>(IReadOnlyDictionary<string, T> rows, IEnumerable<string> slugs) where T : class
    {
        var list = new List<T>(slugs is string[] a ? a.Length : 4);
        foreach (var s in slugs)
            if (rows.TryGetValue(s, out var row)) list.Add(row);
        return list;
    }

    internal static async Task<List<T>> PickAsync<T>(Task<IReadOnlyDictionary<string, T>> rows, IEnumerable<string> slugs) where T : class =>
        Pick(await rows, slugs);

    private static async Task<T?> OneAsync<T>(Task<IReadOnlyDictionary<string, T>> rows, string slug) where T : class =>
        (await rows).GetValueOrDefault(slug);
}

/// <summary>
/// The layer rows the incidents of one read name by slug (Incident.zones, corridors, truces), given to every
/// <see cref="IncidentNode"/> the read makes, so that these fields are plain properties: no resolver, no resolve
/// context per field per incident (a page holds up to 1,000). Rows come from <see cref="LayerCache"/>; when it does
/// not hold a table, the table is read once for everything that shares <paramref name="shared"/> (the request's items,
/// as <see cref="LayerLookup"/> does for resolvers).
/// </summary>
public sealed class IncidentLayers(LayerCache cache, IDictionary<string, object?> shared, CancellationToken ct)
{
    /// <summary>For the incidents a resolver reads: the request's cache and items.</summary>
    public static IncidentLayers Of(ResolveContext ctx) => new(GqlRequest.Of(ctx).Service<LayerCache>(), ctx.Items, ctx.CancellationToken);

    /// <summary>Zones for these slugs: a list, or a task of one.</summary>
    public object Zones(string[] slugs) => cache.CachedZones is { } hit ? LayerLookup.Pick(hit, slugs)
        : LayerLookup.PickAsync(LayerLookup.TableAsync(cache, shared, ct, "zones", c => c.CachedZones, (c, t) => c.ZonesAsync(t)), slugs);

    /// <summary>Corridors for these slugs.</summary>
    public object Corridors(string[] slugs) => cache.CachedCorridors is { } hit ? LayerLookup.Pick(hit, slugs)
        : LayerLookup.PickAsync(LayerLookup.TableAsync(cache, shared, ct, "corridors", c => c.CachedCorridors, (c, t) => c.CorridorsAsync(t)), slugs);

    /// <summary>Truces for these slugs.</summary>
    public object Truces(string[] slugs) => cache.CachedTruces is { } hit ? LayerLookup.Pick(hit, slugs)
        : LayerLookup.PickAsync(LayerLookup.TableAsync(cache, shared, ct, "truces", c => c.CachedTruces, (c, t) => c.TrucesAsync(t)), slugs);
}
