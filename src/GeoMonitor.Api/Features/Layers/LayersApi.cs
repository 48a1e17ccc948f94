using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Infrastructure.Database;
using Npgsql;

namespace GeoMonitor.Api.Features.Layers;

/// <summary>GET /api/lines, /api/zones, /api/corridors (and /{slug}): the layers as GeoJSON, with ETag and Cache-Control.</summary>
public static class LayersApi
{
    /// <summary>The zone kinds of the schema.</summary>
    public static readonly string[] ZoneKinds = ["buffer", "withdrawal", "valley", "area_of_operations", "security", "retained_post", "other"];

    /// <summary>Maps the layer endpoints on the /api group.</summary>
    public static RouteGroupBuilder MapLayers(this RouteGroupBuilder api)
    {
        api.MapGet("/lines", GetLines).WithName("GetLines").WithTags("Layers")
            .WithSummary("Lines (the Blue Line, rivers) as a GeoJSON FeatureCollection")
            .WithDescription("""
                Every line with its provenance (source, method, approximate) and geodesic length. ETag + Cache-Control: public, max-age=60.

                Example: GET /api/lines
                """)
            .Produces(200, contentType: "application/geo+json").Produces(304);
        api.MapGet("/lines/{slug}", GetLine).WithName("GetLine").WithTags("Layers")
            .WithSummary("One line as a GeoJSON Feature")
            .WithDescription("Example: GET /api/lines/blue-line")
            .Produces(200, contentType: "application/geo+json").ProducesProblem(404);
        api.MapGet("/zones", GetZones).WithName("GetZones").WithTags("Layers")
            .WithSummary("Zones as a GeoJSON FeatureCollection")
            .WithDescription("""
                Buffer, withdrawal, valley and area-of-operations zones with provenance and derived fields: phase, deadline,
                validFrom/validTo (null = open), bufferOf (line, metres, side) for zones computed from a line, geodesic area.
                kind= one of buffer, withdrawal, valley, area_of_operations, security, retained_post, other; activeAt= an ISO 8601 instant
                (zones whose validity contains it).

                Example: GET /api/zones?kind=withdrawal&activeAt=2026-04-20T00:00:00Z
                """)
            .Produces(200, contentType: "application/geo+json").Produces(304).ProducesProblem(400);
        api.MapGet("/zones/{slug}", GetZone).WithName("GetZone").WithTags("Layers")
            .WithSummary("One zone as a GeoJSON Feature")
            .WithDescription("Example: GET /api/zones/1701-area")
            .Produces(200, contentType: "application/geo+json").ProducesProblem(404);
        api.MapGet("/corridors", GetCorridors).WithName("GetCorridors").WithTags("Layers")
            .WithSummary("Humanitarian corridors as a GeoJSON FeatureCollection")
            .WithDescription("""
                The geometry is the corridor's area (the route buffered by widthM / 2 in metres); the route, width, status,
                operator and opening windows ([from, to), UTC) are properties. openAt= an ISO 8601 instant: only corridors
                with a window open then.

                Example: GET /api/corridors?openAt=2026-04-20T12:00:00Z
                """)
            .Produces(200, contentType: "application/geo+json").Produces(304).ProducesProblem(400);
        api.MapGet("/corridors/{slug}", GetCorridor).WithName("GetCorridor").WithTags("Layers")
            .WithSummary("One corridor as a GeoJSON Feature")
            .WithDescription("Example: GET /api/corridors/tyre-naqoura")
            .Produces(200, contentType: "application/geo+json").ProducesProblem(404);
        return api;
    }

    /// <summary>GET /api/lines.</summary>
    public static async Task<IResult> GetLines(HttpContext http, [FromKeyedServices(ReadReplica.Key)] NpgsqlDataSource db, CancellationToken ct)
    {
        _ = new QueryReader(http.Request.Query, []);
        return LayerSql.Collection(await LayerSql.LinesAsync(db, null, geometry: true, ct));
    }

    /// <summary>GET /api/lines/{slug}.</summary>
    public static async Task<IResult> GetLine(string slug, [FromKeyedServices(ReadReplica.Key)] NpgsqlDataSource db, CancellationToken ct) =>
        LayerSql.Single(await LayerSql.LinesAsync(db, [slug], geometry: true, ct), "line", slug);

    /// <summary>GET /api/zones.</summary>
    public static async Task<IResult> GetZones(HttpContext http, [FromKeyedServices(ReadReplica.Key)] NpgsqlDataSource db, CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query, ["kind", "activeAt"]);
        var kind = q.OneOf("kind", ZoneKinds);
        var at = q.Instant("activeAt");
        return LayerSql.Collection(await LayerSql.ZonesAsync(db, null, kind, at, geometry: true, ct));
    }

    /// <summary>GET /api/zones/{slug}.</summary>
    public static async Task<IResult> GetZone(string slug, [FromKeyedServices(ReadReplica.Key)] NpgsqlDataSource db, CancellationToken ct) =>
        LayerSql.Single(await LayerSql.ZonesAsync(db, [slug], null, null, geometry: true, ct), "zone", slug);

    /// <summary>GET /api/corridors.</summary>
    public static async Task<IResult> GetCorridors(HttpContext http, [FromKeyedServices(ReadReplica.Key)] NpgsqlDataSource db, CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query, ["openAt"]);
        var at = q.Instant("openAt");
        return LayerSql.Collection(await LayerSql.CorridorsAsync(db, null, at, geometry: true, ct));
    }

    /// <summary>GET /api/corridors/{slug}.</summary>
    public static async Task<IResult> GetCorridor(string slug, [FromKeyedServices(ReadReplica.Key)] NpgsqlDataSource db, CancellationToken ct) =>
        LayerSql.Single(await LayerSql.CorridorsAsync(db, [slug], null, geometry: true, ct), "corridor", slug);
}
