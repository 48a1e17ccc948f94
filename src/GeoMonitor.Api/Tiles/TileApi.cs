using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using GeoMonitor.Api.Features;
using GeoMonitor.Api.Features.Basemap;
using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.Incidents;
using GeoMonitor.Api.Features.Incidents.Query;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Ogc;
using Microsoft.AspNetCore.WebUtilities;
using Npgsql;

using GeoMonitor.Api.Infrastructure.OpenApi;

namespace GeoMonitor.Api.Tiles;

/// <summary>
/// Vector tiles at /tiles/{layer}/{z}/{x}/{y}.mvt (GeoMonitor's layers lines, zones, corridors, incidents, and the
/// basemap's land, borders, places) and their TileJSON 3.0 at /tiles/{layer}.json. Incident tiles take the filters of /api/incidents (truce=…, zone=…, eventType=…), through
/// the same filter model.
/// </summary>
public static class TileApi
{
    /// <summary>Media type of a Mapbox Vector Tile.</summary>
    public const string MvtType = "application/vnd.mapbox-vector-tile";

    /// <summary>Registers the tile cache, store and invalidation listener.</summary>
    public static IServiceCollection AddTiles(this IServiceCollection services)
    {
        services.AddSingleton<TileCache>();
        services.AddSingleton<TileStore>();
        services.AddSingleton<BasemapStore>();
        services.AddHostedService<TileInvalidationListener>();
        return services;
    }

    /// <summary>Maps the tile endpoints.</summary>
    public static IEndpointRouteBuilder MapTiles(this IEndpointRouteBuilder app)
    {
        var tiles = app.MapGroup("/tiles").WithReadProblems().RequireCors(ReadApi.CorsPolicy).WithTags("Tiles");
        tiles.MapGet("", GetIndex).WithName("GetTileLayers").WithSummary("The tile layers and their TileJSON").ProducesWire(200, TileSchemas.Index)
            .WithDescription("Example: GET /tiles");
        tiles.MapGet("/{layer}/{z:int}/{x:int}/{y:int}.mvt", GetTile).WithName("GetTile").WithQuery(IncidentRequest.FilterParameters)
            .WithSummary("A Mapbox Vector Tile (Web Mercator, XYZ)")
            .WithDescription("""
                Layers land, borders (the basemap: Natural Earth 1:10m), zones, corridors, lines, incidents, places; z 0–22. Incident tiles take the filters of /api/incidents
                (zone, truce, from, to, eventType, status, asOf, …); without a key only published incidents. Zones, corridors and
                lines take asOf= (an ISO 8601 instant): the layers as recorded then (the map's time slider sends it). ETag and
                If-None-Match (304); tiles are cached in memory and invalidated when rows under them change.
                Example: GET /tiles/incidents/10/612/410.mvt?truce=coh-2024
                """)
            .ProducesWire(StatusCodes.Status200OK, WireSchema.Binary, MvtType)
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        tiles.MapGet("/{layer}.json", GetTileJson).WithName("GetTileJson").WithQuery(IncidentRequest.FilterParameters).WithSummary("TileJSON 3.0 of a layer").ProducesWire(200, TileSchemas.TileJson).ProducesProblem(404)
            .WithDescription("The tile URL template (keeping the filters given here), zoom range, bounds and fields. Example: GET /tiles/incidents.json?truce=coh-2024");
        return app;
    }

