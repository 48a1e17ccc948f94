using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Tests.Infrastructure;

namespace GeoMonitor.Api.Tests.Notifications;

/// <summary>
/// The API on an empty schema with hand-placed layers whose distances are known without the code under test
/// (<see cref="TruceWorld"/>), and a client per party: alpha and bravo (reporters of organisations alpha-force and
/// bravo-force), a monitor (reviewer), a reader and an admin.
/// </summary>
public sealed class TruceFixture() : ApiFixture(new ApiHostOptions { LoadGeodata = false }), IAsyncLifetime
{
    /// <summary>alpha-force's reporter key.</summary>
    public HttpClient Alpha { get; private set; } = null!;

    /// <summary>bravo-force's reporter key.</summary>
    public HttpClient Bravo { get; private set; } = null!;

    /// <summary>A reviewer of the monitoring mission.</summary>
    public HttpClient Monitor { get; private set; } = null!;

    /// <summary>A reader key.</summary>
    public HttpClient Reader { get; private set; } = null!;

    /// <summary>An admin key (organisation admin-desk).</summary>
    public HttpClient Admin { get; private set; } = null!;

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        Alpha = await this.CreateClientAsAsync(Role.Reporter, "alpha liaison", "alpha-force");
        Bravo = await this.CreateClientAsAsync(Role.Reporter, "bravo liaison", "bravo-force");
        Monitor = await this.CreateClientAsAsync(Role.Reviewer, "monitor", "monitors");
        Reader = await this.CreateClientAsAsync(Role.Reader, "reader", "press");
        Admin = await this.CreateClientAsAsync(Role.Admin, "admin", "admin-desk");
        await TruceWorld.SeedAsync(this);
    }
}

/// <summary>
/// Hand-placed layers, each far from the others (no two interact unless a test makes them):
/// <list type="bullet">
/// <item>corridor test-corridor: a route along the meridian 35.30° E from 33.30° to 33.40° N, 200 m wide (its area
/// reaches 100 m either side), open [2025-03-01T06:00Z, 2025-03-01T18:00Z);</item>
/// <item>zone test-withdrawal: lon 35.50–35.52, lat 33.50–33.52, under benchmark test-bench (idf_withdrawn, binding
/// alpha-force, due 2025-03-10T00:00Z: troop movements, strikes and exercises forbidden from then on);</item>
/// <item>zone test-scope: lon 35.70–35.72, lat 33.60–33.62, the scope of truce test-truce, in force
/// [2025-04-01T00:00Z, 2025-04-05T00:00Z);</item>
/// <item>truce test-region-truce over the whole region, in force [2025-05-01T00:00Z, 2025-05-02T00:00Z);</item>
/// <item>bravo-force's notification (a convoy) over lon 35.60–35.61, lat 33.40–33.41, in force
/// [2025-03-05T10:00Z, 2025-03-05T12:00Z).</item>
/// </list>
/// Distances are placed with PROJ's geod (<see cref="Geod"/>) when the tests run.
/// </summary>
public static class TruceWorld
{
    /// <summary>The corridor's route longitude.</summary>
    public const double CorridorLon = 35.30;

    /// <summary>Half the corridor's width: its area's edge is this far from the route.</summary>
    public const double CorridorHalfWidthM = 100;

    /// <summary>The corridor's window.</summary>
    public const string CorridorOpen = "2025-03-01T06:00:00Z", CorridorClose = "2025-03-01T18:00:00Z";

    /// <summary>The benchmark's due date.</summary>
    public const string BenchmarkDue = "2025-03-10T00:00:00Z";

    /// <summary>The scoped truce's window.</summary>
    public const string TruceStart = "2025-04-01T00:00:00Z", TruceEnd = "2025-04-05T00:00:00Z";

    /// <summary>bravo's notification: its box and window.</summary>
    public const double BravoLon0 = 35.60, BravoLon1 = 35.61, BravoLat0 = 33.40, BravoLat1 = 33.41;

    /// <summary>See <see cref="BravoLon0"/>.</summary>
    public const string BravoStart = "2025-03-05T10:00:00Z", BravoEnd = "2025-03-05T12:00:00Z";

    /// <summary>The id of bravo's notification.</summary>
    public static async Task<long> BravoNotificationAsync(ApiFixture api) =>
        await api.ScalarAsync<long>("SELECT min(id) FROM notifications WHERE organisation = 'bravo-force' AND kind = 'convoy'");

