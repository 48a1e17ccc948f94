using GeoMonitor.Bench;

// The shared bench harness: one subcommand per benchmark (one file each, see IBenchmark), all against one bench
// database on an embedded cluster in bench/data/. Not a test: it prints figures, it does not pass or fail.
IBenchmark[] benchmarks = [new QueryBenchmark(), new UploadBench(), new GraphQLBenchmark(), new TileBenchmark(), new ScaleBenchmark(), new MapServerBenchmark(), new LocateBenchmark(), new ReplicaBenchmark(), new DeconflictionBenchmark(),
    new ChangesBenchmark(), new AsOfBenchmark(), new Cql2Benchmark(), new ScaleOutBenchmark()];

if (args.Length == 0 || args[0] is "-h" or "--help" or "list")
{
    Console.WriteLine("usage: dotnet run -c Release --project bench/GeoMonitor.Bench -- <benchmark> [options]");
    Console.WriteLine("       setup    create the bench database (1M incidents) and stop");
    foreach (var b in benchmarks) Console.WriteLine($"       {b.Name,-8} {b.Description}");
    return args.Length == 0 ? 1 : 0;
}

// Not a benchmark: rewrites the summary table of docs/performance.md from this run's figures (bench/run.sh calls it).
if (args[0] == "summary") return SummaryWriter.Run(args.Skip(1).ToArray());

await using var ctx = await BenchContext.CreateAsync(args.Skip(1).ToArray());
if (args[0] == "setup") return 0;
var bench = benchmarks.FirstOrDefault(b => b.Name == args[0]);
if (bench is null)
{
    Console.Error.WriteLine($"unknown benchmark '{args[0]}'");
    return 1;
}
await bench.RunAsync(ctx);
return 0;
