namespace GeoMonitor.GraphQL.Execution;

/// <summary>
/// Result maps and lists reused from one item of a streamed list to the next, when the list is written as its items
/// arrive (<see cref="ExecutionOptions.SerializeStreamedLists"/>): a page of a thousand items then builds its result
/// objects a few times instead of a thousand times.
/// <para>
/// Why it is safe: an item that completed at once holds its result objects only in its own tree (nothing is pending
/// in it, and resolvers never see result objects), and once it is written nothing reads that tree again; so after
/// the write every map and list in it goes back here. Objects are handed out only to code running on the thread of
/// the streaming loop while it executes an item (<see cref="Enter"/>), so no other thread ever sees this one; code
/// of another branch that happens to run inline then (a continuation a resolver triggered) may take one, which then
/// simply belongs to that branch's tree and never comes back.
/// </para>
/// </summary>
internal sealed class ResultRecycler(OperationExecutor owner)
{
    [ThreadStatic]
    private static ResultRecycler? t_current;

    private const int MaxKept = 64;
    private ResponseKeys?[] _keys = new ResponseKeys?[4];
    private Stack<ResultMap>[] _maps = new Stack<ResultMap>[4];
    private readonly Stack<ResultList> _lists = new();

    /// <summary>Makes this recycler the source of result objects on this thread until the returned scope ends.</summary>
    public Scope Enter()
    {
        var previous = t_current;
        t_current = this;
        return new Scope(previous);
    }

    /// <summary>Restores the recycler that was current before <see cref="Enter"/>.</summary>
    public readonly struct Scope(ResultRecycler? previous) : IDisposable
    {
        public void Dispose() => t_current = previous;
    }

    /// <summary>A result map for <paramref name="fields"/>: a reused one when executing a streamed item, otherwise a new one.</summary>
    public static ResultMap NewMap(OperationExecutor executor, CollectedFields fields)
    {
        if (t_current is { } recycler && ReferenceEquals(recycler._owner, executor))
        {
            var free = recycler.MapsFor(fields.Keys);
            if (free.TryPop(out var map)) return map;
        }
        return new ResultMap(fields.Keys, new object?[fields.Groups.Length]);
    }

    /// <summary>A list for a list's items: a reused one when executing a streamed item, otherwise a new one.</summary>
    public static ResultList NewList(OperationExecutor executor, int capacity)
    {
        if (t_current is { } recycler && ReferenceEquals(recycler._owner, executor) && recycler._lists.TryPop(out var list)) return list;
        return new ResultList(capacity);
    }

    /// <summary>Takes back every map and list of a written item's tree.</summary>
    public void Recycle(object? value)
    {
        switch (value)
        {
            case ResultMap map:
                var values = map.ValuesArray;
                for (var i = 0; i < values.Length; i++)
                {
                    if (values[i] is ResultMap or ResultList) Recycle(values[i]);
                    values[i] = null;
                }
                var free = MapsFor(map.ResponseKeys);
                if (free.Count < MaxKept) free.Push(map);
                break;
            // Only lists the engine made: a list a resolver or a scalar returned as a value is not the engine's to reuse.
            case ResultList list:
                foreach (var item in list)
                {
                    if (item is ResultMap or ResultList) Recycle(item);
                }
                list.Clear();
                if (_lists.Count < MaxKept) _lists.Push(list);
                break;
        }
    }

    private Stack<ResultMap> MapsFor(ResponseKeys keys)
    {
        // A streamed item has a handful of selection sets: a linear scan by reference beats a hash look-up.
        var i = 0;
        for (; i < _keys.Length && _keys[i] is { } k; i++)
        {
            if (ReferenceEquals(k, keys)) return _maps[i];
        }
        if (i == _keys.Length)
        {
            Array.Resize(ref _keys, i * 2);
            Array.Resize(ref _maps, i * 2);
        }
        _keys[i] = keys;
        return _maps[i] = new Stack<ResultMap>();
    }

    private readonly OperationExecutor _owner = owner;
}

/// <summary>A list in the result, made by the engine (so <see cref="ResultRecycler"/> may reuse it).</summary>
internal sealed class ResultList(int capacity) : List<object?>(capacity);
