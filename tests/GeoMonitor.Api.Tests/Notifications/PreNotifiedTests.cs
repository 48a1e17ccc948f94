using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Tests.GraphQL;
using GeoMonitor.Api.Tests.Infrastructure;
using GeoMonitor.Api.Tests.Tiles;
using static GeoMonitor.Api.Tests.Notifications.TruceWorld;

namespace GeoMonitor.Api.Tests.Notifications;

/// <summary>
/// Incidents against pre-notifications, with the default rule (within 1,000 m and 60 minutes) on hand-placed data:
/// alpha-force notified a strike over lon 35.80–35.81, lat 33.20–33.21 for [2025-06-01T10:00Z, 12:00Z); bravo-force
/// notified one over lon 35.85–35.86 and withdrew it. Eight verified incidents, their distances placed with geod:
/// inside at 11:00; 990 m and 1,010 m east of the area at 11:00; inside at 12:59, 13:01, 08:59 and 09:01 (the window
/// widened by an hour); and inside the withdrawn notification's area. The answer — four pre-notified, four not — is known
/// before any code runs, and every surface must give it: REST (GeoJSON and CSV), GraphQL, OGC API items, vector tiles,
/// and the truce report's split.
/// </summary>
public sealed class PreNotifiedTests(TruceFixture api) : IClassFixture<TruceFixture>, IAsyncLifetime
{
    private const string Source = "pn-test";
    private static readonly string[] Notified = ["inside", "east-990m", "late-59min", "early-59min"];
    private static readonly string[] NotNotified = ["east-1010m", "late-61min", "early-61min", "withdrawn-only"];

    private Dictionary<string, long> _ids = [];

