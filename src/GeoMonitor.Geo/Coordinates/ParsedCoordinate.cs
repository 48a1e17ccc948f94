namespace GeoMonitor.Geo.Coordinates;

/// <summary>The result of <see cref="CoordinateParser.Parse"/>: a WGS 84 position and where it came from.</summary>
/// <param name="Lon">WGS 84 longitude in degrees.</param>
/// <param name="Lat">WGS 84 latitude in degrees.</param>
/// <param name="Format">The notation the text was written in.</param>
/// <param name="SourceEpsg">
/// EPSG code of the system the text was in: 4326 for degrees, the UTM zone's code (e.g. 32636) for
/// UTM and MGRS, or the hinted code.
/// </param>
public sealed record ParsedCoordinate(double Lon, double Lat, CoordinateFormat Format, int SourceEpsg)
{
    /// <summary>First value in the source system: easting, or longitude for geographic input.</summary>
    public double SourceX { get; init; }

    /// <summary>Second value in the source system: northing, or latitude for geographic input.</summary>
    public double SourceY { get; init; }

    /// <summary>
    /// For MGRS, the side of the grid cell the reference denotes (1 m for 5+5 digits, 100 km for
    /// none); the position is the cell centre. Null for other formats.
    /// </summary>
    public double? CellSizeMetres { get; init; }
}
