namespace GeoMonitor.GraphQL.Execution;

/// <summary>Something the execution pump can ask to run its pending batch.</summary>
internal interface IBatchDispatcher
{
    Task DispatchAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Batches and caches loads for one request. Keys requested while a level of the response is being resolved
/// are sent to the batch function in one call once every resolver of that level is waiting; each key is loaded
/// at most once per request. Get one with <see cref="ResolveContext.Loader{TKey,TValue}(string, Func{IReadOnlyList{TKey}, CancellationToken, Task{IReadOnlyDictionary{TKey, TValue}}})"/>.
/// </summary>
/// <typeparam name="TKey">The key type, such as an id.</typeparam>
/// <typeparam name="TValue">The loaded value type.</typeparam>
public sealed class DataLoader<TKey, TValue> : IBatchDispatcher
    where TKey : notnull
{
    private readonly Func<IReadOnlyList<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> _batch;
    private readonly DataLoaderRegistry _registry;
    private readonly Dictionary<TKey, Task<TValue?>> _cache = [];
    private readonly object _lock = new();
    private List<(TKey Key, TaskCompletionSource<TValue?> Completion)> _queue = [];
    private int _batchCount;

    internal DataLoader(
        string name,
        Func<IReadOnlyList<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> batch,
        DataLoaderRegistry registry)
    {
        Name = name;
        _batch = batch;
        _registry = registry;
    }

    /// <summary>The name the loader was registered under.</summary>
    public string Name { get; }

    /// <summary>How many times the batch function has been called in this request.</summary>
    public int BatchCount => Volatile.Read(ref _batchCount);

    /// <summary>Loads one key; keys missing from the batch result load as default.</summary>
    public Task<TValue?> LoadAsync(TKey key)
    {
        bool first;
        Task<TValue?> task;
        lock (_lock)
        {
            if (_cache.TryGetValue(key, out var cached)) return cached;
            var completion = new TaskCompletionSource<TValue?>(TaskCreationOptions.RunContinuationsAsynchronously);
            task = completion.Task;
            _cache[key] = task;
            _queue.Add((key, completion));
            first = _queue.Count == 1;
        }
        if (first) _registry.MarkPending(this);
        return task;
    }

    /// <summary>Loads several keys in one batch.</summary>
    public Task<TValue?[]> LoadManyAsync(IEnumerable<TKey> keys) => Task.WhenAll(keys.Select(LoadAsync));

    async Task IBatchDispatcher.DispatchAsync(CancellationToken cancellationToken)
    {
        List<(TKey Key, TaskCompletionSource<TValue?> Completion)> batch;
        lock (_lock)
        {
            batch = _queue;
            _queue = [];
        }
        if (batch.Count == 0) return;
        Interlocked.Increment(ref _batchCount);
        try
        {
            var keys = batch.Select(b => b.Key).ToList();
            var results = await _batch(keys, cancellationToken);
            foreach (var (key, completion) in batch)
            {
                completion.TrySetResult(results.TryGetValue(key, out var value) ? value : default);
            }
        }
        catch (Exception ex)
        {
            foreach (var (_, completion) in batch) completion.TrySetException(ex);
        }
    }
}

/// <summary>The loaders of one request, and the ones waiting to dispatch.</summary>
internal sealed class DataLoaderRegistry
{
    private readonly Dictionary<string, object> _loaders = new(StringComparer.Ordinal);
    private readonly List<IBatchDispatcher> _pending = [];
    private readonly object _lock = new();

    /// <summary>Called when a loader gets its first pending key, so an idle pump wakes up.</summary>
    public Action? PendingChanged { get; set; }

    public bool HasPending
    {
        get
        {
            lock (_lock) return _pending.Count > 0;
        }
    }

    public DataLoader<TKey, TValue> GetOrAdd<TKey, TValue>(
        string name,
        Func<IReadOnlyList<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> batch)
        where TKey : notnull
    {
        lock (_lock)
        {
            if (_loaders.TryGetValue(name, out var existing))
            {
                return existing as DataLoader<TKey, TValue>
                    ?? throw new InvalidOperationException($"Data loader \"{name}\" is already registered with other key or value types.");
            }
            var loader = new DataLoader<TKey, TValue>(name, batch, this);
            _loaders[name] = loader;
            return loader;
        }
    }

    public void MarkPending(IBatchDispatcher loader)
    {
        lock (_lock) _pending.Add(loader);
        PendingChanged?.Invoke();
    }

    /// <summary>Starts every pending batch; completions flow back through the pump.</summary>
    public void DispatchAll(CancellationToken cancellationToken)
    {
        List<IBatchDispatcher> pending;
        lock (_lock)
        {
            pending = [.. _pending];
            _pending.Clear();
        }
        foreach (var loader in pending) _ = loader.DispatchAsync(cancellationToken);
    }
}
