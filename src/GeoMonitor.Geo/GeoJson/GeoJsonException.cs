namespace GeoMonitor.Geo.GeoJson;

/// <summary>
/// Thrown when GeoJSON input is malformed or violates RFC 7946 or a configured limit. The message
/// names the problem and the JSON path of the offending member, e.g.
/// <c>Latitude 95 is outside -90..90 (at $.features[2].geometry.coordinates[0][3])</c>.
/// </summary>
public sealed class GeoJsonException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="problem">What is wrong, without the location.</param>
    /// <param name="path">JSONPath of the offending member, e.g. <c>$.geometry.coordinates[0]</c>.</param>
    /// <param name="inner">The underlying exception, if any.</param>
    public GeoJsonException(string problem, string path, Exception? inner = null)
        : base($"{problem} (at {path})", inner)
    {
        Problem = problem;
        Path = path;
    }

    /// <summary>What is wrong, without the location.</summary>
    public string Problem { get; }

    /// <summary>JSONPath of the offending member; <c>$</c> is the document root.</summary>
    public string Path { get; }
}
