namespace GeoMonitor.Geo.GeoJson;

/// <summary>Choices for <see cref="GeoJsonWriter"/>.</summary>
public sealed class GeoJsonWriterOptions
{
    /// <summary>Options with every default.</summary>
    public static GeoJsonWriterOptions Default { get; } = new();

    /// <summary>
    /// Decimal places written for each coordinate value, 0–15. Default 6 (about 0.1 m in degrees),
    /// as RFC 7946 §11.2 suggests. Use fewer for projected (metre) output, e.g. 2 for EPSG:3857.
    /// </summary>
    public int Decimals { get; init; } = 6;

    /// <summary>Write altitude when a coordinate has one. Default false (2D output).</summary>
    public bool WriteAltitude { get; init; }
}
