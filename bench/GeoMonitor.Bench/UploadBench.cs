using System.Diagnostics;
using System.Globalization;
using System.Text;
using GeoMonitor.Api.Features.Layers;
using GeoMonitor.Api.Features.Truces;
using GeoMonitor.Api.Features.Uploads;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Infrastructure.Database;
using GeoMonitor.Api.Infrastructure.Geodata;
using Npgsql;
using NpgsqlTypes;

namespace GeoMonitor.Bench;

/// <summary>
/// Batch uploads (issues 4 and 17): rows per second of a 100k-row CSV through POST /api/incidents/batch (parse, validate;
/// per chunk: enrichment and key check on a second connection, binary COPY straight into incidents, 'create'
/// revisions; assignment, commit) next to a plain COPY of
/// the same rows into the incidents table, alternately in the same run. It uses its own database on the bench cluster
/// (migrated, geodata loaded, no generated incidents) so that the rows it adds do not change the other benchmarks.
/// </summary>
public sealed class UploadBench : IBenchmark
{
    /// <inheritdoc />
    public string Name => "upload";

    /// <inheritdoc />
    public string Description => "100k-row CSV through POST /api/incidents/batch vs COPY of the same rows";

    private const string Database = "geomonitor_bench_upload";

    /// <inheritdoc />
    public async Task RunAsync(BenchContext ctx)
    {
        var rows = int.Parse(ctx.Options.GetValueOrDefault("rows", "100000"), CultureInfo.InvariantCulture);
        var runs = int.Parse(ctx.Options.GetValueOrDefault("uploadRuns", "3"), CultureInfo.InvariantCulture);
        var cs = await FreshDatabaseAsync(ctx.ConnectionString);
        await using var db = NpgsqlDataSource.Create(cs);
        await Migrator.MigrateAsync(db);
        // The migrations set jit = off on the database (V020) for sessions opened after them, as the API's are: without
        // this the harness's own statements (the phases timed alone) ran on pooled sessions compiling with LLVM.
        db.Clear();
        await GeodataLoader.LoadAsync(db, Path.Combine(ctx.Root, "geodata"));
        var key = await new ApiKeys(db).CreateAsync("bench-uploader", Role.Reporter);

        ctx.Report($"\n## upload benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {rows:N0} rows per upload, {runs} runs each (alternating)\n");
        await using var api = await ApiProcess.StartAsync(ctx.Root, cs);
        var copy = new List<double>();
        var http = new List<double>();
        var pairs = new List<double>();
        var (copyCpu, apiCpu) = (new List<CpuSample.Use>(), new List<CpuSample.Use>());
        var phaseRuns = new List<Dictionary<string, double>>();
        var bytes = 0L;
        for (var run = 0; run < runs + 1; run++)
        {
            // Each run writes new rows (a fresh source), so that neither path meets existing keys; run 0 warms up. The
            // two go first in turn, and each starts on a settled database: neither pays for the other's autovacuum or
            // checkpoint.
            var data = Rows(rows, seed: run);
            var csv = Csv(data, $"bench-api-{run}");
            bytes = csv.Length;
            double c = 0, h = 0;
            async Task TimeCopy()
            {
                await SettleAsync(db);
                var cpu = CpuSample.Take(api.Pid);
                var sw = Stopwatch.StartNew();
                await CopyAsync(db, data, $"bench-copy-{run}");
                c = sw.Elapsed.TotalSeconds;
                if (run > 0) copyCpu.Add(CpuSample.Take(api.Pid).Since(cpu, c, rows));
            }
            async Task TimeApi()
            {
                await SettleAsync(db);
                using var content = new ByteArrayContent(csv);
                content.Headers.ContentType = new("text/csv");
                using var req = new HttpRequestMessage(HttpMethod.Post, "/api/incidents/batch") { Content = content };
                req.Headers.Authorization = new("Bearer", key);
                var cpu = CpuSample.Take(api.Pid);
                var sw = Stopwatch.StartNew();
                using var res = await api.Client.SendAsync(req);
                var body = await res.Content.ReadAsStringAsync();
                h = sw.Elapsed.TotalSeconds;
                if (run > 0) apiCpu.Add(CpuSample.Take(api.Pid).Since(cpu, h, rows));
                if (run > 0) phaseRuns.Add(BatchPhaseNames.ToDictionary(p => p, p => Measure.ServerTiming(res, p)));
                if (!res.IsSuccessStatusCode) throw new InvalidOperationException($"upload failed: {(int)res.StatusCode} {body[..Math.Min(500, body.Length)]}");
            }
            if (run % 2 == 0) { await TimeCopy(); await TimeApi(); }
            else { await TimeApi(); await TimeCopy(); }
            BenchContext.Log($"run {run}: COPY {rows / c:N0} rows/s, API {rows / h:N0} rows/s, API / COPY {c / h:F2}");
            if (run == 0) continue;
            copy.Add(c);
            http.Add(h);
            pairs.Add(c / h);
        }
        copy.Sort();
        http.Sort();
        pairs.Sort();
        double Median(List<double> s) => s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
        var copyRate = rows / Median(copy);
        var apiRate = rows / Median(http);
        ctx.Report($"- COPY (text, same rows, into indexed incidents): median {Median(copy):F2} s = {copyRate:N0} rows/s (min {copy[0]:F2} s, max {copy[^1]:F2} s)");
        ctx.Report($"- POST /api/incidents/batch, CSV {bytes / 1048576.0:F1} MiB: median {Median(http):F2} s = {apiRate:N0} rows/s (min {http[0]:F2} s, max {http[^1]:F2} s)");
        ctx.Report($"- API / COPY of each run: {string.Join(", ", pairs.Select(p => p.ToString("F2", CultureInfo.InvariantCulture)))} (median {Median(pairs):F2})");
        // The figure is the median of the runs' own ratios: the database grows by both paths' rows every run, and both
        // slow as it grows, so a run's two uploads (one after the other on the same database) are what compare; the
        // ratio of the two medians, which may come from different runs, is printed beside it.
        var ratio = Median(pairs);
        ctx.Report($"- ratio of the median rates (from different runs): {apiRate / copyRate:F2}");
        ctx.Report($"- API / COPY = {ratio:F2} (target ≥ 0.50)\n");
        // The API's own account of each upload (Server-Timing of POST /api/incidents/batch), µs a row, medians.
        var phases = BatchPhaseNames.ToDictionary(k => k, k => Median(phaseRuns.Select(p => p.GetValueOrDefault(k) * 1000 / rows).Order().ToList()));
        ctx.Report("Inside the API (its Server-Timing header; µs a row, medians; the enrichment runs on its own connection while the write connection copies, "
            + "`wait` is the write connection waiting for it): " + string.Join(", ", phases.Select(p => $"{p.Key} {p.Value:F1}")) + "\n");
        var (ac, cc) = (CpuSample.Median(apiCpu), CpuSample.Median(copyCpu));
        ctx.Report($"CPU while each timed upload ran (medians; /proc, {Environment.ProcessorCount} cores): the API's upload kept {ac.Cores:F2} cores busy, "
            + $"{ac.TotalUsPerRow:F1} µs of CPU a row ({ac.ApiUsPerRow:F1} in the API process, {ac.TotalUsPerRow - ac.ApiUsPerRow:F1} in PostgreSQL and anything else); "
            + $"COPY {cc.Cores:F2} cores, {cc.TotalUsPerRow:F1} µs a row.\n");

        // Where the API's time per row goes: each phase timed alone over the same kind of rows (see docs/performance.md).
        var copyUs = 1e6 / copyRate;
        var apiUs = 1e6 / apiRate;
        var parseUs = await ParseCost(api, key, rows);
        var insertUs = await CopyWriteCost(cs, Rows(rows, seed: 99), rows);
        var revisionUs = await RevisionCost(db, Rows(rows, seed: 98), rows);
        var enrichmentUs = await EnrichmentCost(ctx, db);
        ctx.Report($"\nPer row ({rows:N0} rows; the API's phases timed alone, the rest by difference):\n");
        ctx.Report("| phase | µs per row |");
        ctx.Report("|---|---:|");
        ctx.Report($"| `COPY` of a row, in all | {copyUs:F1} |");
        ctx.Report($"| **the API, a row in all** | **{apiUs:F1}** |");
        ctx.Report($"| HTTP, CSV parsing and validation of the row (the same batch refused at its last row: no database work) | {parseUs:F1} |");
        ctx.Report($"| write connection: the binary `COPY` of a row with its enrichment into incidents, alone | {insertUs:F1} |");
        ctx.Report($"| write connection: the 'create' revision of the row (changes written by the API as jsonb) | {revisionUs:F1} |");
        ctx.Report($"| the rest: ids back to the API, the first chunk's enrichment, auto-assignment, commit, the response | {apiUs - parseUs - insertUs - revisionUs:F1} |");
        ctx.Report($"| enrichment connection, alongside the write connection: zones, corridors, truces (layer cells), Blue Line distance and side | {enrichmentUs:F1} |");
        ctx.Report("");
        // The summary table (SummaryWriter) carries this line in the row's "met" cell when the target is missed.
        double P(string name) => phases.GetValueOrDefault(name);
        if (ratio < 0.50)
            ctx.Report($"- cause of the gap: CPU on {Environment.ProcessorCount} cores — the API's upload keeps {ac.Cores:F2} of them busy and spends {ac.TotalUsPerRow:F1} µs of CPU a row "
                + $"against COPY's {cc.TotalUsPerRow:F1}, and its phases slow each other down when they share the cores: inside the upload the COPY of a row takes {P("copy"):F1} µs "
                + $"({insertUs:F1} alone), the enrichment on the second connection {P("enrich"):F1} (its expressions alone {enrichmentUs:F1}), the write connection waits {P("wait"):F1} for it, "
                + $"the revisions take {P("revisions"):F1} ({revisionUs:F1} alone), reading and validating {P("read"):F1}, the commit {P("commit"):F1}\n");
    }

