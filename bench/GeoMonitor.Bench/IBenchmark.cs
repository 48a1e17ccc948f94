namespace GeoMonitor.Bench;

/// <summary>One benchmark of the harness, run by <c>dotnet run -c Release --project bench/GeoMonitor.Bench -- &lt;Name&gt;</c>.</summary>
public interface IBenchmark
{
    /// <summary>The subcommand.</summary>
    string Name { get; }

    /// <summary>One line for the usage text.</summary>
    string Description { get; }

    /// <summary>Runs it and prints (and appends to <see cref="BenchContext.ReportPath"/>) its figures.</summary>
    Task RunAsync(BenchContext ctx);
}
