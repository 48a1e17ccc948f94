using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Tests.Infrastructure;
using GeoMonitor.Api.Tests.Ogc;
using GeoMonitor.Api.Tiles;
using Microsoft.Extensions.DependencyInjection;

namespace GeoMonitor.Api.Tests.Tiles;

public sealed class TileTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static (int X, int Y, double Px, double Py) Locate(double lon, double lat, int z) => Mvt.Locate(lon, lat, z);

    private static async Task<Mvt.Layer?> Layer(HttpClient client, string url, string name)
    {
        var res = await client.GetAsync(url);
        var bytes = await res.Content.ReadAsByteArrayAsync();
        Assert.True(res.IsSuccessStatusCode, $"{url}: {(int)res.StatusCode} {System.Text.Encoding.UTF8.GetString(bytes)}");
        Assert.Equal("application/vnd.mapbox-vector-tile", res.Content.Headers.ContentType!.MediaType);
        return Mvt.Decode(bytes).SingleOrDefault(l => l.Name == name);
    }

    [Fact]
    public async Task A_hand_placed_point_lands_at_its_tile_local_coordinates()
    {
        var source = "tile-pt-" + Guid.NewGuid().ToString("N")[..8];
        const double lon = 35.4321, lat = 33.1234;
        var id = await HandPlaced.InsertAsync(api, source, "p", lon, lat, new DateTimeOffset(2031, 6, 1, 8, 0, 0, TimeSpan.Zero), fatalities: 2);
        var client = api.CreateClient();
        foreach (var z in new[] { 8, 12, 14 })
        {
            var (x, y, px, py) = Locate(lon, lat, z);
            var layer = await Layer(client, $"/tiles/incidents/{z}/{x}/{y}.mvt?source={source}", "incidents");
            Assert.NotNull(layer);
            var f = Assert.Single(layer.Features);
            Assert.Equal((ulong)id, f.Id);
            Assert.Equal(1, f.GeometryType); // POINT
            Assert.InRange(f.First.X, Math.Floor(px) - 1, Math.Ceiling(px) + 1);
            Assert.InRange(f.First.Y, Math.Floor(py) - 1, Math.Ceiling(py) + 1);
            Assert.Equal("2031-06-01T08:00:00Z", f.Tags["occurredAt"]);
            Assert.Equal(2.0, f.Tags["fatalities"]);
            Assert.Equal("Battles", f.Tags["eventType"]);
            // The neighbouring tile to the east does not hold it (the point is not within its buffer).
            if (px < 4096 - 64)
                Assert.Null(await Layer(client, $"/tiles/incidents/{z}/{x + 1}/{y}.mvt?source={source}", "incidents"));
        }
    }

    [Fact]
    public async Task Every_zone_line_and_corridor_is_in_the_region_tile_and_the_tilejson_describes_the_layer()
    {
        var client = api.CreateClient();
        var zones = await Layer(client, "/tiles/zones/6/38/25.mvt", "zones");
        Assert.NotNull(zones);
        Assert.Equal(await api.ScalarAsync<long>("SELECT count(*) FROM zones"), zones.Features.Count);
        Assert.All(zones.Features, f => Assert.Equal(3, f.GeometryType)); // POLYGON
        var slugs = zones.Features.Select(f => (string)f.Tags["slug"]).ToHashSet();
        Assert.Contains(await api.ScalarAsync<string>("SELECT slug FROM zones ORDER BY id LIMIT 1"), slugs);
        foreach (var layer in new[] { "lines", "corridors" })
            Assert.Equal(await api.ScalarAsync<long>($"SELECT count(*) FROM {layer}"), (await Layer(client, $"/tiles/{layer}/6/38/25.mvt", layer))!.Features.Count);

        var tj = JsonDocument.Parse(await client.GetStringAsync("/tiles/incidents.json?truce=" + await FirstTruce())).RootElement;
        Assert.Equal("3.0.0", tj.GetProperty("tilejson").GetString());
        var template = tj.GetProperty("tiles")[0].GetString()!;
        Assert.EndsWith("/tiles/incidents/{z}/{x}/{y}.mvt?truce=" + await FirstTruce(), template);
        Assert.Equal("incidents", tj.GetProperty("vector_layers")[0].GetProperty("id").GetString());
        Assert.True(tj.GetProperty("vector_layers")[0].GetProperty("fields").TryGetProperty("eventType", out _));
        Assert.Equal(4, tj.GetProperty("bounds").GetArrayLength());
    }

    private Task<string> FirstTruce() => api.ScalarAsync<string>("SELECT slug FROM truces ORDER BY lower(during) LIMIT 1");

    [Fact]
    public async Task A_truce_filtered_world_tile_holds_exactly_the_verified_incidents_of_the_truce()
    {
        var truce = await FirstTruce();
        var expected = await api.ScalarAsync<long>(
            "SELECT count(*) FROM incidents i JOIN truces t ON t.during @> i.occurred_at WHERE t.slug = $1 AND i.status = 'published_verified'", truce);
        Assert.True(expected > 0, "the test needs verified incidents in the first truce");
        var layer = await Layer(api.CreateClient(), $"/tiles/incidents/0/0/0.mvt?truce={truce}", "incidents");
        Assert.NotNull(layer);
        Assert.Equal(expected, layer.Features.Count);
        Assert.All(layer.Features, f => Assert.Equal("published_verified", f.Tags["status"]));

        var rest = JsonDocument.Parse(await api.CreateClient().GetStringAsync($"/api/incidents?truce={truce}&limit=10000")).RootElement;
        Assert.Equal(rest.GetProperty("features").EnumerateArray().Select(f => (ulong)f.GetProperty("id").GetInt64()).Order(),
            layer.Features.Select(f => f.Id).Order());
    }

    [Fact]
    public async Task Tiles_carry_an_etag_answer_304_and_are_served_from_the_cache()
    {
        var client = api.CreateClient();
        var first = await client.GetAsync("/tiles/zones/8/152/102.mvt");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var etag = first.Headers.ETag!;
        Assert.Equal("public, max-age=300", first.Headers.CacheControl!.ToString());
        var again = await client.GetAsync("/tiles/zones/8/152/102.mvt");
        Assert.Equal("hit", again.Headers.GetValues("X-Tile-Cache").Single());
        Assert.Equal(etag, again.Headers.ETag);
        // Server Timing (W3C): the server's own time for the tile, a render first, then a cache hit.
        Assert.Matches("^tile;desc=\"miss\";dur=[0-9]+(\\.[0-9]{1,3})?$", first.Headers.GetValues("Server-Timing").Single());
        Assert.Matches("^tile;desc=\"hit\";dur=[0-9]+(\\.[0-9]{1,3})?$", again.Headers.GetValues("Server-Timing").Single());
        Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await again.Content.ReadAsByteArrayAsync());

        var conditional = new HttpRequestMessage(HttpMethod.Get, "/tiles/zones/8/152/102.mvt");
        conditional.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(conditional)).StatusCode);

        var incidents = await client.GetAsync("/tiles/incidents/8/152/102.mvt");
        Assert.Contains("no-cache", incidents.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task A_new_incident_shows_on_its_cached_tile_at_once()
    {
        var source = "tile-new-" + Guid.NewGuid().ToString("N")[..8];
        const double lon = 35.2222, lat = 33.0777;
        var (x, y, _, _) = Locate(lon, lat, 13);
        var url = $"/tiles/incidents/13/{x}/{y}.mvt?source={source}";
        var client = api.CreateClient();
        Assert.Null(await Layer(client, url, "incidents"));
        Assert.Equal("hit", (await client.GetAsync(url)).Headers.GetValues("X-Tile-Cache").Single());

        // A writer in this process invalidates after commit: the next request already renders the new row.
        var id = await HandPlaced.InsertAsync(api, source, "n1", lon, lat, DateTimeOffset.UtcNow.AddDays(-1));
        api.Services.GetRequiredService<TileCache>().Invalidate(lon, lat);
        var layer = await Layer(client, url, "incidents");
        Assert.Equal((ulong)id, Assert.Single(layer!.Features).Id);

        // A write from elsewhere (here: plain SQL, nobody calls Invalidate) arrives through NOTIFY gm_tiles.
        var id2 = await HandPlaced.InsertAsync(api, source, "n2", lon + 0.0001, lat, DateTimeOffset.UtcNow.AddDays(-1));
        var deadline = DateTime.UtcNow.AddSeconds(5);
        IReadOnlyList<Mvt.Feature> features = [];
        while (DateTime.UtcNow < deadline)
        {
            features = (await Layer(client, url, "incidents"))!.Features;
            if (features.Count == 2) break;
            await Task.Delay(20);
        }
        Assert.Equal(new[] { (ulong)id, (ulong)id2 }.Order(), features.Select(f => f.Id).Order());

        // And one made through the upload API (reporter key), visible at once to a reader of the reporter's organisation
        // (it is held for verification: only organisations in its process see it).
        var reporter = await api.CreateClientAsAsync(Role.Reporter, null, "tile-newsroom");
        var post = await reporter.PostAsJsonAsync("/api/incidents", new
        {
            source, externalId = "n3", occurredAt = "2025-07-01T10:00:00Z", eventType = "Battles", subEventType = "Armed clash",
            lon = lon - 0.0001, lat,
        });
        Assert.True(post.IsSuccessStatusCode, await post.Content.ReadAsStringAsync());
        var reader = await api.CreateClientAsAsync(Role.Reader, null, "tile-newsroom");
        deadline = DateTime.UtcNow.AddSeconds(5);
        while (DateTime.UtcNow < deadline)
        {
            features = (await Layer(reader, url, "incidents"))!.Features;
            if (features.Count == 3) break;
            await Task.Delay(20);
        }
        Assert.Equal(3, features.Count);
    }

    [Fact]
    public async Task Bad_tile_addresses_are_problems()
    {
        var client = api.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/tiles/rivers/0/0/0.mvt")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/tiles/zones/23/0/0.mvt")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/tiles/zones/2/4/0.mvt")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/tiles/zones/0/0/0.mvt?truce=x")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/tiles/incidents/0/0/0.mvt?truce=no-such-truce")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/tiles/incidents/0/0/0.mvt?status=reported")).StatusCode);
    }
}
