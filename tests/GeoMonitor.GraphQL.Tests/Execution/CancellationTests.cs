using GeoMonitor.GraphQL.Limits;

namespace GeoMonitor.GraphQL.Tests.Execution;

public class CancellationTests
{
    [Fact]
    public async Task Time_budget_cancels_resolvers_and_reports_TIMEOUT()
    {
        var observedCancellation = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var schema = TestSchema.Build(b => b.Resolve<string>("Query", "legacy", async ctx =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, ctx.CancellationToken);
            }
            catch (OperationCanceledException)
            {
                observedCancellation.TrySetResult();
                throw;
            }
            return "never";
        }));
        var result = await GraphQLEngine.ExecuteAsync(schema, new GraphQLRequest { Query = "{ legacy }" },
            new ExecutionOptions { Limits = GraphQLLimits.Default with { Timeout = TimeSpan.FromMilliseconds(100) } });
        var error = Assert.Single(result.Errors!);
        Assert.Equal(LimitErrorCodes.Timeout, error.Extensions!["code"]);
        Assert.Equal("Execution exceeded the time budget of 100 ms.", error.Message);
        Assert.Null(result.Data);
        // The response does not wait for the resolver, but the resolver still sees the cancellation.
        await observedCancellation.Task.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Resolvers_that_ignore_cancellation_do_not_hold_the_response()
    {
        var schema = TestSchema.Build(b => b.Resolve<string>("Query", "legacy", async _ =>
        {
            await Task.Delay(5000);
            return "late";
        }));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = await GraphQLEngine.ExecuteAsync(schema, new GraphQLRequest { Query = "{ legacy }" },
            new ExecutionOptions { Limits = GraphQLLimits.Default with { Timeout = TimeSpan.FromMilliseconds(100) } });
        Assert.True(watch.ElapsedMilliseconds < 2000);
        Assert.Equal(LimitErrorCodes.Timeout, result.Errors!.Single().Extensions!["code"]);
    }

    [Fact]
    public async Task Caller_cancellation_propagates()
    {
        var schema = TestSchema.Build(b => b.Resolve<string>("Query", "legacy", async ctx =>
        {
            await Task.Delay(Timeout.Infinite, ctx.CancellationToken);
            return "never";
        }));
        using var cts = new CancellationTokenSource(50);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            GraphQLEngine.ExecuteAsync(schema, new GraphQLRequest { Query = "{ legacy }" }, new ExecutionOptions { CancellationToken = cts.Token }));
    }
}
