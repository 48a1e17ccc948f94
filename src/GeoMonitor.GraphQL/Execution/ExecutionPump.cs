using System.Threading.Channels;

namespace GeoMonitor.GraphQL.Execution;

/// <summary>
/// Runs one execution's continuations one at a time, like JavaScript's event loop, so the engine can tell when
/// every resolver that can make progress has done so; that moment is when data loaders dispatch their batches
/// (one batch per level of the response). Waiting is asynchronous: no thread is blocked while resolvers do I/O.
/// </summary>
internal sealed class ExecutionPump : SynchronizationContext
{
    private readonly Channel<(SendOrPostCallback Callback, object? State)> _queue =
        Channel.CreateUnbounded<(SendOrPostCallback, object?)>(new UnboundedChannelOptions { SingleReader = true });

    private static readonly SendOrPostCallback Nothing = _ => { };
    private volatile bool _abandoned;

    public override void Post(SendOrPostCallback d, object? state)
    {
        if (_abandoned || !_queue.Writer.TryWrite((d, state))) ThreadPool.QueueUserWorkItem(s => d(s), state, preferLocal: false);
    }

    public override void Send(SendOrPostCallback d, object? state) => d(state);

    public override SynchronizationContext CreateCopy() => this;

    /// <summary>Wakes the pump if it is waiting, e.g. when a loader got keys from code running outside the pump.</summary>
    public void Wake() => _queue.Writer.TryWrite((Nothing, null));

    public async Task<T> RunAsync<T>(Func<Task<T>> start, DataLoaderRegistry loaders, CancellationToken cancellationToken)
    {
        try
        {
            return await PumpAsync(start, loaders, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Work still running when the pump stops (after a timeout, or fire-and-forget code in a resolver) must
            // be able to finish and observe cancellation, so its continuations move to the thread pool.
            _abandoned = true;
            _queue.Writer.TryComplete();
            while (_queue.Reader.TryRead(out var item)) ThreadPool.QueueUserWorkItem(s => item.Callback(s), item.State, preferLocal: false);
        }
    }

    private async Task<T> PumpAsync<T>(Func<Task<T>> start, DataLoaderRegistry loaders, CancellationToken cancellationToken)
    {
        var task = RunInContext(start);
        while (!task.IsCompleted)
        {
            while (_queue.Reader.TryRead(out var item))
            {
                RunInContext(item.Callback, item.State);
            }
            if (task.IsCompleted) break;
            if (loaders.HasPending)
            {
                RunInContext(_ => loaders.DispatchAll(cancellationToken), null);
                continue;
            }
            await _queue.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false);
        }
        return await task.ConfigureAwait(false);
    }

    private Task<T> RunInContext<T>(Func<Task<T>> start)
    {
        var previous = Current;
        SetSynchronizationContext(this);
        try
        {
            return start();
        }
        finally
        {
            SetSynchronizationContext(previous);
        }
    }

    private void RunInContext(SendOrPostCallback callback, object? state)
    {
        var previous = Current;
        SetSynchronizationContext(this);
        try
        {
            callback(state);
        }
        finally
        {
            SetSynchronizationContext(previous);
        }
    }
}
