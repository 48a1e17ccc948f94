using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GeoMonitor.Api.Tests.Infrastructure;

namespace GeoMonitor.Api.Tests.Uploads;

/// <summary>The API on an empty schema: the upload tests place their own layers (see <see cref="UploadWorld"/>).</summary>
public sealed class UploadFixture() : ApiFixture(new ApiHostOptions { LoadGeodata = false });

/// <summary>
/// Hand-placed layers with answers known without the code under test:
/// a straight Blue Line along latitude 33.1 from lon 35.1 to 35.9 (drawn west to east, so north is its left side);
/// a zone "test-box" (lon 35.45–35.55, lat 33.1–33.2), north of the line; a whole-region truce "test-truce" in force
/// [2024-11-26T22:00Z, 2025-01-26T22:00Z). Points due north/south of the vertex at lon 35.5 were placed with PROJ's geod.
/// </summary>
public static class UploadWorld
{
    /// <summary>2,000 m due north of (35.5, 33.1). <c>echo "33.1 35.5 0 2000" | geod +ellps=WGS84 -f "%.9f"</c> → 33.118033225 35.5.</summary>
    public const double NorthLon = 35.5, NorthLat = 33.118033225;

    /// <summary>1,500 m due south of (35.5, 33.1). <c>echo "33.1 35.5 180 1500" | geod +ellps=WGS84 -f "%.9f"</c> → 33.086475047 35.5.</summary>
    public const double SouthLon = 35.5, SouthLat = 33.086475047;

    /// <summary>Places the layers (idempotent, so every test may call it).</summary>
    public static async Task SeedAsync(ApiFixture api)
    {
        await using var cmd = api.Db.CreateCommand("""
            INSERT INTO lines (slug, name, kind, geom, source)
            VALUES ('blue-line', 'Blue Line (test)', 'blue_line', ST_GeomFromText('MULTILINESTRING((35.1 33.1, 35.5 33.1, 35.9 33.1))', 4326), 'test')
            ON CONFLICT (slug) DO NOTHING;
            INSERT INTO zones (slug, name, kind, geom, source)
            VALUES ('test-box', 'Test box', 'other', ST_GeomFromText('MULTIPOLYGON(((35.45 33.1, 35.55 33.1, 35.55 33.2, 35.45 33.2, 35.45 33.1)))', 4326), 'test')
            ON CONFLICT (slug) DO NOTHING;
            INSERT INTO truces (slug, name, during, source)
            VALUES ('test-truce', 'Test truce', tstzrange('2024-11-26T22:00:00Z', '2025-01-26T22:00:00Z', '[)'), 'test')
            ON CONFLICT (slug) DO NOTHING;
            """);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>A valid report (lon/lat north of the line, inside test-box) with a unique externalId; override fields with <paramref name="set"/>.</summary>
    public static JsonObject Report(string? externalId = null, Action<JsonObject>? set = null)
    {
        var o = new JsonObject
        {
            ["source"] = "test-team",
            ["externalId"] = externalId ?? "r-" + Guid.NewGuid().ToString("N")[..12],
            ["occurredAt"] = "2024-12-01T10:00:00Z",
            ["eventType"] = "Explosions/Remote violence",
            ["subEventType"] = "Shelling/artillery/missile attack",
            ["actor1"] = "Military Forces of Israel (2022-)",
            ["fatalities"] = 0,
            ["lon"] = NorthLon,
            ["lat"] = NorthLat,
        };
        set?.Invoke(o);
        return o;
    }

    /// <summary>A JSON body with the given media type.</summary>
    public static StringContent Json(JsonNode body, string mediaType = "application/json") =>
        new(body.ToJsonString(), Encoding.UTF8, mediaType);

    /// <summary>A body of raw text with a media type (or none).</summary>
    public static ByteArrayContent Raw(string text, string? mediaType)
    {
        var c = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        if (mediaType is not null) c.Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);
        return c;
    }

    /// <summary>Parses a response body.</summary>
    public static async Task<JsonElement> BodyAsync(HttpResponseMessage res) =>
        JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement.Clone();

    /// <summary>How many incidents and revisions are stored (to show that a refused request wrote nothing).</summary>
    public static async Task<(long Incidents, long Revisions)> CountsAsync(ApiFixture api) =>
        (await api.ScalarAsync<long>("SELECT count(*) FROM incidents"), await api.ScalarAsync<long>("SELECT count(*) FROM incident_revisions"));

    /// <summary>Geodesic distance in metres between an incident's stored point and (lon, lat), computed by PostGIS.</summary>
    public static Task<double> DistanceMetresAsync(ApiFixture api, long id, double lon, double lat) =>
        api.ScalarAsync<double>("SELECT ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography) FROM incidents WHERE id = $1", id, lon, lat);
}
