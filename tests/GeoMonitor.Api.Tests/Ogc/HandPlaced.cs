using GeoMonitor.Api.Tests.Infrastructure;

namespace GeoMonitor.Api.Tests.Ogc;

/// <summary>Inserts incidents at known places and instants, straight into the database, and enriches them.</summary>
public static class HandPlaced
{
    /// <summary>Inserts one incident and returns its id.</summary>
    public static async Task<long> InsertAsync(ApiFixture api, string source, string externalId, double lon, double lat, DateTimeOffset at,
        string status = "published_verified", string eventType = "Battles", string subEventType = "Armed clash", int fatalities = 0)
    {
        await using var cmd = api.Db.CreateCommand("""
            INSERT INTO incidents (source, external_id, occurred_at, geom, event_type, sub_event_type, status, fatalities, location_name)
            VALUES ($1, $2, $3, ST_SetSRID(ST_MakePoint($4, $5), 4326), $6, $7, $8, $9, 'hand-placed')
            RETURNING id
            """);
        cmd.Parameters.AddWithValue(source);
        cmd.Parameters.AddWithValue(externalId);
        cmd.Parameters.AddWithValue(at.UtcDateTime);
        cmd.Parameters.AddWithValue(lon);
        cmd.Parameters.AddWithValue(lat);
        cmd.Parameters.AddWithValue(eventType);
        cmd.Parameters.AddWithValue(subEventType);
        cmd.Parameters.AddWithValue(status);
        cmd.Parameters.AddWithValue(fatalities);
        var id = (long)(await cmd.ExecuteScalarAsync())!;
        await using var enrich = api.Db.CreateCommand("SELECT gm_enrich_incidents(ARRAY[$1]::bigint[])");
        enrich.Parameters.AddWithValue(id);
        await enrich.ExecuteNonQueryAsync();
        return id;
    }

    /// <summary>Web Mercator (EPSG:3857) of a lon/lat, from the spherical formulas (R = 6378137 m).</summary>
    public static (double X, double Y) Mercator(double lon, double lat)
    {
        const double r = 6378137;
        return (r * lon * Math.PI / 180, r * Math.Log(Math.Tan(Math.PI / 4 + lat * Math.PI / 360)));
    }
}
