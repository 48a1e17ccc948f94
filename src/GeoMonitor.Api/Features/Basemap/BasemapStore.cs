using GeoMonitor.Api.Infrastructure.Geodata;
using Npgsql;

namespace GeoMonitor.Api.Features.Basemap;

/// <summary>What was loaded from one basemap file: its source, scale and region (table basemap_files).</summary>
/// <param name="File">basemap.geojson or places.geojson.</param>
/// <param name="Source">Where the data comes from, as the file states it.</param>
/// <param name="Scale">The scale of the source (e.g. 1:10m), when it has one.</param>
/// <param name="Region">West, south, east, north the file was clipped to, when it was.</param>
public sealed record BasemapFile(string File, string Source, string? Scale, double[]? Region)
{
    /// <summary>The attribution a map shows for layers drawn from this file.</summary>
    public string Attribution => File == BasemapLoader.BasemapFile
        ? $"Basemap: {Source}, scale {Scale ?? "not stated"}; its country boundaries are not the Blue Line"
        : $"Places: {Source}";
}

/// <summary>Reads what the basemap loader recorded, for the tile attribution and the map's configuration.</summary>
public sealed class BasemapStore(NpgsqlDataSource db)
{
    /// <summary>The loaded basemap files, keyed by file name (empty when none was loaded).</summary>
    public async Task<IReadOnlyDictionary<string, BasemapFile>> FilesAsync(CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            SELECT file, source, scale,
                   CASE WHEN region IS NULL THEN NULL ELSE ARRAY[ST_XMin(region), ST_YMin(region), ST_XMax(region), ST_YMax(region)] END
            FROM basemap_files ORDER BY file
            """);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var files = new Dictionary<string, BasemapFile>();
        while (await r.ReadAsync(ct))
            files[r.GetString(0)] = new BasemapFile(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2),
                r.IsDBNull(3) ? null : r.GetFieldValue<double[]>(3));
        return files;
    }
}
