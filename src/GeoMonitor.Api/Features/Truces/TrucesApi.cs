using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.Incidents;
using GeoMonitor.Api.Features.Layers;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Infrastructure.Database;
using Npgsql;

using GeoMonitor.Api.Infrastructure.OpenApi;

namespace GeoMonitor.Api.Features.Truces;

/// <summary>GET /api/truces, /api/truces/{slug} and /api/truces/{slug}/report.</summary>
public static class TrucesApi
{
    /// <summary>Maps the truce endpoints on the /api group.</summary>
    public static RouteGroupBuilder MapTruces(this RouteGroupBuilder api)
    {
        api.MapGet("/truces", GetTruces).WithName("GetTruces").WithQuery("activeAt", "asOf").WithTags("Truces")
            .WithSummary("Truce windows with their zones in scope and extension history")
            .WithDescription($"""
                Each truce: start and end in force ([start, end), UTC, end after the last extension; null = open), originalEnd,
                parties, scope (zone slugs, or wholeRegion), the zones in scope, and every extension (announcedAt,
                previousEnd, newEnd, source, and the benchmarks linked to it), and the benchmarks the truce depends on with
                their state now (GET /api/benchmarks?truce= answers as of any date). activeAt= an ISO 8601 instant: only truces
                in force then. {LayersApi.AsOfHelp} ETag and Last-Modified (304 on If-None-Match / If-Modified-Since).

                Example: GET /api/truces?activeAt=2026-04-20T00:00:00Z
                """)
            .ProducesWire(200, Layers.LayerSchemas.Truces).Produces(304).ProducesProblem(400);
        api.MapGet("/truces/{slug}", GetTruce).WithName("GetTruce").WithQuery("asOf").WithTags("Truces")
            .WithSummary("One truce")
            .WithDescription($"""
                {LayersApi.AsOfHelp} The window as recorded then: an extension announced later is not in it.

                Example: GET /api/truces/coh-2024?asOf=2025-01-20T00:00:00Z
                """)
            .ProducesWire(200, Layers.LayerSchemas.Truce).Produces(304).ProducesProblem(400).ProducesProblem(404);
        api.MapGet("/truces/{slug}/report", GetTruceReport).WithName("GetTruceReport").WithQuery("zone", "status", "asOf").WithTags("Truces")
            .WithSummary("Incident counts during a truce versus the equally long window before it")
            .WithDescription("""
                Counts by day (day n = [start + n days, start + n + 1 days)), by ACLED event type and by zone, for the truce
                window in force and for the window of the same length ending at its start, and the change (difference and
                percent; percent is null when the earlier count is 0). zone= restricts to one zone; otherwise a truce with a
                scope counts incidents in its scope zones, and a whole-region truce counts everything. Anonymous callers
                count published incidents; a key also counts those its organisation takes part in verifying, reviewers count every
                status (or those given in status=). Each window also splits its count into preNotified and notPreNotified (covered
                by a pre-notification or not, as ?preNotified= decides). asOf= an ISO 8601 instant: the truce (its window and scope)
                and the zones as recorded then; a truce or zone that did not exist then is a 404 naming its earliest version.

                Example: GET /api/truces/coh-2024/report?zone=1701-area
                """)
            .ProducesWire(200, ReadSchemas.TruceReport).ProducesProblem(400).ProducesProblem(404);
        return api;
    }

    /// <summary>GET /api/truces.</summary>
    public static async Task<IResult> GetTruces(HttpContext http, [FromKeyedServices(ReadReplica.Key)] NpgsqlDataSource db, CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query, ["activeAt", "asOf"]);
        var rows = await TruceSql.TrucesAsync(db, null, q.Instant("activeAt"), ct, q.Instant("asOf"));
        var body = "{\"truces\":[" + string.Join(",", rows.Features) + "]}";
        return new LayerResult(System.Text.Encoding.UTF8.GetBytes(body), "application/json", rows.LastModified);
    }

    /// <summary>GET /api/truces/{slug}.</summary>
    public static async Task<IResult> GetTruce(string slug, HttpContext http, [FromKeyedServices(ReadReplica.Key)] NpgsqlDataSource db, CancellationToken ct)
    {
        var asOf = new QueryReader(http.Request.Query, ["asOf"]).Instant("asOf");
        return await LayersApi.SingleAsync(db, await TruceSql.TrucesAsync(db, [slug], null, ct, asOf), LayerJoins.TrucesTable, slug, asOf, ct, "application/json");
    }

    /// <summary>GET /api/truces/{slug}/report.</summary>
    public static async Task<IResult> GetTruceReport(string slug, HttpContext http, [FromKeyedServices(ReadReplica.Key)] NpgsqlDataSource db, IncidentStore store, CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query, ["zone", "status", "asOf"]);
        var zone = q.String("zone");
        var asOf = q.Instant("asOf");
        var statuses = q.List("status");
        if (statuses?.FirstOrDefault(s => !IncidentRequest.AllStatuses.Contains(s)) is { } bad)
            throw new QueryParameterException("status", $"Unknown status '{bad}'; one of {string.Join(", ", IncidentRequest.AllStatuses)}.");
        var viewer = Caller.Of(http.User);
        statuses = IncidentVisibility.Statuses(viewer, statuses);
        if (zone is not null) await store.EnsureSlugsExistAsync(new Incidents.Query.IncidentFilter { Zone = zone, AsOf = asOf }, ct);
        return Results.Json(await TruceReport.BuildAsync(db, slug, zone, statuses, IncidentVisibility.Audience(viewer), ct, asOf));
    }
}
