using System.Buffers;
using System.Text;
using System.Text.Json;

namespace GeoMonitor.GraphQL.Execution;

/// <summary>
/// A value that is already JSON text — a geometry PostGIS wrote, a document kept as text, a list the engine wrote
/// while its items streamed in — returned by a resolver or a scalar's serializer, or placed in the result by the
/// engine, and copied into the response as it is instead of being parsed into a tree only to be written out again.
/// The writer checks that text given by a resolver is one well-formed JSON value; UTF-8 the engine wrote itself is
/// copied unchecked.
/// </summary>
public sealed class RawJson
{
    private string? _json;
    private readonly ReadOnlySequence<byte> _utf8;

    private readonly bool _wellFormed;

    /// <summary>Wraps JSON text, checked when it is written.</summary>
    public RawJson(string json) => _json = json ?? throw new ArgumentNullException(nameof(json));

    /// <summary>
    /// Wraps JSON text; with <paramref name="wellFormed"/> the caller vouches that it is one well-formed JSON value
    /// (text a database wrote, such as PostGIS's ST_AsGeoJSON), and it is copied without the check.
    /// </summary>
    public RawJson(string json, bool wellFormed)
        : this(json) => _wellFormed = wellFormed;

    // UTF-8 written by the engine (a streamed list): well-formed by construction.
    internal RawJson(ReadOnlySequence<byte> utf8) => _utf8 = utf8;

    /// <summary>The JSON text.</summary>
    public string Json => _json ??= Encoding.UTF8.GetString(_utf8);

    /// <summary>Writes the value into <paramref name="writer"/>.</summary>
    internal void WriteTo(Utf8JsonWriter writer)
    {
        if (_json is not null && _utf8.IsEmpty) writer.WriteRawValue(_json, skipInputValidation: _wellFormed);
        else writer.WriteRawValue(_utf8, skipInputValidation: true);
    }

    /// <inheritdoc />
    public override string ToString() => Json;
}
