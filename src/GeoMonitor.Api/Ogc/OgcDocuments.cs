using System.Text.Json.Nodes;
using GeoMonitor.Api.Infrastructure.Auth;
using Npgsql;

namespace GeoMonitor.Api.Ogc;

/// <summary>The JSON documents of the OGC API that are not features: landing page, conformance, collections.</summary>
public static class OgcDocuments
{
    /// <summary>The conformance classes implemented.</summary>
    public static readonly string[] ConformsTo =
    [
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
        "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
        // Part 3 (OGC 19-079r2): filter and filter-lang/filter-crs on items, queryables, queryables as query parameters.
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
        // CQL2 (OGC 21-065r2): both encodings and the requirements classes the translator implements.
        "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
        "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
        "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
        "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
        "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
        "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus",
        "http://www.opengis.net/spec/cql2/1.0/conf/spatial-functions",
        "http://www.opengis.net/spec/cql2/1.0/conf/temporal-functions",
    ];

    /// <summary>The landing page.</summary>
    public static JsonObject Landing(HttpRequest r)
    {
        var root = OgcLinks.Root(r);
        return new JsonObject
        {
            ["title"] = "GeoMonitor — OGC API - Features",
            ["description"] = "Lines, zones, humanitarian corridors and incidents of the Israel–Lebanon Blue Line area. "
                              + "Without an API key only published incidents are served (published_verified, published_disputed). Open in QGIS or GDAL as OAPIF:" + root,
            ["links"] = new JsonArray(
                OgcLinks.Link(root, "self", OgcLinks.Json, "This document"),
                OgcLinks.Link(root + "?f=html", "alternate", "text/html", "This document as HTML"),
                OgcLinks.Link(root + "/api", "service-desc", OgcLinks.OpenApi, "The API definition (OpenAPI 3.0)"),
                OgcLinks.Link(root + "/conformance", "conformance", OgcLinks.Json, "Conformance classes"),
                OgcLinks.Link(root + "/conformance", "http://www.opengis.net/def/rel/ogc/1.0/conformance", OgcLinks.Json, "Conformance classes"),
                OgcLinks.Link(root + "/collections", "data", OgcLinks.Json, "The collections"),
                OgcLinks.Link(root + "/collections", "http://www.opengis.net/def/rel/ogc/1.0/data", OgcLinks.Json, "The collections")),
        };
    }

    /// <summary>The conformance declaration.</summary>
    public static JsonObject Conformance() => new() { ["conformsTo"] = new JsonArray(ConformsTo.Select(c => (JsonNode)c).ToArray()) };

    /// <summary>One collection's description, with extents computed for <paramref name="viewer"/>.</summary>
    public static async Task<JsonObject> CollectionAsync(HttpRequest r, NpgsqlDataSource db, string id, Features.Common.Caller viewer, CancellationToken ct)
    {
        var root = OgcLinks.Root(r) + "/collections/" + id;
        var layer = OgcCatalog.Layer(id);
        var (title, description) = layer is not null
            ? (layer.Title, layer.Description)
            : ("Incidents", "Incident points (ACLED event types) with review status and enrichment (zones, corridors, truces, Blue Line distance and side). "
                            + "Time is occurred_at. Without an API key only published incidents are served (published_verified, published_disputed). Property filters: "
                            + string.Join(", ", OgcIncidentQuery.FilterParameters) + " (as in /api/incidents).");
        var extent = layer is not null ? await OgcExtents.OfLayerAsync(db, layer, ct) : await OgcExtents.OfIncidentsAsync(db, viewer, ct);
        return new JsonObject
        {
            ["id"] = id,
            ["title"] = title,
            ["description"] = description,
            ["itemType"] = "feature",
            ["extent"] = extent,
            ["crs"] = new JsonArray(OgcCrs.Uris.Select(u => (JsonNode)u).ToArray()),
            ["storageCrs"] = OgcCrs.Crs84.Uri,
            ["links"] = new JsonArray(
                OgcLinks.Link(root, "self", OgcLinks.Json, title),
                OgcLinks.Link(root + "?f=html", "alternate", "text/html", title + " as HTML"),
                OgcLinks.Link(root + "/items", "items", OgcLinks.GeoJson, title + " (features)"),
                OgcLinks.Link(root + "/queryables", "http://www.opengis.net/def/rel/ogc/1.0/queryables", OgcLinks.JsonSchema,
                    title + ": what filters may name")),
        };
    }

    /// <summary>The collections document.</summary>
    public static async Task<JsonObject> CollectionsAsync(HttpRequest r, NpgsqlDataSource db, Features.Common.Caller viewer, CancellationToken ct)
    {
        var list = new JsonArray();
        foreach (var id in OgcCatalog.Ids) list.Add(await CollectionAsync(r, db, id, viewer, ct));
        return new JsonObject
        {
            ["links"] = new JsonArray(OgcLinks.Link(OgcLinks.Root(r) + "/collections", "self", OgcLinks.Json, "The collections")),
            ["collections"] = list,
            ["crs"] = new JsonArray(OgcCrs.Uris.Select(u => (JsonNode)u).ToArray()),
        };
    }
}
