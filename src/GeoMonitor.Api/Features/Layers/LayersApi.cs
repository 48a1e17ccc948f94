using System.Text;
using System.Text.Json;
using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Infrastructure.Database;
using GeoMonitor.Api.Infrastructure.OpenApi;
using Npgsql;


namespace GeoMonitor.Api.Features.Layers;

/// <summary>GET /api/lines, /api/zones, /api/corridors (and /{slug}): the layers as GeoJSON, with ETag and Cache-Control.</summary>
public static class LayersApi
{
    /// <summary>The zone kinds of the schema.</summary>
    public static readonly string[] ZoneKinds = ["buffer", "withdrawal", "valley", "area_of_operations", "security", "retained_post", "other"];

    /// <summary>What asOf means on every layer read.</summary>
    public const string AsOfHelp = """
        asOf= an ISO 8601 instant: the layers as recorded at that instant (their version then; every change keeps the
        previous version). A layer that did not exist yet is absent from a list, and a 404 naming its earliest version when
        asked for by slug.
        """;

    /// <summary>Maps the layer endpoints on the /api group.</summary>
    public static RouteGroupBuilder MapLayers(this RouteGroupBuilder api)
    {
        api.MapGet("/lines", GetLines).WithName("GetLines").WithQuery("asOf", "claim").WithTags("Layers")
            .WithSummary("Lines (the Blue Line, rivers) as a GeoJSON FeatureCollection")
            .WithDescription($"""
                Every line with its provenance (source, method, approximate), geodesic length and version. ETag and
                Last-Modified (304 on If-None-Match / If-Modified-Since) + Cache-Control: public, max-age=60. {AsOfHelp}
                claim= israel, lebanon, unifil or an organisation's slug: the lines with that party's positions for their
                disputed points (see /api/disputes).

                Example: GET /api/lines?asOf=2026-04-20T00:00:00Z
                """)
            .ProducesWire(200, LayerSchemas.FeatureCollection, "application/geo+json").Produces(304).ProducesProblem(400);
        api.MapGet("/lines/{slug}", GetLine).WithName("GetLine").WithQuery("asOf", "claim").WithTags("Layers")
            .WithSummary("One line as a GeoJSON Feature")
            .WithDescription($"""
                {AsOfHelp} claim= a party: the line with that party's positions for its disputed points.

                Example: GET /api/lines/blue-line?claim=lebanon
                """)
            .ProducesWire(200, LayerSchemas.Feature, "application/geo+json").Produces(304).ProducesProblem(400).ProducesProblem(404);
        api.MapGet("/zones", GetZones).WithName("GetZones").WithQuery("kind", "activeAt", "asOf").WithTags("Layers")
            .WithSummary("Zones as a GeoJSON FeatureCollection")
            .WithDescription($"""
                Buffer, withdrawal, valley and area-of-operations zones with provenance and derived fields: phase, deadline,
                validFrom/validTo (null = open), bufferOf (line, metres, side) for zones computed from a line, geodesic area.
                kind= one of buffer, withdrawal, valley, area_of_operations, security, retained_post, other; activeAt= an ISO 8601 instant
                (zones whose validity contains it). {AsOfHelp}

                Example: GET /api/zones?kind=withdrawal&activeAt=2026-04-20T00:00:00Z
                """)
            .ProducesWire(200, LayerSchemas.FeatureCollection, "application/geo+json").Produces(304).ProducesProblem(400);
        api.MapGet("/zones/{slug}", GetZone).WithName("GetZone").WithQuery("asOf").WithTags("Layers")
            .WithSummary("One zone as a GeoJSON Feature")
            .WithDescription($"""
                {AsOfHelp}

                Example: GET /api/zones/unsc-1701-area?asOf=2026-04-20T00:00:00Z
                """)
            .ProducesWire(200, LayerSchemas.Feature, "application/geo+json").Produces(304).ProducesProblem(400).ProducesProblem(404);
        api.MapGet("/corridors", GetCorridors).WithName("GetCorridors").WithQuery("openAt", "asOf").WithTags("Layers")
            .WithSummary("Humanitarian corridors as a GeoJSON FeatureCollection")
            .WithDescription($"""
                The geometry is the corridor's area (the route buffered by widthM / 2 in metres); the route, width, status,
                operator and opening windows ([from, to), UTC) are properties. openAt= an ISO 8601 instant: only corridors
                with a window open then. {AsOfHelp}

                Example: GET /api/corridors?openAt=2026-04-20T12:00:00Z
                """)
            .ProducesWire(200, LayerSchemas.FeatureCollection, "application/geo+json").Produces(304).ProducesProblem(400);
        api.MapGet("/corridors/{slug}", GetCorridor).WithName("GetCorridor").WithQuery("asOf").WithTags("Layers")
            .WithSummary("One corridor as a GeoJSON Feature")
            .WithDescription($"""
                {AsOfHelp}

                Example: GET /api/corridors/tyre-naqoura-coastal
                """)
            .ProducesWire(200, LayerSchemas.Feature, "application/geo+json").Produces(304).ProducesProblem(400).ProducesProblem(404);
        foreach (var (path, kind) in new[] { ("lines", LayerVersions.Line), ("zones", LayerVersions.Zone), ("corridors", LayerVersions.Corridor), ("truces", LayerVersions.Truce) })
            api.MapGet($"/{path}/{{slug}}/versions", (string slug, HttpContext http, [FromKeyedServices(ReadReplica.Key)] NpgsqlDataSource db, CancellationToken ct) =>
                    GetVersions(kind, slug, http, db, ct))
                .WithName($"Get{char.ToUpperInvariant(kind.Name[0])}{kind.Name[1..]}Versions").WithQuery().WithTags("Layers")
                .WithSummary($"Every version of a {kind.Name}, with what changed between versions")
                .WithDescription($"""
                    Oldest first: version, change (create, update, delete), recordedFrom/recordedTo (when the database held it;
                    recordedTo null for the current version), recordedBy, what the version measures
                    ({VersionMeasures(kind)}), and diff against the version before it. A deleted {kind.Name} keeps its versions;
                    asOf= on the {kind.Name} reads gives any of them back.

                    Example: GET /api/{path}/{Example(path)}/versions
                    """)
                .ProducesWire(200, LayerSchemas.Versions).Produces(304).ProducesProblem(404);
        return api;
    }

