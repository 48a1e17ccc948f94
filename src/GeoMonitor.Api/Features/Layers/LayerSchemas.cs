using GeoMonitor.Api.Infrastructure.OpenApi;

namespace GeoMonitor.Api.Features.Layers;

/// <summary>The OpenAPI schemas of the layer answers, which PostGIS builds as GeoJSON text (LayerSql) and LayerResult sends.</summary>
public static class LayerSchemas
{
    /// <summary>One line, zone or corridor as a GeoJSON Feature (id = slug; properties with provenance, version and measures).</summary>
    public static readonly WireSchema Feature = new("LayerFeature", """
        {
          "type": "object",
          "required": ["type", "id", "geometry", "properties"],
          "properties": {
            "type": {"const": "Feature"},
            "id": {"type": "string", "description": "The slug."},
            "geometry": {"oneOf": [{"$ref": "#/components/schemas/Geometry"}, {"type": "null"}]},
            "properties": {
              "type": "object",
              "required": ["slug", "name", "source", "version"],
              "properties": {
                "slug": {"type": "string"},
                "name": {"type": "string"},
                "nameAr": {"type": ["string", "null"]},
                "nameHe": {"type": ["string", "null"]},
                "kind": {"type": ["string", "null"]},
                "source": {"type": ["string", "null"]},
                "method": {"type": ["string", "null"]},
                "approximate": {"type": ["boolean", "null"]},
                "version": {"type": "integer"},
                "updatedAt": {"type": ["string", "null"], "format": "date-time"},
                "recordedFrom": {"type": ["string", "null"], "format": "date-time"},
                "validFrom": {"type": ["string", "null"], "format": "date-time", "description": "Zones: start of validity (null: always)."},
                "validTo": {"type": ["string", "null"], "format": "date-time", "description": "Zones: end of validity, exclusive (null: open)."}
              },
              "additionalProperties": true
            }
          }
        }
        """, GeoJsonSchemas.Geometry);

    /// <summary>Every line, zone or corridor matching the parameters.</summary>
    public static readonly WireSchema FeatureCollection = new("LayerFeatureCollection", """
        {
          "type": "object",
          "required": ["type", "numberReturned", "features"],
          "properties": {
            "type": {"const": "FeatureCollection"},
            "numberReturned": {"type": "integer"},
            "features": {"type": "array", "items": {"$ref": "#/components/schemas/LayerFeature"}}
          }
        }
        """, Feature);

    /// <summary>Every version of a layer (LayerVersions), oldest first.</summary>
    public static readonly WireSchema Versions = new("LayerVersions", """
        {
          "type": "object",
          "required": ["kind", "slug", "versions"],
          "properties": {
            "kind": {"type": "string", "enum": ["line", "zone", "corridor", "truce"]},
            "slug": {"type": "string"},
            "versions": {
              "type": "array",
              "items": {
                "type": "object",
                "required": ["version", "change", "recordedFrom", "recordedTo", "recordedBy", "diff"],
                "properties": {
                  "version": {"type": "integer"},
                  "change": {"type": "string", "enum": ["create", "update", "delete"]},
                  "recordedFrom": {"type": "string", "format": "date-time"},
                  "recordedTo": {"type": ["string", "null"], "format": "date-time", "description": "null for the current version."},
                  "recordedBy": {"type": ["string", "null"]},
                  "diff": {"type": ["object", "null"], "description": "What changed against the version before (null for the first)."}
                },
                "additionalProperties": true
              }
            }
          }
        }
        """);

    /// <summary>A truce (TruceSql): the window in force, the original end, every extension.</summary>
    public static readonly WireSchema Truce = new("Truce", """
        {
          "type": "object",
          "required": ["slug", "name", "start", "end", "originalEnd", "parties", "wholeRegion", "scope", "zones", "extensions", "version"],
          "properties": {
            "slug": {"type": "string"},
            "name": {"type": "string"},
            "start": {"type": "string", "format": "date-time"},
            "end": {"type": ["string", "null"], "format": "date-time", "description": "The end in force after extensions; null when open-ended."},
            "originalEnd": {"type": ["string", "null"], "format": "date-time"},
            "durationDays": {"type": ["number", "null"]},
            "parties": {"type": "array", "items": {"type": "string"}},
            "wholeRegion": {"type": "boolean"},
            "scope": {"type": ["array", "null"], "items": {"type": "string"}},
            "zones": {"type": "array"},
            "extensions": {"type": "array", "items": {"type": "object"}},
            "source": {"type": ["string", "null"]},
            "notes": {"type": ["string", "null"]},
            "updatedAt": {"type": ["string", "null"], "format": "date-time"},
            "version": {"type": "integer"},
            "recordedFrom": {"type": ["string", "null"], "format": "date-time"},
            "coolingOff": {"type": ["string", "null"], "description": "ISO 8601 duration of the cooling-off under this truce (null: the default)."},
            "benchmarks": {"type": "array"}
          },
          "additionalProperties": true
        }
        """);

    /// <summary>GET /api/truces.</summary>
    public static readonly WireSchema Truces = new("TruceList", """
        {"type": "object", "required": ["truces"], "properties": {"truces": {"type": "array", "items": {"$ref": "#/components/schemas/Truce"}}}}
        """, Truce);
}
