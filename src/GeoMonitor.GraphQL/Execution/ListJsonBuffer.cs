using System.Buffers;
using System.Text.Json;

namespace GeoMonitor.GraphQL.Execution;

/// <summary>
/// Where a streamed list is written while its items arrive (<see cref="ExecutionOptions.SerializeStreamedLists"/>):
/// a chain of 64 KiB chunks (a page of any size never copies what it already wrote), read back as one
/// <see cref="ReadOnlySequence{T}"/> when the response is written. The chunks are rented from the shared array pool
/// and given back when the result is disposed (<see cref="ExecutionResult.Dispose"/>): a page's bytes then never
/// reach the garbage collector, which would otherwise copy them from generation to generation while the page is read.
/// </summary>
internal sealed class ListJsonBuffer : IBufferWriter<byte>
{
    private const int ChunkSize = 64 * 1024;
    private readonly Chunk _first;
    private Chunk _last;
    private readonly Utf8JsonWriter _writer;

    private int _count;

    public ListJsonBuffer()
    {
        _first = _last = new Chunk(ArrayPool<byte>.Shared.Rent(ChunkSize), 0);
        // Items are written as separate values, separators by hand: an item written directly while it executes can
        // then be undone by cutting the buffer back and resetting the writer (see OperationExecutor.TryWriteDirect).
        _writer = new Utf8JsonWriter(this, new JsonWriterOptions { Encoder = ResultJsonWriter.Encoder, SkipValidation = true });
        Raw((byte)'[');
    }

    /// <summary>Where an item starts: the chunk and offset before its separator.</summary>
    public readonly record struct Mark(Chunk Chunk, int Used);

    /// <summary>The writer of the current item (after <see cref="BeginItem"/>).</summary>
    public Utf8JsonWriter Writer => _writer;

    /// <summary>Starts an item: its separator, and a writer with no state.</summary>
    public Mark BeginItem()
    {
        var mark = new Mark(_last, _last.Used);
        _writer.Reset();
        if (_count > 0) Raw((byte)',');
        return mark;
    }

    /// <summary>Ends an item begun with <see cref="BeginItem"/>.</summary>
    public void EndItem()
    {
        _writer.Flush();
        _count++;
    }

    /// <summary>Removes an item begun at <paramref name="mark"/> and not ended, separator included.</summary>
    public void Rollback(Mark mark)
    {
        _writer.Reset();
        for (var c = (Chunk?)mark.Chunk.Next; c is not null; c = (Chunk?)c.Next) ArrayPool<byte>.Shared.Return(c.Buffer);
        mark.Chunk.Cut(mark.Used);
        _last = mark.Chunk;
    }

    /// <summary>Writes one completed item (a result tree).</summary>
    public void Write(object? item)
    {
        BeginItem();
        ResultJsonWriter.WriteValue(_writer, item);
        EndItem();
    }

    /// <summary>Closes the list and returns it as JSON to be copied into the response.</summary>
    public RawJson Complete()
    {
        _writer.Reset();
        Raw((byte)']');
        return new RawJson(_first == _last
            ? new ReadOnlySequence<byte>(_first.Buffer, 0, _first.Used)
            : new ReadOnlySequence<byte>(_first, 0, _last, _last.Used));
    }

    private void Raw(byte b)
    {
        GetSpan(1)[0] = b;
        Advance(1);
    }

    /// <summary>Gives the chunks back to the pool; the JSON must not be read afterwards.</summary>
    public void Release()
    {
        for (Chunk? c = _first; c is not null; c = (Chunk?)c.Next)
        {
            if (c.Buffer.Length > 0) ArrayPool<byte>.Shared.Return(c.Buffer);
        }
    }

    public void Advance(int count) => _last.Used += count;

    public Memory<byte> GetMemory(int sizeHint = 0) => Reserve(sizeHint).AsMemory(_last.Used);

    public Span<byte> GetSpan(int sizeHint = 0) => Reserve(sizeHint).AsSpan(_last.Used);

    private byte[] Reserve(int sizeHint)
    {
        sizeHint = Math.Max(sizeHint, 1);
        if (_last.Buffer.Length - _last.Used < sizeHint)
        {
            // The rest of a chunk too small for the writer's next request stays unused.
            _last = _last.Append(ArrayPool<byte>.Shared.Rent(Math.Max(ChunkSize, sizeHint)));
        }
        return _last.Buffer;
    }

    internal sealed class Chunk : ReadOnlySequenceSegment<byte>
    {
        public Chunk(byte[] buffer, long runningIndex)
        {
            Buffer = buffer;
            RunningIndex = runningIndex;
        }

        public byte[] Buffer { get; }

        public int Used
        {
            get => _used;
            set
            {
                _used = value;
                Memory = Buffer.AsMemory(0, value);
            }
        }

        private int _used;

        public void Cut(int used)
        {
            Used = used;
            Next = null;
        }

        public Chunk Append(byte[] buffer)
        {
            var next = new Chunk(buffer, RunningIndex + Used);
            Next = next;
            return next;
        }
    }
}
