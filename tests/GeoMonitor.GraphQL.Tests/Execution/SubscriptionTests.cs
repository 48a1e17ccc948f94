using System.Runtime.CompilerServices;
using GeoMonitor.GraphQL.Utilities;

namespace GeoMonitor.GraphQL.Tests.Execution;

public class SubscriptionTests
{
    private static async IAsyncEnumerable<Dictionary<string, object?>> Events(int count, [EnumeratorCancellation] CancellationToken ct = default)
    {
        for (var i = 1; i <= count; i++)
        {
            await Task.Delay(1, ct);
            yield return new Dictionary<string, object?> { ["__typename"] = i % 2 == 0 ? "Cat" : "Dog", ["id"] = $"e{i}", ["name"] = $"pet{i}", ["species"] = i % 2 == 0 ? "CAT" : "DOG", ["lives"] = i };
        }
    }

    [Fact]
    public async Task Each_event_is_executed_against_the_selection_set()
    {
        var schema = TestSchema.Build(b => b.Subscribe("Subscription", "petAdded", _ => Events(3)));
        var results = new List<string>();
        await foreach (var r in GraphQLEngine.SubscribeAsync(schema, new GraphQLRequest { Query = "subscription { petAdded { __typename name ... on Cat { lives } } }" }))
            results.Add(r.ToJson());
        Assert.Equal(
            [
                """{"data":{"petAdded":{"__typename":"Dog","name":"pet1"}}}""",
                """{"data":{"petAdded":{"__typename":"Cat","name":"pet2","lives":2}}}""",
                """{"data":{"petAdded":{"__typename":"Dog","name":"pet3"}}}""",
            ],
            results);
    }

    [Fact]
    public async Task A_bound_resolver_maps_each_event()
    {
        var schema = TestSchema.Build(b => b
            .Subscribe("Subscription", "petAdded", _ => Events(1))
            .Resolve("Subscription", "petAdded", ctx => new Dictionary<string, object?>((Dictionary<string, object?>)ctx.Source!) { ["name"] = "mapped" }));
        var results = new List<string>();
        await foreach (var r in GraphQLEngine.SubscribeAsync(schema, new GraphQLRequest { Query = "subscription { petAdded { name } }" })) results.Add(r.ToJson());
        Assert.Equal(["""{"data":{"petAdded":{"name":"mapped"}}}"""], results);
    }

    [Fact]
    public async Task Errors_before_the_stream_starts_yield_one_request_error()
    {
        var schema = TestSchema.Build(b => b.Subscribe<object>("Subscription", "petAdded", _ => throw new GraphQLException("not allowed", "FORBIDDEN")));
        var results = new List<ExecutionResultSummary>();
        await foreach (var r in GraphQLEngine.SubscribeAsync(schema, new GraphQLRequest { Query = "subscription { petAdded { name } }" }))
            results.Add(new(r.HasData, r.Errors?.Single().Message));
        Assert.Equal([new ExecutionResultSummary(false, "not allowed")], results);

        var invalid = new List<string>();
        await foreach (var r in GraphQLEngine.SubscribeAsync(schema, new GraphQLRequest { Query = "subscription { petAdded { name } other: petAdded { name } }" }))
            invalid.Add(r.Errors!.Single().Message);
        Assert.Equal(["Anonymous Subscription must select only one top level field."], invalid);
    }

    [Fact]
    public async Task Cancellation_ends_the_stream()
    {
        var schema = TestSchema.Build(b => b.Subscribe("Subscription", "petAdded", _ => Events(1000)));
        using var cts = new CancellationTokenSource();
        var count = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in GraphQLEngine.SubscribeAsync(schema, new GraphQLRequest { Query = "subscription { petAdded { name } }" }, cancellationToken: cts.Token))
            {
                if (++count == 3) cts.Cancel();
            }
        });
        Assert.Equal(3, count);
    }

    [Fact]
    public async Task ExecuteAsync_refuses_subscriptions()
    {
        var schema = TestSchema.Build(b => b.Subscribe("Subscription", "petAdded", _ => Events(1)));
        var result = await GraphQLEngine.ExecuteAsync(schema, new GraphQLRequest { Query = "subscription { petAdded { name } }" });
        Assert.False(result.HasData);
    }

    private sealed record ExecutionResultSummary(bool HasData, string? Message);
}
