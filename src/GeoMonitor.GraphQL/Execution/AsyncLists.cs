using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace GeoMonitor.GraphQL.Execution;

/// <summary>
/// Recognizes a list field's value that arrives item by item: an <see cref="IAsyncEnumerable{T}"/> (as graphql-js 17
/// accepts an async iterable for a list). Reference-type items are read through covariance; value-type items are
/// boxed by an adapter made once per type.
/// </summary>
internal static class AsyncLists
{
    private static readonly ConcurrentDictionary<Type, Func<object, IAsyncEnumerable<object?>>?> Adapters = new();

    private static readonly MethodInfo BoxMethod = typeof(AsyncLists).GetMethod(nameof(Box), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>The value as a stream of items, or null when it is not one.</summary>
    public static IAsyncEnumerable<object?>? From(object value)
    {
        if (value is IAsyncEnumerable<object?> items) return items;
        // Lists and arrays (the usual list values) are collections and never streams: no look-up for them.
        if (value is ICollection || value is string) return null;
        return Adapters.GetOrAdd(value.GetType(), CreateAdapter)?.Invoke(value);
    }

    private static Func<object, IAsyncEnumerable<object?>>? CreateAdapter(Type type)
    {
        var itemType = type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IAsyncEnumerable<>))
            ?.GetGenericArguments()[0];
        if (itemType is null) return null;
        var box = BoxMethod.MakeGenericMethod(itemType);
        return value => (IAsyncEnumerable<object?>)box.Invoke(null, [value, default(CancellationToken)])!;
    }

    private static async IAsyncEnumerable<object?> Box<T>(IAsyncEnumerable<T> source, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in source.WithCancellation(cancellationToken)) yield return item;
    }
}
