using GeoMonitor.Api.Infrastructure.Database;

namespace GeoMonitor.Api.Tests.BadInput;

/// <summary>
/// Hand-written bad inputs kept as files in BadInput/Files (read from the source tree): the file's extension says where
/// it goes — .csv to the batch endpoint as CSV, .json to the single endpoint, .geojson to the batch endpoint as GeoJSON,
/// .graphql to /graphql as the query.
/// </summary>
public static class FileCases
{
    /// <summary>The folder of the files.</summary>
    public static string Folder => Path.Combine(GeoMonitorPaths.RepositoryRoot()!, "tests", "GeoMonitor.Api.Tests", "BadInput", "Files");

    /// <summary>One case per file.</summary>
    public static IEnumerable<BadCase> All()
    {
        foreach (var file in Directory.EnumerateFiles(Folder).Order(StringComparer.Ordinal))
        {
            var name = "file/" + Path.GetFileName(file);
            switch (Path.GetExtension(file))
            {
                case ".csv":
                    yield return new BadCase(name, "POST", "/api/incidents/batch", () => Bodies.Bytes(File.ReadAllBytes(file), "text/csv"));
                    break;
                case ".json":
                    yield return new BadCase(name, "POST", "/api/incidents", () => Bodies.Bytes(File.ReadAllBytes(file), "application/json"));
                    break;
                case ".geojson":
                    yield return new BadCase(name, "POST", "/api/incidents/batch", () => Bodies.Bytes(File.ReadAllBytes(file), "application/geo+json"));
                    break;
                case ".graphql":
                    yield return new BadCase(name, "POST", "/graphql", () => new ByteArrayContent(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(
                        new { query = File.ReadAllText(file) })) { Headers = { ContentType = new("application/json") } }, Expect: Refusal.GraphQL);
                    break;
            }
        }
    }
}
