using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GeoMonitor.Api.Features;
using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.Incidents;
using GeoMonitor.Api.Features.Incidents.Query;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Infrastructure.Database;
using GeoMonitor.Api.Infrastructure.OpenApi;
using GeoMonitor.Api.Ogc.Cql2;
using GeoMonitor.Api.Ogc.Html;
using Npgsql;


namespace GeoMonitor.Api.Ogc;

/// <summary>
/// OGC API - Features at /ogc (Part 1 Core, GeoJSON, OpenAPI 3.0; Part 2 CRS by reference): landing page,
/// conformance, API definition, collections lines, zones, corridors and incidents, their items and single features.
/// </summary>
public static class OgcApi
{
    /// <summary>The default page size (OGC's usual 10).</summary>
    public const int DefaultLimit = 10;

    /// <summary>The largest page; a larger limit is served as this many (the API definition says so).</summary>
    public const int MaxLimit = 10_000;

    private static readonly string[] ItemParameters = ["f", "bbox", "bbox-crs", "crs", "datetime", "limit", "cursor"];

    /// <summary>Maps the OGC API endpoints.</summary>
    public static IEndpointRouteBuilder MapOgc(this IEndpointRouteBuilder app)
    {
        var ogc = app.MapGroup("/ogc").WithReadProblems().RequireCors(ReadApi.CorsPolicy).WithTags("OGC API - Features");
        ogc.AddEndpointFilter(async (ctx, next) =>
        {
            try
            {
                return await next(ctx);
            }
            catch (Cql2Exception e)
            {
                return FilterProblem(e);
            }
        });
        ogc.MapGet("", GetLanding).WithName("OgcLanding").WithQuery("f").WithSummary("OGC API landing page").ProducesWire(200, OgcSchemas.Landing, OgcLinks.Json).ProducesWire(200, WireSchema.Text, OgcSchemas.Html)
            .WithDescription("Links to the API definition, the conformance classes and the collections. Example: GET /ogc");
        ogc.MapGet("/conformance", GetConformance).WithName("OgcConformance").WithQuery("f").WithSummary("Conformance classes").ProducesWire(200, OgcSchemas.Conformance, OgcLinks.Json).ProducesWire(200, WireSchema.Text, OgcSchemas.Html)
            .WithDescription("Part 1 Core, GeoJSON, OpenAPI 3.0 and Part 2 CRS by reference. Example: GET /ogc/conformance");
        ogc.MapGet("/api", GetApiDefinition).WithName("OgcApiDefinition").WithQuery("f").WithSummary("OpenAPI 3.0 definition of /ogc").ProducesWire(200, OgcSchemas.OpenApi, OgcLinks.OpenApi)
            .WithDescription("The service description GDAL and other clients read (limits, parameters, property filters). Example: GET /ogc/api");
        ogc.MapGet("/collections", GetCollections).WithName("OgcCollections").WithQuery("f").WithSummary("The collections").ProducesWire(200, OgcSchemas.Collections, OgcLinks.Json).ProducesWire(200, WireSchema.Text, OgcSchemas.Html)
            .WithDescription("lines, zones, corridors and incidents, each with spatial and temporal extents and the CRS offered. Example: GET /ogc/collections");
        ogc.MapGet("/collections/{collectionId}", GetCollection).WithName("OgcCollection").WithQuery(EveryCollectionParameter()).WithSummary("One collection").ProducesWire(200, OgcSchemas.Collection, OgcLinks.Json).ProducesWire(200, WireSchema.Text, OgcSchemas.Html).ProducesProblem(404)
            .WithDescription("Example: GET /ogc/collections/incidents");
        ogc.MapGet("/collections/{collectionId}/items", GetItems).WithName("OgcItems").WithQuery(EveryItemParameter()).WithSummary("Features of a collection").ProducesWire(200, OgcSchemas.Features, OgcLinks.GeoJson).ProducesWire(200, WireSchema.Text, OgcSchemas.Html).ProducesProblem(404)
            .WithDescription("""
                bbox (+ bbox-crs), datetime (instant, a/b, ../b, a/..), limit (default 10, max 10000), crs, property filters,
                and the cursor of the `next` link, which repeats every other parameter. Incidents take the filters of
                /api/incidents (zone, truce, eventType, subEventType, status, source, corridor, side, line, near, …).
                Example: GET /ogc/collections/incidents/items?truce=coh-2024&limit=1000
                """);
        ogc.MapGet("/collections/{collectionId}/queryables", GetQueryables).WithName("OgcQueryables").WithQuery("f").WithSummary("What filters may name").ProducesWire(200, OgcSchemas.Queryables, OgcLinks.JsonSchema).ProducesWire(200, WireSchema.Text, OgcSchemas.Html).ProducesProblem(404)
            .WithDescription("The queryables of a collection as JSON Schema (2020-12): the properties that filter (CQL2), sortby and query parameters may use, with their types. Example: GET /ogc/collections/incidents/queryables");
        ogc.MapGet("/collections/{collectionId}/items/{featureId}", GetItem).WithName("OgcItem").WithQuery("f", "crs", "asOf").WithSummary("One feature").ProducesWire(200, OgcSchemas.Feature, OgcLinks.GeoJson).ProducesWire(200, WireSchema.Text, OgcSchemas.Html).ProducesProblem(404)
            .WithDescription("Example: GET /ogc/collections/zones/items/1?crs=http://www.opengis.net/def/crs/EPSG/0/32636");
        return app;
    }

