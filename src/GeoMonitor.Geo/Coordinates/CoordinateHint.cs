namespace GeoMonitor.Geo.Coordinates;

/// <summary>What the caller knows about a coordinate string that the text itself may not say.</summary>
public sealed record CoordinateHint
{
    /// <summary>
    /// The system the numbers are in: a projected code (e.g. 2039 for Israeli TM Grid, 32636 for
    /// UTM 36N) makes the text be read as easting then northing; a geographic code other than 4326
    /// (e.g. 4141) makes latitude/longitude be read in that datum and shifted to WGS 84.
    /// Null means the text must identify itself (MGRS, UTM with zone, or degrees in WGS 84).
    /// </summary>
    public int? Epsg { get; init; }

    /// <summary>Order of unlabelled latitude/longitude pairs. Default latitude first.</summary>
    public GeographicAxisOrder AxisOrder { get; init; } = GeographicAxisOrder.LatLon;

    /// <summary>A hint naming the source system.</summary>
    /// <param name="epsg">EPSG code of the numbers in the text.</param>
    /// <returns>The hint.</returns>
    public static CoordinateHint ForEpsg(int epsg) => new() { Epsg = epsg };
}
