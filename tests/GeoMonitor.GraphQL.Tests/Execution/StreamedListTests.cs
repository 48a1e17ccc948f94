using System.Runtime.CompilerServices;
using System.Text.Json;
using GeoMonitor.GraphQL.Execution;
using GeoMonitor.GraphQL.Types;
using GeoMonitor.GraphQL.Utilities;

namespace GeoMonitor.GraphQL.Tests.Execution;

/// <summary>
/// Lists whose items arrive one by one (a resolver returns an IAsyncEnumerable) give exactly what graphql-js gives
/// for the same items: the expected results in GraphQLJs/streamed-lists.expected.json were computed by graphql-js
/// 16.15 (GraphQLJs/streamed-lists.mjs, re-run and compared by scripts/test-graphql-engine.sh). Each case runs over a
/// plain list, a stream that completes every step at once (a data reader with rows in its buffer), and a stream that
/// waits before every item (rows still on the network), each with the items written to JSON while they arrive
/// (<see cref="ExecutionOptions.SerializeStreamedLists"/>, what the HTTP transport does) and without.
/// </summary>
public class StreamedListTests
{
    public enum Source
    {
        List,
        StreamReady,
        StreamWaiting,
    }

    private sealed record Fixture(string Sdl, int Count, List<Case> Cases);

    private sealed record Case(string Name, Config Config, string Query, string Expected);

    private sealed record Config(int[]? NullNameAt, int[]? ThrowNoteAt, int? AsyncFrom, int? AsyncTo, bool SourceFails, bool TitleFails, bool FooterFails);

    private record Item(int Id);

    /// <summary>An item whose name and note are properties (the default resolver reads them).</summary>
    private sealed record PropertyItem(int Id, Config Config) : Item(Id)
    {
        public object? Name
        {
            get
            {
                var value = Config.NullNameAt?.Contains(Id) == true ? null : $"item {Id}";
                var waits = Config.AsyncFrom is { } from && Id >= from && (Config.AsyncTo is not { } to || Id < to);
                return waits ? Later(value) : value;
            }
        }

        public string Note => Config.ThrowNoteAt?.Contains(Id) == true ? throw new InvalidOperationException($"note {Id} failed") : $"note {Id}";
    }