    /// <summary>GET /ogc.</summary>
    public static IResult GetLanding(HttpContext http)
    {
        var encoding = OgcFormat.Resolve(new QueryReader(http.Request.Query, ["f"]), http.Request, features: false);
        return Encode(Results.Json(OgcDocuments.Landing(http.Request), contentType: OgcLinks.Json), encoding, OgcHtmlPage.Landing);
    }

    /// <summary>GET /ogc/conformance.</summary>
    public static IResult GetConformance(HttpContext http)
    {
        var encoding = OgcFormat.Resolve(new QueryReader(http.Request.Query, ["f"]), http.Request, features: false);
        return Encode(Results.Json(OgcDocuments.Conformance(), contentType: OgcLinks.Json), encoding, OgcHtmlPage.Conformance);
    }

    /// <summary>GET /ogc/api.</summary>
    public static IResult GetApiDefinition(HttpContext http)
    {
        // The definition is for machines: f=html is refused here rather than half-rendered (Swagger UI is at /swagger).
        var f = new QueryReader(http.Request.Query, ["f"]).String("f");
        if (f is not null && !string.Equals(f, "json", StringComparison.OrdinalIgnoreCase))
            throw new QueryParameterException("f", $"'f' must be json for the API definition (a browser view of the whole API is at /swagger), got '{f}'.");
        return Results.Text(OgcOpenApi.Document(http.Request).ToJsonString(), OgcLinks.OpenApi);
    }

    /// <summary>GET /ogc/collections.</summary>
    public static async Task<IResult> GetCollections(HttpContext http, [FromKeyedServices(ReadReplica.Key)] NpgsqlDataSource db, CancellationToken ct)
    {
        var encoding = OgcFormat.Resolve(new QueryReader(http.Request.Query, ["f"]), http.Request, features: false);
        return Encode(Results.Json(await OgcDocuments.CollectionsAsync(http.Request, db, Caller.Of(http.User), ct), contentType: OgcLinks.Json),
            encoding, OgcHtmlPage.Collections);
    }

    /// <summary>GET /ogc/collections/{collectionId}.</summary>
    public static async Task<IResult> GetCollection(
        string collectionId, HttpContext http, [FromKeyedServices(ReadReplica.Key)] NpgsqlDataSource db, IncidentStore store, AcledCatalog acled, CancellationToken ct)
    {
        EnsureCollection(collectionId);
        var layer = OgcCatalog.Layer(collectionId);
        // GDAL repeats the query of an OAPIF:…/collections/incidents?truce=… (or ?filter=…) connection string on every
        // request, this one included: accept (and check) the filters here, so that a journalist can open one truce's
        // incidents, or a CQL2 selection, as a layer.
        var filters = FilterParametersOf(layer);
        var encoding = OgcFormat.Resolve(new QueryReader(http.Request.Query,
            [.. filters, .. OgcFilter.Parameters, .. OgcFilter.QueryableParameters(collectionId, filters), "f"]), http.Request, features: false);
        OgcFilter.Read(http.Request, collectionId, filters);
        if (layer is null)
            await store.EnsureSlugsExistAsync(await OgcIncidentQuery.ReadFilterAsync(http.Request, Caller.Of(http.User), acled, ct), ct);
        return Encode(Results.Json(await OgcDocuments.CollectionAsync(http.Request, db, collectionId, Caller.Of(http.User), ct), contentType: OgcLinks.Json),
            encoding, OgcHtmlPage.Collection, collectionId);
    }

