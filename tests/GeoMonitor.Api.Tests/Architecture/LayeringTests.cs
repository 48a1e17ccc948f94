using System.Text.RegularExpressions;
using GeoMonitor.Api.Infrastructure.Database;

namespace GeoMonitor.Api.Tests.Architecture;

/// <summary>
/// The layering docs/architecture.md describes, checked on the source: SQL over the layer tables lives in the layer
/// feature folders, and the adapters (REST handlers, GraphQL resolvers) reach the write stores only through the use cases.
/// </summary>
public sealed partial class LayeringTests
{
    private static readonly string Api = Path.Combine(GeoMonitorPaths.RepositoryRoot()!, "src", "GeoMonitor.Api");

    private static IEnumerable<(string Path, string Text)> Sources(string folder = "") =>
        Directory.EnumerateFiles(Path.Combine(Api, folder), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Select(f => (Path.GetRelativePath(Api, f).Replace('\\', '/'), File.ReadAllText(f)));

    // The folders allowed to write SQL over lines, zones, corridors, truces and their windows and extensions: the layers'
    // own, and the truce mechanisms defined on zones and truces (a benchmark is a zone's required state, custody who holds
    // a zone, a pre-notification is checked against corridors, zones and truces).
    private static readonly string[] LayerFolders =
    [
        "Features/Layers/", "Features/Truces/", "Features/LayerAdmin/", "Infrastructure/Geodata/",
        "Features/Benchmarks/", "Features/Custody/", "Features/Notifications/",
    ];

    [GeneratedRegex(@"\b(FROM|JOIN|INTO|UPDATE|TABLE)\s+(lines|zones|corridors|corridor_windows|truces|truce_extensions|line_versions|zone_versions|corridor_versions|truce_versions)\b", RegexOptions.IgnoreCase)]
    private static partial Regex LayerTableSql();

    [Fact]
    public void No_SQL_over_the_layer_tables_outside_their_feature_folders()
    {
        var outside = Sources()
            .Where(s => !LayerFolders.Any(f => s.Path.StartsWith(f, StringComparison.Ordinal)))
            .SelectMany(s => LayerTableSql().Matches(s.Text).Select(m => $"{s.Path}: {m.Value}"))
            .ToList();
        Assert.True(outside.Count == 0, "SQL over layer tables outside their feature folders:\n" + string.Join("\n", outside));
    }

    [Fact]
    public void The_check_finds_layer_SQL_where_it_is()
    {
        // The pattern above is not vacuous: the layer folders do hold such SQL.
        Assert.Contains(Sources("Features/Layers"), s => LayerTableSql().IsMatch(s.Text));
        Assert.Contains(Sources("Features/Truces"), s => LayerTableSql().IsMatch(s.Text));
    }

    // A store's result types (LayerAdminStore.WriteResult, the batch store's Outcome) may be named; the stores themselves not.
    [GeneratedRegex(@"\b(IncidentWriteStore|BatchWriteStore|ReviewStore|LayerAdminStore)\b(?!\.(WriteResult|TruceResult|Outcome)\b)")]
    private static partial Regex WriteStore();

    [Fact]
    public void Adapters_reach_the_write_stores_only_through_the_use_cases()
    {
        var adapters = Sources("GraphQL/Resolvers").Concat(Sources("Features").Where(s => s.Path.EndsWith("Api.cs", StringComparison.Ordinal)
                || s.Path.EndsWith("Handler.cs", StringComparison.Ordinal)));
        // Registering a store in a feature's AddXxx is wiring, not use.
        static string Used(string text) => string.Join('\n', text.Split('\n').Where(l => !l.Contains("AddSingleton<", StringComparison.Ordinal)));
        var direct = adapters.Where(s => WriteStore().IsMatch(Used(s.Text))).Select(s => s.Path).ToList();
        Assert.True(direct.Count == 0, "adapters using a write store directly (call the use case instead): " + string.Join(", ", direct));
    }
}
