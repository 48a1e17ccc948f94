namespace GeoMonitor.Api.Infrastructure.Database;

/// <summary>Finds the data folder and the geodata folder when they are not configured.</summary>
public static class GeoMonitorPaths
{
    /// <summary>The repository root (the folder holding GeoMonitor.sln), when running from a checkout.</summary>
    public static string? RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "GeoMonitor.sln"))) return dir.FullName;
        return null;
    }

    /// <summary>GEOMONITOR_DATA, else GeoMonitor:DataFolder, else .geomonitor/ in the checkout (or the working folder).</summary>
    public static string DataFolder(IConfiguration config) =>
        Environment.GetEnvironmentVariable("GEOMONITOR_DATA") is { Length: > 0 } env ? env
        : config["GeoMonitor:DataFolder"] is { Length: > 0 } c ? c
        : Path.Combine(RepositoryRoot() ?? Directory.GetCurrentDirectory(), ".geomonitor");

    /// <summary>GeoMonitor:GeodataFolder, else geodata/ in the checkout, else geodata/ beside the binaries.</summary>
    public static string GeodataFolder(IConfiguration config) =>
        config["GeoMonitor:GeodataFolder"] is { Length: > 0 } c ? c
        : RepositoryRoot() is { } root ? Path.Combine(root, "geodata")
        : Path.Combine(AppContext.BaseDirectory, "geodata");
}
