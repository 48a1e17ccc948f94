using System.Diagnostics;
using GeoMonitor.GraphQL;
using GeoMonitor.GraphQL.Bench;
using GeoMonitor.GraphQL.Execution;
using GeoMonitor.GraphQL.Language;
using GeoMonitor.GraphQL.Limits;
using GeoMonitor.GraphQL.Validation;

if (args.Length > 0 && args[0] == "compare")
{
    await Compare.RunAsync(args);
    return;
}

// Stopwatch micro-benchmark: each case is warmed up, then run for a fixed time on this thread.
// Resolvers are synchronous, so execution completes on the calling thread and
// GC.GetAllocatedBytesForCurrentThread sees every allocation.
var seconds = args.Length > 0 && double.TryParse(args[0], System.Globalization.CultureInfo.InvariantCulture, out var s) ? s : 3.0;
var schema = BenchSchema.Create();
var variables = new Dictionary<string, object?>
{
    ["first"] = 10L,
    ["filter"] = new Dictionary<string, object?> { ["nameContains"] = "Zone" },
};
var request = new GraphQLRequest { Query = BenchSchema.MidSizeQuery, Variables = variables, OperationName = "Dashboard" };
var introspection = new GraphQLRequest { Query = IntrospectionText.Query };
var options = new ExecutionOptions { Limits = GraphQLLimits.Default, UseDocumentCache = false };
var cachedOptions = options with { UseDocumentCache = true };
var document = Parser.Parse(BenchSchema.MidSizeQuery);
var prepared = GraphQLEngine.Prepare(schema, request).Operation ?? throw new InvalidOperationException("bench query does not validate");

Check(GraphQLEngine.ExecuteAsync(schema, request, options).GetAwaiter().GetResult());
Check(GraphQLEngine.ExecuteAsync(schema, introspection, options).GetAwaiter().GetResult());

var pageSchema = PageSchema.Create();
var pagePrepared = GraphQLEngine.Prepare(pageSchema, new GraphQLRequest { Query = PageSchema.Query }, GraphQLLimits.None);
var pageRequest = pagePrepared.Operation ?? throw new InvalidOperationException(
    "page query does not validate: " + string.Join("; ", pagePrepared.Errors?.Select(e => e.Message) ?? []));
var noVariables = new Dictionary<string, object?>();
Check(GraphQLEngine.ExecuteAsync(pageSchema, pageRequest, noVariables, options).GetAwaiter().GetResult());
var streamedRequest = GraphQLEngine.Prepare(pageSchema, new GraphQLRequest { Query = PageSchema.StreamedQuery }, GraphQLLimits.None).Operation!;
var streamedOptions = options with { SerializeStreamedLists = true };
Check(GraphQLEngine.ExecuteAsync(pageSchema, streamedRequest, noVariables, streamedOptions).GetAwaiter().GetResult());
if (Serialize(GraphQLEngine.ExecuteAsync(pageSchema, streamedRequest, noVariables, streamedOptions).GetAwaiter().GetResult()) is var streamedBytes
    && System.Text.Encoding.UTF8.GetString(PageBuffer.Value.WrittenSpan) is var streamedJson
    && Serialize(GraphQLEngine.ExecuteAsync(pageSchema, pageRequest, noVariables, options).GetAwaiter().GetResult()) > 0
    && System.Text.Encoding.UTF8.GetString(PageBuffer.Value.WrittenSpan) != streamedJson.Replace("\"streamed\"", "\"page\"", StringComparison.Ordinal))
    throw new InvalidOperationException("the streamed page is not written as the page is");

