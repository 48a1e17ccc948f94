namespace GeoMonitor.GraphQL.Execution;

/// <summary>
/// A value that is already JSON text — a geometry PostGIS wrote, a document kept as text — returned by a resolver or
/// a scalar's serializer and copied into the response as it is, instead of being parsed into a tree only to be
/// written out again. The writer checks that the text is one well-formed JSON value.
/// </summary>
public sealed class RawJson
{
    /// <summary>Wraps JSON text.</summary>
    public RawJson(string json) => Json = json ?? throw new ArgumentNullException(nameof(json));

    /// <summary>The JSON text.</summary>
    public string Json { get; }

    /// <inheritdoc />
    public override string ToString() => Json;
}
