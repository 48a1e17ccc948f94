using NetTopologySuite.Geometries;

namespace GeoMonitor.Geo.Coordinates;

/// <summary>
/// Detects the most common coordinate mistake: latitude and longitude typed the wrong way round.
/// In the Levant the two values are close (33 vs 35), so a swapped point lands only a couple of
/// hundred kilometres away and can look plausible; checking against the area of interest catches it.
/// </summary>
public static class SwapHint
{
    /// <summary>
    /// True when (<paramref name="lon"/>, <paramref name="lat"/>) is outside <paramref name="bbox"/>
    /// but the swapped point (lat as lon, lon as lat) is inside, i.e. the user probably swapped them.
    /// </summary>
    /// <param name="bbox">Area of interest, x = longitude, y = latitude.</param>
    /// <param name="lon">Longitude as received.</param>
    /// <param name="lat">Latitude as received.</param>
    /// <returns>Whether swapping would put the point inside the box.</returns>
    public static bool SwapWouldFit(Envelope bbox, double lon, double lat)
    {
        ArgumentNullException.ThrowIfNull(bbox);
        return !bbox.Contains(lon, lat) && bbox.Contains(lat, lon);
    }

    /// <summary>
    /// True when the point is outside the box but the swapped point is inside; see
    /// <see cref="SwapWouldFit(Envelope, double, double)"/>.
    /// </summary>
    /// <param name="minLon">West edge of the area of interest.</param>
    /// <param name="minLat">South edge.</param>
    /// <param name="maxLon">East edge.</param>
    /// <param name="maxLat">North edge.</param>
    /// <param name="lon">Longitude as received.</param>
    /// <param name="lat">Latitude as received.</param>
    /// <returns>Whether swapping would put the point inside the box.</returns>
    public static bool SwapWouldFit(double minLon, double minLat, double maxLon, double maxLat, double lon, double lat) =>
        SwapWouldFit(new Envelope(minLon, maxLon, minLat, maxLat), lon, lat);
}