if (args.Contains("--page"))
{
    Run("execute prepared (page of 1,000 items)", () => GraphQLEngine.ExecuteAsync(pageSchema, pageRequest, noVariables, options).GetAwaiter().GetResult());
    Run("  ... + serialize to JSON", () => Serialize(GraphQLEngine.ExecuteAsync(pageSchema, pageRequest, noVariables, options).GetAwaiter().GetResult()));
    Run("the page streamed: execute + write JSON", () => Serialize(GraphQLEngine.ExecuteAsync(pageSchema, streamedRequest, noVariables, streamedOptions).GetAwaiter().GetResult()));
    return;
}
if (args.Contains("--streamed"))
{
    Run("the page streamed: execute + write JSON", () => Serialize(GraphQLEngine.ExecuteAsync(pageSchema, streamedRequest, noVariables, streamedOptions).GetAwaiter().GetResult()));
    return;
}
if (args.Contains("--rules")) { RuleProfile.Run(schema, document); return; }
Console.WriteLine($"GeoMonitor.GraphQL micro-benchmark ({Environment.ProcessorCount} cores, .NET {Environment.Version}, {seconds:0.#} s per case)");
Console.WriteLine($"{"case",-44} {"ops/s",12} {"µs/op",10} {"alloc/op",12}");
Run("parse (mid-size query)", () => Parser.Parse(BenchSchema.MidSizeQuery));
Run("validate (mid-size query)", () => Validator.Validate(schema, document));
Run("execute prepared (mid-size query, 10 zones)", () => GraphQLEngine.ExecuteAsync(schema, prepared, variables, options).GetAwaiter().GetResult());
Run("parse+validate+execute (mid-size query)", () => GraphQLEngine.ExecuteAsync(schema, request, options).GetAwaiter().GetResult());
Run("  ... + serialize to JSON", () => GraphQLEngine.ExecuteAsync(schema, request, options).GetAwaiter().GetResult().ToJson());
Run("  ... with the document cache", () => GraphQLEngine.ExecuteAsync(schema, request, cachedOptions).GetAwaiter().GetResult());
Run("introspection query (full)", () => GraphQLEngine.ExecuteAsync(schema, introspection, options).GetAwaiter().GetResult());
Run("introspection query (document cached)", () => GraphQLEngine.ExecuteAsync(schema, introspection, cachedOptions).GetAwaiter().GetResult());
Run("execute prepared (page of 1,000 items)", () => GraphQLEngine.ExecuteAsync(pageSchema, pageRequest, noVariables, options).GetAwaiter().GetResult());
Run("  ... + serialize to JSON", () => Serialize(GraphQLEngine.ExecuteAsync(pageSchema, pageRequest, noVariables, options).GetAwaiter().GetResult()));
Run("the page streamed: execute + write JSON", () => Serialize(GraphQLEngine.ExecuteAsync(pageSchema, streamedRequest, noVariables, streamedOptions).GetAwaiter().GetResult()));

void Run(string name, Func<object?> operation)
{
    var warmUntil = Stopwatch.StartNew();
    while (warmUntil.Elapsed.TotalSeconds < Math.Min(1.0, seconds / 2)) operation();
    GC.Collect();
    GC.WaitForPendingFinalizers();
    var iterations = 0L;
    var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
    var watch = Stopwatch.StartNew();
    while (watch.Elapsed.TotalSeconds < seconds)
    {
        for (var i = 0; i < 16; i++) operation();
        iterations += 16;
    }
    watch.Stop();
    var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
    var opsPerSecond = iterations / watch.Elapsed.TotalSeconds;
    Console.WriteLine($"{name,-44} {opsPerSecond,12:N0} {1e6 / opsPerSecond,10:N1} {allocated / (double)iterations,10:N0} B");
}

// Into a reused buffer, as the API writes into the response pipe.
static long Serialize(ExecutionResult result)
{
    PageBuffer.Value.ResetWrittenCount();
    using (var w = new System.Text.Json.Utf8JsonWriter(PageBuffer.Value)) result.WriteTo(w);
    // As the transport does once the response is written: pooled buffers of streamed lists go back.
    result.Dispose();
    return PageBuffer.Value.WrittenCount;
}

static void Check(ExecutionResult result)
{
    if (result.Errors is { Count: > 0 } errors) throw new InvalidOperationException(string.Join("; ", errors.Select(e => e.Message)));
}

internal static class PageBuffer
{
    public static readonly System.Buffers.ArrayBufferWriter<byte> Value = new(1 << 20);
}
