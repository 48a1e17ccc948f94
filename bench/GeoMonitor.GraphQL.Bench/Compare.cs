using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using GeoMonitor.GraphQL.Execution;
using GeoMonitor.GraphQL.Limits;
using GraphQL;

namespace GeoMonitor.GraphQL.Bench;

/// <summary>
/// <c>compare</c>: this engine and GraphQL.NET 8.8.5 (with its default parallel and with its serial execution strategy)
/// on the same page of 1,000 items (<see cref="PageSchema"/>), the same query text, each request parsed, validated and
/// executed (no document cache on either side), then written as JSON. Every answer is checked to be the same JSON
/// first. Runs alternate between the engines so that all see the same machine; each run times <c>--ops</c> requests;
/// the medians (and ranges) of <c>--runs</c> runs are printed, with allocations counted on all threads
/// (GC.GetTotalAllocatedBytes, precise).
/// Usage: dotnet run -c Release --project bench/GeoMonitor.GraphQL.Bench -- compare [--runs 21] [--ops 20]
/// </summary>
internal static class Compare
{
    public static async Task RunAsync(string[] args)
    {
        var runs = Option(args, "--runs", 21);
        var ops = Option(args, "--ops", 20);
        var ours = PageSchema.Create();
        var request = new GraphQLRequest { Query = PageSchema.Query };
        var options = new ExecutionOptions { Limits = GraphQLLimits.None, UseDocumentCache = false };
        var theirs = GraphQLNetPage.Create();
        // Each engine writes where its HTTP integration writes: this one into the response pipe (an IBufferWriter),
        // GraphQL.NET's serializer into the response stream. Both targets are allocated once and reused.
        var pipe = new System.Buffers.ArrayBufferWriter<byte>(1 << 20);
        var stream = new MemoryStream(1 << 20);

        async Task<long> Ours(bool serialize)
        {
            var result = await GraphQLEngine.ExecuteAsync(ours, request, options);
            if (!serialize) return 0;
            pipe.ResetWrittenCount();
            using (var w = new System.Text.Json.Utf8JsonWriter(pipe)) result.WriteTo(w);
            return pipe.WrittenCount;
        }

        Func<bool, Task<long>> Theirs(IDocumentExecuter executer) => async serialize =>
        {
            var result = await GraphQLNetPage.ExecuteAsync(executer, theirs);
            if (!serialize) return 0;
            stream.SetLength(0);
            await GraphQLNetPage.Serializer.WriteAsync(stream, result);
            return stream.Length;
        };

        (string Name, Func<bool, Task<long>> Run)[] engines =
        [
            ("GeoMonitor.GraphQL", Ours),
            ("GraphQL.NET, parallel", Theirs(new DocumentExecuter())),
            ("GraphQL.NET, serial", Theirs(GraphQLNetPage.SerialExecuter())),
        ];
        await Ours(true);
        var ourJson = JsonNode.Parse(pipe.WrittenSpan);
        foreach (var (name, run) in engines.Skip(1))
        {
            await run(true);
            var theirJson = JsonNode.Parse(stream.ToArray());
            if (!JsonNode.DeepEquals(ourJson, theirJson))
                throw new InvalidOperationException($"{name} answers differently: " + Difference(ourJson, theirJson, "$"));
        }
        Console.WriteLine($"Same answer from every engine ({pipe.WrittenCount:N0} bytes of JSON). {Environment.ProcessorCount} cores, .NET {Environment.Version}, "
                          + $"GraphQL.NET {typeof(DocumentExecuter).Assembly.GetName().Version}; {runs} runs × {ops} requests, engines alternating.");

        foreach (var serialize in new[] { false, true })
        {
            for (var i = 0; i < 3 * ops; i++)
                foreach (var e in engines) await e.Run(serialize);
            var times = engines.Select(_ => new List<double>()).ToArray();
            var bytes = engines.Select(_ => new List<double>()).ToArray();
            for (var r = 0; r < runs; r++)
                for (var k = 0; k < engines.Length; k++)
                {
                    var (t, b) = await Measure(engines[k].Run, serialize, ops);
                    times[k].Add(t);
                    bytes[k].Add(b);
                }
            Console.WriteLine();
            Console.WriteLine($"page of 1,000 items × 25 fields: {(serialize ? "parse + validate + execute + write JSON" : "parse + validate + execute")}");
            Console.WriteLine($"{"engine",-24} {"median ms/op",13} {"range",17} {"allocated/op",14} {"time vs ours",13} {"alloc vs ours",14}");
            for (var k = 0; k < engines.Length; k++)
                Console.WriteLine($"{engines[k].Name,-24} {Median(times[k]),13:0.000} {$"{times[k].Min():0.000}–{times[k].Max():0.000}",17} "
                                  + $"{Median(bytes[k]) / 1e6,11:0.00} MB {Median(times[k]) / Median(times[0]),12:0.00}× {Median(bytes[k]) / Median(bytes[0]),13:0.00}×");
        }
    }

    private static async Task<(double MsPerOp, double BytesPerOp)> Measure(Func<bool, Task<long>> op, bool serialize, int n)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < n; i++) await op(serialize);
        watch.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        return (watch.Elapsed.TotalMilliseconds / n, allocated / (double)n);
    }

    private static double Median(List<double> xs)
    {
        var s = xs.Order().ToList();
        return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : fallback;
    }

    private static string Difference(JsonNode? a, JsonNode? b, string path)
    {
        if (a is JsonObject oa && b is JsonObject ob)
        {
            foreach (var (k, v) in oa)
                if (!JsonNode.DeepEquals(v, ob[k])) return Difference(v, ob[k], path + "." + k);
            return path + ": members differ";
        }
        if (a is JsonArray aa && b is JsonArray ab)
        {
            for (var i = 0; i < Math.Min(aa.Count, ab.Count); i++)
                if (!JsonNode.DeepEquals(aa[i], ab[i])) return Difference(aa[i], ab[i], $"{path}[{i}]");
            return $"{path}: {aa.Count} vs {ab.Count} items";
        }
        return $"{path}: {a?.ToJsonString()} vs {b?.ToJsonString()}";
    }
}
