using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using GeoMonitor.GraphQL.Language;
using GeoMonitor.GraphQL.Types;

namespace GeoMonitor.GraphQL.Utilities;

/// <summary>
/// Remembers parsed and validated documents per schema, keyed by query text, so clients that repeat the same
/// query (most do) skip parsing and validation. Documents are immutable, so one entry serves concurrent requests.
/// </summary>
internal static class DocumentCache
{
    /// <summary>Entries per schema; the cache is simply emptied when full, which keeps it cheap and bounded.</summary>
    public const int Capacity = 1000;

    /// <summary>Queries longer than this are not cached, so large one-off documents cannot crowd out the rest.</summary>
    public const int MaxCachedLength = 20_000;

    private static readonly ConditionalWeakTable<Schema, ConcurrentDictionary<(string Query, int MaxTokens), Entry>> Caches = new();

    public sealed record Entry(DocumentNode Document, IReadOnlyList<GraphQLError> Errors);

    public static bool TryGet(Schema schema, string query, int maxTokens, out Entry entry)
    {
        entry = null!;
        return query.Length <= MaxCachedLength && Caches.TryGetValue(schema, out var cache) && cache.TryGetValue((query, maxTokens), out entry!);
    }

    public static void Add(Schema schema, string query, int maxTokens, Entry entry)
    {
        if (query.Length > MaxCachedLength) return;
        var cache = Caches.GetValue(schema, _ => new ConcurrentDictionary<(string, int), Entry>());
        if (cache.Count >= Capacity) cache.Clear();
        cache[(query, maxTokens)] = entry;
    }
}
