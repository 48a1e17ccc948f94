using System.Globalization;
using GeoMonitor.Geo.Crs;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;
using NetTopologySuite.Operation.Valid;

namespace GeoMonitor.Geo.Validation;

/// <summary>Explains why a geometry is invalid, and repairs it.</summary>
public static class GeometryValidator
{
    /// <summary>
    /// Checks validity and reports the first problem NTS finds with its location. Locations are
    /// labelled lon/lat for SRID 4326 (or unset) and x/y otherwise.
    /// </summary>
    /// <param name="geometry">The geometry to check.</param>
    /// <returns>The verdict.</returns>
    public static GeometryValidationResult Validate(Geometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        var error = new IsValidOp(geometry).ValidationError;
        if (error is null)
        {
            return new GeometryValidationResult(true, null, null, null, "Valid");
        }

        var location = error.Coordinate;
        var message = location is null || !double.IsFinite(location.X) || !double.IsFinite(location.Y)
            ? error.Message
            : $"{error.Message} at {DescribeLocation(location, geometry.SRID)}";
        return new GeometryValidationResult(false, error.ErrorType, error.Message, location?.Copy(), message);
    }

    /// <summary>
    /// Returns a valid version of the geometry (NTS <see cref="GeometryFixer"/>): self-intersecting
    /// rings are split, collapsed parts dropped, repeated points removed. A valid input is returned
    /// as an equal copy. The SRID is kept. The result may be of a different type (e.g. a bow-tie
    /// Polygon becomes a MultiPolygon) or empty if nothing valid remains.
    /// </summary>
    /// <param name="geometry">The geometry to repair.</param>
    /// <returns>A valid geometry.</returns>
    public static Geometry MakeValid(Geometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        var fixedGeometry = GeometryFixer.Fix(geometry);
        fixedGeometry.SRID = geometry.SRID;
        return fixedGeometry;
    }

    private static string DescribeLocation(Coordinate location, int srid)
    {
        var geographic = srid is 0 or CrsRegistry.Wgs84;
        var (xName, yName, format) = geographic ? ("lon", "lat", "0.######") : ("x", "y", "0.###");
        var x = location.X.ToString(format, CultureInfo.InvariantCulture);
        var y = location.Y.ToString(format, CultureInfo.InvariantCulture);
        return $"{xName} {x}, {yName} {y}";
    }
}