    // Vacuums and analyzes what an upload writes to and writes the dirty buffers out (untimed), so that a timed upload
    // starts from the same state whichever went before it.
    private static async Task SettleAsync(NpgsqlDataSource db)
    {
        foreach (var sql in new[] { "VACUUM (ANALYZE) incidents, incident_revisions, incident_status_history", "CHECKPOINT" })
        {
            await using var cmd = db.CreateCommand(sql);
            cmd.CommandTimeout = 0;
            await cmd.ExecuteNonQueryAsync();
        }
    }

    // HTTP, CSV parsing and validation of every row without any database work: the same batch with one bad row at the end
    // is refused (422) once every row has been read and checked. Median of 3, µs per row.
    private static async Task<double> ParseCost(ApiProcess api, string key, int rows)
    {
        // rows − 1 good rows and the bad one: a batch holds at most 100,000 rows.
        var data = Rows(rows - 1, seed: 97);
        var csv = Csv(data, "bench-parse");
        var bad = Encoding.UTF8.GetBytes("bench-parse,bad,2024-01-01T00:00:00Z,Explosions/Remote violence,Air/drone strike,0,99,99,bad row\n");
        var body = new byte[csv.Length + bad.Length];
        csv.CopyTo(body, 0);
        bad.CopyTo(body, csv.Length);
        var t = await Measure.MedianAsync(async () =>
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new("text/csv");
            using var req = new HttpRequestMessage(HttpMethod.Post, "/api/incidents/batch") { Content = content };
            req.Headers.Authorization = new("Bearer", key);
            using var res = await api.Client.SendAsync(req);
            await res.Content.ReadAsByteArrayAsync();
            if ((int)res.StatusCode != 422) throw new InvalidOperationException($"the refused batch answered {(int)res.StatusCode}");
        }, 3, warmup: 1);
        return t.MedianMs * 1000 / rows;
    }

    // The write the API's write connection makes, without what it adds to it: the rows by binary COPY straight into
    // incidents with their enrichment columns, as BatchWriteStore writes them (the keys are checked beforehand, on the
    // enrichment connection), in µs per row. Through a data source with the NTS plugin, as the API's.
    private static async Task<double> CopyWriteCost(string cs, List<Row> rows, int n)
    {
        await using var geo = GeoDataSource.Create(cs);
        await using var conn = await geo.OpenConnectionAsync();
        var sw = Stopwatch.StartNew();
        await using (var w = await conn.BeginBinaryImportAsync("""
            COPY incidents (source, external_id, occurred_at, geom, event_type, sub_event_type, fatalities, notes, raw_coordinate, raw_crs,
                            created_by, updated_by, zone_slugs, corridor_slugs, truce_slugs, blue_line_distance_m, blue_line_side) FROM STDIN (FORMAT BINARY)
            """))
        {
            w.Timeout = TimeSpan.FromMinutes(15);
            foreach (var r in rows)
            {
                await w.StartRowAsync();
                await w.WriteAsync("bench-copy-write", NpgsqlDbType.Text);
                await w.WriteAsync(r.ExternalId, NpgsqlDbType.Text);
                await w.WriteAsync(r.OccurredAt, NpgsqlDbType.TimestampTz);
                await w.WriteAsync(new NetTopologySuite.Geometries.Point(r.Lon, r.Lat) { SRID = 4326 }, NpgsqlDbType.Geometry);
                await w.WriteAsync("Explosions/Remote violence", NpgsqlDbType.Text);
                await w.WriteAsync(r.SubEventType, NpgsqlDbType.Text);
                await w.WriteAsync(r.Fatalities, NpgsqlDbType.Integer);
                await w.WriteAsync("bench row", NpgsqlDbType.Text);
                await w.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"lon={r.Lon} lat={r.Lat}"), NpgsqlDbType.Text);
                await w.WriteAsync("EPSG:4326", NpgsqlDbType.Text);
                await w.WriteAsync("bench", NpgsqlDbType.Text);
                await w.WriteAsync("bench", NpgsqlDbType.Text);
                await w.WriteAsync(new[] { "unsc-1701-area" }, NpgsqlDbType.Array | NpgsqlDbType.Text);
                await w.WriteAsync(Array.Empty<string>(), NpgsqlDbType.Array | NpgsqlDbType.Text);
                await w.WriteAsync(Array.Empty<string>(), NpgsqlDbType.Array | NpgsqlDbType.Text);
                await w.WriteAsync(1234.5, NpgsqlDbType.Double);
                await w.WriteAsync("north", NpgsqlDbType.Text);
            }
            await w.CompleteAsync();
        }
        return sw.Elapsed.TotalMilliseconds * 1000 / n;
    }

    // The 'create' revisions of staged rows whose incidents exist (inserted first, not timed): the jsonb the API writes
    // (CreateRevision), the foreign key to incidents checked per row. In a transaction rolled back; µs per row.
    private static async Task<double> RevisionCost(NpgsqlDataSource db, List<Row> rows, int n)
    {
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await using (var create = new NpgsqlCommand("CREATE TEMP TABLE gm_revs (source text, external_id text, changes jsonb) ON COMMIT DROP", conn, tx))
            await create.ExecuteNonQueryAsync();
        var revision = new CreateRevision();
        await using (var w = await conn.BeginBinaryImportAsync("COPY gm_revs FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var r in rows)
            {
                var incident = new NewIncident("bench-revision", r.ExternalId, r.OccurredAt, 1, r.Lon, r.Lat, 1, null, "Explosions/Remote violence",
                    r.SubEventType, null, null, r.Fatalities, null, "bench row", $"lon={r.Lon} lat={r.Lat}", "EPSG:4326");
                await w.StartRowAsync();
                await w.WriteAsync(incident.Source, NpgsqlDbType.Text);
                await w.WriteAsync(incident.ExternalId, NpgsqlDbType.Text);
                await w.WriteAsync(revision.Json(incident), NpgsqlDbType.Jsonb);
            }
            await w.CompleteAsync();
        }
        await using (var insert = new NpgsqlCommand("""
            CREATE TEMP TABLE gm_rev_ids ON COMMIT DROP AS
            WITH ins AS (
              INSERT INTO incidents (source, external_id, occurred_at, geom, event_type, sub_event_type)
              SELECT source, external_id, now(), ST_SetSRID(ST_MakePoint(35.5, 33.2), 4326), 'Explosions/Remote violence', 'Air/drone strike'
              FROM gm_revs RETURNING id, source, external_id)
            SELECT ins.id, r.changes FROM ins JOIN gm_revs r USING (source, external_id)
            """, conn, tx) { CommandTimeout = 0 })
            await insert.ExecuteNonQueryAsync();
        await using var revisions = new NpgsqlCommand(
            "INSERT INTO incident_revisions (incident_id, version, action, changed_by, changes) SELECT id, 1, 'create', 'bench', changes FROM gm_rev_ids ORDER BY id",
            conn, tx) { CommandTimeout = 0 };
        var sw = Stopwatch.StartNew();
        await revisions.ExecuteNonQueryAsync();
        var us = sw.Elapsed.TotalMilliseconds * 1000 / n;
        await tx.RollbackAsync();
        return us;
    }

    // The enrichment over 20,000 of the same kind of points, in µs per row: as the API computes it now (the layer cells of
    // V060 for zones, corridors and truces, in one query; the Blue Line distance and side as before), and as it was computed
    // before the cells, expression by expression, for comparison. Returns the API's total.
    private static async Task<double> EnrichmentCost(BenchContext ctx, NpgsqlDataSource db)
    {
        const int n = 20_000;
        await using var conn = await db.OpenConnectionAsync();
        await using (var setup = new NpgsqlCommand("""
            SET work_mem = '64MB';
            CREATE TEMP TABLE gm_points AS
              SELECT row_number() OVER () AS key, g, t AS at, gm_cell_x(ST_X(g)) AS ci, gm_cell_y(ST_Y(g)) AS cj
              FROM (SELECT ST_SetSRID(ST_MakePoint(35.1 + random() * 0.8, 33.0 + random() * 0.4), 4326) AS g,
                           timestamptz '2024-01-01' + random() * interval '365 days' AS t
                    FROM generate_series(1, 20000)) p;
            ANALYZE gm_points;
            """, conn))
            await setup.ExecuteNonQueryAsync();
        var now = new (string What, string Sql)[]
        {
            ("zones, corridors and truces holding the point (layer cells, one query)", $"""
                WITH {LayerJoins.HeldBy("gm_points")}, {TruceSql.Cte}
                SELECT sum(cardinality({LayerJoins.ZoneSlugs("h")}) + cardinality({LayerJoins.CorridorSlugs("h")})
                           + cardinality({TruceSql.SlugsCovering("h.any_zones", "p.at")}))
                FROM gm_points p LEFT JOIN gm_held h ON h.key = p.key
                """),
            ("geodesic distance to the Blue Line", "WITH bl AS MATERIALIZED (SELECT geom::geography AS geog FROM lines WHERE kind = 'blue_line' ORDER BY id LIMIT 1) SELECT sum(ST_Distance(bl.geog, p.g::geography)) FROM gm_points p, bl"),
            ("side of the Blue Line", "WITH bl AS MATERIALIZED (SELECT north_side FROM lines WHERE kind = 'blue_line' ORDER BY id LIMIT 1) SELECT count(*) FILTER (WHERE ST_Intersects(bl.north_side, p.g)) FROM gm_points p, bl"),
        };
        var before = new (string What, string Sql)[]
        {
            ("zones containing the point (valid at its time)", "SELECT count(*) FROM gm_points p WHERE (SELECT array_agg(z.slug ORDER BY z.slug) FROM zones z WHERE ST_Intersects(z.geom, p.g) AND z.valid @> p.at) IS NOT NULL"),
            ("corridors containing the point", "SELECT count(*) FROM gm_points p WHERE (SELECT array_agg(c.slug ORDER BY c.slug) FROM corridors c WHERE ST_Intersects(c.geom, p.g)) IS NOT NULL"),
            ("truces in force there", "SELECT count(*) FROM gm_points p WHERE (SELECT array_agg(t.slug ORDER BY t.slug) FROM truces t WHERE t.during @> p.at AND (t.scope IS NULL OR EXISTS (SELECT 1 FROM zones z WHERE z.slug = ANY (t.scope) AND ST_Intersects(z.geom, p.g)))) IS NOT NULL"),
        };
        async Task<double> Time(string sql)
        {
            await using var cmd = new NpgsqlCommand(sql, conn);
            var t = await Measure.MedianAsync(async () => await cmd.ExecuteScalarAsync(), 5, warmup: 1);
            return t.MedianMs * 1000 / n;
        }
        ctx.Report($"Enrichment per row over {n:N0} points (median of 5):\n");
        ctx.Report("| expression | µs per row |");
        ctx.Report("|---|---:|");
        var total = 0.0;
        foreach (var (what, sql) in now)
        {
            var us = await Time(sql);
            total += us;
            ctx.Report($"| {what} | {us:F1} |");
        }
        ctx.Report($"| **enrichment in all, as the API computes it** | **{total:F1}** |");
        var old = 0.0;
        foreach (var (what, sql) in before)
        {
            var us = await Time(sql);
            old += us;
            ctx.Report($"| before the layer cells: {what} | {us:F1} |");
        }
        ctx.Report($"| before the layer cells: zones, corridors and truces in all | {old:F1} |");
        ctx.Report($"| (a bare scan of the points, for reference) | {await Time("SELECT sum(ST_X(g)) FROM gm_points"):F1} |");
        return total;
    }

    private sealed record Row(string ExternalId, DateTime OccurredAt, double Lon, double Lat, string SubEventType, int Fatalities);

    // Points in southern Lebanon and northern Israel around the Blue Line, days in 2024; deterministic per seed.
    private static List<Row> Rows(int n, int seed)
    {
        var random = new Random(seed);
        string[] subs = ["Shelling/artillery/missile attack", "Air/drone strike", "Remote explosive/landmine/IED"];
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        return [.. Enumerable.Range(0, n).Select(i => new Row($"e-{i}", start.AddSeconds(random.Next(0, 365 * 86400)),
            Math.Round(35.1 + random.NextDouble() * 0.8, 6), Math.Round(33.0 + random.NextDouble() * 0.4, 6), subs[i % 3], random.Next(0, 4)))];
    }

    private static byte[] Csv(List<Row> rows, string source)
    {
        var sb = new StringBuilder("source,externalId,occurredAt,eventType,subEventType,fatalities,lon,lat,notes\n");
        foreach (var r in rows)
            sb.Append(CultureInfo.InvariantCulture, $"{source},{r.ExternalId},{r.OccurredAt:yyyy-MM-dd'T'HH:mm:ss'Z'},Explosions/Remote violence,{r.SubEventType},{r.Fatalities},{r.Lon},{r.Lat},bench row\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static async Task CopyAsync(NpgsqlDataSource db, List<Row> rows, string source)
    {
        await using var conn = await db.OpenConnectionAsync();
        await using var w = await conn.BeginTextImportAsync("""
            COPY incidents (source, external_id, occurred_at, geom, event_type, sub_event_type, fatalities, notes, raw_coordinate, raw_crs, created_by)
            FROM STDIN (FORMAT csv)
            """);
        foreach (var r in rows)
            await w.WriteAsync(string.Create(CultureInfo.InvariantCulture,
                $"{source},{r.ExternalId},{r.OccurredAt:yyyy-MM-dd'T'HH:mm:ss'Z'},SRID=4326;POINT({r.Lon} {r.Lat}),Explosions/Remote violence,{r.SubEventType},{r.Fatalities},bench row,lon={r.Lon} lat={r.Lat},EPSG:4326,bench\n"));
    }

    private static async Task<string> FreshDatabaseAsync(string benchConnectionString)
    {
        var admin = new NpgsqlConnectionStringBuilder(benchConnectionString) { Database = "postgres" };
        await using (var conn = new NpgsqlConnection(admin.ConnectionString))
        {
            await conn.OpenAsync();
            // The name is a constant of this file, never input.
            await using (var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Database} WITH (FORCE)", conn)) await drop.ExecuteNonQueryAsync();
            await using (var create = new NpgsqlCommand($"CREATE DATABASE {Database}", conn)) await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(benchConnectionString) { Database = Database }.ConnectionString;
    }

    // The phases a committed batch reports in its Server-Timing header (BatchPhases), in the order they first run.
    private static readonly string[] BatchPhaseNames = ["read", "enrich", "wait", "copy", "revisions", "compare", "assign", "commit"];

    /// <summary>CPU time of the whole machine (/proc/stat) and of the API process (/proc/PID/stat), in clock ticks.</summary>
    private sealed record CpuSample(long Busy, long Api)
    {
        // Linux's USER_HZ, the unit of both files (sysconf(_SC_CLK_TCK) is 100 on every Linux build .NET runs on).
        private const double TicksPerSecond = 100;

        /// <summary>What a timed upload used: cores busy on average, and CPU µs a row (all, and the API process's).</summary>
        public sealed record Use(double Cores, double TotalUsPerRow, double ApiUsPerRow);

        public static CpuSample Take(int apiPid)
        {
            // "cpu  user nice system idle iowait irq softirq steal …": busy is everything but idle and iowait.
            var f = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
            var busy = f.Sum() - f[3] - f[4];
            // utime and stime are fields 14 and 15, counted after the parenthesised command name.
            var stat = File.ReadAllText($"/proc/{apiPid}/stat");
            var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return new CpuSample(busy, long.Parse(rest[11], CultureInfo.InvariantCulture) + long.Parse(rest[12], CultureInfo.InvariantCulture));
        }

        public Use Since(CpuSample before, double seconds, int rows) =>
            new((Busy - before.Busy) / TicksPerSecond / seconds,
                (Busy - before.Busy) / TicksPerSecond * 1e6 / rows,
                (Api - before.Api) / TicksPerSecond * 1e6 / rows);

        public static Use Median(List<Use> uses)
        {
            double M(IEnumerable<double> v) { var s = v.Order().ToArray(); return s.Length == 0 ? 0 : s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2; }
            return new Use(M(uses.Select(u => u.Cores)), M(uses.Select(u => u.TotalUsPerRow)), M(uses.Select(u => u.ApiUsPerRow)));
        }
    }
}
