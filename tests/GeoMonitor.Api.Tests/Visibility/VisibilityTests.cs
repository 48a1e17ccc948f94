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
/// that the same requests do reach data.
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
        var readerKey = await new ApiKeys(api.Db).CreateAsync("vis-reader-" + Guid.NewGuid().ToString("N")[..6], Role.Reader);
        var query = $$"""subscription { incidentReported(filter: {sources: ["{{source}}"]}) { externalId status } }""";
        using var anonymous = await SubscriptionAsync(null, query);
        using var keyed = await SubscriptionAsync(readerKey, query);

        var reporter = await api.CreateClientAsAsync(Role.Reporter, "vis-team-" + Guid.NewGuid().ToString("N")[..6]);
        var post = await reporter.PostAsJsonAsync("/api/incidents", new
        {
            source, externalId = "hidden", occurredAt = "2026-03-01T12:00:00Z", eventType = "Battles", subEventType = "Armed clash", lon = Lon, lat = Lat,
        });
        Assert.True(post.IsSuccessStatusCode, await post.Content.ReadAsStringAsync());

        // The keyed subscriber receives the new (reported) incident: the event was published.
        var seen = (await keyed.NextAsync())!;
        Assert.Equal("hidden", seen["payload"]!["data"]!["incidentReported"]!["externalId"]!.GetValue<string>());
        // The anonymous subscriber, listening to the same events, receives nothing.
        Assert.Null(await anonymous.NextAsync(TimeSpan.FromSeconds(2)));
    }

    private async Task<Subscription> SubscriptionAsync(string? key, string query)
    {
        var ws = new ClientWebSocket();
        ws.Options.AddSubProtocol("graphql-transport-ws");
        await ws.ConnectAsync(new Uri(api.BaseUrl.Replace("http://", "ws://") + "/graphql/ws"), CancellationToken.None);
        var s = new Subscription(ws);
        var init = new JsonObject { ["type"] = "connection_init" };
        if (key is not null) init["payload"] = new JsonObject { ["Authorization"] = "Bearer " + key };
        await s.SendAsync(init);
        Assert.Equal("connection_ack", (await s.NextAsync())!["type"]!.GetValue<string>());
        await s.SendAsync(new JsonObject { ["id"] = "1", ["type"] = "subscribe", ["payload"] = new JsonObject { ["query"] = query } });
        return s;
    }

    /// <summary>A graphql-transport-ws client of one subscription.</summary>
    private sealed class Subscription(ClientWebSocket ws) : IDisposable
    {
        public Task SendAsync(JsonObject message) =>
            ws.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);

        /// <summary>The next message other than a ping; null when none came within <paramref name="wait"/> (default 10 s).</summary>
        public async Task<JsonNode?> NextAsync(TimeSpan? wait = null)
        {
            using var cts = new CancellationTokenSource(wait ?? TimeSpan.FromSeconds(10));
            var buffer = new byte[64 * 1024];
            try
            {
                while (true)
                {
                    using var text = new MemoryStream();
                    WebSocketReceiveResult r;
                    do
                    {
                        r = await ws.ReceiveAsync(buffer, cts.Token);
                        text.Write(buffer, 0, r.Count);
                    } while (!r.EndOfMessage);
                    var message = JsonNode.Parse(text.ToArray())!;
                    if (message["type"]!.GetValue<string>() is "ping" or "pong") continue;
                    return message;
                }
            }
            catch (OperationCanceledException) when (wait is not null)
            {
                return null;
            }
        }

        public void Dispose() => ws.Dispose();
    }
}
