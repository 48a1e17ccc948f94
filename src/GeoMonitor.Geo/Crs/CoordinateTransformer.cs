using NetTopologySuite.Geometries;

namespace GeoMonitor.Geo.Crs;

/// <summary>
/// Convenience transformations over <see cref="CrsRegistry.Default"/>. Coordinates are in GIS
/// order (x = easting/longitude, y = northing/latitude) for every system, including EPSG:4326.
/// </summary>
public static class CoordinateTransformer
{
    /// <summary>Converts a coordinate of system <paramref name="epsg"/> to WGS 84.</summary>
    /// <param name="x">Easting or longitude.</param>
    /// <param name="y">Northing or latitude.</param>
    /// <param name="epsg">EPSG code of the input.</param>
    /// <returns>WGS 84 longitude and latitude in degrees.</returns>
    /// <exception cref="UnknownCrsException">The code is not supported.</exception>
    /// <exception cref="CoordinateTransformException">The coordinate cannot be transformed.</exception>
    public static (double Lon, double Lat) ToWgs84(double x, double y, int epsg) =>
        CrsRegistry.Default.GetTransform(epsg, CrsRegistry.Wgs84).Transform(x, y);

    /// <summary>Converts a WGS 84 longitude/latitude to system <paramref name="epsg"/>.</summary>
    /// <param name="lon">Longitude in degrees.</param>
    /// <param name="lat">Latitude in degrees.</param>
    /// <param name="epsg">EPSG code of the output.</param>
    /// <returns>Easting/longitude and northing/latitude in the target system.</returns>
    /// <exception cref="UnknownCrsException">The code is not supported.</exception>
    /// <exception cref="CoordinateTransformException">The coordinate cannot be transformed.</exception>
    public static (double X, double Y) FromWgs84(double lon, double lat, int epsg) =>
        CrsRegistry.Default.GetTransform(CrsRegistry.Wgs84, epsg).Transform(lon, lat);

    /// <summary>Converts a coordinate between two registered systems.</summary>
    /// <param name="x">Easting or longitude in the source system.</param>
    /// <param name="y">Northing or latitude in the source system.</param>
    /// <param name="sourceEpsg">EPSG code of the input.</param>
    /// <param name="targetEpsg">EPSG code of the output.</param>
    /// <returns>The coordinate in the target system.</returns>
    public static (double X, double Y) Transform(double x, double y, int sourceEpsg, int targetEpsg) =>
        CrsRegistry.Default.GetTransform(sourceEpsg, targetEpsg).Transform(x, y);

    /// <summary>
    /// Returns a copy of <paramref name="geometry"/> in system <paramref name="targetEpsg"/>, taking the
    /// source system from the geometry's SRID.
    /// </summary>
    /// <param name="geometry">A geometry whose SRID names its system.</param>
    /// <param name="targetEpsg">EPSG code of the output.</param>
    /// <returns>The transformed copy, with SRID <paramref name="targetEpsg"/>.</returns>
    /// <exception cref="ArgumentException">The geometry has no SRID.</exception>
    public static Geometry Transform(Geometry geometry, int targetEpsg)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        if (geometry.SRID <= 0)
        {
            throw new ArgumentException("The geometry has no SRID; use the overload that takes the source EPSG code.",
                nameof(geometry));
        }

        return Transform(geometry, geometry.SRID, targetEpsg);
    }

    /// <summary>Returns a copy of <paramref name="geometry"/> transformed between two registered systems.</summary>
    /// <param name="geometry">The geometry, in <paramref name="sourceEpsg"/> whatever its SRID says.</param>
    /// <param name="sourceEpsg">EPSG code of the input.</param>
    /// <param name="targetEpsg">EPSG code of the output.</param>
    /// <returns>The transformed copy, with SRID <paramref name="targetEpsg"/>.</returns>
    public static Geometry Transform(Geometry geometry, int sourceEpsg, int targetEpsg) =>
        CrsRegistry.Default.GetTransform(sourceEpsg, targetEpsg).Transform(geometry);
}
