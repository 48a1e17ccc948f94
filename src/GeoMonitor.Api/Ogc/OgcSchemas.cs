using GeoMonitor.Api.Infrastructure.OpenApi;

namespace GeoMonitor.Api.Ogc;

/// <summary>
/// The OpenAPI schemas of the /ogc answers, which OgcDocuments and OgcFeaturesResult write by hand. /ogc/api is the
/// OGC-style definition of the same paths that OGC clients (GDAL) read; these describe the bytes for this document.
/// </summary>
public static class OgcSchemas
{
    /// <summary>HTML pages (f=html or a browser's Accept).</summary>
    public const string Html = "text/html";

    /// <summary>The landing page.</summary>
    public static readonly WireSchema Landing = new("OgcLandingPage", """
        {"type": "object", "required": ["links"], "properties": {"title": {"type": "string"}, "description": {"type": "string"},
          "links": {"type": "array", "items": {"$ref": "#/components/schemas/Link"}}}}
        """, GeoJsonSchemas.Link);

    /// <summary>The conformance classes.</summary>
    public static readonly WireSchema Conformance = new("OgcConformance", """
        {"type": "object", "required": ["conformsTo"], "properties": {"conformsTo": {"type": "array", "items": {"type": "string", "format": "uri"}}}}
        """);

    /// <summary>One collection.</summary>
    public static readonly WireSchema Collection = new("OgcCollection", """
        {"type": "object", "required": ["id", "links"], "properties": {"id": {"type": "string"}, "title": {"type": "string"}, "description": {"type": "string"},
          "links": {"type": "array", "items": {"$ref": "#/components/schemas/Link"}}, "extent": {"type": "object"}, "itemType": {"type": "string"},
          "crs": {"type": "array", "items": {"type": "string"}}, "storageCrs": {"type": "string"}}}
        """, GeoJsonSchemas.Link);

    /// <summary>The collections.</summary>
    public static readonly WireSchema Collections = new("OgcCollections", """
        {"type": "object", "required": ["links", "collections"], "properties": {"links": {"type": "array", "items": {"$ref": "#/components/schemas/Link"}},
          "collections": {"type": "array", "items": {"$ref": "#/components/schemas/OgcCollection"}}}}
        """, Collection, GeoJsonSchemas.Link);

    /// <summary>One feature of any collection (id: the incident id or the layer's row id).</summary>
    public static readonly WireSchema Feature = new("OgcFeature", """
        {"type": "object", "required": ["type", "geometry", "properties"], "properties": {"type": {"const": "Feature"}, "id": {"type": ["integer", "string"]},
          "geometry": {"oneOf": [{"$ref": "#/components/schemas/Geometry"}, {"type": "null"}]}, "properties": {"type": ["object", "null"]},
          "links": {"type": "array", "items": {"$ref": "#/components/schemas/Link"}}}}
        """, GeoJsonSchemas.Geometry, GeoJsonSchemas.Link);

    /// <summary>A page of features.</summary>
    public static readonly WireSchema Features = new("OgcFeatureCollection", """
        {"type": "object", "required": ["type", "features", "links"], "properties": {"type": {"const": "FeatureCollection"},
          "features": {"type": "array", "items": {"$ref": "#/components/schemas/OgcFeature"}},
          "links": {"type": "array", "items": {"$ref": "#/components/schemas/Link"}, "description": "self, and next while more match."},
          "numberReturned": {"type": "integer"}, "numberMatched": {"type": "integer"}, "timeStamp": {"type": "string", "format": "date-time"}}}
        """, Feature, GeoJsonSchemas.Link);

    /// <summary>The queryables (JSON Schema 2020-12 of the properties filters may name).</summary>
    public static readonly WireSchema Queryables = new("OgcQueryables", """
        {"type": "object", "required": ["type", "properties"], "properties": {"$schema": {"type": "string"}, "$id": {"type": "string"},
          "type": {"const": "object"}, "title": {"type": "string"}, "description": {"type": "string"}, "properties": {"type": "object"}}}
        """);

    /// <summary>An OpenAPI 3.0 document.</summary>
    public static readonly WireSchema OpenApi = new("OgcOpenApiDocument", """
        {"type": "object", "required": ["openapi", "info", "paths"], "properties": {"openapi": {"type": "string"}, "info": {"type": "object"}, "paths": {"type": "object"}}}
        """);
}
