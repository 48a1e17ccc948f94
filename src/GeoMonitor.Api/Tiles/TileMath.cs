namespace GeoMonitor.Api.Tiles;

/// <summary>Web Mercator tile arithmetic (the XYZ scheme: y grows southwards).</summary>
public static class TileMath
{
    /// <summary>The latitude limit of Web Mercator.</summary>
    public const double MaxLatitude = 85.0511287798066;

    /// <summary>A point's position in the world as fractions [0, 1) of the width and height (multiply by 2^z for tiles).</summary>
    public static (double X, double Y) Fraction(double lon, double lat)
    {
        var phi = Math.Clamp(lat, -MaxLatitude, MaxLatitude) * Math.PI / 180;
        var x = (lon + 180) / 360;
        var y = (1 - Math.Log(Math.Tan(phi) + 1 / Math.Cos(phi)) / Math.PI) / 2;
        return (Math.Clamp(x, 0, 1 - 1e-12), Math.Clamp(y, 0, 1 - 1e-12));
    }

    /// <summary>The tile at zoom <paramref name="z"/> that contains the point.</summary>
    public static (int X, int Y) TileOf(double lon, double lat, int z)
    {
        var (fx, fy) = Fraction(lon, lat);
        var n = 1 << z;
        return ((int)Math.Floor(fx * n), (int)Math.Floor(fy * n));
    }

    /// <summary>One number for (z, x, y): 5 bits of zoom, 29 bits each of x and y.</summary>
    public static long Pack(int z, int x, int y) => ((long)z << 58) | ((long)x << 29) | (uint)y;
}