    /// <summary>GET /ogc/collections/{collectionId}/queryables.</summary>
    public static IResult GetQueryables(string collectionId, HttpContext http)
    {
        EnsureCollection(collectionId);
        var encoding = OgcFormat.Resolve(new QueryReader(http.Request.Query, ["f"]), http.Request, features: false);
        var self = OgcLinks.Root(http.Request) + "/collections/" + collectionId + "/queryables";
        return Encode(Results.Text(Cql2Queryables.For(collectionId).Schema(self).ToJsonString(), OgcLinks.JsonSchema),
            encoding, OgcHtmlPage.Queryables, collectionId);
    }

    /// <summary>The filter parameters of a collection's items (without the OGC ones): REST's for incidents, the property filters for layers.</summary>
    private static IReadOnlyList<string> FilterParametersOf(OgcLayer? layer) =>
        layer is null ? OgcIncidentQuery.FilterParameters : [.. layer.Filters.Select(f => f.Name)];

    /// <summary>The parameters a collection's description accepts (its filters, repeated by GDAL), over every collection.</summary>
    private static IEnumerable<string> EveryCollectionParameter() => OgcCatalog.Ids.SelectMany<string, string>(id =>
    {
        var filters = FilterParametersOf(OgcCatalog.Layer(id));
        return [.. filters, .. OgcFilter.Parameters, .. OgcFilter.QueryableParameters(id, filters), "f"];
    }).Distinct();

    /// <summary>The parameters of the items of every collection, for the OpenAPI document (each collection accepts its own subset).</summary>
    private static IEnumerable<string> EveryItemParameter() => OgcCatalog.Ids.SelectMany(ItemParametersOf).Distinct();

    /// <summary>Every parameter an items request of <paramref name="collectionId"/> accepts (a layer collection also asOf).</summary>
    public static IReadOnlyList<string> ItemParametersOf(string collectionId)
    {
        var layer = OgcCatalog.Layer(collectionId);
        var filters = FilterParametersOf(layer);
        return [.. ItemParameters, .. OgcFilter.Parameters, "sortby", .. filters, .. OgcFilter.QueryableParameters(collectionId, filters),
            .. layer is null ? Array.Empty<string>() : ["asOf"]];
    }

    /// <summary>GET /ogc/collections/{collectionId}/items.</summary>
    public static async Task<IResult> GetItems(
        string collectionId, HttpContext http, [FromKeyedServices(ReadReplica.Key)] NpgsqlDataSource db, IncidentStore store, AcledCatalog acled, CancellationToken ct)
    {
        EnsureCollection(collectionId);
        var layer = OgcCatalog.Layer(collectionId);
        var q = new QueryReader(http.Request.Query, ItemParametersOf(collectionId));
        var encoding = OgcFormat.Resolve(q, http.Request, features: true);
        var limit = Math.Min(q.Int("limit", 1, int.MaxValue) ?? DefaultLimit, MaxLimit);
        var crs = ReadCrs(q, "crs");
        var bbox = q.String("bbox") is { } b ? OgcBbox.Parse(b, ReadCrs(q, "bbox-crs")) : null;
        if (bbox is null && q.Has("bbox-crs")) ReadCrs(q, "bbox-crs");
        var datetime = q.String("datetime") is { } d ? OgcDatetime.Parse(d) : null;
        var cursor = q.String("cursor");
        var predicate = OgcFilter.Read(http.Request, collectionId, [.. FilterParametersOf(layer)]);
        var sort = OgcSort.Parse(q.String("sortby"), Cql2Queryables.For(collectionId));
        var root = OgcLinks.Root(http.Request) + "/collections/" + collectionId;
        var links = new List<JsonObject>
        {
            OgcLinks.Link(OgcLinks.WithParameter(http.Request, "cursor", cursor), "self", OgcLinks.GeoJson, "This page"),
            OgcLinks.Link(root, "collection", OgcLinks.Json, "The collection"),
        };

        if (layer is not null)
        {
            var filters = new Dictionary<OgcPropertyFilter, IReadOnlyList<string>>();
            foreach (var f in layer.Filters)
                if (q.List(f.Name) is { } values) filters[f] = values;
            var query = new OgcLayerQuery(layer, bbox, datetime, filters, predicate, q.Instant("asOf"));
            // numberMatched on the first page only (see FirstPageCount).
            async Task<long?> Matched() => cursor is null ? await query.CountAsync(db, ct) : null;
            if (sort is not null)
            {
                var sortAfter = cursor is null ? null : sort.After(cursor);
                return Encode(new OgcFeaturesResult(db, conn => query.Page(conn, crs, sort, sortAfter, limit), limit, Matched(), crs,
                    query.WriteFeature, sort.CursorOf, links, query.SourceOf), encoding, OgcHtmlPage.Items, collectionId);
            }
            long? after = null;
            if (cursor is not null)
                after = long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var a) ? a
                    : throw new QueryParameterException("cursor", "'cursor' is not a cursor from a 'next' link of this API.");
            return Encode(new OgcFeaturesResult(db, conn => query.Page(conn, crs, after, limit), limit, Matched(), crs,
                query.WriteFeature, r => r.GetInt64(0).ToString(CultureInfo.InvariantCulture), links, query.SourceOf), encoding, OgcHtmlPage.Items, collectionId);
        }

