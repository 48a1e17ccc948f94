using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using GeoMonitor.Api.Infrastructure.Auth;
using Npgsql;

namespace GeoMonitor.Bench;

/// <summary>
/// Two API processes on one database, as two replicas behind a load balancer would be (docs/scaling.md): a z14
/// incident tile is rendered and cached by instance A, an incident is uploaded through instance B, and A must then
/// serve the tile anew (a cache miss with a different ETag), because B's write reached A through NOTIFY gm_tiles.
/// Reports how long after B's 201 A served the new tile, over a few repetitions. Fails (throws) when A keeps serving
/// the stale tile for 10 s. Runs on the scale benchmark's 1M database, so the shared bench database is not written to.
/// </summary>
public sealed class ReplicaBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "replicas";

    /// <inheritdoc />
    public string Description => "two API instances on one database: a write through B invalidates A's cached tile (NOTIFY)";

    /// <inheritdoc />
    public async Task RunAsync(BenchContext ctx)
    {
        var cs = await ScaleDataset.EnsureAsync(ctx, 1);
        string key;
        await using (var db = NpgsqlDataSource.Create(cs))
            key = await new ApiKeys(db).CreateAsync($"bench-replicas-{DateTime.UtcNow:yyyyMMddHHmmss}", Role.Reporter);
        await using var a = await ApiProcess.StartAsync(ctx.Root, cs);
        await using var b = await ApiProcess.StartAsync(ctx.Root, cs);
        var rng = new Random(9);
        var delays = new List<double>();
        var repetitions = Math.Max(3, ctx.Runs / 3);
        for (var i = 0; i < repetitions; i++)
        {
            var lon = 35.30 + rng.NextDouble() * 0.3;
            var lat = 33.05 + rng.NextDouble() * 0.15;
            var (x, y) = Tile(lon, lat, 14);
            var url = $"/tiles/incidents/14/{x}/{y}.mvt";
            var (first, _) = await GetTile(a, url, key);
            var (again, etag) = await GetTile(a, url, key);
            if (again != "hit") throw new InvalidOperationException($"instance A did not cache {url} (second request: {again})");

            var body = $$"""
                {"source":"bench-replicas","externalId":"{{Guid.NewGuid():N}}","occurredAt":"2023-10-07T12:00:00Z",
                 "eventType":"Strategic developments","subEventType":"Other","fatalities":0,
                 "lon":{{lon.ToString("F6", CultureInfo.InvariantCulture)}},"lat":{{lat.ToString("F6", CultureInfo.InvariantCulture)}}}
                """;
            using var post = new HttpRequestMessage(HttpMethod.Post, "/api/incidents") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            post.Headers.Authorization = new("Bearer", key);
            using var res = await b.Client.SendAsync(post);
            if (res.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"upload through B: {(int)res.StatusCode} {await res.Content.ReadAsStringAsync()}");
            var sw = Stopwatch.StartNew();
            while (true)
            {
                var (cache, now) = await GetTile(a, url, key);
                if (now != etag)
                {
                    if (cache != "miss") throw new InvalidOperationException("A served a new tile without a cache miss");
                    delays.Add(sw.Elapsed.TotalMilliseconds);
                    break;
                }
                if (sw.Elapsed > TimeSpan.FromSeconds(10)) throw new InvalidOperationException($"instance A still served the stale tile {url} 10 s after the write through B");
                await Task.Delay(5);
            }
            _ = first;
        }
        delays.Sort();
        ctx.Report($"\n## replicas benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, two API processes on one database, load average {ScaleBenchmark.LoadAverage()}\n");
        ctx.Report($"- {repetitions} times: z14 tile cached by A (`X-Tile-Cache: hit`), incident uploaded through B (201), A's next answer a miss with a new ETag");
        ctx.Report($"- time from B's 201 to A serving the new tile: min {delays[0]:F1} ms, max {delays[^1]:F1} ms (polled every 5 ms)");
        ctx.Report($"- **write through B seen in A's tile after (median) = {delays[delays.Count / 2]:F1} ms** (target ≤ 1000 ms)\n");
    }

    private static async Task<(string Cache, string ETag)> GetTile(ApiProcess api, string url, string key)
    {
        using var req = new HttpRequestMessage(HttpMethod.Get, url);
        req.Headers.Authorization = new("Bearer", key);
        using var res = await api.Client.SendAsync(req);
        res.EnsureSuccessStatusCode();
        await res.Content.ReadAsByteArrayAsync();
        return (res.Headers.TryGetValues("X-Tile-Cache", out var c) ? c.First() : "?", res.Headers.ETag?.Tag ?? "");
    }

    private static (int X, int Y) Tile(double lon, double lat, int z)
    {
        var n = 1 << z;
        var x = (int)Math.Floor((lon + 180) / 360 * n);
        var r = lat * Math.PI / 180;
        var y = (int)Math.Floor((1 - Math.Log(Math.Tan(r) + 1 / Math.Cos(r)) / Math.PI) / 2 * n);
        return (x, y);
    }
}
