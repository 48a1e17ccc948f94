using System.Globalization;
using GeoMonitor.Api.Tiles;
using Npgsql;

namespace GeoMonitor.Bench;

/// <summary>
/// Vector tiles (issue 7): an incident tile at z10 and at z14 through the API (cache bypassed) versus a hand-written
/// ST_AsMVT statement for the same tile run directly, timed alternately in the same run (target: API ≤ 2× SQL); then
/// the same tile re-requested, served from the API's tile cache.
/// </summary>
public sealed class TileBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "tiles";

    /// <inheritdoc />
    public string Description => "incident tiles z10/z14: API (uncached) vs raw ST_AsMVT, and a cached re-hit";

    /// <inheritdoc />
    public async Task RunAsync(BenchContext ctx)
    {
        ctx.Report($"\n## tiles benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {ctx.IncidentCount:N0} generated incidents, {ctx.Runs} timed runs each\n");
        // The busiest z14 tile of the verified incidents, and the z10 tile around it.
        var (x14, y14) = await BusiestTile(ctx.Db, 14);
        await using var api = await ctx.StartApiAsync();
        foreach (var (z, x, y) in new[] { (10, x14 >> 4, y14 >> 4), (14, x14, y14) })
            await OneTile(ctx, api, z, x, y);
    }

    private static async Task<(int X, int Y)> BusiestTile(NpgsqlDataSource db, int z)
    {
        await using var cmd = db.CreateCommand($"""
            SELECT floor((ST_X(geom) + 180) / 360 * 2 ^ {z})::int AS x,
                   floor((1 - ln(tan(radians(ST_Y(geom))) + 1 / cos(radians(ST_Y(geom)))) / pi()) / 2 * 2 ^ {z})::int AS y
            FROM incidents WHERE status = 'published_verified' GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1
            """);
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        return (r.GetInt32(0), r.GetInt32(1));
    }

    private static async Task OneTile(BenchContext ctx, ApiProcess api, int z, int x, int y)
    {
        // What an anonymous caller's tile is: the verified incidents with the tile layer's attributes.
        var layer = TileLayers.Find(TileLayers.Incidents)!;
        var fields = string.Join(", ", layer.Fields.Select(f => $"{f.Sql} AS \"{f.Name}\""));
        var sql = $"""
            SELECT ST_AsMVT(m.*, 'incidents', 4096, 'geom', 'id') FROM (
              SELECT i.id, {fields}, ST_AsMVTGeom(ST_Transform(i.geom, 3857), ST_TileEnvelope({z}, {x}, {y}), 4096, 64, true) AS geom
              FROM incidents i
              WHERE i.geom && ST_Transform(ST_TileEnvelope({z}, {x}, {y}, margin => 64.0 / 4096), 4326) AND i.status = 'published_verified'
              ORDER BY i.occurred_at, i.id) m
            """;
        long sqlBytes = 0, apiBytes = 0, features = 0;
        async Task Sql()
        {
            await using var cmd = ctx.Db.CreateCommand(sql);
            sqlBytes = ((byte[])(await cmd.ExecuteScalarAsync())!).Length;
        }
        var n = 0;
        async Task Api()
        {
            // A distinct, meaningless lower time bound per request: a new cache key, so every request renders.
            var bypass = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(n++).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            var res = await api.Client.GetAsync($"/tiles/incidents/{z}/{x}/{y}.mvt?from={bypass}");
            res.EnsureSuccessStatusCode();
            apiBytes = (await res.Content.ReadAsByteArrayAsync()).Length;
        }
        var (a, s) = await Measure.InterleavedAsync(Api, Sql, ctx.Runs);
        await using (var count = ctx.Db.CreateCommand($"SELECT count(*) FROM incidents WHERE status = 'published_verified' AND geom && ST_Transform(ST_TileEnvelope({z}, {x}, {y}, margin => 64.0 / 4096), 4326)"))
            features = (long)(await count.ExecuteScalarAsync())!;

        var url = $"/tiles/incidents/{z}/{x}/{y}.mvt";
        var first = await api.Client.GetAsync(url);
        first.EnsureSuccessStatusCode();
        var etag = first.Headers.ETag!.Tag;
        var serverMs = new List<double>();
        var hit = await Measure.MedianAsync(async () =>
        {
            var res = await api.Client.GetAsync(url);
            if (res.Headers.GetValues("X-Tile-Cache").Single() != "hit") throw new InvalidOperationException("expected a cache hit");
            serverMs.Add(Measure.ServerTiming(res, "tile"));
            await res.Content.ReadAsByteArrayAsync();
        }, ctx.Runs);
        // What a map client that already holds the tile does on the next view (the tile is no-cache): revalidate.
        var revalidate = await Measure.MedianAsync(async () =>
        {
            using var req = new HttpRequestMessage(HttpMethod.Get, url);
            req.Headers.TryAddWithoutValidation("If-None-Match", etag);
            using var res = await api.Client.SendAsync(req);
            if (res.StatusCode != System.Net.HttpStatusCode.NotModified) throw new InvalidOperationException($"expected 304, got {(int)res.StatusCode}");
        }, ctx.Runs);
        var server = Measure.Summarize(serverMs);

        ctx.Report($"### z{z} tile {z}/{x}/{y}: {features:N0} verified incidents, {apiBytes / 1024.0:F0} KiB (SQL {sqlBytes / 1024.0:F0} KiB)\n");
        ctx.Report($"- API  `GET {url}` uncached (cache key varied): {a}");
        ctx.Report($"- SQL  hand-written ST_AsMVT for the same tile: {s}");
        ctx.Report($"- ratio API / SQL (medians): {a.MedianMs / s.MedianMs:F2}× (target ≤ 2×)");
        ctx.Report($"- API  cached re-hit, server time (its Server-Timing header: cache look-up to response, body transfer excluded): {server}");
        ctx.Report($"- API  cached re-hit, revalidation at the client (If-None-Match, 304, no body): {revalidate}");
        ctx.Report($"- API  cached re-hit, whole body at the client ({apiBytes / 1024.0:F0} KiB over loopback): {hit}\n");
    }
}
