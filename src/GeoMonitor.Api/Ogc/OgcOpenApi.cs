using System.Text.Json.Nodes;
using GeoMonitor.Api.Ogc.Cql2;

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
            ["/api"] = Get("This document", "getApi",
                [Param("f", "Encoding: json only (Swagger UI at /swagger shows the whole API in a browser).",
                    new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("json") })],
                Response("OpenAPI 3.0.", OgcLinks.OpenApi)),
            ["/collections"] = Get("The collections", "getCollections", [Ref("f")], Response("The collections.", OgcLinks.Json)),
            ["/collections/{collectionId}"] = Get("A collection", "describeCollection", [Ref("collectionId"), Ref("f")],
                Response("The collection.", OgcLinks.Json)),
            ["/collections/{collectionId}/queryables"] = Get("The queryables of a collection", "getQueryables", [Ref("collectionId"), Ref("f")],
                Response("JSON Schema (2020-12) of the properties filters may name.", OgcLinks.JsonSchema)),
            ["/collections/{collectionId}/items/{featureId}"] = Get("A feature", "getFeature",
                [Ref("collectionId"), Ref("featureId"), Ref("crs"), Ref("f")], Response("The feature.", OgcLinks.GeoJson)),
        };
        foreach (var id in OgcCatalog.Ids)
        {
            JsonArray parameters = [Ref("bbox"), Ref("bbox-crs"), Ref("datetime"), Ref("limit"), Ref("crs"), Ref("cursor"), Ref("f"),
                Ref("filter"), Ref("filter-lang"), Ref("filter-crs"), Ref("sortby")];
            IReadOnlyCollection<string> existing;
            if (OgcCatalog.Layer(id) is { } layer)
            {
                foreach (var f in layer.Filters)
                    parameters.Add(Param(f.Name, f.Description, f.Type == OgcType.Integer ? new JsonObject { ["type"] = "integer" } : Str()));
                existing = [.. layer.Filters.Select(f => f.Name)];
            }
            else
            {
                foreach (var name in OgcIncidentQuery.FilterParameters)
                    parameters.Add(Param(name, $"As in /api/incidents: {name} (several values comma-separated where a list makes sense).", Str()));
                existing = OgcIncidentQuery.FilterParameters;
            }
            // Part 3 "queryables as query parameters": each other queryable, compared for equality.
            var queryables = Cql2Queryables.For(id);
            foreach (var name in OgcFilter.QueryableParameters(id, existing))
            {
                var q = queryables.Find(name)!;
                parameters.Add(Param(name, $"Queryable: {q.Description} Equality (a filter does more).", q.Type switch
                {
                    Cql2Type.Integer => new JsonObject { ["type"] = "integer" },
                    Cql2Type.Number => new JsonObject { ["type"] = "number" },
                    Cql2Type.Boolean => new JsonObject { ["type"] = "boolean" },
                    Cql2Type.DateTime => new JsonObject { ["type"] = "string", ["format"] = "date-time" },
                    _ => Str(),
                }));
            }
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
                    ["f"] = Param("f", "Encoding: json (GeoJSON for features) or html (pages for a browser; also chosen by Accept: text/html).",
                        new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("json", "geojson", "html") }),
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
                    ["filter"] = Param("filter",
                        "A CQL2 filter (OGC API - Features Part 3) over the collection's queryables, e.g. eventType = 'Battles' AND fatalities >= 2 "
                        + "AND S_INTERSECTS(geometry, BBOX(35.1, 33.0, 35.6, 33.3)) AND T_DURING(occurredAt, INTERVAL('2024-11-27', '2025-01-26')).", Str()),
                    // cql-text is the draft name GDAL 3.6 looks for (and sends); it is read as cql2-text.
                    ["filter-lang"] = Param("filter-lang", "The filter's encoding (default cql2-text).",
                        new JsonObject { ["type"] = "string", ["enum"] = new JsonArray(OgcFilter.Languages.Select(l => (JsonNode)l).ToArray()), ["default"] = "cql2-text" }),
                    ["filter-crs"] = Param("filter-crs", "CRS of the filter's geometry literals (default CRS84; EPSG:4326 is lat,lon).", new JsonObject
                    {
                        ["type"] = "string", ["format"] = "uri", ["enum"] = new JsonArray(OgcCrs.Uris.Select(u => (JsonNode)u).ToArray()),
                    }),
                    ["sortby"] = Param("sortby", "Sort keys, comma-separated, '-' for descending, e.g. -occurredAt,fatalities (sortable queryables only).", Str()),
                },
            },
        };
    }
}
