using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Tests.GraphQL;
using GeoMonitor.Api.Tests.Infrastructure;
using GeoMonitor.Api.Tests.Ogc;
using GeoMonitor.Api.Tests.Tiles;

namespace GeoMonitor.Api.Tests.Visibility;

/// <summary>The API on a socket (for the WebSocket subscriptions), with the geodata.</summary>
public sealed class VisibilityFixture() : ApiFixture(new ApiHostOptions { Hosting = Hosting.Socket });

/// <summary>
/// Every surface that returns incidents, asked anonymously for an incident that is not public (status reported), gives
/// the one documented behaviour (docs/api.md, "Who sees what"; Features/Incidents/IncidentVisibility.cs): naming its
/// status or its id is refused — 401 problem+json naming the parameter, or GraphQL UNAUTHENTICATED naming the argument —
/// and a request that names neither is answered without it. None returns it. A public incident placed beside it shows
/// that the same requests do reach data. The publication hold of the verification lifecycle (docs/verification.md) is
/// then walked for real: an upload that is still cooling off changes no anonymous count on any surface, and a key of
/// an organisation outside its process is refused it (403) while the reporter's and the team's organisations read it.
/// </summary>
public sealed class VisibilityTests(VisibilityFixture api) : IClassFixture<VisibilityFixture>
{
    private static readonly DateTimeOffset At = new(2033, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private const double Lon = 35.35, Lat = 33.21;

    private async Task<(string Source, long Public, long Hidden)> PlaceAsync()
    {
        var source = "vis-" + Guid.NewGuid().ToString("N")[..8];
        var visible = await HandPlaced.InsertAsync(api, source, "public", Lon, Lat, At);
        var hidden = await HandPlaced.InsertAsync(api, source, "hidden", Lon, Lat, At.AddMinutes(5), status: "reported");
        return (source, visible, hidden);
    }

    private static async Task Refused(HttpResponseMessage res, string parameter)
    {
        var body = await res.Content.ReadAsStringAsync();
        Assert.True(res.StatusCode == HttpStatusCode.Unauthorized, $"{res.RequestMessage!.RequestUri}: {(int)res.StatusCode} {body}");
        Assert.Equal("application/problem+json", res.Content.Headers.ContentType!.MediaType);
        Assert.Equal(parameter, JsonDocument.Parse(body).RootElement.GetProperty("parameter").GetString());
        Assert.DoesNotContain("hidden", body);
    }

    private static void RefusedInGraphQL(JsonElement response, string argument)
    {
        Assert.True(response.TryGetProperty("errors", out var errors), response.ToString());
        var e = errors[0];
        Assert.Equal("UNAUTHENTICATED", e.GetProperty("extensions").GetProperty("code").GetString());
        Assert.Equal(argument, e.GetProperty("extensions").GetProperty("argument").GetString());
        Assert.DoesNotContain("\"hidden\"", response.ToString());
    }

    [Fact]
    public async Task REST_lists_and_every_export_format_refuse_the_status_and_leave_the_incident_out_otherwise()
    {
        var (source, visible, hidden) = await PlaceAsync();
        var anon = api.CreateClient();
        foreach (var format in new[] { "", "&format=csv", "&format=csv&hxl=true", "&format=geojsonseq" })
        {
            await Refused(await anon.GetAsync($"/api/incidents?source={source}&status=reported{format}"), "status");
            var text = await anon.GetStringAsync($"/api/incidents?source={source}{format}");
            Assert.Contains("public", text);
            Assert.DoesNotContain("hidden", text);
        }
        await Refused(await anon.GetAsync($"/api/incidents/{hidden}"), "id");
        Assert.Equal(HttpStatusCode.OK, (await anon.GetAsync($"/api/incidents/{visible}")).StatusCode);
        // History names field teams' keys: it needs a key for every incident, published or not.
        Assert.Equal(HttpStatusCode.Unauthorized, (await anon.GetAsync($"/api/incidents/{hidden}/history")).StatusCode);
    }

    [Fact]
    public async Task Stats_and_truce_reports_refuse_the_status_and_count_only_public_incidents_otherwise()
    {
        var (source, _, _) = await PlaceAsync();
        var anon = api.CreateClient();
        await Refused(await anon.GetAsync($"/api/stats/incidents?source={source}&status=reported"), "status");
        var stats = JsonDocument.Parse(await anon.GetStringAsync($"/api/stats/incidents?source={source}")).RootElement;
        Assert.Equal(1, stats.GetProperty("total").GetInt32());

        var truce = await api.ScalarAsync<string>("SELECT slug FROM truces ORDER BY slug LIMIT 1");
        await Refused(await anon.GetAsync($"/api/truces/{truce}/report?status=reported"), "status");
        var gql = await anon.Gql($$"""{ truceReport(slug: "{{truce}}", statuses: [REPORTED]) { lengthDays } }""");
        RefusedInGraphQL(gql, "statuses");
        var stat = await anon.Gql($$"""{ incidentStats(filter: {sources: ["{{source}}"], statuses: [REPORTED]}) { total } }""");
        RefusedInGraphQL(stat, "filter.statuses");
        Assert.Equal(1, (await anon.Data($$"""{ incidentStats(filter: {sources: ["{{source}}"]}) { total } }""")).GetProperty("incidentStats").GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task OGC_items_refuse_the_status_and_the_id_and_leave_the_incident_out_otherwise()
    {
        var (source, visible, hidden) = await PlaceAsync();
        var anon = api.CreateClient();
        await Refused(await anon.GetAsync($"/ogc/collections/incidents/items?source={source}&status=reported"), "status");
        await Refused(await anon.GetAsync($"/ogc/collections/incidents/items/{hidden}"), "featureId");
        var page = JsonDocument.Parse(await anon.GetStringAsync($"/ogc/collections/incidents/items?source={source}")).RootElement;
        Assert.Equal([visible], page.GetProperty("features").EnumerateArray().Select(f => long.Parse(f.GetProperty("id").ToString())).ToArray());
    }

    [Fact]
    public async Task Tiles_refuse_the_status_and_draw_only_the_public_incident_otherwise()
    {
        var (source, visible, _) = await PlaceAsync();
        var anon = api.CreateClient();
        var (x, y, _, _) = Mvt.Locate(Lon, Lat, 12);
        await Refused(await anon.GetAsync($"/tiles/incidents/12/{x}/{y}.mvt?source={source}&status=reported"), "status");
        var tile = Mvt.Decode(await anon.GetByteArrayAsync($"/tiles/incidents/12/{x}/{y}.mvt?source={source}")).Single(l => l.Name == "incidents");
        Assert.Equal([(ulong)visible], tile.Features.Select(f => f.Id).ToArray());
    }

    [Fact]
    public async Task GraphQL_lists_nested_lists_and_single_incidents_refuse_and_leave_the_incident_out_otherwise()
    {
        var (source, visible, hidden) = await PlaceAsync();
        var anon = api.CreateClient();
        RefusedInGraphQL(await anon.Gql($$"""{ incidents(filter: {sources: ["{{source}}"], statuses: [REPORTED]}) { totalCount } }"""), "filter.statuses");
        var zone = await api.ScalarAsync<string>("SELECT slug FROM zones ORDER BY slug LIMIT 1");
        RefusedInGraphQL(await anon.Gql($$"""{ zone(slug: "{{zone}}") { incidents(filter: {statuses: [REPORTED]}) { totalCount } } }"""), "filter.statuses");
        RefusedInGraphQL(await anon.Gql($$"""{ incident(id: "{{hidden}}") { externalId } }"""), "id");

        var list = await anon.Data($$"""{ incidents(filter: {sources: ["{{source}}"]}) { totalCount nodes { externalId } } }""");
        Assert.Equal(["public"], list.GetProperty("incidents").GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("externalId").GetString()!).ToArray());
        Assert.Equal("public", (await anon.Data($$"""{ incident(id: "{{visible}}") { externalId } }""")).GetProperty("incident").GetProperty("externalId").GetString());
        // An id that names nothing is simply absent.
        Assert.Equal(JsonValueKind.Null, (await anon.Data("""{ incident(id: "987654321") { id } }""")).GetProperty("incident").ValueKind);
    }

    [Fact]
    public async Task The_changes_feed_serves_without_a_key_only_what_is_public()
    {
        var (_, visible, hidden) = await PlaceAsync();
        foreach (var id in new[] { visible, hidden })
            await api.ScalarAsync<int>("INSERT INTO incident_revisions (incident_id, version, action, changes) VALUES ($1, 1, 'create', '{}') RETURNING 1", id);
        // Once a reader key's feed has both (the horizon can wait for another test's transaction), the anonymous feed has one.
        var reader = await api.CreateClientAsAsync(Role.Reader);
        var keyed = new Changes.FeedClient(() => reader);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        bool Has(Changes.FeedClient f, long id) => f.Served.Any(c => c.GetProperty("kind").GetString() == "incident" && c.GetProperty("id").GetInt64() == id);
        while (!(Has(keyed, visible) && Has(keyed, hidden)) && clock.Elapsed < TimeSpan.FromSeconds(60))
            if (!(await keyed.PageAsync(1000)).More) await Task.Delay(30);
        var anon = new Changes.FeedClient(api.CreateClient);
        await anon.DrainAsync(1000);
        Assert.True(Has(anon, visible));
        Assert.False(Has(anon, hidden));
        Assert.DoesNotContain(anon.Served, c => c.GetRawText().Contains("\"hidden\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Subscriptions_refuse_the_status_and_never_deliver_a_non_public_incident()
    {
        using var refused = await SubscriptionAsync(null, """subscription { incidentReported(filter: {statuses: [REPORTED]}) { externalId } }""");
        var error = (await refused.NextAsync())!;
        Assert.Equal("error", error["type"]!.GetValue<string>());
        Assert.Equal("UNAUTHENTICATED", error["payload"]![0]!["extensions"]!["code"]!.GetValue<string>());

        var source = "vis-sub-" + Guid.NewGuid().ToString("N")[..8];
        var org = "vis-newsroom-" + Guid.NewGuid().ToString("N")[..6];
        // A reader key of the reporting organisation (in the incident's process) and one of another organisation.
        var readerKey = await new ApiKeys(api.Db).CreateAsync("vis-reader-" + Guid.NewGuid().ToString("N")[..6], Role.Reader, organisation: org);
        var outsiderKey = await new ApiKeys(api.Db).CreateAsync("vis-outsider-" + Guid.NewGuid().ToString("N")[..6], Role.Reader);
        var query = $$"""subscription { incidentReported(filter: {sources: ["{{source}}"]}) { externalId status } }""";
        using var anonymous = await SubscriptionAsync(null, query);
        using var keyed = await SubscriptionAsync(readerKey, query);
        using var outsider = await SubscriptionAsync(outsiderKey, query);

        var reporter = await api.CreateClientAsAsync(Role.Reporter, "vis-team-" + Guid.NewGuid().ToString("N")[..6], org);
        var post = await reporter.PostAsJsonAsync("/api/incidents", new
        {
            source, externalId = "hidden", occurredAt = "2026-03-01T12:00:00Z", eventType = "Battles", subEventType = "Armed clash", lon = Lon, lat = Lat,
        });
        Assert.True(post.IsSuccessStatusCode, await post.Content.ReadAsStringAsync());

        // The keyed subscriber receives the new (reported) incident: the event was published.
        var seen = (await keyed.NextAsync())!;
        Assert.Equal("hidden", seen["payload"]!["data"]!["incidentReported"]!["externalId"]!.GetValue<string>());
        // The anonymous subscriber and the outsider, listening to the same events, receive nothing.
        Assert.Null(await anonymous.NextAsync(TimeSpan.FromSeconds(2)));
        Assert.Null(await outsider.NextAsync(TimeSpan.FromSeconds(1)));
    }

    /// <summary>What an anonymous caller counts around the hold's test point, on every surface that counts incidents.</summary>
    private async Task<Dictionary<string, long>> AnonymousCountsAsync(HttpClient anon)
    {
        const string bbox = "35.25,33.15,35.27,33.17";
        var counts = new Dictionary<string, long>();
        var rest = JsonDocument.Parse(await anon.GetStringAsync($"/api/incidents?bbox={bbox}&limit=10000")).RootElement;
        counts["rest"] = rest.GetProperty("features").GetArrayLength();
        counts["csv"] = (await anon.GetStringAsync($"/api/incidents?bbox={bbox}&format=csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length - 1;
        counts["stats"] = JsonDocument.Parse(await anon.GetStringAsync($"/api/stats/incidents?bbox={bbox}")).RootElement.GetProperty("total").GetInt64();
        counts["map"] = JsonDocument.Parse(await anon.GetStringAsync($"/map/count?bbox={bbox}")).RootElement.GetProperty("count").GetInt64();
        counts["ogc"] = JsonDocument.Parse(await anon.GetStringAsync($"/ogc/collections/incidents/items?bbox={bbox}&limit=1000")).RootElement.GetProperty("numberMatched").GetInt64();
        var (x, y, _, _) = Mvt.Locate(HoldLon, HoldLat, 14);
        var tile = Mvt.Decode(await anon.GetByteArrayAsync($"/tiles/incidents/14/{x}/{y}.mvt")).SingleOrDefault(l => l.Name == "incidents");
        counts["tiles"] = tile?.Features.Count ?? 0;
        counts["graphql"] = (await anon.Data("""{ incidents(filter: {bbox: {minLon: 35.25, minLat: 33.15, maxLon: 35.27, maxLat: 33.17}}) { totalCount } }"""))
            .GetProperty("incidents").GetProperty("totalCount").GetInt64();
        return counts;
    }

    private const double HoldLon = 35.2611, HoldLat = 33.1611;

    [Fact]
    public async Task An_upload_still_cooling_off_changes_no_anonymous_count_on_any_surface_until_it_is_published()
    {
        // An observer team covering a zone around the point: the upload is assigned to it automatically.
        var tag = Guid.NewGuid().ToString("N")[..6];
        var zone = "vis-hold-" + tag;
        await using (var cmd = api.Db.CreateCommand($"""
            INSERT INTO zones (slug, name, kind, geom, source)
            VALUES ('{zone}', 'Hold test', 'other', ST_Multi(ST_MakeEnvelope(35.255, 33.155, 35.265, 33.165, 4326)), 'test')
            """))
            await cmd.ExecuteNonQueryAsync();
        var team = "vis-team-" + tag;
        var reporter = await api.CreateClientAsAsync(Role.Reporter, "vis-reporter-" + tag, "vis-ngo-" + tag);
        var member = await api.CreateClientAsAsync(Role.Reporter, "vis-observer-" + tag, "vis-observers-" + tag);
        await Verification.LifecycleData.TeamAsync(api, team, "vis-observers-" + tag, [zone], ["vis-observer-" + tag]);
        var anon = api.CreateClient();
        var before = await AnonymousCountsAsync(anon);

        var post = await reporter.PostAsJsonAsync("/api/incidents", new
        {
            source = "vis-hold", externalId = tag, occurredAt = "2026-04-20T08:00:00Z", eventType = "Battles", subEventType = "Armed clash", lon = HoldLon, lat = HoldLat,
        });
        Assert.Equal(HttpStatusCode.Created, post.StatusCode);
        var created = JsonDocument.Parse(await post.Content.ReadAsStringAsync()).RootElement;
        var id = created.GetProperty("id").GetInt64();
        Assert.Equal("assigned", created.GetProperty("status").GetString());
        var verified = await member.PostAsJsonAsync($"/api/incidents/{id}/verification", new { outcome = "verified_on_site", findings = "crater at the point" });
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        Assert.Equal("cooling_off", JsonDocument.Parse(await verified.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());

        // Still cooling off: no anonymous count moved, and asking for it by id or status is refused.
        Assert.Equal(before, await AnonymousCountsAsync(anon));
        await Refused(await anon.GetAsync($"/api/incidents/{id}"), "id");
        await Refused(await anon.GetAsync($"/ogc/collections/incidents/items/{id}"), "featureId");
        await Refused(await anon.GetAsync($"/api/incidents?status=cooling_off&bbox=35.25,33.15,35.27,33.17"), "status");
        RefusedInGraphQL(await anon.Gql($$"""{ incident(id: "{{id}}") { externalId } }"""), "id");

        // A reader of an organisation outside its process is refused it too (403), and counts it nowhere.
        var outsider = await api.CreateClientAsAsync(Role.Reader, "vis-outsider-" + tag);
        foreach (var (path, parameter) in new[] { ($"/api/incidents/{id}", "id"), ($"/ogc/collections/incidents/items/{id}", "featureId"), ($"/api/incidents/{id}/history", "id") })
        {
            var res = await outsider.GetAsync(path);
            Assert.True(res.StatusCode == HttpStatusCode.Forbidden, $"{path}: {(int)res.StatusCode}");
            Assert.Equal(parameter, JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement.GetProperty("parameter").GetString());
        }
        var forbidden = await outsider.Gql($$"""{ incident(id: "{{id}}") { externalId } }""");
        Assert.Equal("FORBIDDEN", forbidden.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
        Assert.Equal(before, await AnonymousCountsAsync(outsider));
        Assert.DoesNotContain(id, JsonDocument.Parse(await outsider.GetStringAsync("/api/incidents?status=cooling_off&source=vis-hold")).RootElement
            .GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetInt64()));

        // The reporter's organisation and the team's read it, with its state.
        foreach (var client in new[] { reporter, member })
            Assert.Equal("cooling_off", JsonDocument.Parse(await client.GetStringAsync($"/api/incidents/{id}")).RootElement.GetProperty("properties").GetProperty("status").GetString());

        // Published (the cooling-off moved into the past, an independent review): now every surface counts one more.
        await api.ScalarAsync<int>("WITH u AS (UPDATE incidents SET cooling_off_ends_at = now() - interval '1 minute' WHERE id = $1 RETURNING 1) SELECT count(*)::int FROM u", id);
        var reviewer = await api.CreateClientAsAsync(Role.Reviewer, "vis-reviewer-" + tag, "vis-mission-" + tag);
        Assert.Equal(HttpStatusCode.OK, (await reviewer.PostAsJsonAsync($"/api/incidents/{id}/review", new { status = "under_independent_review" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reviewer.PostAsJsonAsync($"/api/incidents/{id}/review", new { status = "published_disputed", note = "accounts differ" })).StatusCode);
        var after = await AnonymousCountsAsync(anon);
        Assert.Equal(before.ToDictionary(kv => kv.Key, kv => kv.Value + 1), after);
        var feature = JsonDocument.Parse(await anon.GetStringAsync($"/api/incidents/{id}")).RootElement.GetProperty("properties");
        Assert.Equal("published_disputed", feature.GetProperty("status").GetString());
        Assert.True(feature.GetProperty("disputed").GetBoolean());
    }

    private Task<WsSubscription> SubscriptionAsync(string? key, string query) => WsSubscription.StartAsync(api.BaseUrl, key, query);
}