    private static readonly Fixture Cases = JsonSerializer.Deserialize<Fixture>(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Execution", "GraphQLJs", "streamed-lists.expected.json")),
        new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;

    /// <summary>How an item's fields are resolved.</summary>
    public enum Fields
    {
        /// <summary>Bound resolvers: every item takes the engine's general path.</summary>
        Resolvers,
        /// <summary>Properties read by the default resolver: written straight from the item when nothing fails, and
        /// cut back and executed the general way when something does.</summary>
        Properties,
    }

    public static TheoryData<string, Source, bool, Fields> All()
    {
        var data = new TheoryData<string, Source, bool, Fields>();
        foreach (var c in Cases.Cases)
            foreach (var source in Enum.GetValues<Source>())
                foreach (var serialize in new[] { false, true })
                    foreach (var fields in Enum.GetValues<Fields>())
                        data.Add(c.Name, source, serialize, fields);
        return data;
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task Gives_what_graphql_js_gives(string name, Source source, bool serialize, Fields fields)
    {
        var c = Cases.Cases.Single(x => x.Name == name);
        var result = await GraphQLEngine.ExecuteAsync(Build(c.Config, source, fields), new GraphQLRequest { Query = c.Query },
            new ExecutionOptions { SerializeStreamedLists = serialize });
        Assert.Equal(c.Expected, result.ToJson());
    }

    [Fact]
    public void The_fixture_covers_errors_in_item_k()
    {
        // The cases the engine's rules are about (docs/graphql-engine.md, Streamed lists) are all there.
        Assert.True(Cases.Cases.Count >= 20);
        Assert.Contains(Cases.Cases, c => c.Config.NullNameAt is [2] && c.Query.Contains("{ box { title items", StringComparison.Ordinal));
        Assert.Contains(Cases.Cases, c => c.Config.NullNameAt is [1, 3] && c.Query.Contains("items {", StringComparison.Ordinal));
        Assert.Contains(Cases.Cases, c => c.Config.SourceFails);
        Assert.Contains(Cases.Cases, c => c.Config.AsyncFrom is not null && c.Config.NullNameAt is { Length: 2 });
    }

    [Fact]
    public async Task A_streamed_list_is_written_while_it_arrives_and_held_as_json()
    {
        var result = await GraphQLEngine.ExecuteAsync(Build(new Config(null, null, null, null, false, false, false), Source.StreamWaiting, Fields.Properties),
            new GraphQLRequest { Query = "{ box { items { id } } }" }, new ExecutionOptions { SerializeStreamedLists = true });
        var box = (IReadOnlyDictionary<string, object?>)result.Data!["box"]!;
        var items = Assert.IsType<RawJson>(box["items"]);
        Assert.Equal("""[{"id":0},{"id":1},{"id":2},{"id":3},{"id":4}]""", items.Json);
    }

    [Fact]
    public async Task A_list_that_stops_early_disposes_its_source_and_reads_no_further()
    {
        var pulled = 0;
        var disposed = false;
        async IAsyncEnumerable<Item> Items([EnumeratorCancellation] CancellationToken ct = default)
        {
            try
            {
                for (var i = 0; i < 1000; i++)
                {
                    await Task.Yield();
                    pulled++;
                    yield return new Item(i);
                }
            }
            finally
            {
                disposed = true;
            }
        }
        var schema = SchemaBuilder.FromSdl(Cases.Sdl)
            .Resolve("Query", "box", _ => new object())
            .Resolve("Box", "items", _ => Items())
            .Resolve("Item", "name", ctx => ((Item)ctx.Source!).Id == 3 ? null : "x")
            .Build();
        foreach (var serialize in new[] { false, true })
        {
            pulled = 0;
            disposed = false;
            var result = await GraphQLEngine.ExecuteAsync(schema, new GraphQLRequest { Query = "{ box { items { id name } } }" },
                new ExecutionOptions { SerializeStreamedLists = serialize });
            Assert.Equal("""{"errors":[{"message":"Cannot return null for non-nullable field Item.name.","locations":[{"line":1,"column":20}],"path":["box","items",3,"name"]}],"data":{"box":null}}""",
                result.ToJson());
            // Item 3 failed and its null reaches the box: nothing after it is read, and the source is closed.
            Assert.Equal(4, pulled);
            Assert.True(disposed);
        }
    }

    private sealed class CountingItem(int id, int[] reads, bool nullName)
    {
        public int Id => id;

        public string? Name
        {
            get
            {
                Interlocked.Increment(ref reads[id]);
                return nullName ? null : $"item {id}";
            }
        }
    }

    [Fact]
    public async Task Streamed_items_are_written_straight_from_their_properties_and_only_a_failing_one_runs_again()
    {
        var reads = new int[5];
        var schema = SchemaBuilder.FromSdl(Cases.Sdl)
            .Resolve("Query", "box", _ => new object())
            .Resolve("Box", "maybeItems", _ => Stream([.. Enumerable.Range(0, 5).Select(i => new CountingItem(i, reads, nullName: i == 3))], wait: true))
            .Build();
        var result = await GraphQLEngine.ExecuteAsync(schema, new GraphQLRequest { Query = "{ box { maybeItems { id name } } }" },
            new ExecutionOptions { SerializeStreamedLists = true });
        Assert.Equal(
            """{"errors":[{"message":"Cannot return null for non-nullable field Item.name.","locations":[{"line":1,"column":25}],"path":["box","maybeItems",3,"name"]}],"data":{"box":{"maybeItems":[{"id":0,"name":"item 0"},{"id":1,"name":"item 1"},{"id":2,"name":"item 2"},null,{"id":4,"name":"item 4"}]}}}""",
            result.ToJson());
        // Written directly: each property read once. Item 3's direct write stopped at its null name, was cut, and the
        // item ran the general way, which read the name again and reported the error.
        Assert.Equal([1, 1, 1, 2, 1], reads);
    }

    private static async IAsyncEnumerable<T> Stream<T>(List<T> items, bool wait)
    {
        foreach (var item in items)
        {
            if (wait) await Task.Yield();
            yield return item;
        }
    }

    [Fact]
    public async Task Items_that_wait_on_a_loader_are_batched_together()
    {
        var batches = new List<IReadOnlyList<int>>();
        async IAsyncEnumerable<Item> Items([EnumeratorCancellation] CancellationToken ct = default)
        {
            for (var i = 0; i < 50; i++)
            {
                if (i % 10 == 0) await Task.Yield();
                yield return new Item(i);
            }
        }
        var schema = SchemaBuilder.FromSdl(Cases.Sdl)
            .Resolve("Query", "box", _ => new object())
            .Resolve("Box", "items", _ => Items())
            .Resolve<string?>("Item", "note", ctx => ctx.Loader<int, string>("notes", (ids, _) =>
            {
                lock (batches) batches.Add(ids);
                return Task.FromResult<IReadOnlyList<string>>([.. ids.Select(id => $"n{id}")]);
            }).LoadAsync(((Item)ctx.Source!).Id))
            .Build();
        var result = await GraphQLEngine.ExecuteAsync(schema, new GraphQLRequest { Query = "{ box { items { id note } } }" },
            new ExecutionOptions { SerializeStreamedLists = true });
        Assert.Null(result.Errors);
        using var doc = JsonDocument.Parse(result.ToJson());
        var notes = doc.RootElement.GetProperty("data").GetProperty("box").GetProperty("items").EnumerateArray()
            .Select(e => e.GetProperty("note").GetString()).ToList();
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"n{i}"), notes);
        // The first item waits on the loader: the rest of the source is read before the others run, so every load
        // falls into at most two batches (the first item's, and the rest), not one per network wait.
        Assert.InRange(batches.Count, 1, 2);
        Assert.Equal(Enumerable.Range(0, 50), batches.SelectMany(b => b).Order());
    }

