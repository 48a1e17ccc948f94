namespace GeoMonitor.Geo.GeoJson;

/// <summary>Limits and choices for <see cref="GeoJsonReader"/>.</summary>
public sealed class GeoJsonReaderOptions
{
    /// <summary>Options with every default.</summary>
    public static GeoJsonReaderOptions Default { get; } = new();

    /// <summary>
    /// Maximum number of positions in one document, summed over all geometries. Guards memory and
    /// CPU against hostile uploads. Default 100,000.
    /// </summary>
    public int MaxVertices { get; init; } = 100_000;

    /// <summary>
    /// Maximum JSON nesting depth (objects and arrays, properties included). Deeper input is rejected
    /// by the iterative JSON parser before any recursion happens. Default 64, which leaves room for a
    /// MultiPolygon inside a Feature inside a FeatureCollection plus nested properties.
    /// </summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>
    /// Keep the optional third value (altitude) of positions. Default false: geometries are 2D, which
    /// is what the PostGIS columns expect.
    /// </summary>
    public bool KeepAltitude { get; init; }

    /// <summary>
    /// Accept geometries whose <c>coordinates</c> (or <c>geometries</c>) array is empty and return them
    /// as empty NTS geometries. Default false: an empty geometry in an upload is almost always a mistake.
    /// </summary>
    public bool AllowEmptyGeometries { get; init; }
}
