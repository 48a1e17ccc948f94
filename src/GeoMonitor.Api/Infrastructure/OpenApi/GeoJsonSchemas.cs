namespace GeoMonitor.Api.Infrastructure.OpenApi;

/// <summary>The RFC 7946 building blocks the hand-written schemas share: a geometry, a link, a free-form object.</summary>
public static class GeoJsonSchemas
{
    /// <summary>Any RFC 7946 geometry (positions lon, lat in WGS 84).</summary>
    public static readonly WireSchema Geometry = new("Geometry", """
        {
          "type": "object",
          "description": "An RFC 7946 geometry; positions are [lon, lat] in WGS 84 (CRS84).",
          "required": ["type"],
          "properties": {
            "type": {"type": "string", "enum": ["Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection"]},
            "coordinates": {"type": "array", "description": "Nested arrays of positions, as the type requires."},
            "geometries": {"type": "array", "items": {"$ref": "#/components/schemas/Geometry"}},
            "bbox": {"type": "array", "items": {"type": "number"}}
          }
        }
        """);

    /// <summary>A link of a page or document.</summary>
    public static readonly WireSchema Link = new("Link", """
        {
          "type": "object",
          "required": ["href", "rel"],
          "properties": {
            "href": {"type": "string"},
            "rel": {"type": "string"},
            "type": {"type": "string"},
            "title": {"type": "string"}
          }
        }
        """);

    /// <summary>A JSON object whose members the endpoint's description lists (no fixed schema).</summary>
    public static readonly WireSchema Object = new("JsonObject", """{"type": "object", "description": "A JSON object; the operation's description lists its members."}""");
}