    public async Task InitializeAsync()
    {
        if (await api.ScalarAsync<long>("SELECT count(*) FROM incidents WHERE source = $1", Source) == 0)
            await SeedAsync(api, api.Alpha, api.Bravo);
        _ids = await IdsAsync(api);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>The notifications and incidents of the class comment (also used by the settings test).</summary>
    internal static async Task SeedAsync(ApiFixture api, HttpClient alpha, HttpClient bravo)
    {
        Assert.True((await alpha.PostAsJsonAsync("/api/notifications", Notification("strike", Box(35.80, 33.20, 35.81, 33.21), "2025-06-01T10:00:00Z", "2025-06-01T12:00:00Z")))
            .IsSuccessStatusCode);
        var withdrawn = await BodyAsync(await bravo.PostAsJsonAsync("/api/notifications",
            Notification("strike", Box(35.85, 33.20, 35.86, 33.21), "2025-06-01T10:00:00Z", "2025-06-01T12:00:00Z")));
        Assert.True((await bravo.PostAsync($"/api/notifications/{withdrawn.GetProperty("id").GetInt64()}/withdraw", null)).IsSuccessStatusCode);
        var east990 = Geod.East(33.205, 35.81, 990);
        var east1010 = Geod.East(33.205, 35.81, 1010);
        var rows = new (string Ext, double Lon, string At)[]
        {
            ("inside", 35.805, "2025-06-01T11:00:00Z"), ("east-990m", east990, "2025-06-01T11:00:00Z"), ("east-1010m", east1010, "2025-06-01T11:00:00Z"),
            ("late-59min", 35.805, "2025-06-01T12:59:00Z"), ("late-61min", 35.805, "2025-06-01T13:01:00Z"),
            ("early-61min", 35.805, "2025-06-01T08:59:00Z"), ("early-59min", 35.805, "2025-06-01T09:01:00Z"),
            ("withdrawn-only", 35.855, "2025-06-01T11:00:00Z"),
        };
        foreach (var (ext, lon, at) in rows)
            await api.ScalarAsync<long>("""
                INSERT INTO incidents (source, external_id, occurred_at, geom, event_type, sub_event_type, status)
                VALUES ($1, $2, $3::timestamptz, ST_SetSRID(ST_MakePoint($4, 33.205), 4326), 'Explosions/Remote violence', 'Air/drone strike', 'published_verified')
                RETURNING id
                """, Source, ext, at, lon);
        await using var cmd = api.Db.CreateCommand("""
            INSERT INTO truces (slug, name, during, source) VALUES ('pn-truce', 'Pre-notification test truce', '[2025-06-01T00:00:00Z,2025-06-02T00:00:00Z)', 'test');
            SELECT gm_enrich_incidents(NULL);
            """);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<Dictionary<string, long>> IdsAsync(ApiFixture api)
    {
        var ids = new Dictionary<string, long>();
        await using var cmd = api.Db.CreateCommand("SELECT external_id, id FROM incidents WHERE source = $1");
        cmd.Parameters.AddWithValue(Source);
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) ids[r.GetString(0)] = r.GetInt64(1);
        return ids;
    }

    private long[] Expected(bool notified) => [.. (notified ? Notified : NotNotified).Select(e => _ids[e]).Order()];

    private static long[] FeatureIds(JsonElement collection) =>
        [.. collection.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetInt64()).Order()];

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Rest_graphql_ogc_csv_and_tiles_agree_on_the_hand_placed_answer(bool notified)
    {
        var anonymous = api.CreateClient();
        var flag = notified ? "true" : "false";
        var expected = Expected(notified);

        var rest = FeatureIds(await BodyAsync(await anonymous.GetAsync($"/api/incidents?source={Source}&preNotified={flag}&limit=100")));
        Assert.Equal(expected, rest);

        var data = await anonymous.Data($$"""{ incidents(filter: {sources: ["{{Source}}"], preNotified: {{flag}}}, first: 100) { nodes { id } } }""");
        var gql = data.GetProperty("incidents").GetProperty("nodes").EnumerateArray().Select(n => long.Parse(n.GetProperty("id").GetString()!, CultureInfo.InvariantCulture)).Order().ToArray();
        Assert.Equal(expected, gql);

        var ogc = FeatureIds(await BodyAsync(await anonymous.GetAsync($"/ogc/collections/incidents/items?source={Source}&preNotified={flag}&limit=100")));
        Assert.Equal(expected, ogc);

        var csv = (await anonymous.GetStringAsync($"/api/incidents?source={Source}&preNotified={flag}&format=csv")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var idColumn = Array.IndexOf(csv[0].Split(','), "id");
        Assert.Equal(expected, csv.Skip(1).Select(l => long.Parse(l.Split(',')[idColumn], CultureInfo.InvariantCulture)).Order().ToArray());

        var (x, y, _, _) = Mvt.Locate(35.82, 33.205, 10);
        var tile = await anonymous.GetByteArrayAsync($"/tiles/incidents/10/{x}/{y}.mvt?source={Source}&preNotified={flag}");
        var layer = Mvt.Decode(tile).Single(l => l.Name == "incidents");
        Assert.Equal(expected, layer.Features.Select(f => (long)f.Id).Order().ToArray());
    }

    [Fact]
    public async Task The_truce_report_splits_each_window_into_pre_notified_and_not_on_rest_and_graphql()
    {
        var report = await BodyAsync(await api.CreateClient().GetAsync("/api/truces/pn-truce/report"));
        Assert.Equal(4, report.GetProperty("during").GetProperty("preNotified").GetInt64());
        Assert.Equal(4, report.GetProperty("during").GetProperty("notPreNotified").GetInt64());
        Assert.Equal(0, report.GetProperty("before").GetProperty("preNotified").GetInt64());
        Assert.Equal(4, report.GetProperty("change").GetProperty("preNotified").GetProperty("difference").GetInt64());
        var data = await api.CreateClient().Data("""{ truceReport(slug: "pn-truce") { during { preNotified notPreNotified total } change { notPreNotified { during before } } } }""");
        var during = data.GetProperty("truceReport").GetProperty("during");
        Assert.Equal(4, during.GetProperty("preNotified").GetInt32());
        Assert.Equal(4, during.GetProperty("notPreNotified").GetInt32());
        Assert.Equal(8, during.GetProperty("total").GetInt32());
        Assert.Equal(4, data.GetProperty("truceReport").GetProperty("change").GetProperty("notPreNotified").GetProperty("during").GetInt32());
    }

    [Fact]
    public async Task An_incident_lists_the_notifications_that_cover_it_on_rest_and_graphql()
    {
        var alphas = await api.ScalarAsync<long>("SELECT min(id) FROM notifications WHERE organisation = 'alpha-force' AND during @> '2025-06-01T11:00:00Z'::timestamptz");
        var covering = FeatureIds(await BodyAsync(await api.Reader.GetAsync($"/api/notifications?incident={_ids["east-990m"]}")));
        Assert.Equal([alphas], covering);
        Assert.Empty(FeatureIds(await BodyAsync(await api.Reader.GetAsync($"/api/notifications?incident={_ids["withdrawn-only"]}"))));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await api.Reader.GetAsync("/api/notifications?incident=987654321")).StatusCode);
        var data = await api.Reader.Data($"{{ incident(id: \"{_ids["late-59min"]}\") {{ notifications {{ id organisation }} }} }}");
        Assert.Equal(alphas.ToString(CultureInfo.InvariantCulture),
            Assert.Single(data.GetProperty("incident").GetProperty("notifications").EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task The_distance_and_the_tolerance_are_settings()
    {
        await using var wide = await ApiFixture.StartAsync(new ApiHostOptions { LoadGeodata = false }
            .With("GeoMonitor:Notifications:MatchDistanceM", "2000").With("GeoMonitor:Notifications:MatchToleranceMinutes", "120"));
        var alpha = await wide.CreateClientAsAsync(Role.Reporter, "alpha liaison", "alpha-force");
        var bravo = await wide.CreateClientAsAsync(Role.Reporter, "bravo liaison", "bravo-force");
        await SeedAsync(wide, alpha, bravo);
        Assert.Equal(2000, await wide.ScalarAsync<double>("SELECT match_distance_m FROM notification_settings"));
        var ids = await IdsAsync(wide);
        var notified = FeatureIds(await BodyAsync(await wide.CreateClient().GetAsync($"/api/incidents?source={Source}&preNotified=true&limit=100")));
        // 1,010 m east and 61 minutes either side now match; the withdrawn notification still covers nothing.
        Assert.Equal(new[] { "inside", "east-990m", "east-1010m", "late-59min", "late-61min", "early-59min", "early-61min" }.Select(e => ids[e]).Order(), notified);
    }
}