        var filter = await OgcIncidentQuery.ReadFilterAsync(http.Request, Caller.Of(http.User), acled, ct);
        if (bbox is not null) filter = bbox.Apply(filter);
        if (datetime is not null) filter = filter with { From = datetime.From, To = datetime.To };
        filter = filter with { Predicate = predicate };
        var plan = await store.EnsureSlugsExistAsync(filter, ct);
        var columns = OgcIncidentQuery.Columns(crs);
        // The default order, and sortby=±occurredAt, is the indexed keyset over (occurred_at, id); any other sortby pages
        // over its own keys (OgcSort).
        var order = IncidentOrder.Ascending;
        var indexed = sort is null;
        if (sort is not null && sort.IsSingle("occurredAt", out var descending))
        {
            indexed = true;
            order = descending ? IncidentOrder.Descending : IncidentOrder.Ascending;
        }
        if (indexed)
        {
            IncidentCursor? position = null;
            if (cursor is not null && (!IncidentCursor.TryDecode(cursor, out position) || position.Order != order))
                throw new QueryParameterException("cursor", "'cursor' is not a cursor from a 'next' link of this API.");
            var sql = IncidentSql.Build(filter with { Page = new IncidentPage(limit, position, order) }, plan);
            var text = sql.SelectPage(columns);
            return Encode(new OgcFeaturesResult(db, conn => sql.Command(conn, text), limit, FirstPageCount(cursor, db, filter, plan, ct), crs,
                IncidentColumns.WriteFeature, r => OgcIncidentQuery.CursorOf(r, order), links, r => r.GetString(1)), encoding, OgcHtmlPage.Items, collectionId); // column 1 of IncidentColumns.Select = source
        }
        var keysetAfter = cursor is null ? null : sort!.After(cursor);
        return Encode(new OgcFeaturesResult(db, conn => OgcIncidentQuery.SortedPage(conn, filter, plan, columns, sort!, keysetAfter, limit), limit,
            FirstPageCount(cursor, db, filter, plan, ct), crs,
            IncidentColumns.WriteFeature, sort!.CursorOf, links, r => r.GetString(1)), encoding, OgcHtmlPage.Items, collectionId);
    }

    private static readonly Task<long?> NotCounted = Task.FromResult<long?>(null);

    /// <summary>
    /// numberMatched is counted for the first page of a walk only: a page reached by a <c>next</c> link (a cursor) leaves
    /// it out, as the standard allows, because the client has the number from the first page and counting it again cost
    /// every following page a second statement over the whole match (docs/performance.md, "OGC CQL2 filters").
    /// </summary>
    private static Task<long?> FirstPageCount(string? cursor, NpgsqlDataSource db, IncidentFilter filter, IncidentPlan plan, CancellationToken ct) =>
        cursor is null ? OgcIncidentQuery.CountAsync(db, filter, plan, ct) : NotCounted;

    /// <summary>GET /ogc/collections/{collectionId}/items/{featureId}.</summary>
    public static async Task<IResult> GetItem(string collectionId, string featureId, HttpContext http, [FromKeyedServices(ReadReplica.Key)] NpgsqlDataSource db, CancellationToken ct)
    {
        EnsureCollection(collectionId);
        var q = new QueryReader(http.Request.Query, OgcCatalog.Layer(collectionId) is null ? ["f", "crs"] : ["f", "crs", "asOf"]);
        var encoding = OgcFormat.Resolve(q, http.Request, features: true);
        var crs = ReadCrs(q, "crs");
        if (!long.TryParse(featureId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
            throw new ResourceNotFoundException("featureId", $"No feature '{featureId}' in '{collectionId}' (ids are positive integers).");
        var viewer = Caller.Of(http.User);
        var layer = OgcCatalog.Layer(collectionId);
        var buffer = new ArrayBufferWriter<byte>();
        await using (var conn = await db.OpenConnectionAsync(ct))
        {
            NpgsqlCommand cmd;
            Action<Utf8JsonWriter, NpgsqlDataReader> write;
            if (layer is not null)
            {
                var query = new OgcLayerQuery(layer, null, null, new Dictionary<OgcPropertyFilter, IReadOnlyList<string>>(), asOf: q.Instant("asOf"));
                cmd = query.One(conn, crs, id);
                write = query.WriteFeature;
            }
            else
            {
                var sql = IncidentSql.Build(IncidentVisibility.One(id, viewer));
                cmd = sql.Command(conn, sql.SelectPage(OgcIncidentQuery.Columns(crs)));
                write = IncidentColumns.WriteFeature;
            }
            await using (cmd)
            await using (var r = await cmd.ExecuteReaderAsync(ct))
            {
                if (!await r.ReadAsync(ct))
                    throw layer is null
                        ? await IncidentVisibility.MissingAsync(new IncidentStore(db), id, viewer, "featureId", ct)
                        : new ResourceNotFoundException("featureId", $"No feature with id {id} in '{collectionId}'.");
                await using var w = new Utf8JsonWriter(buffer);
                write(w, r);
            }
        }
        var feature = JsonNode.Parse(buffer.WrittenSpan)!.AsObject();
        var root = OgcLinks.Root(http.Request) + "/collections/" + collectionId;
        feature["links"] = new JsonArray(
            OgcLinks.Link(OgcLinks.WithParameter(http.Request, "f", http.Request.Query["f"].FirstOrDefault()), "self", OgcLinks.GeoJson, "This feature"),
            OgcLinks.Link(root, "collection", OgcLinks.Json, "The collection"));
        http.Response.Headers["Content-Crs"] = $"<{crs.Uri}>";
        return Encode(Results.Text(feature.ToJsonString(new JsonSerializerOptions { Encoder = IncidentStreamResult.JsonOptions.Encoder }), OgcLinks.GeoJson),
            encoding, OgcHtmlPage.Item, collectionId);
    }

    /// <summary>Problem type of a filter that cannot be read or does not fit the queryables.</summary>
    public const string InvalidFilter = Infrastructure.Errors.ProblemSetup.TypeBase + "invalid-filter";

    /// <summary>A 400 naming the filter parameter, the place (character offset or JSON path) and what was expected.</summary>
    public static IResult FilterProblem(Cql2Exception e)
    {
        var extensions = new Dictionary<string, object?> { ["parameter"] = "filter", ["at"] = e.At.ToString() };
        if (e.At.Offset is { } offset) extensions["position"] = offset;
        if (e.At.Path is { } path) extensions["path"] = path;
        if (e.Expected is { } expected) extensions["expected"] = expected;
        return Results.Problem(statusCode: 400, title: "Invalid filter", type: InvalidFilter, detail: e.Message, extensions: extensions);
    }

    private static IResult Encode(IResult json, OgcEncoding encoding, OgcHtmlPage page, string? collectionId = null) =>
        encoding == OgcEncoding.Html ? new OgcHtmlResult(json, page, collectionId) : json;

    private static void EnsureCollection(string id)
    {
        if (!OgcCatalog.Ids.Contains(id))
            throw new ResourceNotFoundException("collectionId", $"No collection '{id}'; the collections are {string.Join(", ", OgcCatalog.Ids)}.");
    }

    private static OgcCrs ReadCrs(QueryReader q, string name)
    {
        if (q.String(name) is not { } value) return OgcCrs.Crs84;
        return OgcCrs.Find(value) ?? throw new QueryParameterException(name,
            $"'{name}' must be one of {string.Join(", ", OgcCrs.Uris)}, got '{value}'.");
    }
}