    [Fact]
    public async Task Value_type_items_stream_too()
    {
        static async IAsyncEnumerable<int> Numbers()
        {
            for (var i = 1; i <= 3; i++)
            {
                await Task.Yield();
                yield return i * i;
            }
        }
        var schema = SchemaBuilder.FromSdl("type Query { squares: [Int!]! }").Resolve("Query", "squares", _ => Numbers()).Build();
        foreach (var serialize in new[] { false, true })
        {
            var result = await GraphQLEngine.ExecuteAsync(schema, new GraphQLRequest { Query = "{ squares }" },
                new ExecutionOptions { SerializeStreamedLists = serialize });
            Assert.Equal("""{"data":{"squares":[1,4,9]}}""", result.ToJson());
        }
    }

    private static Schema Build(Config config, Source source, Fields fields)
    {
        var box = new object();
        object Items()
        {
            var items = Enumerable.Range(0, Cases.Count).Select(i => fields == Fields.Properties ? new PropertyItem(i, config) : new Item(i)).ToList();
            if (source == Source.List) return config.SourceFails ? throw new InvalidOperationException("the source failed after 2 items") : items;
            return Stream(items, source == Source.StreamWaiting, config.SourceFails);
        }
        var builder = SchemaBuilder.FromSdl(Cases.Sdl)
            .Resolve("Query", "box", _ => box)
            .Resolve("Query", "strictBox", _ => box)
            .Resolve("Box", "title", _ => config.TitleFails ? throw new InvalidOperationException("title failed") : "box")
            .Resolve("Box", "footer", _ => config.FooterFails ? throw new InvalidOperationException("footer failed") : "end")
            .Resolve("Box", "items", _ => Items())
            .Resolve("Box", "maybeItems", _ => Items())
            .Resolve("Box", "nullableList", _ => Items());
        if (fields == Fields.Properties) return builder.Build();
        return builder
            .Resolve("Item", "name", ctx =>
            {
                var id = ((Item)ctx.Source!).Id;
                var value = config.NullNameAt?.Contains(id) == true ? null : $"item {id}";
                var waits = config.AsyncFrom is { } from && id >= from && (config.AsyncTo is not { } to || id < to);
                return waits ? Later(value) : value;
            })
            .Resolve("Item", "note", ctx =>
            {
                var id = ((Item)ctx.Source!).Id;
                return config.ThrowNoteAt?.Contains(id) == true ? throw new InvalidOperationException($"note {id} failed") : $"note {id}";
            })
            .Build();
    }

    private static async Task<string?> Later(string? value)
    {
        await Task.Yield();
        return value;
    }

    private static async IAsyncEnumerable<Item> Stream(List<Item> items, bool wait, bool fails)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (fails && i == 2) throw new InvalidOperationException("the source failed after 2 items");
            if (wait) await Task.Yield();
            yield return items[i];
        }
    }
}