    /// <summary>GET /tiles/{layer}/{z}/{x}/{y}.mvt.</summary>
    public static async Task<IResult> GetTile(
        string layer, int z, int x, int y, HttpContext http, TileStore store, TileCache cache, IncidentStore incidents, AcledCatalog acled,
        CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var def = TileLayers.Find(layer) ?? throw new ResourceNotFoundException("layer", UnknownLayer(layer));
        if (z is < TileLayers.MinZoom or > TileLayers.MaxZoom)
            throw new QueryParameterException("z", $"'z' must be between {TileLayers.MinZoom} and {TileLayers.MaxZoom}, got {z}.");
        if (x < 0 || x >= 1 << z) throw new QueryParameterException("x", $"'x' must be between 0 and {(1 << z) - 1} at zoom {z}, got {x}.");
        if (y < 0 || y >= 1 << z) throw new QueryParameterException("y", $"'y' must be between 0 and {(1 << z) - 1} at zoom {z}, got {y}.");

        IncidentFilter? filter = null;
        DateTimeOffset? asOf = null;
        var variant = "";
        var viewer = Caller.Of(http.User);
        var role = viewer.Role;
        if (def.Id == TileLayers.Incidents)
        {
            var q = new QueryReader(http.Request.Query, IncidentRequest.FilterParameters);
            filter = await IncidentRequest.ReadFilterAsync(q, viewer, acled, ct);
            // What a caller sees depends on who it is (the publication hold): anonymous callers share entries, reviewers
            // share theirs, and every other key shares only with keys of its own organisation.
            variant = (IncidentVisibility.SeesAll(viewer) ? "all|" : role >= Role.Reader ? $"o:{viewer.Organisation}|" : "a|") + Canonical(http.Request.Query);
        }
        else
        {
            // A versioned layer's tiles take asOf (the map's time slider): the layer as recorded then.
            asOf = new QueryReader(http.Request.Query, def.Versioned ? ["asOf"] : []).Instant("asOf");
            if (asOf is { } at) variant = "asOf=" + at.UtcTicks;
        }

        var stamp = cache.Stamp(def.Id, z, x, y, variant);
        var tile = cache.Get(stamp);
        http.Response.Headers["X-Tile-Cache"] = tile is null ? "miss" : "hit";
        if (tile is null)
        {
            byte[] bytes;
            if (filter is not null)
            {
                var plan = await incidents.EnsureSlugsExistAsync(filter, ct);
                bytes = await store.IncidentsAsync(filter, plan, z, x, y, ct);
            }
            else
            {
                bytes = await store.LayerAsync(def, z, x, y, ct, asOf);
            }
            tile = new CachedTile(bytes, TileStore.ETagOf(bytes));
            cache.Set(stamp, tile);
        }

        var h = http.Response.Headers;
        h.ETag = tile.ETag;
        // Incidents change as reports arrive and are reviewed: revalidate every time (a 304 costs a cache look-up).
        h.CacheControl = def.Id != TileLayers.Incidents ? "public, max-age=300" : role >= Role.Reader ? "private, no-cache" : "public, no-cache";
        if (def.Id == TileLayers.Incidents) h.Vary = "Authorization, X-Api-Key";
        var notModified = http.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(e => e.Trim() == tile.ETag || e.Trim() == "*"));
        // W3C Server Timing: the server's time for this tile (cache look-up, or render), without sending the body — the
        // figure that says what a cached tile costs the server, apart from the network and the client.
        h["Server-Timing"] = string.Create(CultureInfo.InvariantCulture,
            $"tile;desc=\"{(h["X-Tile-Cache"] == "hit" ? "hit" : "miss")}\";dur={Stopwatch.GetElapsedTime(started).TotalMilliseconds:0.###}");
        return notModified ? Results.StatusCode(StatusCodes.Status304NotModified) : Results.Bytes(tile.Bytes, MvtType);
    }

    /// <summary>GET /tiles/{layer}.json.</summary>
    public static async Task<IResult> GetTileJson(
        string layer, HttpContext http, NpgsqlDataSource db, AcledCatalog acled, IncidentStore incidents, BasemapStore basemap, CancellationToken ct)
    {
        var def = TileLayers.Find(layer) ?? throw new ResourceNotFoundException("layer", UnknownLayer(layer));
        var viewer = Caller.Of(http.User);
        JsonObject extent;
        var attribution = "GeoMonitor — sources and approximations in each feature's properties (see /ogc)";
        if (def.Basemap is not null)
        {
            _ = new QueryReader(http.Request.Query, []);
            var file = (await basemap.FilesAsync(ct)).GetValueOrDefault(def.Basemap);
            attribution = file?.Attribution ?? "Basemap not loaded (geodata/" + def.Basemap + " missing)";
            extent = new JsonObject { ["spatial"] = new JsonObject { ["bbox"] = new JsonArray(new JsonArray(
                (file?.Region ?? [-180, -85.0511, 180, 85.0511]).Select(v => (JsonNode)v).ToArray())) } };
        }
        else if (def.Id == TileLayers.Incidents)
        {
            var filter = await IncidentRequest.ReadFilterAsync(new QueryReader(http.Request.Query, IncidentRequest.FilterParameters), viewer, acled, ct);
            await incidents.EnsureSlugsExistAsync(filter, ct);
            extent = await OgcExtents.OfIncidentsAsync(db, viewer, ct);
        }
        else
        {
            _ = new QueryReader(http.Request.Query, ["asOf"]).Instant("asOf");
            extent = await OgcExtents.OfLayerAsync(db, OgcCatalog.Layer(def.Id)!, ct);
        }
        var template = $"{OgcLinks.Site(http.Request)}/tiles/{def.Id}/{{z}}/{{x}}/{{y}}.mvt";
        foreach (var (k, v) in http.Request.Query)
            foreach (var one in v)
                template = QueryHelpers.AddQueryString(template, k, one ?? "");
        // AddQueryString escapes the braces of the template; put them back.
        template = template.Replace("%7Bz%7D", "{z}").Replace("%7Bx%7D", "{x}").Replace("%7By%7D", "{y}");
        var bounds = extent["spatial"]?["bbox"]?[0]?.AsArray().Select(n => n!.GetValue<double>()).ToArray() ?? [-180, -85.0511, 180, 85.0511];
        var fields = new JsonObject();
        foreach (var f in def.Fields) fields[f.Name] = f.Type;
        var doc = new JsonObject
        {
            ["tilejson"] = "3.0.0",
            ["name"] = "GeoMonitor " + def.Id,
            ["description"] = def.Description,
            ["version"] = "1.0.0",
            ["attribution"] = attribution,
            ["scheme"] = "xyz",
            ["tiles"] = new JsonArray(template),
            ["minzoom"] = TileLayers.MinZoom,
            ["maxzoom"] = TileLayers.MaxAdvertisedZoom,
            ["bounds"] = new JsonArray(bounds.Select(b => (JsonNode)Math.Round(b, 6)).ToArray()),
            ["center"] = new JsonArray(Math.Round((bounds[0] + bounds[2]) / 2, 6), Math.Round((bounds[1] + bounds[3]) / 2, 6), 9),
            ["vector_layers"] = new JsonArray(new JsonObject
            {
                ["id"] = def.Id, ["description"] = def.Description, ["minzoom"] = TileLayers.MinZoom,
                ["maxzoom"] = TileLayers.MaxAdvertisedZoom, ["fields"] = fields,
            }),
        };
        return Results.Json(doc, contentType: "application/json");
    }

    /// <summary>GET /tiles.</summary>
    public static IResult GetIndex(HttpContext http)
    {
        _ = new QueryReader(http.Request.Query, []);
        var site = OgcLinks.Site(http.Request);
        return Results.Json(new JsonObject
        {
            ["layers"] = new JsonArray(TileLayers.All.Select(l => (JsonNode)new JsonObject
            {
                ["id"] = l.Id,
                ["description"] = l.Description,
                ["tilejson"] = $"{site}/tiles/{l.Id}.json",
                ["tiles"] = $"{site}/tiles/{l.Id}/{{z}}/{{x}}/{{y}}.mvt",
            }).ToArray()),
        });
    }

    private static string UnknownLayer(string layer) =>
        $"No tile layer '{layer}'; the layers are {string.Join(", ", TileLayers.All.Select(l => l.Id))}.";

    // The query in a fixed order, so that the same filters written differently share a cache entry.
    private static string Canonical(IQueryCollection query) =>
        string.Join('&', query.OrderBy(p => p.Key, StringComparer.Ordinal)
            .SelectMany(p => p.Value.Select(v => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(v ?? ""))));
}
