using System.Threading.Channels;

namespace GeoMonitor.Api.Features.Common;

/// <summary>
/// Hands every event a process hears (from one LISTEN connection) to each in-process subscriber, through a bounded
/// queue per subscriber: a subscriber that falls <see cref="Capacity"/> events behind is ended with the exception
/// <paramref name="overflow"/> makes, rather than left silently missing events. Used by every <see cref="ChannelListener"/>:
/// the incident events, pre-notifications and the clarification hotline's feed.
/// </summary>
/// <typeparam name="T">The event.</typeparam>
public sealed class EventFanout<T>(int capacity, Func<Exception> overflow)
{
    private readonly object _lock = new();
    private readonly List<Channel<T>> _subscribers = [];

    /// <summary>Events a subscriber may have queued before it is ended.</summary>
    public int Capacity => capacity;

    /// <summary>How many subscribers are attached.</summary>
    public int Count
    {
        get
        {
            lock (_lock) return _subscribers.Count;
        }
    }

    /// <summary>Every event from now until <paramref name="ct"/> is cancelled.</summary>
    public async IAsyncEnumerable<T> SubscribeAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        await foreach (var batch in SubscribeBatchesAsync(capacity, ct))
            foreach (var e in batch)
                yield return e;
    }

    /// <summary>
    /// The same events, handed over as they queued up: each hand-over holds at least one and at most
    /// <paramref name="max"/>, in order. A subscriber that does one database read per hand-over instead of one per event
    /// keeps up with a burst of writes (measured: docs/performance.md, "Two API instances behind nginx").
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<T>> SubscribeBatchesAsync(int max,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var channel = Channel.CreateBounded<T>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        lock (_lock) _subscribers.Add(channel);
        try
        {
            // WaitToReadAsync throws the exception the channel was completed with (an overflow), as ReadAllAsync does.
            while (await channel.Reader.WaitToReadAsync(ct))
            {
                var batch = new List<T>();
                while (batch.Count < max && channel.Reader.TryRead(out var e)) batch.Add(e);
                if (batch.Count > 0) yield return batch;
            }
        }
        finally
        {
            lock (_lock) _subscribers.Remove(channel);
        }
    }

    /// <summary>Gives <paramref name="e"/> to every subscriber (never blocks: a full queue ends its subscriber).</summary>
    public void Publish(T e)
    {
        lock (_lock)
            foreach (var s in _subscribers)
                if (!s.Writer.TryWrite(e))
                    s.Writer.TryComplete(overflow());
    }
}
