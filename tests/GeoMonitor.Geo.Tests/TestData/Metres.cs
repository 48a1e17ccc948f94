namespace GeoMonitor.Geo.Tests.TestData;

/// <summary>Distances for "agrees within 1 m" assertions.</summary>
internal static class Metres
{
    private const double EarthRadius = 6_371_008.8;

    /// <summary>Great-circle distance; at 1 m scale its spherical error is far below a millimetre.</summary>
    public static double Between(double lon1, double lat1, double lon2, double lat2)
    {
        static double Rad(double d) => d * Math.PI / 180;
        var dLat = Rad(lat2 - lat1);
        var dLon = Rad(lon2 - lon1);
        var a = Math.Pow(Math.Sin(dLat / 2), 2) + (Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Pow(Math.Sin(dLon / 2), 2));
        return 2 * EarthRadius * Math.Asin(Math.Sqrt(a));
    }

    public static double Planar((double X, double Y) a, (double X, double Y) b) =>
        Math.Sqrt(Math.Pow(a.X - b.X, 2) + Math.Pow(a.Y - b.Y, 2));

    public static void AssertWithin(double limit, double actual, string what) =>
        Assert.True(actual <= limit, $"{what}: off by {actual:F3} m (limit {limit} m)");
}
