namespace GeoMonitor.Geo.Crs;

/// <summary>
/// Thrown when a coordinate cannot be transformed: the input is not finite, or the result falls
/// outside the valid domain (for example a projected coordinate far outside its zone).
/// </summary>
public sealed class CoordinateTransformException : Exception
{
    /// <summary>Creates the exception with a message describing the failed coordinate.</summary>
    /// <param name="message">What went wrong, naming the coordinate and the CRS.</param>
    /// <param name="inner">The underlying ProjNet exception, if any.</param>
    public CoordinateTransformException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}
