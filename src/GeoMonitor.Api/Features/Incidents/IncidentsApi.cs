using System.Buffers;
using System.Globalization;
using System.Text.Json;
using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.Incidents.Query;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Infrastructure.OpenApi;

namespace GeoMonitor.Api.Features.Incidents;

/// <summary>GET /api/incidents (GeoJSON pages, CSV and GeoJSONSeq exports) and GET /api/incidents/{id}.</summary>
public static class IncidentsApi
{
    private static readonly string[] ListParameters = [.. IncidentRequest.FilterParameters, "limit", "cursor", "order", "format", "hxl"];

    /// <summary>Maps the incident read endpoints on <paramref name="api"/> (the /api group).</summary>
    public static RouteGroupBuilder MapIncidentReads(this RouteGroupBuilder api)
    {
        api.MapGet("/incidents", GetIncidents)
            .WithName("GetIncidents")
            .WithTags("Incidents")
            .WithSummary("Incidents matching spatial and temporal filters (GeoJSON, CSV, GeoJSONSeq)")
            .WithDescription("""
                Filters combine with AND: zone (slug; point in the polygon, boundary included), truce (slug; occurred_at in
                the window in force after extensions, [start, end)), from/to (ISO 8601 with offset or a date; [from, to)),
                bbox=minLon,minLat,maxLon,maxLat, near=lon,lat with radius (metres, geodesic, 0 < radius ≤ 500000),
                line (slug) with lineDistance (metres, geodesic), side=north|south of the Blue Line, corridor (slug) with
                corridorOpen=true|false, eventType, subEventType, status, source (repeat or comma-separate for several),
                preNotified=true|false (a pre-notification covers the incident: docs/truce-mechanisms.md).
                GeoJSON is paged: limit (1–10000, default 100), order=asc|desc over (occurred_at, id), and the opaque
                cursor of the `next` link. format=csv (or Accept: text/csv) and format=geojsonseq (RFC 8142) stream every
                match, without limit. Without a key only published incidents are returned; a key also reads the incidents its organisation
                takes part in verifying (reviewers and admins read all). See docs/api.md, "Who sees what".

                Example: GET /api/incidents?zone=1701-area&from=2026-04-16T21:00:00Z&to=2026-05-08T00:00:00Z&limit=500
                Example: GET /api/incidents?line=blue-line&lineDistance=2000&side=north&format=csv
                """)
            .WithQuery(ListParameters)
            .WithRequestHeaders(Infrastructure.Database.ReadYourWrites.MinHeader)
            .ProducesWire(StatusCodes.Status200OK, IncidentSchemas.FeatureCollection, "application/geo+json")
            .ProducesWire(StatusCodes.Status200OK, WireSchema.Text, "text/csv", "application/geo+json-seq")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/incidents/{id}", GetIncident)
            .WithName("GetIncident")
            .WithTags("Incidents")
            .WithSummary("One incident as a GeoJSON Feature")
            .WithDescription("""
                The incident with its review status and the stored enrichment (zones, corridors, truces, distance and side
                of the Blue Line). Without a key only published incidents are found (401 for a held one; 403 for a key whose
                organisation takes no part in its verification).

                Example: GET /api/incidents/42
                """)
            .WithQuery()
            .WithRequestHeaders(Infrastructure.Database.ReadYourWrites.MinHeader)
            .ProducesWire(StatusCodes.Status200OK, IncidentSchemas.Feature, "application/geo+json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    /// <summary>GET /api/incidents.</summary>
    public static async Task<IResult> GetIncidents(HttpContext http, IncidentStore store, AcledCatalog acled, CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query, ListParameters);
        var format = IncidentRequest.ReadFormat(q, http.Request);
        var filter = await IncidentRequest.ReadFilterAsync(q, Caller.Of(http.User), acled, ct);
        var page = IncidentRequest.ReadPage(q);
        // Exports are whole datasets: no page size, no cursor, in the chosen order.
        filter = filter with { Page = format == IncidentFormat.GeoJson ? page : new IncidentPage(null, null, page.Order) };
        var plan = await store.EnsureSlugsExistAsync(filter, ct);
        return new IncidentStreamResult(IncidentSql.Build(filter, plan), format, q.Bool("hxl") ?? false);
    }

    /// <summary>GET /api/incidents/{id}.</summary>
    public static async Task<IResult> GetIncident(string id, HttpContext http, IncidentStore store, CancellationToken ct)
    {
        _ = new QueryReader(http.Request.Query, []);
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= 0)
            throw new QueryParameterException("id", $"'id' must be a positive integer, got '{id}'.");
        var viewer = Caller.Of(http.User);
        var query = IncidentSql.Build(IncidentVisibility.One(n, viewer));
        await using var cmd = query.Command(store.Db, query.SelectPage(IncidentColumns.Select));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) throw await IncidentVisibility.MissingAsync(store, n, viewer, "id", ct);
        // The version as a strong ETag: PATCH /api/incidents/{id} takes it back in If-Match.
        http.Response.Headers.ETag = $"\"{r.GetInt32(r.GetOrdinal("version"))}\"";
        var buffer = new ArrayBufferWriter<byte>();
        await using (var w = new Utf8JsonWriter(buffer, IncidentStreamResult.JsonOptions))
            IncidentColumns.WriteFeature(w, r);
        return Results.Bytes(buffer.WrittenMemory.ToArray(), "application/geo+json");
    }
}
