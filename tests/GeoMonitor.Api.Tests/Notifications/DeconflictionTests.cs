using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using static GeoMonitor.Api.Tests.Notifications.TruceWorld;

namespace GeoMonitor.Api.Tests.Notifications;

/// <summary>
/// Each kind of conflict of the deconfliction check, proved on hand-placed geometry (<see cref="TruceWorld"/>) placed with
/// PROJ's geod, and the absence of a conflict just outside each threshold: 10 m beyond the corridor distance, 1 m
/// beside another notification, a window that touches without overlapping ([a, b) then [b, c)), a zone missed by 1 m.
/// </summary>
public sealed class DeconflictionTests(TruceFixture api) : IClassFixture<TruceFixture>
{
    // ---- corridors: open in the window, within 500 m (the default), military kinds only ----

    // A 0.01°-wide box whose west edge lies `gap` metres beyond the corridor area's east edge, beside the corridor's middle.
    private static JsonObject BesideCorridor(double gapM)
    {
        var west = Geod.East(33.35, CorridorLon, CorridorHalfWidthM + gapM);
        return Box(west, 33.34, west + 0.01, 33.36);
    }

    [Fact]
    public async Task A_strike_490_m_from_an_open_corridor_conflicts_with_it_and_says_where_and_when()
    {
        var conflicts = await CheckAsync(api.Alpha, Notification("strike", BesideCorridor(490), "2025-03-01T12:00:00Z", "2025-03-01T20:00:00Z"));
        var c = Assert.Single(conflicts.Of("corridor"));
        Assert.Equal("test-corridor", c.GetProperty("slug").GetString());
        // geod put the box 590 m east of the route; the area reaches 100 m: 490 m between them (PostGIS buffers in UTM 36N, 0.03 % off).
        Assert.InRange(c.GetProperty("where").GetProperty("distanceM").GetDouble(), 489, 491);
        Assert.InRange(c.GetProperty("where").GetProperty("lengthM").GetDouble(), 489, 491);
        Assert.Equal("2025-03-01T12:00:00Z", c.GetProperty("when").GetProperty("from").GetString());
        Assert.Equal(CorridorClose, c.GetProperty("when").GetProperty("to").GetString());
        var bbox = c.GetProperty("where").GetProperty("bbox").EnumerateArray().Select(x => x.GetDouble()).ToArray();
        Assert.InRange(bbox[0], CorridorLon, CorridorLon + 0.01);     // the shortest line runs between the two
        Assert.InRange(bbox[1], 33.34 - 1e-6, 33.36 + 1e-6);
        Assert.Contains("test-corridor", c.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_strike_510_m_from_the_corridor_does_not_conflict_with_it()
    {
        var conflicts = await CheckAsync(api.Alpha, Notification("strike", BesideCorridor(510), "2025-03-01T12:00:00Z", "2025-03-01T20:00:00Z"));
        Assert.Empty(conflicts.Of("corridor"));
    }

    [Fact]
    public async Task A_strike_across_the_corridor_conflicts_with_the_overlap_as_its_place()
    {
        var conflicts = await CheckAsync(api.Alpha, Notification("strike", Box(CorridorLon - 0.005, 33.34, CorridorLon + 0.005, 33.36), "2025-03-01T06:00:00Z", "2025-03-01T07:00:00Z"));
        var c = Assert.Single(conflicts.Of("corridor"));
        Assert.Equal(0, c.GetProperty("where").GetProperty("distanceM").GetDouble());
        // The overlap is the corridor's 200 m band over the box's height (0.02° of latitude ≈ 2,219 m, geod).
        var height = Geod.Distance(33.34, CorridorLon, 33.36, CorridorLon);
        Assert.InRange(c.GetProperty("where").GetProperty("areaM2").GetDouble(), 200 * height * 0.99, 200 * height * 1.01);
    }

    [Fact]
    public async Task A_strike_after_the_corridor_closes_does_not_conflict_with_it_and_half_open_windows_that_touch_do_not_overlap()
    {
        var conflicts = await CheckAsync(api.Alpha, Notification("strike", BesideCorridor(0), CorridorClose, "2025-03-01T20:00:00Z"));
        Assert.Empty(conflicts.Of("corridor"));
        var before = await CheckAsync(api.Alpha, Notification("strike", BesideCorridor(0), "2025-03-01T00:00:00Z", CorridorOpen));
        Assert.Empty(before.Of("corridor"));
    }

    [Fact]
    public async Task A_convoy_next_to_an_open_corridor_is_what_the_corridor_is_for_and_does_not_conflict()
    {
        var conflicts = await CheckAsync(api.Alpha, Notification("convoy", BesideCorridor(0), "2025-03-01T12:00:00Z", "2025-03-01T14:00:00Z"));
        Assert.Empty(conflicts.Of("corridor"));
    }

    // ---- another party's notification: overlapping in space and time ----

    [Fact]
    public async Task An_area_overlapping_another_partys_notification_in_its_window_conflicts_with_it()
    {
        var bravo = await BravoNotificationAsync(api);
        var conflicts = await CheckAsync(api.Alpha, Notification("strike", Box(BravoLon1 - 0.001, BravoLat0, BravoLon1 + 0.01, BravoLat1),
            "2025-03-05T11:00:00Z", "2025-03-05T13:00:00Z"));
        var c = Assert.Single(conflicts.Of("notification"));
        Assert.Equal(bravo, c.GetProperty("id").GetInt64());
        Assert.Equal("bravo-force", c.GetProperty("organisation").GetString());
        Assert.Equal("2025-03-05T11:00:00Z", c.GetProperty("when").GetProperty("from").GetString());
        Assert.Equal(BravoEnd, c.GetProperty("when").GetProperty("to").GetString());
        var bbox = c.GetProperty("where").GetProperty("bbox").EnumerateArray().Select(x => x.GetDouble()).ToArray();
        Assert.Equal(BravoLon1 - 0.001, bbox[0], 6);
        Assert.Equal(BravoLon1, bbox[2], 6);
        // The overlap is a strip 0.001° of longitude by 0.01° of latitude (geod measures its sides).
        var area = Geod.Distance(33.405, BravoLon1 - 0.001, 33.405, BravoLon1) * Geod.Distance(BravoLat0, BravoLon1, BravoLat1, BravoLon1);
        Assert.InRange(c.GetProperty("where").GetProperty("areaM2").GetDouble(), area * 0.995, area * 1.005);
    }

    [Fact]
    public async Task An_area_1_m_beside_another_partys_notification_does_not_conflict()
    {
        var west = Geod.East((BravoLat0 + BravoLat1) / 2, BravoLon1, 1);
        var conflicts = await CheckAsync(api.Alpha, Notification("strike", Box(west, BravoLat0, west + 0.01, BravoLat1), "2025-03-05T11:00:00Z", "2025-03-05T13:00:00Z"));
        Assert.Empty(conflicts.Of("notification"));
    }

    [Fact]
    public async Task The_same_area_right_after_the_other_window_ends_does_not_conflict()
    {
        var conflicts = await CheckAsync(api.Alpha, Notification("strike", Box(BravoLon0, BravoLat0, BravoLon1, BravoLat1), BravoEnd, "2025-03-05T13:00:00Z"));
        Assert.Empty(conflicts.Of("notification"));
    }

    [Fact]
    public async Task A_party_does_not_conflict_with_its_own_notification()
    {
        var conflicts = await CheckAsync(api.Bravo, Notification("convoy", Box(BravoLon0, BravoLat0, BravoLon1, BravoLat1), BravoStart, BravoEnd));
        Assert.Empty(conflicts.Of("notification"));
    }

    [Fact]
    public async Task A_withdrawn_notification_no_longer_conflicts()
    {
        var area = Box(35.90, 33.90, 35.91, 33.91);
        var res = await api.Bravo.PostAsJsonAsync("/api/notifications", Notification("exercise", area, "2025-03-20T00:00:00Z", "2025-03-21T00:00:00Z"));
        var id = (await BodyAsync(res)).GetProperty("id").GetInt64();
        var probe = Notification("strike", area, "2025-03-20T06:00:00Z", "2025-03-20T07:00:00Z");
        Assert.Equal(id, Assert.Single((await CheckAsync(api.Alpha, probe)).Of("notification")).GetProperty("id").GetInt64());
        Assert.True((await api.Bravo.PostAsync($"/api/notifications/{id}/withdraw", null)).IsSuccessStatusCode);
        Assert.Empty((await CheckAsync(api.Alpha, probe)).Of("notification"));
    }

    // ---- a benchmarked withdrawal zone: forbidden to its party from the due date on ----

    private static JsonObject InWithdrawalZone => Box(35.515, 33.515, 35.53, 33.53);

    [Fact]
    public async Task The_withdrawing_partys_troop_movement_into_the_zone_after_the_due_date_conflicts_with_the_benchmark()
    {
        var conflicts = await CheckAsync(api.Alpha, Notification("troop_movement", InWithdrawalZone, "2025-03-09T22:00:00Z", "2025-03-10T06:00:00Z"));
        var c = Assert.Single(conflicts.Of("benchmark"));
        Assert.Equal("test-bench", c.GetProperty("slug").GetString());
        Assert.Equal("test-withdrawal", c.GetProperty("zone").GetString());
        Assert.Equal("alpha-force", c.GetProperty("organisation").GetString());
        // Forbidden from the due date: the overlap starts there, not at the window's start.
        Assert.Equal(BenchmarkDue, c.GetProperty("when").GetProperty("from").GetString());
        Assert.Equal("2025-03-10T06:00:00Z", c.GetProperty("when").GetProperty("to").GetString());
        var bbox = c.GetProperty("where").GetProperty("bbox").EnumerateArray().Select(x => x.GetDouble()).ToArray();
        Assert.Equal([35.515, 33.515, 35.52, 33.52], bbox.Select(v => Math.Round(v, 6)).ToArray());
    }

    [Fact]
    public async Task A_window_ending_at_the_due_date_another_party_another_kind_or_a_place_1_m_outside_do_not_conflict_with_the_benchmark()
    {
        Assert.Empty((await CheckAsync(api.Alpha, Notification("troop_movement", InWithdrawalZone, "2025-03-09T18:00:00Z", BenchmarkDue))).Of("benchmark"));
        Assert.Empty((await CheckAsync(api.Bravo, Notification("troop_movement", InWithdrawalZone, "2025-03-10T00:00:00Z", "2025-03-10T06:00:00Z"))).Of("benchmark"));
        Assert.Empty((await CheckAsync(api.Alpha, Notification("convoy", InWithdrawalZone, "2025-03-10T00:00:00Z", "2025-03-10T06:00:00Z"))).Of("benchmark"));
        var east = Geod.East(33.51, 35.52, 1);
        Assert.Empty((await CheckAsync(api.Alpha, Notification("strike", Box(east, 33.505, east + 0.01, 33.515), "2025-03-10T00:00:00Z", "2025-03-10T06:00:00Z"))).Of("benchmark"));
    }

    // ---- a truce in force whose scope covers the notification ----

    private static JsonObject InScope => Box(35.705, 33.605, 35.715, 33.615);

    [Fact]
    public async Task A_strike_in_a_truces_scope_while_it_is_in_force_conflicts_with_the_truce()
    {
        var conflicts = await CheckAsync(api.Alpha, Notification("strike", InScope, "2025-04-04T20:00:00Z", "2025-04-05T02:00:00Z"));
        var c = Assert.Single(conflicts.Of("truce"));
        Assert.Equal("test-truce", c.GetProperty("slug").GetString());
        Assert.Equal("2025-04-04T20:00:00Z", c.GetProperty("when").GetProperty("from").GetString());
        Assert.Equal(TruceEnd, c.GetProperty("when").GetProperty("to").GetString());
        Assert.Equal(0, c.GetProperty("where").GetProperty("distanceM").GetDouble());
    }

    [Fact]
    public async Task A_strike_1_m_outside_the_scope_after_the_truce_or_a_convoy_in_it_do_not_conflict_with_the_truce()
    {
        var east = Geod.East(33.61, 35.72, 1);
        Assert.Empty((await CheckAsync(api.Alpha, Notification("strike", Box(east, 33.605, east + 0.01, 33.615), "2025-04-02T00:00:00Z", "2025-04-02T06:00:00Z"))).Of("truce"));
        Assert.Empty((await CheckAsync(api.Alpha, Notification("strike", InScope, TruceEnd, "2025-04-05T06:00:00Z"))).Of("truce"));
        Assert.Empty((await CheckAsync(api.Alpha, Notification("convoy", InScope, "2025-04-02T00:00:00Z", "2025-04-02T06:00:00Z"))).Of("truce"));
    }

    [Fact]
    public async Task A_whole_region_truce_covers_a_strike_anywhere_with_the_whole_area_as_the_overlap()
    {
        var area = Box(36.0, 34.0, 36.01, 34.01);
        var conflicts = await CheckAsync(api.Alpha, Notification("strike", area, "2025-05-01T10:00:00Z", "2025-05-01T11:00:00Z"));
        var c = Assert.Single(conflicts.Of("truce"));
        Assert.Equal("test-region-truce", c.GetProperty("slug").GetString());
        var expected = Geod.Distance(34.005, 36.0, 34.005, 36.01) * Geod.Distance(34.0, 36.0, 34.01, 36.0);
        Assert.InRange(c.GetProperty("where").GetProperty("areaM2").GetDouble(), expected * 0.995, expected * 1.005);
    }

    // ---- filing runs the same check and records what it found ----

    [Fact]
    public async Task Filing_returns_and_records_the_conflicts_the_dry_run_finds_and_the_dry_run_writes_nothing()
    {
        var body = Notification("strike", InScope, "2025-04-02T00:00:00Z", "2025-04-02T06:00:00Z");
        var count = await api.ScalarAsync<long>("SELECT count(*) FROM notifications");
        var dry = await CheckAsync(api.Alpha, body);
        Assert.Equal(count, await api.ScalarAsync<long>("SELECT count(*) FROM notifications"));

        var res = await api.Alpha.PostAsJsonAsync("/api/notifications", body);
        Assert.Equal(System.Net.HttpStatusCode.Created, res.StatusCode);
        var filed = await BodyAsync(res);
        var id = filed.GetProperty("id").GetInt64();
        Assert.Equal($"/api/notifications/{id}", res.Headers.Location?.OriginalString);
        Assert.Equal(JsonSerializer.Serialize(dry), JsonSerializer.Serialize(filed.GetProperty("properties").GetProperty("conflicts")));
        Assert.Equal("truce", await api.ScalarAsync<string>("SELECT conflicts->0->>'kind' FROM notifications WHERE id = $1", id));
        var read = await BodyAsync(await api.Reader.GetAsync($"/api/notifications/{id}"));
        Assert.Equal(JsonSerializer.Serialize(dry), JsonSerializer.Serialize(read.GetProperty("properties").GetProperty("conflicts")));
    }

    [Fact]
    public async Task A_conflict_filed_later_by_the_other_party_shows_in_the_current_check_of_the_first()
    {
        var area = Box(36.2, 33.2, 36.21, 33.21);
        var first = (await BodyAsync(await api.Alpha.PostAsJsonAsync("/api/notifications", Notification("exercise", area, "2025-07-01T00:00:00Z", "2025-07-02T00:00:00Z"))))
            .GetProperty("id").GetInt64();
        var second = (await BodyAsync(await api.Bravo.PostAsJsonAsync("/api/notifications", Notification("convoy", area, "2025-07-01T12:00:00Z", "2025-07-01T13:00:00Z"))))
            .GetProperty("id").GetInt64();
        var now = await BodyAsync(await api.Reader.GetAsync($"/api/notifications/{first}/conflicts"));
        Assert.Equal(second, Assert.Single(now.GetProperty("conflicts").EnumerateArray()).GetProperty("id").GetInt64());
        var recorded = await BodyAsync(await api.Reader.GetAsync($"/api/notifications/{first}"));
        Assert.Empty(recorded.GetProperty("properties").GetProperty("conflicts").EnumerateArray());
    }

    [Fact]
    public async Task The_graphql_check_answers_what_the_rest_check_answers()
    {
        var body = Notification("strike", BesideCorridor(490), "2025-03-01T12:00:00Z", "2025-03-01T20:00:00Z");
        var rest = await CheckAsync(api.Alpha, body);
        var input = (JsonObject)body.DeepClone();
        input["kind"] = "STRIKE";
        var data = await GraphQL.GqlHttp.Data(api.Alpha, """
            query ($input: NotificationInput!) { checkNotification(input: $input) { conflicts { kind slug where { distanceM bbox } when { from to } detail } } }
            """, new { input });
        var gql = data.GetProperty("checkNotification").GetProperty("conflicts").EnumerateArray().ToList();
        Assert.Equal(rest.Count, gql.Count);
        for (var i = 0; i < rest.Count; i++)
        {
            Assert.Equal(rest[i].GetProperty("kind").GetString(), gql[i].GetProperty("kind").GetString()!.ToLowerInvariant());
            Assert.Equal(rest[i].GetProperty("detail").GetString(), gql[i].GetProperty("detail").GetString());
            Assert.Equal(rest[i].GetProperty("where").GetProperty("distanceM").GetDouble(), gql[i].GetProperty("where").GetProperty("distanceM").GetDouble());
        }
    }
}
