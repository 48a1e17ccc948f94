using GeoMonitor.GraphQL.Execution;
using GeoMonitor.GraphQL.Utilities;

namespace GeoMonitor.GraphQL.Tests.Execution;

public class DataLoaderTests
{
    private const string Sdl = """
        type Query { zones(count: Int!): [Zone!]! }
        type Zone { id: Int! sensors: [Sensor!]! owner: Person }
        type Sensor { id: Int! readings: [Int!]! owner: Person }
        type Person { id: Int! name: String! }
        """;

    private sealed class Calls
    {
        public List<IReadOnlyList<int>> Sensors { get; } = [];
        public List<IReadOnlyList<int>> Readings { get; } = [];
        public List<IReadOnlyList<int>> People { get; } = [];
    }

    private static GeoMonitor.GraphQL.Types.Schema Build(Calls calls, bool yieldFirst = false) => SchemaBuilder.FromSdl(Sdl)
        .Resolve("Query", "zones", ctx => Enumerable.Range(1, (int)ctx.Arguments["count"]!).Select(i => new Dictionary<string, object?> { ["id"] = i }).ToList())
        .Resolve<Dictionary<string, object?>[]?>("Zone", "sensors", async ctx =>
        {
            if (yieldFirst) await Task.Yield();
            return await ctx.Loader<int, Dictionary<string, object?>[]>("sensorsByZone", async (ids, _) =>
            {
                lock (calls) calls.Sensors.Add(ids);
                await Task.Delay(5);
                return ids.ToDictionary(id => id, id => Enumerable.Range(0, 3).Select(k => new Dictionary<string, object?> { ["id"] = id * 10 + k }).ToArray());
            }).LoadAsync((int)((Dictionary<string, object?>)ctx.Source!)["id"]!);
        })
        .Resolve<int[]?>("Sensor", "readings", ctx => ctx.Loader<int, int[]>("readings", (ids, _) =>
        {
            lock (calls) calls.Readings.Add(ids);
            return Task.FromResult<IReadOnlyList<int[]>>(ids.Select(id => new[] { id, id + 1 }).ToList());
        }).LoadAsync((int)((Dictionary<string, object?>)ctx.Source!)["id"]!))
        .Resolve<Dictionary<string, object?>?>("Zone", "owner", ctx => PersonLoader(ctx, calls).LoadAsync((int)((Dictionary<string, object?>)ctx.Source!)["id"]! % 2))
        .Resolve<Dictionary<string, object?>?>("Sensor", "owner", ctx => PersonLoader(ctx, calls).LoadAsync((int)((Dictionary<string, object?>)ctx.Source!)["id"]! % 2))
        .Build();

    private static DataLoader<int, Dictionary<string, object?>> PersonLoader(ResolveContext ctx, Calls calls) =>
        ctx.Loader<int, Dictionary<string, object?>>("people", (ids, _) =>
        {
            lock (calls) calls.People.Add(ids);
            return Task.FromResult<IReadOnlyDictionary<int, Dictionary<string, object?>>>(
                ids.ToDictionary(id => id, id => new Dictionary<string, object?> { ["id"] = id, ["name"] = "p" + id }));
        });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task One_batch_call_per_level_for_N_parents(bool yieldFirst)
    {
        var calls = new Calls();
        var result = await GraphQLEngine.ExecuteAsync(Build(calls, yieldFirst), new GraphQLRequest { Query = "{ zones(count: 25) { id sensors { id readings } } }" });
        Assert.Null(result.Errors);
        var batch = Assert.Single(calls.Sensors);
        Assert.Equal(Enumerable.Range(1, 25), batch);
        Assert.Equal(75, Assert.Single(calls.Readings).Count);
        var json = result.ToJson();
        Assert.Contains("{\"id\":1,\"sensors\":[{\"id\":10,\"readings\":[10,11]},{\"id\":11,\"readings\":[11,12]}", json);
    }

    [Fact]
    public async Task Keys_are_deduplicated_and_cached_across_levels()
    {
        var calls = new Calls();
        var result = await GraphQLEngine.ExecuteAsync(Build(calls), new GraphQLRequest { Query = "{ zones(count: 6) { owner { name } sensors { owner { name } } } }" });
        Assert.Null(result.Errors);
        // Zone owners (keys 0, 1) load in one batch; sensor owners reuse the cached values.
        Assert.Equal([0, 1], Assert.Single(calls.People).Order());
    }

    [Fact]
    public async Task Batch_failures_become_field_errors_for_every_key()
    {
        var schema = SchemaBuilder.FromSdl("type Query { items: [Item] } type Item { id: Int! name: String }")
            .Resolve("Query", "items", _ => new[] { 1, 2 }.Select(i => new Dictionary<string, object?> { ["id"] = i }).ToList())
            .Resolve<string?>("Item", "name", ctx => ctx.Loader<int, string>("names", (_, _) => Task.FromException<IReadOnlyDictionary<int, string>>(new GraphQLException("names unavailable", "UPSTREAM")))
                .LoadAsync((int)((Dictionary<string, object?>)ctx.Source!)["id"]!))
            .Build();
        var result = await GraphQLEngine.ExecuteAsync(schema, new GraphQLRequest { Query = "{ items { id name } }" });
        Assert.Equal(2, result.Errors!.Count);
        Assert.All(result.Errors, e => Assert.Equal("UPSTREAM", e.Extensions!["code"]));
        Assert.Equal("""{"items":[{"id":1,"name":null},{"id":2,"name":null}]}""", System.Text.Json.JsonSerializer.Serialize(result.Data));
    }
}
