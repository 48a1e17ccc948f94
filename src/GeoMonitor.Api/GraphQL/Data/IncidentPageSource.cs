using Npgsql;

namespace GeoMonitor.Api.GraphQL.Data;

/// <summary>
/// The rows of one incident connection, for its <c>edges</c>, <c>nodes</c> and <c>pageInfo</c>: either a page already
/// read (one branch of a batch of several parents, <see cref="IncidentBatchStore.PagesAsync"/>) or — the connection
/// of a single parent, as the headline query asks — a page read from its data reader while the engine executes and
/// writes each row (the engine's streamed lists, docs/graphql-engine.md), as GET /api/incidents writes each row while
/// PostgreSQL sends the next.
/// <para>
/// A streamed page runs its statement when a list first asks for its rows; that list receives them as they arrive.
/// Any other list of the page (<c>nodes</c> beside <c>edges</c>, an alias) waits for the end of the read and replays
/// the rows kept on the way; <c>pageInfo</c> needs only the first and last rows and whether a row followed the last
/// (the statement asks for limit + 1). Rows are kept only when another list asked for them before the first row
/// arrived — the engine starts every field of a selection set before it awaits any, so by then every list of the
/// connection has asked — otherwise each row is garbage as soon as it is written, as REST's are. A reader that stops
/// early (its list failed) reads the rest before it closes, so that the others still see the whole page.
/// </para>
/// </summary>
public sealed class IncidentPageSource
{
    private readonly IncidentBatchStore? _store;
    private readonly IncidentLayers? _layers;
    private readonly CancellationToken _ct;
    private readonly TaskCompletionSource<IncidentPageResult> _read = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _started;
    private int _replays;
    private bool _dropping;

    private IncidentPageSource(IncidentPageQuery query, IncidentBatchStore? store, IncidentLayers? layers, CancellationToken ct)
    {
        Query = query;
        _store = store;
        _layers = layers;
        _ct = ct;
    }

    /// <summary>What was asked.</summary>
    public IncidentPageQuery Query { get; }

    /// <summary>A page already read.</summary>
    public static IncidentPageSource Read(IncidentPageResult page)
    {
        var source = new IncidentPageSource(page.Query, null, null, default) { _started = 1 };
        source._read.SetResult(page);
        return source;
    }

    /// <summary>A page to be read from <paramref name="store"/> when its rows are first asked for.</summary>
    public static IncidentPageSource Streamed(IncidentBatchStore store, IncidentPageQuery query, IncidentLayers layers, CancellationToken ct) =>
        new(query, store, layers, ct);

    /// <summary>
    /// The rows in order: the list of a page already read, otherwise a stream (read from the database by the first
    /// list that asks, replayed for the others).
    /// </summary>
    public object Rows => _store is null ? _read.Task.Result.Rows : new RowStream<IncidentNode>(this, static (_, row) => row);

    /// <summary>The rows mapped one by one (edges), as a list or as a stream like <see cref="Rows"/>.</summary>
    public object Select<T>(Func<IncidentPageQuery, IncidentNode, T> map) where T : class =>
        _store is null ? _read.Task.Result.Rows.Select(r => map(Query, r)).ToList() : new RowStream<T>(this, map);

    /// <summary>The whole page, once read (pageInfo).</summary>
    public async Task<IncidentPageResult> WholeAsync()
    {
        if (_read.Task.IsCompleted) return await _read.Task;
        // Fields of one selection set start one after the other before any is awaited: let a list of this page that
        // is selected after pageInfo start reading (and stream) before this reads the page whole.
        await Task.Yield();
        if (Interlocked.CompareExchange(ref _started, 1, 0) == 0)
        {
            await using var reader = new RowReader(this, _ct);
            while (await reader.MoveNextAsync())
            {
            }
        }
        return await _read.Task;
    }

    /// <summary>The rows of a streamed page as the engine enumerates them.</summary>
    private sealed class RowStream<T>(IncidentPageSource page, Func<IncidentPageQuery, IncidentNode, T> map) : IAsyncEnumerable<T>
    {
        public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
            Interlocked.CompareExchange(ref page._started, 1, 0) == 0
                ? new Mapped(new RowReader(page, cancellationToken), page.Query, map)
                : Replay(cancellationToken);

