using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using GeoMonitor.Api.Features.Incidents.Query;
using GeoMonitor.Api.Features.Notifications;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Infrastructure.Database;
using GeoMonitor.Api.Infrastructure.Geodata;
using GeoMonitor.Api.Ogc;
using GeoMonitor.Geo.GeoJson;
using NetTopologySuite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using NetTopologySuite.IO.Converters;
using Npgsql;
using NpgsqlTypes;

namespace GeoMonitor.Bench;

/// <summary>
/// Issue 16 (docs/geodata.md, "Geometry to and from PostGIS"): geometry parameters through the Npgsql NetTopologySuite
/// plugin against the hand-written EWKB path they replaced, in one run.
/// <list type="number">
/// <item>The same statements, alternately: each geometry sent as EWKB bytes (bytea) parsed by ST_GeomFromEWKB — or, for
/// GraphQL's drawn area, GeoJSON text parsed by ST_GeomFromGeoJSON, as before — and sent as an NTS geometry through the
/// plugin; and the stored geometries read as EWKB then parsed by NTS's WKBReader, or read through the plugin.</item>
/// <item>With <c>--baselineApi DLL</c> (bench/run.sh geometry --baseline REV builds it): the API before (that build) and
/// after (this checkout's Release build) side by side, alternately: the upload benchmark's 100k-row CSV batch, the
/// query benchmark's 100k-feature GeoJSONSeq export, and an OGC page filtered by a bbox in EPSG:3857.</item>
/// <item>NetTopologySuite.IO.GeoJSON4STJ 4.0.0 next to the API's GeoJSON reader on the bad inputs the API's tests name,
/// and on a 5,000-vertex polygon.</item>
/// </list>
/// </summary>
public sealed class GeometryBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "geometry";

    /// <inheritdoc />
    public string Description => "geometry parameters: hand-written EWKB vs the Npgsql NTS plugin; the API before/after (--baselineApi); GeoJSON4STJ";

    private const string UploadDatabase = "geomonitor_bench_geometry";
    private static readonly DateTimeOffset T0 = new(2024, 6, 1, 0, 0, 0, TimeSpan.Zero), T1 = new(2024, 6, 22, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset ExportFrom = new(2024, 6, 1, 0, 0, 0, TimeSpan.Zero), ExportTo = new(2024, 9, 8, 0, 0, 0, TimeSpan.Zero);
    private static readonly GeometryFactory Wgs84 = NtsGeometryServices.Instance.CreateGeometryFactory(4326);

    /// <inheritdoc />
    public async Task RunAsync(BenchContext ctx)
    {
        ctx.Report($"\n## geometry benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {ctx.IncidentCount:N0} incidents, n = {ctx.Runs} per path (alternating)\n");
        await StatementsAsync(ctx);
        if (ctx.Options.TryGetValue("baselineApi", out var baseline)) await BeforeAfterAsync(ctx, Path.GetFullPath(baseline));
        else ctx.Report("(The API before/after needs --baselineApi DLL; `bench/run.sh geometry --baseline REV` builds REV's API and passes it.)\n");
        GeoJson4Stj(ctx);
    }

    // Alternately, the order swapped every round, so that neither path always runs second on a busy machine.
    private static async Task<(Measure.Timing A, Measure.Timing B)> AlternateAsync(Func<Task> a, Func<Task> b, int runs, int warmup)
    {
        for (var i = 0; i < warmup; i++) { await a(); await b(); }
        var (ta, tb) = (new List<double>(runs), new List<double>(runs));
        for (var i = 0; i < runs; i++)
            foreach (var (run, times) in i % 2 == 0 ? new[] { (a, ta), (b, tb) } : [(b, tb), (a, ta)])
            {
                var sw = Stopwatch.StartNew();
                await run();
                times.Add(sw.Elapsed.TotalMilliseconds);
            }
        return (Measure.Summarize(ta), Measure.Summarize(tb));
    }

    // The removed path's encoding (GeoMonitor.Geo's Ewkb.Write): little-endian, SRID embedded, 2D.
    private static byte[] Ewkb(Geometry g) => new WKBWriter(ByteOrder.LittleEndian, handleSRID: true, emitZ: false).Write(g);

    private static NpgsqlParameter EwkbParameter(string name, Geometry? g) =>
        new(name, NpgsqlDbType.Bytea) { Value = g is null ? DBNull.Value : Ewkb(g) };

    private static Polygon Circle(double lon, double lat, double radiusDeg, int vertices, GeometryFactory? factory = null)
    {
        var ring = Enumerable.Range(0, vertices)
            // Rounded to the 6 decimals the API's GeoJSON carries, so that text and binary give the same shape.
            .Select(i => new Coordinate(Math.Round(lon + radiusDeg * Math.Cos(2 * Math.PI * i / vertices), 6), Math.Round(lat + radiusDeg * Math.Sin(2 * Math.PI * i / vertices), 6)))
            .ToList();
        ring.Add(ring[0].Copy());
        return (factory ?? Wgs84).CreatePolygon([.. ring]);
    }

    // The removed area CTE: the shape parsed from its text or bytes, SRID 0 taken as 4326, another SRID transformed.
    private static string WithOldArea(string sql, string parse) => Regex.Replace(sql, @"\(SELECT (?:ST_Transform\(@gm_within, 4326\)|@gm_within) AS geom\)",
        $"(SELECT CASE WHEN ST_SRID(g) IN (0, 4326) THEN ST_SetSRID(g, 4326) ELSE ST_Transform(g, 4326) END AS geom FROM (SELECT {parse}(@gm_within) AS g) s)");

    private static string Mercator(double w, double s, double e, double n)
    {
        double X(double lon) => 6378137 * lon * Math.PI / 180;
        double Y(double lat) => 6378137 * Math.Log(Math.Tan(Math.PI / 4 + lat * Math.PI / 360));
        return string.Create(CultureInfo.InvariantCulture, $"{X(w)},{Y(s)},{X(e)},{Y(n)}");
    }

    private async Task StatementsAsync(BenchContext ctx)
    {
        await using var plain = NpgsqlDataSource.Create(ctx.ConnectionString);
        var cases = new List<(string What, Func<Task> Ewkb, Func<Task> Plugin)>();

        // 1. An OGC bbox in EPSG:3857 (densified, 32 points an edge) over 21 days of incidents.
        {
            var filter = OgcBbox.Parse(Mercator(35.4, 33.1, 35.6, 33.3), OgcCrs.Find("EPSG:3857")!).Apply(new IncidentFilter { From = T0, To = T1 });
            var q = IncidentSql.Build(filter);
            var sql = q.WithClause + $"SELECT count(*) FROM incidents i WHERE {q.Where}";
            cases.Add(("incidents in an OGC bbox in EPSG:3857 (129 vertices), 21 days: count", async () =>
            {
                await using var cmd = plain.CreateCommand(WithOldArea(sql, "ST_GeomFromEWKB"));
                foreach (var p in q.Parameters) cmd.Parameters.Add(p.ParameterName == "gm_within" ? EwkbParameter("gm_within", (Geometry)p.Value!) : p.Clone());
                await cmd.ExecuteScalarAsync();
            }, async () =>
            {
                await using var cmd = q.Command(ctx.Db, sql);
                await cmd.ExecuteScalarAsync();
            }));
        }

        // 2. GraphQL's drawn area (before: its GeoJSON text, parsed by PostGIS) over the same days.
        {
            var area = Circle(35.5, 33.2, 0.1, 500);
            var geoJson = new GeoJsonWriter().ToJson(area);
            var q = IncidentSql.Build(new IncidentFilter { From = T0, To = T1, Within = new AreaShape(area) });
            var sql = q.WithClause + $"SELECT count(*) FROM incidents i WHERE {q.Where}";
            cases.Add(("incidents within a drawn polygon (500 vertices; before: GeoJSON text), 21 days: count", async () =>
            {
                await using var cmd = plain.CreateCommand(WithOldArea(sql, "ST_GeomFromGeoJSON"));
                foreach (var p in q.Parameters)
                    cmd.Parameters.Add(p.ParameterName == "gm_within" ? new NpgsqlParameter("gm_within", NpgsqlDbType.Text) { Value = geoJson } : p.Clone());
                await cmd.ExecuteScalarAsync();
            }, async () =>
            {
                await using var cmd = q.Command(ctx.Db, sql);
                await cmd.ExecuteScalarAsync();
            }));
        }

        // 3. A layer write: a zone of 2,000 vertices upserted (as LayerAdminStore writes it), rolled back.
        {
            var zone = Circle(35.3, 33.4, 0.05, 2000);
            const string Upsert = """
                INSERT INTO zones (slug, name, kind, geom, source) VALUES ('bench-geometry', 'Bench geometry', 'other', ST_Multi(ST_CollectionExtract({0}, 3)), 'bench')
                ON CONFLICT (slug) DO UPDATE SET geom = EXCLUDED.geom
                """;
            async Task Write(NpgsqlDataSource db, string expression, NpgsqlParameter p)
            {
                await using var conn = await db.OpenConnectionAsync();
                await using var tx = await conn.BeginTransactionAsync();
                await using var cmd = new NpgsqlCommand(string.Format(CultureInfo.InvariantCulture, Upsert, expression), conn, tx);
                cmd.Parameters.Add(p);
                await cmd.ExecuteNonQueryAsync();
                await tx.RollbackAsync();
            }
            cases.Add(("a zone of 2,000 vertices upserted (rolled back)",
                () => Write(plain, "ST_GeomFromEWKB($1)", EwkbParameter("", zone)),
                () => Write(ctx.Db, "$1", new NpgsqlParameter { Value = zone })));
        }

        // 4. The deconfliction check of a notification's area (Deconfliction.Sql, as before with EWKB parameters).
        {
            var candidate = new Candidate("idf", "troop_movement", null, null, Circle(35.51, 33.21, 0.01, 32),
                new DateTime(2024, 6, 5, 8, 0, 0, DateTimeKind.Utc), new DateTime(2024, 6, 5, 14, 0, 0, DateTimeKind.Utc));
            var old = Deconfliction.Sql.Replace("@route::geometry", "ST_GeomFromEWKB(@route::bytea)", StringComparison.Ordinal)
                .Replace("@area::geometry", "ST_GeomFromEWKB(@area::bytea)", StringComparison.Ordinal);
            cases.Add(("the deconfliction check of a notification area (33 vertices)", async () =>
            {
                await using var cmd = plain.CreateCommand(old);
                Deconfliction.AddParameters(cmd.Parameters, candidate);
                cmd.Parameters["route"] = EwkbParameter("route", candidate.Route);
                cmd.Parameters["area"] = EwkbParameter("area", candidate.Area);
                await using var r = await cmd.ExecuteReaderAsync();
                while (await r.ReadAsync()) { }
            }, async () =>
            {
                await using var cmd = ctx.Db.CreateCommand(Deconfliction.Sql);
                Deconfliction.AddParameters(cmd.Parameters, candidate);
                await using var r = await cmd.ExecuteReaderAsync();
                while (await r.ReadAsync()) { }
            }));
        }

        // 5. The transfer alone: a 10,000-vertex polygon to the server and parsed there.
        {
            var big = Circle(35.5, 33.5, 0.2, 10_000);
            cases.Add(("a 10,000-vertex polygon sent and parsed: ST_NPoints", async () =>
            {
                await using var cmd = plain.CreateCommand("SELECT ST_NPoints(ST_GeomFromEWKB($1))");
                cmd.Parameters.Add(EwkbParameter("", big));
                await cmd.ExecuteScalarAsync();
            }, async () =>
            {
                await using var cmd = ctx.Db.CreateCommand("SELECT ST_NPoints($1)");
                cmd.Parameters.Add(new NpgsqlParameter { Value = big });
                await cmd.ExecuteScalarAsync();
            }));
        }

        // 6. Reads: every zone's geometry into NTS (before: ST_AsEWKB, then NTS's WKBReader, as Ewkb.Read did).
        {
            long vertices = 0;
            cases.Add(("every zone's geometry read into NTS", async () =>
            {
                await using var cmd = plain.CreateCommand("SELECT ST_AsEWKB(geom) FROM zones");
                await using var r = await cmd.ExecuteReaderAsync();
                var reader = new WKBReader(NtsGeometryServices.Instance) { HandleSRID = true };
                while (await r.ReadAsync()) vertices += reader.Read(r.GetFieldValue<byte[]>(0)).NumPoints;
            }, async () =>
            {
                await using var cmd = ctx.Db.CreateCommand("SELECT geom FROM zones");
                await using var r = await cmd.ExecuteReaderAsync();
                while (await r.ReadAsync()) vertices += r.GetFieldValue<Geometry>(0).NumPoints;
            }));
        }

        ctx.Report("### Statements: the same SQL with a hand-written EWKB (or GeoJSON text) parameter and with the plugin's geometry parameter\n");
        ctx.Report("| statement | EWKB path, median (min–max) | plugin, median (min–max) | plugin / EWKB |");
        ctx.Report("|---|---:|---:|---:|");
        var ratios = new List<(double Ratio, string What, Measure.Timing Ewkb, Measure.Timing Plugin)>();
        foreach (var (what, ewkb, plugin) in cases)
        {
            var (a, b) = await AlternateAsync(ewkb, plugin, ctx.Runs, warmup: 3);
            ratios.Add((b.MedianMs / a.MedianMs, what, a, b));
            ctx.Report($"| {what} | {a.MedianMs:F2} ms ({a.MinMs:F2}–{a.MaxMs:F2}) | {b.MedianMs:F2} ms ({b.MinMs:F2}–{b.MaxMs:F2}) | {b.MedianMs / a.MedianMs:F2}× |");
        }
        var slowest = ratios.MaxBy(r => r.Ratio);
        ctx.Report($"\n- plugin / EWKB, the slowest ratio of the {cases.Count} statements = {slowest.Ratio:F2}× (target ≤ 1.10×)\n");
        Client = await ClientSideAsync(ctx);
        // After the client-side table, so that the cause can quote it (no target line comes between).
        if (slowest.Ratio > 1.10) ctx.Report(GapCause(slowest.What, slowest.Ewkb, slowest.Plugin, "the EWKB path", "the plugin") + "\n");
    }

    // The client-side costs of a 10,000-vertex polygon measured by this run (µs): the one place the two paths differ for certain.
    private (double EncodeEwkb, double EncodePlugin, double DecodeEwkb, double DecodePlugin)? Client;

    // The "- cause of the gap" line the summary table carries for a missed target: the two medians with their ranges in
    // this run, and what the plugin measurably adds — client work on a geometry (the client-side table) — against the
    // difference; a slower median that lies inside the faster side's own range is said to be inside the run's spread.
    private string GapCause(string what, Measure.Timing baseline, Measure.Timing measured, string baselineName, string measuredName)
    {
        var diffUs = (measured.MedianMs - baseline.MedianMs) * 1000;
        var client = Client is { } c
            ? $"; what the plugin adds measurably is client work on a 10,000-vertex polygon: encoding {c.EncodeEwkb:F0} → {c.EncodePlugin:F0} µs "
              + $"(it writes a geometry twice), decoding {c.DecodeEwkb:F0} → {c.DecodePlugin:F0} µs"
            : "";
        // Overlapping samples (the slower side's fastest run under the faster side's median) cannot be told apart here.
        var spread = measured.MinMs <= baseline.MedianMs
            ? $"; the two overlap: {measuredName}'s fastest run is under {baselineName}'s median (load average {Measure.LoadAverage()})"
            : Client is { } k && (k.EncodePlugin - k.EncodeEwkb) < diffUs / 2
                ? "; client work accounts for less than half of the difference, and the rest (PostgreSQL's side and the transfer) was not split further by this bench"
                : "";
        return $"- cause of the gap: {what}: {measuredName} {measured.MedianMs:F2} ms ({measured.MinMs:F2}–{measured.MaxMs:F2}) against {baselineName} "
               + $"{baseline.MedianMs:F2} ms ({baseline.MinMs:F2}–{baseline.MaxMs:F2}), {diffUs:F0} µs more{client}{spread}";
    }

    // What differs between the two paths in the client (the server parses both with the same WKB reader): encoding a
    // geometry — NTS's WKBWriter into an array, or the plugin's PostGisWriter, which Npgsql runs twice (once into a
    // counting stream for the parameter's length, once into its buffer) — and decoding one, 100 times per sample.
    private static async Task<(double, double, double, double)> ClientSideAsync(BenchContext ctx)
    {
        (double, double, double, double) largest = default;
        ctx.Report("Client side alone, in this process (no database), 100 geometries per sample:\n");
        ctx.Report("| work | hand-written EWKB (NTS WKBWriter / WKBReader) | plugin (PostGisWriter ×2 / PostGisReader) | plugin / EWKB |");
        ctx.Report("|---|---:|---:|---:|");
        var buffer = new byte[1 << 20];
        foreach (var vertices in new[] { 33, 2_000, 10_000 })
        {
            var g = Circle(35.5, 33.5, 0.2, vertices - 1);
            var bytes = Ewkb(g);
            var writer = new PostGisWriter();
            var reader = new PostGisReader();
            var wkbReader = new WKBReader(NtsGeometryServices.Instance) { HandleSRID = true };
            var (we, wp) = await AlternateAsync(() => { for (var i = 0; i < 100; i++) Ewkb(g); return Task.CompletedTask; }, () =>
            {
                for (var i = 0; i < 100; i++)
                {
                    // PostGisWriter closes the stream it writes to.
                    writer.Write(g, new MemoryStream(buffer));
                    writer.Write(g, new MemoryStream(buffer));
                }
                return Task.CompletedTask;
            }, ctx.Runs, warmup: 5);
            var (re, rp) = await AlternateAsync(() => { for (var i = 0; i < 100; i++) wkbReader.Read(bytes); return Task.CompletedTask; },
                () => { for (var i = 0; i < 100; i++) reader.Read(new MemoryStream(bytes, writable: false)); return Task.CompletedTask; }, ctx.Runs, warmup: 5);
            ctx.Report($"| encode a polygon of {vertices:N0} vertices | {we.MedianMs * 10:F1} µs | {wp.MedianMs * 10:F1} µs | {wp.MedianMs / we.MedianMs:F2}× |");
            ctx.Report($"| decode a polygon of {vertices:N0} vertices | {re.MedianMs * 10:F1} µs | {rp.MedianMs * 10:F1} µs | {rp.MedianMs / re.MedianMs:F2}× |");
            largest = (we.MedianMs * 10, wp.MedianMs * 10, re.MedianMs * 10, rp.MedianMs * 10);
        }
        ctx.Report("");
        return largest;
    }

    private async Task BeforeAfterAsync(BenchContext ctx, string baselineDll)
    {
        if (!File.Exists(baselineDll)) throw new FileNotFoundException("the baseline API build is missing", baselineDll);
        var rows = int.Parse(ctx.Options.GetValueOrDefault("rows", "100000"), CultureInfo.InvariantCulture);
        var runs = int.Parse(ctx.Options.GetValueOrDefault("uploadRuns", "3"), CultureInfo.InvariantCulture);
        ctx.Report($"### The API before ({baselineDll}) and after (this checkout), alternately\n");
        ctx.Report("| measured | before, median (min–max) | after, median (min–max) | after / before |");
        ctx.Report("|---|---:|---:|---:|");
        var summary = new List<string>();
        var writes = new List<string>();

        // Uploads, on a database of their own (migrated, geodata loaded) so that their rows do not change the others.
        var cs = await FreshDatabaseAsync(ctx.ConnectionString);
        await using (var db = GeoDataSource.Create(cs))
        {
            await Migrator.MigrateAsync(db);
            await GeodataLoader.LoadAsync(db, Path.Combine(ctx.Root, "geodata"));
            await TruceMechanismsLoader.LoadAsync(db, Path.Combine(ctx.Root, "geodata"));
            var key = await new ApiKeys(db).CreateAsync("bench-geometry-uploader", Role.Reporter);
            await using var before = await ApiProcess.StartAsync(ctx.Root, cs, baselineDll);
            await using var after = await ApiProcess.StartAsync(ctx.Root, cs);
            var (b, a) = (new List<double>(), new List<double>());
            for (var run = 0; run < runs + 1; run++)
            {
                // Which goes first alternates; run 0 warms both up. Each upload is new rows (its own source).
                foreach (var (api, times, label) in run % 2 == 0 ? new[] { (before, b, "b"), (after, a, "a") } : [(after, a, "a"), (before, b, "b")])
                {
                    var seconds = await UploadAsync(api, key, Csv(rows, seed: run, source: $"bench-geometry-{label}{run}"));
                    BenchContext.Log($"upload run {run} {(label == "b" ? "before" : "after")}: {rows / seconds:N0} rows/s");
                    if (run > 0) times.Add(seconds * 1000);
                }
            }
            var (tb, ta) = (Measure.Summarize(b), Measure.Summarize(a));
            writes.Add($"| POST /api/incidents/batch, {rows:N0}-row CSV (rows/s) | {rows / tb.MedianMs * 1000:N0} ({rows / tb.MaxMs * 1000:N0}–{rows / tb.MinMs * 1000:N0}) | {rows / ta.MedianMs * 1000:N0} ({rows / ta.MaxMs * 1000:N0}–{rows / ta.MinMs * 1000:N0}) | {ta.MedianMs / tb.MedianMs:F2}× time |");
            summary.Add($"- upload: API after / before (time of a {rows:N0}-row batch) = {ta.MedianMs / tb.MedianMs:F2}× (target ≤ 1.10×)");
            if (ta.MedianMs / tb.MedianMs > 1.10) summary.Add(GapCause("the upload", tb, ta, "before", "after"));

            // The largest geometry a non-admin request sends: a notification's area of 10,000 vertices (its limit), checked
            // without being stored. (An admin's zone write is dominated by re-enriching the incidents in the zone.)
            var liaison = await new ApiKeys(db).CreateAsync("bench-geometry-liaison", Role.Reporter, organisation: "idf");
            var ring = new GeoJsonWriter().ToJson(Circle(35.3, 33.2, 0.05, NotificationBody.MaxVertices - 1));
            var check = $$$"""{"kind":"troop_movement","start":"2024-06-05T08:00:00Z","end":"2024-06-05T14:00:00Z","area":{{{ring}}}}""";
            var (cb, ca) = await AlternateAsync(() => SendAsync(before, HttpMethod.Post, "/api/notifications/check", liaison, check),
                () => SendAsync(after, HttpMethod.Post, "/api/notifications/check", liaison, check), ctx.Runs, warmup: 3);
            writes.Add($"| POST /api/notifications/check, an area of {NotificationBody.MaxVertices:N0} vertices ({check.Length / 1024:N0} KiB) | {cb} | {ca} | {ca.MedianMs / cb.MedianMs:F2}× |");
            summary.Add($"- notification check ({NotificationBody.MaxVertices:N0} vertices): API after / before = {ca.MedianMs / cb.MedianMs:F2}× (target ≤ 1.10×)");
            if (ca.MedianMs / cb.MedianMs > 1.10) summary.Add(GapCause("the check", cb, ca, "before", "after"));
        }
        foreach (var line in writes) ctx.Report(line);

        // Reads on the bench database: the query benchmark's export and an OGC page with a projected bbox.
        {
            await using var before = await ApiProcess.StartAsync(ctx.Root, ctx.ConnectionString, baselineDll);
            await using var after = await ApiProcess.StartAsync(ctx.Root, ctx.ConnectionString);
            for (var i = 0; i < Measure.ApiWarmup; i++)
            {
                await before.DrainAsync("/api/incidents?limit=100", ctx.ReaderKey);
                await after.DrainAsync("/api/incidents?limit=100", ctx.ReaderKey);
            }
            var export = $"/api/incidents?from={Iso(ExportFrom)}&to={Iso(ExportTo)}&format=geojsonseq";
            var ogc = $"/ogc/collections/incidents/items?bbox={Mercator(35.4, 33.1, 35.6, 33.3)}&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/3857"
                      + $"&datetime={Iso(T0)}/{Iso(T1)}&limit=1000";
            foreach (var (what, url, runsOf) in new[] { ("GeoJSONSeq export, 100k features", export, Math.Max(5, ctx.Runs / 2)), ("OGC items, bbox in EPSG:3857, 21 days, 1,000 a page", ogc, ctx.Runs) })
            {
                long bytesB = 0, bytesA = 0;
                var (tb, ta) = await AlternateAsync(
                    async () => bytesB = await before.DrainAsync(url, ctx.ReaderKey),
                    async () => bytesA = await after.DrainAsync(url, ctx.ReaderKey), runsOf, warmup: 2);
                if (bytesA != bytesB) ctx.Report($"(!) {what}: {bytesB:N0} bytes before, {bytesA:N0} after");
                ctx.Report($"| {what} ({bytesA / 1e6:F1} MB) | {tb} | {ta} | {ta.MedianMs / tb.MedianMs:F2}× |");
                summary.Add($"- {(url == export ? "export" : "OGC bbox in EPSG:3857")}: API after / before = {ta.MedianMs / tb.MedianMs:F2}× (target ≤ 1.10×)");
                if (ta.MedianMs / tb.MedianMs > 1.10) summary.Add(GapCause(what, tb, ta, "before", "after"));
            }
        }
        ctx.Report("");
        foreach (var line in summary) ctx.Report(line);
        ctx.Report("");
    }

    private static async Task SendAsync(ApiProcess api, HttpMethod method, string url, string key, string json)
    {
        using var req = new HttpRequestMessage(method, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        req.Headers.Authorization = new("Bearer", key);
        using var res = await api.Client.SendAsync(req);
        var body = await res.Content.ReadAsStringAsync();
        if (!res.IsSuccessStatusCode) throw new InvalidOperationException($"{method} {url} failed: {(int)res.StatusCode} {body[..Math.Min(500, body.Length)]}");
    }

    private static async Task<double> UploadAsync(ApiProcess api, string key, byte[] csv)
    {
        using var content = new ByteArrayContent(csv);
        content.Headers.ContentType = new("text/csv");
        using var req = new HttpRequestMessage(HttpMethod.Post, "/api/incidents/batch") { Content = content };
        req.Headers.Authorization = new("Bearer", key);
        var sw = Stopwatch.StartNew();
        using var res = await api.Client.SendAsync(req);
        var body = await res.Content.ReadAsStringAsync();
        var seconds = sw.Elapsed.TotalSeconds;
        if (!res.IsSuccessStatusCode) throw new InvalidOperationException($"upload failed: {(int)res.StatusCode} {body[..Math.Min(500, body.Length)]}");
        return seconds;
    }

    // The upload benchmark's rows: points around the Blue Line, days in 2024, deterministic per seed.
    private static byte[] Csv(int n, int seed, string source)
    {
        var random = new Random(seed);
        string[] subs = ["Shelling/artillery/missile attack", "Air/drone strike", "Remote explosive/landmine/IED"];
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var sb = new StringBuilder("source,externalId,occurredAt,eventType,subEventType,fatalities,lon,lat,notes\n");
        for (var i = 0; i < n; i++)
            sb.Append(CultureInfo.InvariantCulture, $"{source},e-{i},{start.AddSeconds(random.Next(0, 365 * 86400)):yyyy-MM-dd'T'HH:mm:ss'Z'},Explosions/Remote violence,{subs[i % 3]},{random.Next(0, 4)},{Math.Round(35.1 + random.NextDouble() * 0.8, 6)},{Math.Round(33.0 + random.NextDouble() * 0.4, 6)},bench row\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static async Task<string> FreshDatabaseAsync(string benchConnectionString)
    {
        var admin = new NpgsqlConnectionStringBuilder(benchConnectionString) { Database = "postgres", Pooling = false };
        await using (var conn = new NpgsqlConnection(admin.ConnectionString))
        {
            await conn.OpenAsync();
            // The name is a constant of this file, never input.
            await using (var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {UploadDatabase} WITH (FORCE)", conn)) await drop.ExecuteNonQueryAsync();
            await using (var create = new NpgsqlCommand($"CREATE DATABASE {UploadDatabase}", conn)) await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(benchConnectionString) { Database = UploadDatabase }.ConnectionString;
    }

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    // The API's reader and GeoJSON4STJ on the same bad geometries (the API's field errors quote the first column's text).
    private static void GeoJson4Stj(BenchContext ctx)
    {
        var stj = new JsonSerializerOptions();
        stj.Converters.Add(new GeoJsonConverterFactory());
        var ours = new GeoJsonReader();
        string Ours(string json)
        {
            try { return "accepted: " + ours.ReadGeometry(json).AsText(); }
            catch (GeoJsonException e) { return e.Message; }
        }
        string Theirs(string json)
        {
            try { return "accepted: " + JsonSerializer.Deserialize<Geometry>(json, stj)?.AsText(); }
            catch (Exception e) { return $"{e.GetType().Name}: {e.Message}" + (e is JsonException j ? $" [Path {j.Path}]" : ""); }
        }
        (string What, string Json)[] inputs =
        [
            ("ring not closed", """{"type":"Polygon","coordinates":[[[35,33],[35.1,33],[35.1,33.1],[35,33.1]]]}"""),
            ("latitude 95", """{"type":"Polygon","coordinates":[[[35,33],[35.1,33],[35.1,95],[35,33]]]}"""),
            ("a string for a number", """{"type":"Polygon","coordinates":[[[35,33],[35.1,"33"],[35.1,33.1],[35,33]]]}"""),
            ("one level too shallow", """{"type":"Polygon","coordinates":[[35,33],[35.1,33],[35.1,33.1],[35,33]]}"""),
            ("misspelt type", """{"type":"Polygone","coordinates":[[[35,33],[35.1,33],[35.1,33.1],[35,33]]]}"""),
            ("no coordinates", """{"type":"Polygon"}"""),
            ("a ring of 3 positions", """{"type":"Polygon","coordinates":[[[35,33],[35.1,33],[35,33]]]}"""),
            ("1e400 (infinite)", """{"type":"Point","coordinates":[1e400,33]}"""),
            ("a position of one number", """{"type":"Point","coordinates":[35]}"""),
        ];
        static string Cell(string s) => s.Replace("|", "\\|", StringComparison.Ordinal);
        ctx.Report("### NetTopologySuite.IO.GeoJSON4STJ 4.0.0 and the API's GeoJSON reader on the same bad geometries\n");
        ctx.Report("| input | the API's reader (GeoMonitor.Geo) | GeoJSON4STJ (GeoJsonConverterFactory) |");
        ctx.Report("|---|---|---|");
        foreach (var (what, json) in inputs) ctx.Report($"| {what} | {Cell(Ours(json))} | {Cell(Theirs(json))} |");

        var polygon = new GeoJsonWriter().ToJson(Circle(35.5, 33.2, 0.1, 4999));
        var n = Math.Max(50, ctx.Runs * 10);
        var (a, b) = AlternateAsync(() => { ours.ReadGeometry(polygon); return Task.CompletedTask; },
            () => { JsonSerializer.Deserialize<Geometry>(polygon, stj); return Task.CompletedTask; }, n, warmup: 20).GetAwaiter().GetResult();
        ctx.Report($"\nReading a 5,000-vertex polygon ({polygon.Length / 1024.0:F0} KiB): the API's reader {a.MedianMs * 1000:F0} µs, GeoJSON4STJ {b.MedianMs * 1000:F0} µs (medians of {n}).\n");
    }
}
