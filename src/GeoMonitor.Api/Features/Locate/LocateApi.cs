using GeoMonitor.Api.Features.Truces;
using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.Layers;
using GeoMonitor.Api.Infrastructure.Database;
using Npgsql;
using NpgsqlTypes;

using GeoMonitor.Api.Infrastructure.OpenApi;

namespace GeoMonitor.Api.Features.Locate;

/// <summary>GET /api/locate: what applies at a coordinate at an instant.</summary>
public static class LocateApi
{
    /// <summary>
    /// One statement: zones valid at @at containing the point, corridors containing it (with whether one of their windows
    /// is open at @at), truces in force at @at whose scope covers the point (or the whole region), and the geodesic distance
    /// to the Blue Line with its side decided exactly as the stored incident enrichment decides it — every layer as
    /// recorded at @asOf (null: as it is; valid time is @at, record time @asOf).
    /// </summary>
    public static readonly string Sql = $"""
        WITH p AS (SELECT ST_SetSRID(ST_MakePoint(@lon, @lat), 4326) AS g),
        bl AS ({LayerJoins.BlueLineAt(LayerSql.AsOf, "NULL::text")}),
        d AS (SELECT bl.slug, ST_Distance(bl.geog, p.g::geography) AS m,
                     CASE WHEN ST_Distance(bl.geog, p.g::geography) < 0.5 THEN 'on_line'
                          WHEN ST_Intersects(bl.north_side, p.g) THEN 'north'
                          WHEN ST_Intersects(bl.south_side, p.g) THEN 'south' END AS side
              FROM bl, p)
        SELECT json_build_object(
          'zones', {LayerJoins.ZonesAtJson("(SELECT g FROM p)", "@at", LayerSql.AsOf)},
          'corridors', {LayerJoins.CorridorsAtJson("(SELECT g FROM p)", "@at", LayerSql.AsOf)},
          'truces', {TruceSql.InForceAtJson("(SELECT g FROM p)", "@at", LayerSql.AsOf)},
          -- Who holds the point then: custody of the zones that contain it (Features/Custody).
          'custody', {Custody.CustodyStore.AtJson("(SELECT g FROM p)", "@at")},
          'blueLine', (SELECT json_build_object('line', d.slug, 'distanceM', round(d.m::numeric, 1), 'side', d.side,
                                 'signedDistanceM', round((CASE d.side WHEN 'south' THEN -d.m WHEN 'on_line' THEN 0 ELSE d.m END)::numeric, 1))
                       FROM d))::text
        """;

    /// <summary>Maps GET /api/locate on the /api group.</summary>
    public static RouteGroupBuilder MapLocate(this RouteGroupBuilder api)
    {
        api.MapGet("/locate", GetLocate).WithName("Locate").WithQuery("lon", "lat", "at", "asOf").WithTags("Locate")
            .WithSummary("Zones, corridors and truces applying at a coordinate and instant, and the distance to the Blue Line")
            .WithDescription("""
                lon, lat in WGS 84 degrees; at = an ISO 8601 instant (default: now). Zones valid at that instant containing the
                point (boundary included); corridors whose area contains it, each with openAt (a window open at that instant);
                truces in force then whose scope covers the point; custody: who holds each zone containing the point then
                (force, supportedBy, [from, to), source); the geodesic distance to the Blue Line in metres with its side
                (north = Lebanese side) and signedDistanceM (positive north, negative south). asOf= an ISO 8601 instant: the
                zones, corridors, truces and Blue Line as recorded then (custody as recorded now).

                Example: GET /api/locate?lon=35.25&lat=33.2&at=2026-04-20T12:00:00Z
                """)
            .ProducesWire(200, ReadSchemas.Locate).ProducesProblem(400);
        return api;
    }

    /// <summary>The statement of <see cref="Sql"/> for a point, an instant of valid time and one of record time (null: now).</summary>
    public static NpgsqlCommand Command(NpgsqlDataSource db, double lon, double lat, DateTime at, DateTimeOffset? asOf)
    {
        var cmd = db.CreateCommand(Sql);
        cmd.Parameters.Add(new NpgsqlParameter("lon", NpgsqlDbType.Double) { Value = lon });
        cmd.Parameters.Add(new NpgsqlParameter("lat", NpgsqlDbType.Double) { Value = lat });
        cmd.Parameters.Add(new NpgsqlParameter("at", NpgsqlDbType.TimestampTz) { Value = at });
        cmd.Parameters.Add(new NpgsqlParameter("asOf", NpgsqlDbType.TimestampTz) { Value = (object?)asOf?.UtcDateTime ?? DBNull.Value });
        return cmd;
    }

    /// <summary>GET /api/locate.</summary>
    public static async Task<IResult> GetLocate(HttpContext http, [FromKeyedServices(ReadReplica.Key)] NpgsqlDataSource db, CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query, ["lon", "lat", "at", "asOf"]);
        var lon = q.Double("lon", -180, 180) ?? throw new QueryParameterException("lon", "'lon' (degrees, WGS 84) is required.");
        var lat = q.Double("lat", -90, 90) ?? throw new QueryParameterException("lat", "'lat' (degrees, WGS 84) is required.");
        var at = q.Instant("at") ?? DateTimeOffset.UtcNow;
        await using var cmd = Command(db, lon, lat, at.UtcDateTime, q.Instant("asOf"));
        var found = (string)(await cmd.ExecuteScalarAsync(ct))!;
        var body = $"{{\"lon\":{Incidents.IncidentColumns.Coordinate(lon)},\"lat\":{Incidents.IncidentColumns.Coordinate(lat)},"
                   + $"\"at\":\"{Incidents.IncidentColumns.Instant(at.UtcDateTime)}\",{found[1..]}";
        return Results.Text(body, "application/json");
    }
}