        private IAsyncEnumerator<T> Replay(CancellationToken ct)
        {
            Interlocked.Increment(ref page._replays);
            // Too late to be kept (not the engine's order): this list reads the page again on its own.
            if (Volatile.Read(ref page._dropping)) return new Mapped(new RowReader(page, ct, publish: false), page.Query, map);
            return Replayed(ct);
        }

        private async IAsyncEnumerator<T> Replayed(CancellationToken ct)
        {
            var whole = await page._read.Task.WaitAsync(ct);
            foreach (var row in whole.Rows) yield return map(page.Query, row);
        }

        private sealed class Mapped(RowReader reader, IncidentPageQuery query, Func<IncidentPageQuery, IncidentNode, T> map) : IAsyncEnumerator<T>
        {
            public T Current { get; private set; } = default!;

            public ValueTask<bool> MoveNextAsync()
            {
                var next = reader.MoveNextAsync();
                if (!next.IsCompletedSuccessfully) return Await(next);
                if (!next.Result) return new ValueTask<bool>(false);
                Current = map(query, reader.Current);
                return new ValueTask<bool>(true);
            }

            private async ValueTask<bool> Await(ValueTask<bool> next)
            {
                if (!await next) return false;
                Current = map(query, reader.Current);
                return true;
            }

            public ValueTask DisposeAsync() => reader.DisposeAsync();
        }
    }

    /// <summary>
    /// Reads the page's statement row by row, keeping the rows for the page's other readers; the row after the last
    /// (the statement asks for limit + 1) only says that a next page exists.
    /// </summary>
    private sealed class RowReader(IncidentPageSource page, CancellationToken ct, bool publish = true) : IAsyncEnumerator<IncidentNode>
    {
        private List<IncidentNode>? _rows;
        private IncidentNode? _first;
        private IncidentNode? _last;
        private int _count;
        private NpgsqlCommand? _command;
        private NpgsqlDataReader? _reader;
        private bool _hasNext;
        private bool _done;

        public IncidentNode Current { get; private set; } = null!;

        public async ValueTask<bool> MoveNextAsync()
        {
            if (_done) return false;
            try
            {
                if (_reader is null)
                {
                    _command = page._store!.PageCommand(page.Query);
                    _reader = await _command.ExecuteReaderAsync(ct);
                }
                if (!await _reader.ReadAsync(ct)) return Finish();
                if (_count == page.Query.Limit)
                {
                    _hasNext = true;
                    return Finish();
                }
                Current = IncidentBatchStore.ReadRow(_reader, page._layers!);
                if (_count++ == 0)
                {
                    _first = Current;
                    if (publish && Volatile.Read(ref page._replays) > 0) _rows = new List<IncidentNode>(Math.Min(page.Query.Limit, 1000));
                    else if (publish) Volatile.Write(ref page._dropping, true);
                }
                _rows?.Add(Current);
                _last = Current;
                return true;
            }
            catch (Exception e)
            {
                _done = true;
                if (publish) page._read.TrySetException(e);
                throw;
            }
        }

        private bool Finish()
        {
            _done = true;
            if (publish)
            {
                IReadOnlyList<IncidentNode> rows = _rows ?? (_count == 0 ? [] : _count == 1 ? [_first!] : [_first!, _last!]);
                page._read.TrySetResult(new IncidentPageResult(page.Query, rows, _hasNext));
            }
            return false;
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                // Stopped early (the list it fed failed): the page's other readers still need every row.
                while (!_done && await MoveNextAsync())
                {
                }
            }
            catch (Exception)
            {
                // Already handed to the other readers through the page's task.
            }
            finally
            {
                if (publish) page._read.TrySetCanceled();
                if (_reader is not null) await _reader.DisposeAsync();
                if (_command is not null) await _command.DisposeAsync();
            }
        }
    }
}
