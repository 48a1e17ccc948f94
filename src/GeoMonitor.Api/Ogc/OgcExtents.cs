using System.Text.Json.Nodes;
using GeoMonitor.Api.Features.Incidents;
using GeoMonitor.Api.Features.Incidents.Query;
using GeoMonitor.Api.Infrastructure.Auth;
using Npgsql;

namespace GeoMonitor.Api.Ogc;

/// <summary>The spatial and temporal extents of the collections, computed from the rows the caller may see.</summary>
public static class OgcExtents
{
    /// <summary>The extent member of a layer collection.</summary>
    public static async Task<JsonObject> OfLayerAsync(NpgsqlDataSource db, OgcLayer layer, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        double[]? box;
        await using (var cmd = new NpgsqlCommand(
            $"SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM (SELECT ST_Extent(geom)::box3d AS e FROM {layer.Table}) s", conn))
            box = await ReadBox(cmd, ct);
        (DateTime? Start, DateTime? End)? time = null;
        if (layer.TemporalExtentSql is { } sql)
        {
            await using var cmd = new NpgsqlCommand(sql, conn);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            await r.ReadAsync(ct);
            time = (r.IsDBNull(0) ? null : r.GetDateTime(0), r.IsDBNull(1) ? null : r.GetDateTime(1));
        }
        return Extent(box, time);
    }

    /// <summary>The extent of the incidents <paramref name="viewer"/> may see.</summary>
    public static async Task<JsonObject> OfIncidentsAsync(NpgsqlDataSource db, Features.Common.Caller viewer, CancellationToken ct)
    {
        var q = IncidentSql.Build(IncidentVisibility.Apply(new IncidentFilter(), viewer));
        await using var cmd = q.Command(db, $"""
            {q.WithClause}SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e), t0, t1
            FROM (SELECT ST_Extent(i.geom)::box3d AS e, min(i.occurred_at) AS t0, max(i.occurred_at) AS t1
                  FROM incidents i WHERE {q.Where}) s
            """);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        double[]? box = r.IsDBNull(0) ? null : [r.GetDouble(0), r.GetDouble(1), r.GetDouble(2), r.GetDouble(3)];
        (DateTime?, DateTime?) time = (r.IsDBNull(4) ? null : r.GetDateTime(4), r.IsDBNull(5) ? null : r.GetDateTime(5));
        return Extent(box, box is null ? null : time);
    }

    private static async Task<double[]?> ReadBox(NpgsqlCommand cmd, CancellationToken ct)
    {
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return r.IsDBNull(0) ? null : [r.GetDouble(0), r.GetDouble(1), r.GetDouble(2), r.GetDouble(3)];
    }

    private static JsonObject Extent(double[]? box, (DateTime? Start, DateTime? End)? time)
    {
        var extent = new JsonObject();
        if (box is not null)
            extent["spatial"] = new JsonObject
            {
                ["bbox"] = new JsonArray(new JsonArray(box.Select(v => (JsonNode)JsonValue.Create(Math.Round(v, 6))!).ToArray())),
                ["crs"] = OgcCrs.Crs84.Uri,
            };
        if (time is { } t)
            extent["temporal"] = new JsonObject
            {
                ["interval"] = new JsonArray(new JsonArray(Instant(t.Start), Instant(t.End))),
                ["trs"] = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian",
            };
        return extent;
    }

    private static JsonNode? Instant(DateTime? t) => t is { } v ? JsonValue.Create(IncidentColumns.Instant(v)) : null;
}
