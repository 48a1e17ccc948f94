namespace GeoMonitor.Geo.Coordinates;

/// <summary>
/// Thrown when a coordinate string cannot be understood. The message is written for the person who
/// typed it, e.g. "Minutes must be less than 60, found 61 in 33°61'N".
/// </summary>
public sealed class CoordinateFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">A human-readable explanation naming what is wrong.</param>
    /// <param name="inner">The underlying exception, if any.</param>
    public CoordinateFormatException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}
