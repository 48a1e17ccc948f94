using System.Collections.Concurrent;

namespace GeoMonitor.GraphQL.Execution;

/// <summary>
/// Runs one execution's continuations one at a time, like JavaScript's event loop, so the engine can tell when
/// every resolver that can make progress has done so; that moment is when data loaders dispatch their batches
/// (one batch per level of the response). Waiting is asynchronous: no thread is blocked while resolvers do I/O.
/// <para>
/// The queue has no thread of its own. A continuation posted to it schedules one drain on the thread pool, on the
/// posting thread's local queue: when a database read completes on a pool thread, that same thread runs the engine's
/// next step as soon as it is free, instead of waking another thread to do it (a streamed page waits on the network
/// a hundred times a page; each hand-off between threads cost more than the work it carried).
/// </para>
/// </summary>
internal sealed class ExecutionPump : SynchronizationContext, IThreadPoolWorkItem
{
    private readonly ConcurrentQueue<(SendOrPostCallback Callback, object? State)> _queue = new();
    private DataLoaderRegistry _loaders = null!;
    private CancellationToken _cancellationToken;
    private Task? _root;
    private int _scheduled;
    private volatile bool _abandoned;

    public override void Post(SendOrPostCallback d, object? state)
    {
        if (_abandoned)
        {
            ThreadPool.QueueUserWorkItem(s => d(s), state, preferLocal: false);
            return;
        }
        _queue.Enqueue((d, state));
        Schedule();
    }

    public override void Send(SendOrPostCallback d, object? state) => d(state);

    public override SynchronizationContext CreateCopy() => this;

    /// <summary>Wakes the pump if it is idle, e.g. when a loader got keys from code running outside the pump.</summary>
    public void Wake() => Schedule();

    public async Task<T> RunAsync<T>(Func<Task<T>> start, DataLoaderRegistry loaders, CancellationToken cancellationToken)
    {
        _loaders = loaders;
        _cancellationToken = cancellationToken;
        try
        {
            // The synchronous start runs on the caller's thread, as one drain: nothing else runs until it yields.
            Volatile.Write(ref _scheduled, 1);
            Task<T> task;
            var previous = Current;
            SetSynchronizationContext(this);
            try
            {
                task = start();
                _root = task;
            }
            finally
            {
                SetSynchronizationContext(previous);
            }
            Drain();
            if (task.IsCompleted) return await task.ConfigureAwait(false);
            // The root completes inside a drain; the caller (writing the response) must not continue in there, on the
            // pump's context: it resumes on a pool thread of its own.
            return await task.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
        }
        finally
        {
            // Work still running when the pump stops (after a timeout, or fire-and-forget code in a resolver) must
            // be able to finish and observe cancellation, so its continuations move to the thread pool.
            _abandoned = true;
            while (_queue.TryDequeue(out var item)) ThreadPool.QueueUserWorkItem(s => item.Callback(s), item.State, preferLocal: false);
        }
    }

    void IThreadPoolWorkItem.Execute() => Drain();

    private void Schedule()
    {
        if (Interlocked.Exchange(ref _scheduled, 1) == 0) ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
    }

    /// <summary>
    /// Runs what is queued until nothing can make progress; then starts the pending loader batches (whose
    /// completions come back through the queue). Only one drain runs at a time (<see cref="_scheduled"/>).
    /// </summary>
    private void Drain()
    {
        var previous = Current;
        SetSynchronizationContext(this);
        try
        {
            while (true)
            {
                while (!_abandoned && _queue.TryDequeue(out var item)) item.Callback(item.State);
                if (_abandoned) return;
                if (_root is { IsCompleted: false } && _loaders.HasPending)
                {
                    _loaders.DispatchAll(_cancellationToken);
                    continue;
                }
                Volatile.Write(ref _scheduled, 0);
                // A post between the last dequeue and the line above found the drain still scheduled and queued no
                // other: take the work back, unless a new drain was scheduled meanwhile.
                if (_queue.IsEmpty || Interlocked.Exchange(ref _scheduled, 1) != 0) return;
            }
        }
        finally
        {
            SetSynchronizationContext(previous);
        }
    }
}
