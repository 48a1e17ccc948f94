using System.Text.Json;
using GeoMonitor.GraphQL.Execution;
using GeoMonitor.GraphQL.Language;
using GeoMonitor.GraphQL.Types;

namespace GeoMonitor.Api.GraphQL.Scalars;

/// <summary>A GeoJSON geometry given as input: its JSON text (validated further where it is used).</summary>
/// <param name="Json">The geometry object as JSON text.</param>
public sealed record GeoJsonInput(string Json);

/// <summary>
/// GeoJSON and JSON. Answers carry JSON as <see cref="JsonElement"/>, or as <see cref="RawJson"/> when it is text
/// PostGIS wrote (a geometry), which the engine copies into the response without parsing it into a tree;
/// inputs arrive as the engine's plain values (dictionaries, lists, numbers, strings) and become JSON again.
/// </summary>
public static class JsonScalars
{
    private static readonly HashSet<string> GeometryTypes =
        ["Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection"];

    /// <summary>GeoJSON: an RFC 7946 geometry object.</summary>
    public static ScalarType GeoJson { get; } = new("GeoJSON", SerializeJson, v => GeoJsonOf(v), (node, vars) => GeoJsonOf(ScalarType.ValueFromAstUntyped(node, vars)));

    /// <summary>JSON: any JSON value.</summary>
    public static ScalarType Json { get; } = new("JSON", SerializeJson, v => ToElement(v), (node, vars) => ToElement(ScalarType.ValueFromAstUntyped(node, vars)));

    /// <summary>Parses JSON text into an element that outlives its document.</summary>
    public static JsonElement Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }

    /// <summary>A plain value (or an element) as a JSON element.</summary>
    public static JsonElement ToElement(object? value) => value is JsonElement e ? e : JsonSerializer.SerializeToElement(value);

    private static object? SerializeJson(object value) => value switch
    {
        JsonElement e => e,
        RawJson raw => raw,
        string s => Parse(s),
        _ => JsonSerializer.SerializeToElement(value),
    };

    private static GeoJsonInput GeoJsonOf(object? value)
    {
        var e = ToElement(value);
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("type", out var t) || t.ValueKind != JsonValueKind.String
            || !GeometryTypes.Contains(t.GetString()!))
            throw ScalarErrors.Refuse("GeoJSON", "must be a GeoJSON geometry object with a type (Point, Polygon, MultiPolygon, …)",
                e.ValueKind == JsonValueKind.Object ? "an object without a geometry type" : e.ValueKind.ToString());
        return new GeoJsonInput(e.GetRawText());
    }
}
