namespace GeoMonitor.Geo.Coordinates;

/// <summary>Which number comes first in a latitude/longitude pair that has no N/S/E/W letters.</summary>
public enum GeographicAxisOrder
{
    /// <summary>Latitude first, the convention of field reports, GPS units and Google Maps. The default.</summary>
    LatLon,

    /// <summary>Longitude first, as in GeoJSON and WKT.</summary>
    LonLat,
}
