using GeoMonitor.Api.Infrastructure.OpenApi;

namespace GeoMonitor.Api.Tiles;

/// <summary>The OpenAPI schemas of the tile answers (written by hand in TileApi).</summary>
public static class TileSchemas
{
    /// <summary>GET /tiles.</summary>
    public static readonly WireSchema Index = new("TileLayers", """
        {"type": "object", "required": ["layers"], "properties": {"layers": {"type": "array", "items": {"type": "object", "required": ["id", "tilejson", "tiles"],
          "properties": {"id": {"type": "string"}, "description": {"type": "string"}, "tilejson": {"type": "string"}, "tiles": {"type": "string"}}}}}}
        """);

    /// <summary>TileJSON 3.0.0.</summary>
    public static readonly WireSchema TileJson = new("TileJson", """
        {"type": "object", "required": ["tilejson", "tiles"], "properties": {"tilejson": {"type": "string"}, "name": {"type": "string"}, "description": {"type": "string"},
          "version": {"type": "string"}, "attribution": {"type": "string"}, "scheme": {"type": "string"}, "tiles": {"type": "array", "items": {"type": "string"}},
          "minzoom": {"type": "integer"}, "maxzoom": {"type": "integer"}, "bounds": {"type": "array", "items": {"type": "number"}},
          "center": {"type": "array", "items": {"type": "number"}}, "vector_layers": {"type": "array", "items": {"type": "object"}}}}
        """);
}
