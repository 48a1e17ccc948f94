using GeoMonitor.Api.Features.Truces;
using GeoMonitor.Api.Features.Layers;
using System.Text.Json.Nodes;
using GeoMonitor.Api.Features;
using GeoMonitor.Api.Features.Basemap;
using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.Incidents;
using GeoMonitor.Api.Features.Incidents.Query;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Infrastructure.Database;
using GeoMonitor.Api.Infrastructure.Geodata;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Npgsql;

using GeoMonitor.Api.Infrastructure.OpenApi;

namespace GeoMonitor.Api.Map;

/// <summary>
/// The built-in map at / (static files bundled by scripts/build-web.sh into src/GeoMonitor.Api/wwwroot) and the two
/// small JSON endpoints it needs: /map/config.json (truce windows and their extensions, zones, event types, time
/// extent, the basemap's attribution and region) and /map/count (how many incidents match the current filters,
/// through the shared filter model).
/// </summary>
public static class WebMapApi
{
    /// <summary>
    /// The folder of the bundled map: the host's web root when it holds index.html, else src/GeoMonitor.Api/wwwroot in
    /// the checkout (a Release run from the repository root), else wwwroot beside the binaries. Null when not built.
    /// </summary>
    public static string? WebRoot(IWebHostEnvironment env)
    {
        string?[] candidates =
        [
            env.WebRootPath,
            GeoMonitorPaths.RepositoryRoot() is { } root ? Path.Combine(root, "src", "GeoMonitor.Api", "wwwroot") : null,
            Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        ];
        return candidates.FirstOrDefault(c => c is not null && File.Exists(Path.Combine(c, "index.html")));
    }

    /// <summary>Serves the map's static files (when built).</summary>
    public static WebApplication UseWebMap(this WebApplication app)
    {
        if (WebRoot(app.Environment) is not { } dir) return app;
        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".mjs"] = "text/javascript";
        types.Mappings[".map"] = "application/json";
        types.Mappings[".woff2"] = "font/woff2";
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(dir), ContentTypeProvider = types });
        return app;
    }

    /// <summary>Maps / and the map's JSON endpoints.</summary>
    public static IEndpointRouteBuilder MapWebMap(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", GetMap).WithName("GetMap").WithTags("Map").WithSummary("The built-in map (HTML)")
            .WithDescription("Layers, incidents, a time slider with the truce windows, filters and downloads. Example: open / in a browser.")
            .ExcludeFromDescription();
        var map = app.MapGroup("/map").WithReadProblems().WithTags("Map");
        map.MapGet("/config.json", GetConfig).WithName("GetMapConfig").WithSummary("What the map's controls offer").ProducesWire(200, ReadSchemas.MapConfig)
            .WithDescription("Truces (window in force, original end, extensions), zones, ACLED event types, statuses, the time extent of the incidents the caller may see, and the basemap (attributions, region). Example: GET /map/config.json");
        map.MapGet("/count", GetCount).WithName("GetMapCount").WithQuery(Features.Incidents.IncidentRequest.FilterParameters).WithSummary("How many incidents match").ProducesWire(200, ReadSchemas.Count)
            .WithDescription("The filters of /api/incidents; answers {\"count\": n}. Example: GET /map/count?truce=coh-2024");
        return app;
    }

    /// <summary>GET /.</summary>
    public static IResult GetMap(IWebHostEnvironment env)
    {
        if (WebRoot(env) is { } dir) return Results.File(Path.Combine(dir, "index.html"), "text/html; charset=utf-8");
        return Results.Content("""
            <!doctype html><meta charset="utf-8"><title>GeoMonitor</title>
            <h1>GeoMonitor</h1><p>The map is not built: run <code>scripts/build-web.sh</code> (or <code>scripts/run.sh</code>).</p>
            <p>The data is available at <a href="/api/incidents">/api</a>, <a href="/ogc">/ogc</a> and <a href="/tiles">/tiles</a>.</p>
            """, "text/html; charset=utf-8", statusCode: 200);
    }

    /// <summary>GET /map/config.json.</summary>
    public static async Task<IResult> GetConfig(
        HttpContext http, [FromKeyedServices(ReadReplica.Key)] NpgsqlDataSource db, BasemapStore basemap, CancellationToken ct)
    {
        _ = new QueryReader(http.Request.Query, []);
        var visible = IncidentSql.Build(IncidentVisibility.Apply(new IncidentFilter(), Caller.Of(http.User)));
        await using var cmd = visible.Command(db, $"""
            {visible.WithClause}SELECT
              {TruceSql.MapListJson}::text,
              {LayerJoins.ZoneListJson}::text,
              (SELECT COALESCE(json_agg(DISTINCT event_type), '[]') FROM acled_event_types)::text,
              (SELECT json_build_object('start', extract(epoch FROM min(i.occurred_at)), 'end', extract(epoch FROM max(i.occurred_at)))
                 FROM incidents i WHERE {visible.Where})::text,
              (SELECT CASE WHEN e IS NULL THEN 'null' ELSE json_build_array(ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e))::text END
                 FROM (SELECT ST_Extent(g)::box3d AS e FROM ({LayerJoins.LineAndZoneGeometries}
                       UNION ALL SELECT i.geom FROM incidents i WHERE {visible.Where}) u) s),
              {LayerJoins.EarliestRecorded}
            """);
        var files = await basemap.FilesAsync(ct);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        var doc = new JsonObject
        {
            ["truces"] = JsonNode.Parse(r.GetString(0)),
            ["zones"] = JsonNode.Parse(r.GetString(1)),
            ["eventTypes"] = JsonNode.Parse(r.GetString(2)),
            ["statuses"] = new JsonArray(IncidentRequest.AllStatuses.Select(s => (JsonNode)s).ToArray()),
            ["time"] = JsonNode.Parse(r.GetString(3)),
            ["bounds"] = JsonNode.Parse(r.GetString(4)),
            // The time slider asks for the layers as recorded at the end of its window, never before this (issue 15).
            ["layersRecordedFrom"] = r.IsDBNull(5) ? null : r.GetDouble(5),
            ["keyed"] = http.User.GetRole() >= Role.Reader,
            ["basemap"] = new JsonObject
            {
                ["attribution"] = files.GetValueOrDefault(BasemapLoader.BasemapFile)?.Attribution,
                ["placesAttribution"] = files.GetValueOrDefault(BasemapLoader.PlacesFile)?.Attribution,
                ["region"] = files.GetValueOrDefault(BasemapLoader.BasemapFile)?.Region is { } region
                    ? new JsonArray(region.Select(v => (JsonNode)v).ToArray()) : null,
            },
        };
        return Results.Json(doc);
    }

    /// <summary>GET /map/count.</summary>
    public static async Task<IResult> GetCount(HttpContext http, IncidentStore store, AcledCatalog acled, CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query, IncidentRequest.FilterParameters);
        var filter = await IncidentRequest.ReadFilterAsync(q, Caller.Of(http.User), acled, ct);
        var plan = await store.EnsureSlugsExistAsync(filter, ct);
        var sql = IncidentSql.Build(filter, plan);
        await using var cmd = sql.Command(store.Db, $"{sql.WithClause}SELECT count(*) FROM incidents {IncidentSql.Alias} WHERE {sql.Where}");
        return Results.Json(new JsonObject { ["count"] = (long)(await cmd.ExecuteScalarAsync(ct))! });
    }
}
