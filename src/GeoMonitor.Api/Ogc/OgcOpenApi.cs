using System.Text.Json.Nodes;

namespace GeoMonitor.Api.Ogc;

/// <summary>
/// The OpenAPI 3.0 definition of /ogc, written here (not generated) so that it follows the OGC building blocks
/// clients look for: the limit's default and maximum, bbox, datetime, crs, and one items path per collection listing
/// its property filters.
/// </summary>
public static class OgcOpenApi
{
    private static JsonObject Ref(string name) => new() { ["$ref"] = "#/components/parameters/" + name };

    private static JsonObject Param(string name, string description, JsonObject schema, string @in = "query", bool required = false,
        string style = "form", bool explode = false) => new()
    {
        ["name"] = name, ["in"] = @in, ["required"] = required, ["description"] = description,
        ["schema"] = schema, ["style"] = style, ["explode"] = explode,
    };

    private static JsonObject Str() => new() { ["type"] = "string" };

    private static JsonObject Response(string description, string mediaType) => new()
    {
        ["200"] = new JsonObject
        {
            ["description"] = description,
            ["content"] = new JsonObject { [mediaType] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "object" } } },
        },
        ["400"] = new JsonObject { ["description"] = "A parameter is malformed (application/problem+json naming it)." },
        ["404"] = new JsonObject { ["description"] = "No such collection or feature." },
    };

    private static JsonObject Get(string summary, string operationId, JsonArray parameters, JsonObject responses) => new()
    {
        ["get"] = new JsonObject
        {
            ["summary"] = summary, ["operationId"] = operationId, ["tags"] = new JsonArray("OGC API - Features"),
            ["parameters"] = parameters, ["responses"] = responses,
        },
    };

    /// <summary>The document, with the server URL of this request.</summary>
    public static JsonObject Document(HttpRequest request)
    {
        var paths = new JsonObject
        {
            ["/"] = Get("Landing page", "getLandingPage", [Ref("f")], Response("Links to the API, conformance and collections.", OgcLinks.Json)),
            ["/conformance"] = Get("Conformance classes", "getConformance", [Ref("f")], Response("The conformance classes.", OgcLinks.Json)),
            ["/api"] = Get("This document", "getApi", [Ref("f")], Response("OpenAPI 3.0.", OgcLinks.OpenApi)),
            ["/collections"] = Get("The collections", "getCollections", [Ref("f")], Response("The collections.", OgcLinks.Json)),
            ["/collections/{collectionId}"] = Get("A collection", "describeCollection", [Ref("collectionId"), Ref("f")],
                Response("The collection.", OgcLinks.Json)),
            ["/collections/{collectionId}/items/{featureId}"] = Get("A feature", "getFeature",
                [Ref("collectionId"), Ref("featureId"), Ref("crs"), Ref("f")], Response("The feature.", OgcLinks.GeoJson)),
        };
        foreach (var id in OgcCatalog.Ids)
        {
            JsonArray parameters = [Ref("bbox"), Ref("bbox-crs"), Ref("datetime"), Ref("limit"), Ref("crs"), Ref("cursor"), Ref("f")];
            if (OgcCatalog.Layer(id) is { } layer)
                foreach (var f in layer.Filters)
                    parameters.Add(Param(f.Name, f.Description, f.Type == OgcType.Integer ? new JsonObject { ["type"] = "integer" } : Str()));
            else
                foreach (var name in OgcIncidentQuery.FilterParameters)
                    parameters.Add(Param(name, $"As in /api/incidents: {name} (several values comma-separated where a list makes sense).", Str()));
            paths[$"/collections/{id}/items"] = Get($"Features of {id}", $"getFeatures_{id}", parameters,
                Response("A page of features (GeoJSON FeatureCollection).", OgcLinks.GeoJson));
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.3",
            ["info"] = new JsonObject
            {
                ["title"] = "GeoMonitor OGC API - Features",
                ["version"] = "1.0.0",
                ["description"] = "Lines, zones, corridors and incidents of the Blue Line area. Without an API key only published incidents are served.",
            },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = OgcLinks.Root(request) }),
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["parameters"] = new JsonObject
                {
                    ["f"] = Param("f", "Encoding: json (GeoJSON for features). HTML is not offered.",
                        new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("json", "geojson") }),
                    ["collectionId"] = Param("collectionId", "The collection.",
                        new JsonObject { ["type"] = "string", ["enum"] = new JsonArray(OgcCatalog.Ids.Select(i => (JsonNode)i).ToArray()) },
                        "path", required: true, style: "simple"),
                    ["featureId"] = Param("featureId", "The feature id (an integer).", new JsonObject { ["type"] = "integer" }, "path", required: true, style: "simple"),
                    ["limit"] = Param("limit", $"Features per page (larger values are served as {OgcApi.MaxLimit}).", new JsonObject
                    {
                        ["type"] = "integer", ["minimum"] = 1, ["maximum"] = OgcApi.MaxLimit, ["default"] = OgcApi.DefaultLimit,
                    }),
                    ["bbox"] = Param("bbox", "minx,miny,maxx,maxy in bbox-crs (default CRS84 lon/lat; EPSG:4326 is lat,lon).", new JsonObject
                    {
                        ["type"] = "array", ["minItems"] = 4, ["maxItems"] = 6, ["items"] = new JsonObject { ["type"] = "number" },
                    }),
                    ["bbox-crs"] = Param("bbox-crs", "CRS of bbox.", new JsonObject
                    {
                        ["type"] = "string", ["format"] = "uri", ["enum"] = new JsonArray(OgcCrs.Uris.Select(u => (JsonNode)u).ToArray()),
                    }),
                    ["crs"] = Param("crs", "CRS of the returned geometries (Content-Crs says which).", new JsonObject
                    {
                        ["type"] = "string", ["format"] = "uri", ["enum"] = new JsonArray(OgcCrs.Uris.Select(u => (JsonNode)u).ToArray()),
                    }),
                    ["datetime"] = Param("datetime",
                        "An instant (2025-01-27T10:00:00Z; a date alone is that UTC day) or an interval a/b (both ends included), ../b, a/..", Str()),
                    ["cursor"] = Param("cursor", "Opaque position from a `next` link.", Str()),
                },
            },
        };
    }
}