    /// <summary>Places the layers and bravo's notification.</summary>
    public static async Task SeedAsync(TruceFixture api)
    {
        await using (var cmd = api.Db.CreateCommand($"""
            INSERT INTO corridors (slug, name, route, width_m, source)
            VALUES ('test-corridor', 'Test corridor', ST_GeomFromText('MULTILINESTRING((35.30 33.30, 35.30 33.40))', 4326), {CorridorHalfWidthM * 2}, 'test');
            INSERT INTO corridor_windows (corridor_id, during)
            SELECT id, tstzrange('{CorridorOpen}', '{CorridorClose}', '[)') FROM corridors WHERE slug = 'test-corridor';
            INSERT INTO zones (slug, name, kind, geom, source) VALUES
              ('test-withdrawal', 'Test withdrawal zone', 'withdrawal', ST_Multi(ST_MakeEnvelope(35.50, 33.50, 35.52, 33.52, 4326)), 'test'),
              ('test-scope', 'Test truce scope', 'other', ST_Multi(ST_MakeEnvelope(35.70, 33.60, 35.72, 33.62, 4326)), 'test');
            INSERT INTO truces (slug, name, during, scope, source) VALUES
              ('test-truce', 'Test truce', tstzrange('{TruceStart}', '{TruceEnd}', '[)'), ARRAY['test-scope'], 'test'),
              ('test-region-truce', 'Test whole-region truce', tstzrange('2025-05-01T00:00:00Z', '2025-05-02T00:00:00Z', '[)'), NULL, 'test');
            INSERT INTO benchmarks (slug, name, zone_id, required_state, party, forbids, due_at, source)
            SELECT 'test-bench', 'Test withdrawal benchmark', id, 'idf_withdrawn', 'alpha-force', ARRAY['troop_movement', 'strike', 'exercise'],
                   '{BenchmarkDue}', 'test'
            FROM zones WHERE slug = 'test-withdrawal';
            """))
            await cmd.ExecuteNonQueryAsync();
        var res = await api.Bravo.PostAsJsonAsync("/api/notifications", new JsonObject
        {
            ["kind"] = "convoy", ["area"] = Box(BravoLon0, BravoLat0, BravoLon1, BravoLat1), ["start"] = BravoStart, ["end"] = BravoEnd,
        });
        Assert.True(res.StatusCode == System.Net.HttpStatusCode.Created, await res.Content.ReadAsStringAsync());
    }

    /// <summary>A GeoJSON Polygon of a lon/lat box (counter-clockwise).</summary>
    public static JsonObject Box(double lon0, double lat0, double lon1, double lat1) => new()
    {
        ["type"] = "Polygon",
        ["coordinates"] = new JsonArray(new JsonArray(
            new JsonArray(lon0, lat0), new JsonArray(lon1, lat0), new JsonArray(lon1, lat1), new JsonArray(lon0, lat1), new JsonArray(lon0, lat0))),
    };

    /// <summary>A notification body.</summary>
    public static JsonObject Notification(string kind, JsonObject area, string start, string end, Action<JsonObject>? set = null)
    {
        var o = new JsonObject { ["kind"] = kind, ["area"] = area?.DeepClone(), ["start"] = start, ["end"] = end };
        set?.Invoke(o);
        return o;
    }

    /// <summary>POST /api/notifications/check: the conflicts (asserting 200).</summary>
    public static async Task<List<JsonElement>> CheckAsync(HttpClient client, JsonObject body)
    {
        var res = await client.PostAsJsonAsync("/api/notifications/check", body);
        var text = await res.Content.ReadAsStringAsync();
        Assert.True(res.IsSuccessStatusCode, $"check: {(int)res.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("conflicts").EnumerateArray().Select(e => e.Clone()).ToList();
    }

    /// <summary>The conflicts of one kind.</summary>
    public static List<JsonElement> Of(this List<JsonElement> conflicts, string kind) =>
        conflicts.Where(c => c.GetProperty("kind").GetString() == kind).ToList();

    /// <summary>Parses a response body.</summary>
    public static async Task<JsonElement> BodyAsync(HttpResponseMessage res) =>
        JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement.Clone();
}
