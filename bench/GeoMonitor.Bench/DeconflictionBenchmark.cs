using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GeoMonitor.Api.Features.Notifications;
using GeoMonitor.Api.Infrastructure.Auth;
using NetTopologySuite;
using Npgsql;

namespace GeoMonitor.Bench;

/// <summary>
/// The deconfliction check (issue 14): p50/p95/p99 of POST /api/notifications/check with 100,000 stored notifications
/// and the geodata layers (corridors, truces, the sample benchmarks), against the check's own statement
/// (<see cref="Deconfliction.Sql"/>) run directly with the same parameters, alternately, on the same random candidates.
/// The stored notifications are generated once in SQL with a fixed seed: boxes and 1–10 km routes of 200–5,000 m over the
/// region's centre, windows of 1–48 hours spread over the same 987 days as the bench incidents, ten parties, six kinds.
/// The candidates are strikes and troop movements of the IDF (so the benchmarks apply), 1–3 km boxes over the same
/// area, 2–12 hour windows. Options: --checks N (default 400), --notifications N (default 100000).
/// </summary>
public sealed class DeconflictionBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "deconfliction";

    /// <inheritdoc />
    public string Description => "p95 of POST /api/notifications/check at 100k stored notifications vs its statement as raw SQL";

    /// <inheritdoc />
    public async Task RunAsync(BenchContext ctx)
    {
        var checks = int.Parse(ctx.Options.GetValueOrDefault("checks", "400"), CultureInfo.InvariantCulture);
        var count = int.Parse(ctx.Options.GetValueOrDefault("notifications", "100000"), CultureInfo.InvariantCulture);
        await EnsureNotificationsAsync(ctx, count);
        var key = await new ApiKeys(ctx.Db).CreateAsync($"bench-liaison-{DateTime.UtcNow:yyyyMMddHHmmss}", Role.Reporter, organisation: "idf");

        var rng = new Random(20241127);
        var factory = NtsGeometryServices.Instance.CreateGeometryFactory(4326);
        var candidates = Enumerable.Range(0, checks).Select(_ =>
        {
            var lon = 35.15 + rng.NextDouble() * 0.8;
            var lat = 33.05 + rng.NextDouble() * 0.4;
            var size = 0.01 + rng.NextDouble() * 0.02;
            var start = new DateTime(2023, 10, 8, 0, 0, 0, DateTimeKind.Utc).AddHours(rng.Next(0, 987 * 24));
            var end = start.AddHours(2 + rng.Next(0, 11));
            var kind = rng.Next(2) == 0 ? "strike" : "troop_movement";
            // Counter-clockwise, rounded to the 6 decimals the API's GeoJSON carries, so both paths check the same shape.
            var ring = new[] { (lon, lat), (lon + size, lat), (lon + size, lat + size), (lon, lat + size), (lon, lat) }
                .Select(p => new NetTopologySuite.Geometries.Coordinate(Math.Round(p.Item1, 6), Math.Round(p.Item2, 6))).ToArray();
            var polygon = factory.CreatePolygon(ring);
            var body = new JsonObject
            {
                ["kind"] = kind, ["start"] = start.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                ["end"] = end.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                ["area"] = new JsonObject
                {
                    ["type"] = "Polygon",
                    ["coordinates"] = new JsonArray(new JsonArray(ring.Select(c => (JsonNode)new JsonArray(c.X, c.Y)).ToArray())),
                },
            };
            return (Body: body, Candidate: new Candidate("idf", kind, null, null, polygon, start, end));
        }).ToList();

        await using var api = await ctx.StartApiAsync();
        api.Client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        long apiConflicts = 0, sqlConflicts = 0;
        async Task<double> ApiCheck(int i)
        {
            var sw = Stopwatch.StartNew();
            var res = await api.Client.PostAsJsonAsync("/api/notifications/check", candidates[i].Body);
            var text = await res.Content.ReadAsStringAsync();
            var ms = sw.Elapsed.TotalMilliseconds;
            if (!res.IsSuccessStatusCode) throw new InvalidOperationException($"check answered {(int)res.StatusCode}: {text}");
            apiConflicts += System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty("conflicts").GetArrayLength();
            return ms;
        }
        async Task<double> SqlCheck(int i)
        {
            var sw = Stopwatch.StartNew();
            await using var conn = await ctx.Db.OpenConnectionAsync();
            await using var cmd = new NpgsqlCommand(Deconfliction.Sql, conn);
            Deconfliction.AddParameters(cmd.Parameters, candidates[i].Candidate);
            await using var r = await cmd.ExecuteReaderAsync();
            var values = new object[r.FieldCount];
            while (await r.ReadAsync()) { r.GetValues(values); sqlConflicts++; }
            return sw.Elapsed.TotalMilliseconds;
        }

        // A fresh API process runs partly on tier-0 JIT code at first (Measure.ApiWarmup): warm both paths, unmeasured.
        for (var i = 0; i < Math.Min(Measure.ApiWarmup, checks); i++) { await ApiCheck(i); await SqlCheck(i); }
        apiConflicts = sqlConflicts = 0;
        var apiMs = new List<double>(checks);
        var sqlMs = new List<double>(checks);
        for (var i = 0; i < checks; i++)
        {
            apiMs.Add(await ApiCheck(i));
            sqlMs.Add(await SqlCheck(i));
        }
        if (apiConflicts != sqlConflicts) throw new InvalidOperationException($"the API found {apiConflicts} conflicts, the statement {sqlConflicts}");

        var stored = await Scalar<long>(ctx, "SELECT count(*) FROM notifications");
        ctx.Report($"\n## deconfliction benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {stored:N0} stored notifications, {checks} checks each, load average {ScaleBenchmark.LoadAverage()}\n");
        ctx.Report("Random candidates (IDF strikes and troop movements, 1–3 km boxes over lon 35.15–35.95, lat 33.05–33.45, 2–12 h windows over 987 days), "
                   + $"each checked through `POST /api/notifications/check` (whole answer read) and as `Deconfliction.Sql` on a pooled connection, alternately; {apiConflicts} conflicts found by both.\n");
        ctx.Report($"- API  `POST /api/notifications/check`: {Percentiles(apiMs)}");
        ctx.Report($"- SQL  the same statement (Deconfliction.Sql): {Percentiles(sqlMs)}");
        ctx.Report($"- **p95 of the check through the API = {P(apiMs, 0.95):F1} ms** (target ≤ 50 ms)");
        ctx.Report($"- ratio API / SQL at p95 = {P(apiMs, 0.95) / P(sqlMs, 0.95):F2}× (the API adds HTTP, the body's reading and checks, and one look-up of the organisation)\n");
    }

    /// <summary>Creates the stored notifications unless the bench database already holds <paramref name="count"/> generated ones.</summary>
    private static async Task EnsureNotificationsAsync(BenchContext ctx, int count)
    {
        if (await Scalar<long>(ctx, "SELECT count(*) FROM notifications WHERE filed_by = 'bench'") == count) return;
        var sw = Stopwatch.StartNew();
        BenchContext.Log($"generating {count:N0} notifications...");
        await Exec(ctx, "DELETE FROM notifications WHERE filed_by = 'bench'");
        await Exec(ctx, "INSERT INTO organisations (slug, name) SELECT 'bench-party-' || n, 'Bench party ' || n FROM generate_series(0, 9) n ON CONFLICT DO NOTHING");
        var half = count / 2;
        await Exec(ctx, $"""
            SELECT setseed(0.14);
            INSERT INTO notifications (organisation, kind, geom, during, status, acknowledged_at, withdrawn_at, filed_by)
            SELECT 'bench-party-' || (n % 10), (ARRAY['troop_movement','strike','convoy','humanitarian_movement','exercise','other'])[1 + n % 6],
                   ST_Multi(ST_MakeEnvelope(x, y, x + s, y + s, 4326)),
                   tstzrange(t, t + (1 + floor(random() * 48)) * interval '1 hour', '[)'),
                   CASE WHEN n % 20 = 0 THEN 'withdrawn' WHEN n % 3 = 0 THEN 'acknowledged' ELSE 'filed' END,
                   CASE WHEN n % 20 <> 0 AND n % 3 = 0 THEN t END, CASE WHEN n % 20 = 0 THEN t END, 'bench'
            FROM (SELECT n, 35.1 + random() * 1.0 AS x, 33.0 + random() * 0.6 AS y, 0.002 + random() * 0.045 AS s,
                         timestamptz '2023-10-08T00:00:00Z' + floor(random() * 987 * 24) * interval '1 hour' AS t
                  FROM generate_series(1, {half}) n) g
            """);
        // Routes: their bands are buffered in metres by the table's trigger, as for a filed route.
        await Exec(ctx, $"""
            SELECT setseed(0.41);
            INSERT INTO notifications (organisation, kind, route, width_m, during, status, withdrawn_at, filed_by)
            SELECT 'bench-party-' || (n % 10), (ARRAY['convoy','troop_movement','humanitarian_movement','exercise'])[1 + n % 4],
                   ST_Multi(ST_MakeLine(ST_SetSRID(ST_MakePoint(x, y), 4326), ST_SetSRID(ST_MakePoint(x + dx, y + dy), 4326))),
                   200 + floor(random() * 4800),
                   tstzrange(t, t + (1 + floor(random() * 48)) * interval '1 hour', '[)'),
                   CASE WHEN n % 20 = 0 THEN 'withdrawn' ELSE 'filed' END, CASE WHEN n % 20 = 0 THEN t END, 'bench'
            FROM (SELECT n, 35.1 + random() * 1.0 AS x, 33.0 + random() * 0.6 AS y, (random() - 0.5) * 0.1 AS dx, (random() - 0.5) * 0.1 AS dy,
                         timestamptz '2023-10-08T00:00:00Z' + floor(random() * 987 * 24) * interval '1 hour' AS t
                  FROM generate_series(1, {count - half}) n) g
            """);
        await Exec(ctx, "VACUUM ANALYZE notifications");
        BenchContext.Log($"generated {count:N0} notifications in {sw.Elapsed.TotalSeconds:F0} s");
    }

    private static string Percentiles(List<double> ms) =>
        $"p50 {P(ms, 0.50):F1} ms, p95 {P(ms, 0.95):F1} ms, p99 {P(ms, 0.99):F1} ms (min {ms.Min():F1}, max {ms.Max():F1}, n={ms.Count})";

    // Nearest-rank percentile.
    private static double P(List<double> ms, double p)
    {
        var sorted = ms.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static async Task Exec(BenchContext ctx, string sql)
    {
        await using var cmd = ctx.Db.CreateCommand(sql);
        cmd.CommandTimeout = 0;
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<T> Scalar<T>(BenchContext ctx, string sql)
    {
        await using var cmd = ctx.Db.CreateCommand(sql);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }
}