    private static string Example(string path) => path switch
    {
        "lines" => "blue-line",
        "zones" => "withdrawal-phase1-west",
        "corridors" => "tyre-naqoura-coastal",
        _ => "ceasefire-2026-04",
    };

    private static string VersionMeasures(LayerVersions.Kind kind) => kind.Name switch
    {
        "line" => "lengthKm; diff lengthKm and maxShiftM, the Hausdorff distance between the versions in UTM 36N metres",
        "zone" => "validFrom, validTo, areaKm2; diff areaKm2, addedKm2 and removedKm2",
        "corridor" => "widthM, areaKm2, routeLengthKm, windows; diff areaKm2, routeLengthKm, widthM",
        _ => "start, end, durationDays, extensions; diff startMovedDays, endMovedDays, durationDays",
    };

    /// <summary>GET /api/lines.</summary>
    public static async Task<IResult> GetLines(HttpContext http, [FromKeyedServices(ReadReplica.Key)] NpgsqlDataSource db, CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query, ["asOf", "claim"]);
        var claim = await ClaimAsync(q, db, ct);
        return LayerSql.Collection(await LayerSql.LinesAsync(db, null, geometry: true, ct, q.Instant("asOf"), claim));
    }

    /// <summary>GET /api/lines/{slug}.</summary>
    public static async Task<IResult> GetLine(string slug, HttpContext http, [FromKeyedServices(ReadReplica.Key)] NpgsqlDataSource db, CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query, ["asOf", "claim"]);
        var claim = await ClaimAsync(q, db, ct);
        var asOf = q.Instant("asOf");
        return await SingleAsync(db, await LayerSql.LinesAsync(db, [slug], geometry: true, ct, asOf, claim), LayerJoins.LinesTable, slug, asOf, ct);
    }

    /// <summary>GET /api/zones.</summary>
    public static async Task<IResult> GetZones(HttpContext http, [FromKeyedServices(ReadReplica.Key)] NpgsqlDataSource db, CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query, ["kind", "activeAt", "asOf"]);
        var kind = q.OneOf("kind", ZoneKinds);
        var at = q.Instant("activeAt");
        return LayerSql.Collection(await LayerSql.ZonesAsync(db, null, kind, at, geometry: true, ct, q.Instant("asOf")));
    }

    /// <summary>GET /api/zones/{slug}.</summary>
    public static async Task<IResult> GetZone(string slug, HttpContext http, [FromKeyedServices(ReadReplica.Key)] NpgsqlDataSource db, CancellationToken ct)
    {
        var asOf = new QueryReader(http.Request.Query, ["asOf"]).Instant("asOf");
        return await SingleAsync(db, await LayerSql.ZonesAsync(db, [slug], null, null, geometry: true, ct, asOf), LayerJoins.ZonesTable, slug, asOf, ct);
    }

    /// <summary>GET /api/corridors.</summary>
    public static async Task<IResult> GetCorridors(HttpContext http, [FromKeyedServices(ReadReplica.Key)] NpgsqlDataSource db, CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query, ["openAt", "asOf"]);
        var at = q.Instant("openAt");
        return LayerSql.Collection(await LayerSql.CorridorsAsync(db, null, at, geometry: true, ct, q.Instant("asOf")));
    }

    /// <summary>GET /api/corridors/{slug}.</summary>
    public static async Task<IResult> GetCorridor(string slug, HttpContext http, [FromKeyedServices(ReadReplica.Key)] NpgsqlDataSource db, CancellationToken ct)
    {
        var asOf = new QueryReader(http.Request.Query, ["asOf"]).Instant("asOf");
        return await SingleAsync(db, await LayerSql.CorridorsAsync(db, [slug], null, geometry: true, ct, asOf), LayerJoins.CorridorsTable, slug, asOf, ct);
    }

    /// <summary>GET /api/{lines|zones|corridors|truces}/{slug}/versions.</summary>
    public static async Task<IResult> GetVersions(LayerVersions.Kind kind, string slug, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        _ = new QueryReader(http.Request.Query, []);
        var rows = await LayerVersions.ListAsync(db, kind, slug, ct);
        if (rows.Features.Count == 0) throw new ResourceNotFoundException("slug", $"No {kind.Name} with slug '{slug}' was ever recorded.");
        var body = $"{{\"kind\":\"{kind.Name}\",\"slug\":{JsonSerializer.Serialize(slug)},\"versions\":[{string.Join(",", rows.Features)}]}}";
        return new LayerResult(Encoding.UTF8.GetBytes(body), "application/json", rows.LastModified);
    }

    /// <summary>The one row of a read by slug, or the 404 that says why there is none (at asOf: before it existed, or deleted).</summary>
    public static async Task<LayerResult> SingleAsync(NpgsqlDataSource db, LayerRows rows, string table, string slug, DateTimeOffset? asOf,
        CancellationToken ct, string contentType = "application/geo+json")
    {
        if (rows.Features.Count == 1) return new LayerResult(Encoding.UTF8.GetBytes(rows.Features[0]), contentType, rows.LastModified);
        throw await LayerVersions.MissingAtAsync(db, table, slug, asOf, "slug", ct);
    }

    // claim= names a party whose positions the disputed points take: one of the parties claims may be attributed to.
    private static async Task<string?> ClaimAsync(QueryReader q, NpgsqlDataSource db, CancellationToken ct)
    {
        if (q.String("claim") is not { } party) return null;
        return await Disputes.ClaimParties.KnownAsync(db, party, ct) ? party
            : throw new QueryParameterException("claim", $"'{party}' is not a party: {Disputes.ClaimParties.Describe}.");
    }
}
