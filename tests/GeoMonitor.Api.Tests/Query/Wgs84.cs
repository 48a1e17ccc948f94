namespace GeoMonitor.Api.Tests.Query;

/// <summary>
/// Hand geodesy on the WGS 84 ellipsoid, independent of PostGIS: the metres in a degree along a meridian (radius of
/// curvature M) and along a parallel (N cos φ). A meridian is itself a geodesic, so a point moved north along it is
/// exactly that many metres away; that is how the test points at 999 m and 1001 m are placed.
/// </summary>
public static class Wgs84
{
    private const double A = 6378137.0;
    private const double F = 1 / 298.257223563;
    private const double E2 = F * (2 - F);

    /// <summary>Metres per degree of latitude at <paramref name="latDeg"/>.</summary>
    public static double MeridianMetresPerDegree(double latDeg)
    {
        var s = Math.Sin(latDeg * Math.PI / 180);
        return A * (1 - E2) / Math.Pow(1 - E2 * s * s, 1.5) * Math.PI / 180;
    }

    /// <summary>Metres per degree of longitude along the parallel at <paramref name="latDeg"/>.</summary>
    public static double ParallelMetresPerDegree(double latDeg)
    {
        var phi = latDeg * Math.PI / 180;
        var s = Math.Sin(phi);
        return A / Math.Sqrt(1 - E2 * s * s) * Math.Cos(phi) * Math.PI / 180;
    }

    /// <summary>The latitude <paramref name="metres"/> north (negative: south) along the meridian.</summary>
    public static double LatitudeNorthOf(double latDeg, double metres)
    {
        // M changes by ~1e-6 per km here: evaluating it at the mid-latitude keeps the error far below a millimetre.
        var mid = latDeg + metres / 2 / 110_900;
        return latDeg + metres / MeridianMetresPerDegree(mid);
    }

    /// <summary>The longitude <paramref name="metres"/> east along the parallel (the geodesic is a hair shorter).</summary>
    public static double LongitudeEastOf(double lonDeg, double latDeg, double metres) =>
        lonDeg + metres / ParallelMetresPerDegree(latDeg);
}
