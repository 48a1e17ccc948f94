using System.Text.Json;
using GeoMonitor.Api.Features.Incidents;
using GeoMonitor.Api.Features.Incidents.Query;
using Npgsql;

namespace GeoMonitor.Bench;

/// <summary>
/// Scale on one machine (issue 9): the headline query (UNSC 1701 area × the 21-day bench truce, verified, one page of
/// 10,000) at 1M and at 10M incidents (<see cref="ScaleDataset"/>), through the API and as the API's statement, then
/// the statement under each index choice: the schema's gist(geom) + btree(occurred_at, id); a composite
/// gist(geom, occurred_at) (btree_gist); BRIN on occurred_at; all of them (the planner's pick). Each choice is
/// measured inside a transaction that drops the other indexes and rolls back, so one build of every index serves all.
/// Options: --sizes 1,10 (millions), --runs N.
/// </summary>
public sealed class ScaleBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "scale";

    /// <inheritdoc />
    public string Description => "headline query at 1M vs 10M incidents (API and SQL), under each index choice";

    private const string Zone = "unsc-1701-area";
    private const string Truce = "bench-truce-21d";
    private static readonly DateTime T0 = new(2026, 4, 16, 21, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime T1 = new(2026, 5, 7, 21, 0, 0, DateTimeKind.Utc);

    private const string Gist = "incidents_geom_gix";
    private const string Btree = "incidents_occurred_ix";
    private const string Composite = "incidents_geom_occurred_gix";
    private const string Brin = "incidents_occurred_brin";

    // Name, then the indexes dropped (inside the rolled-back transaction) to leave only that choice.
    private static readonly (string Label, string[] Drop)[] Choices =
    [
        ("gist(geom) + btree(occurred_at, id) — the schema", [Composite, Brin]),
        ("gist(geom, occurred_at) + btree(occurred_at, id)", [Gist, Brin]),
        ("gist(geom) + BRIN(occurred_at), no btree", [Btree, Composite]),
        ("all four (planner's pick)", []),
    ];

    /// <inheritdoc />
    public async Task RunAsync(BenchContext ctx)
    {
        var sizes = ctx.Options.GetValueOrDefault("sizes", "1,10").Split(',').Select(int.Parse).ToArray();
        var results = new List<(int Millions, Measure.Timing Api, Measure.Timing Sql, int Rows, long Matched)>();
        var experiments = new List<(int Millions, string Label, Measure.Timing Hinted, Measure.Timing Planner)>();
        foreach (var m in sizes)
        {
            var cs = await ScaleDataset.EnsureAsync(ctx, m);
            await using var db = NpgsqlDataSource.Create(cs);
            // The API is measured with the schema's indexes only: drop the candidates a previous run left.
            await Exec(db, $"DROP INDEX IF EXISTS {Composite}; DROP INDEX IF EXISTS {Brin}; ANALYZE incidents");
            var (api, sql, rows, matched) = await Headline(ctx, db, cs);
            results.Add((m, api, sql, rows, matched));
            experiments.AddRange((await IndexChoices(ctx, db)).Select(e => (m, e.Label, e.Hinted, e.Planner)));
        }

        ctx.Report($"\n## scale benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {ctx.Runs} timed runs each, load average {LoadAverage()}\n");
        ctx.Report($"### Headline at each size: `GET /api/incidents?zone={Zone}&truce={Truce}&limit=10000` (schema indexes)\n");
        ctx.Report("| incidents | hits (verified) | rows returned | API median | SQL median | API / SQL |");
        ctx.Report("|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
            ctx.Report($"| {r.Millions}M | {r.Matched:N0} | {r.Rows:N0} | {r.Api.MedianMs:F1} ms | {r.Sql.MedianMs:F1} ms | {r.Api.MedianMs / r.Sql.MedianMs:F2}× |");
        ctx.Report("");
        if (results.Count > 1)
        {
            var (a, b) = (results[0], results[^1]);
            ctx.Report($"- SQL {b.Millions}M / {a.Millions}M = {b.Sql.MedianMs / a.Sql.MedianMs:F2}×");
            ctx.Report($"- **ratio scale API {b.Millions}M / {a.Millions}M = {b.Api.MedianMs / a.Api.MedianMs:F2}×** (target ≤ 2×)\n");
        }
        ctx.Report("### Index choices (the API's statement, SQL medians; rolled-back transactions)\n");
        ctx.Report("| incidents | indexes | time-first hint (the API) | without the hint |");
        ctx.Report("|---:|---|---:|---:|");
        foreach (var e in experiments)
            ctx.Report($"| {e.Millions}M | {e.Label} | {e.Hinted.MedianMs:F1} ms | {e.Planner.MedianMs:F1} ms |");
        ctx.Report("");
    }

    private static IncidentFilter Filter => new() { Zone = Zone, Truce = Truce, Statuses = ["published_verified"], Page = new IncidentPage(IncidentRequest.MaxLimit) };

    private static async Task<(Measure.Timing Api, Measure.Timing Sql, int Rows, long Matched)> Headline(BenchContext ctx, NpgsqlDataSource db, string cs)
    {
        var url = $"/api/incidents?zone={Zone}&truce={Truce}&limit={IncidentRequest.MaxLimit}";
        var rows = 0;
        var q = IncidentSql.Build(Filter, IncidentPlan.For(Filter, T0, T1));
        var sql = q.SelectPage(IncidentColumns.Select);
        async Task Sql()
        {
            await using var cmd = q.Command(db, sql);
            await using var r = await cmd.ExecuteReaderAsync();
            var values = new object[r.FieldCount];
            var n = 0;
            while (await r.ReadAsync()) { r.GetValues(values); n++; }
            rows = n;
        }
        long matched;
        await using (var count = q.Command(db, q.WithClause + $"SELECT count(*) FROM incidents i WHERE {q.Where}"))
            matched = (long)(await count.ExecuteScalarAsync())!;
        await using var api = await ApiProcess.StartAsync(ctx.Root, cs);
        var first = JsonDocument.Parse(await api.Client.GetStringAsync(url)).RootElement;
        await Sql();
        var returned = first.GetProperty("numberReturned").GetInt32();
        // The statement reads limit + 1 rows (the extra one tells that a next page exists); the page holds limit.
        var page = Math.Min(rows, IncidentRequest.MaxLimit);
        if (returned != page) throw new InvalidOperationException($"API returned {returned} features, SQL {page} rows");
        BenchContext.Log($"scale: headline at {matched:N0} hits, {rows:N0} rows per page; timing...");
        var (a, s) = await Measure.InterleavedAsync(() => api.DrainAsync(url), Sql, ctx.Runs, Measure.ApiWarmup);
        return (a, s, page, matched);
    }

    private static async Task<List<(string Label, Measure.Timing Hinted, Measure.Timing Planner)>> IndexChoices(BenchContext ctx, NpgsqlDataSource db)
    {
        BenchContext.Log("scale: building the candidate indexes (btree_gist composite, BRIN)...");
        await Exec(db, $"""
            SET maintenance_work_mem = '1GB';
            CREATE EXTENSION IF NOT EXISTS btree_gist;
            CREATE INDEX IF NOT EXISTS {Composite} ON incidents USING gist (geom, occurred_at);
            CREATE INDEX IF NOT EXISTS {Brin} ON incidents USING brin (occurred_at);
            ANALYZE incidents
            """);
        var hinted = IncidentSql.Build(Filter, IncidentPlan.For(Filter, T0, T1));
        var planner = IncidentSql.Build(Filter, IncidentPlan.Default);
        var runs = Math.Max(5, ctx.Runs / 2);
        var list = new List<(string, Measure.Timing, Measure.Timing)>();
        foreach (var (label, drop) in Choices)
        {
            await using var conn = await db.OpenConnectionAsync();
            await using var tx = await conn.BeginTransactionAsync();
            foreach (var d in drop)
                await using (var cmd = new NpgsqlCommand($"DROP INDEX {d}", conn)) await cmd.ExecuteNonQueryAsync();
            async Task Run(IncidentSql q)
            {
                await using var cmd = q.Command(conn, q.SelectPage(IncidentColumns.Select));
                cmd.CommandTimeout = 0;
                await using var r = await cmd.ExecuteReaderAsync();
                var values = new object[r.FieldCount];
                while (await r.ReadAsync()) r.GetValues(values);
            }
            var (h, p) = await Measure.InterleavedAsync(() => Run(hinted), () => Run(planner), runs, warmup: 2);
            BenchContext.Log($"scale: {label}: hinted {h.MedianMs:F1} ms, planner {p.MedianMs:F1} ms");
            list.Add((label, h, p));
            await tx.RollbackAsync();
        }
        if (ctx.Options.GetValueOrDefault("partitioned", "true") != "false")
            list.Add(await Partitioned(db, hinted, planner, runs));
        return list;
    }

    // Declarative partitioning by month, tried on a copy (incidents_by_month: one partition per month, each with the
    // schema's two indexes), queried with the API's statements aimed at it.
    private static async Task<(string, Measure.Timing, Measure.Timing)> Partitioned(NpgsqlDataSource db, IncidentSql hinted, IncidentSql planner, int runs)
    {
        var built = false;
        await using (var exists = db.CreateCommand("SELECT to_regclass('incidents_by_month') IS NOT NULL"))
            if ((bool)(await exists.ExecuteScalarAsync())!)
                await using (var same = db.CreateCommand("SELECT (SELECT count(*) FROM incidents_by_month) = (SELECT count(*) FROM incidents)"))
                    built = (bool)(await same.ExecuteScalarAsync())!;
        if (!built)
        {
            BenchContext.Log("scale: building incidents_by_month (monthly partitions) for the partitioning experiment...");
            await Exec(db, """
                SET maintenance_work_mem = '1GB';
                DROP TABLE IF EXISTS incidents_by_month;
                CREATE TABLE incidents_by_month (LIKE incidents INCLUDING DEFAULTS) PARTITION BY RANGE (occurred_at);
                DO $$
                DECLARE m date;
                BEGIN
                  FOR m IN SELECT generate_series(date '2023-10-01', date '2026-12-01', interval '1 month')::date LOOP
                    EXECUTE format('CREATE TABLE incidents_by_month_%s PARTITION OF incidents_by_month FOR VALUES FROM (%L) TO (%L)',
                                   to_char(m, 'YYYYMM'), m, m + 1 * interval '1 month');
                  END LOOP;
                END $$;
                CREATE TABLE incidents_by_month_other PARTITION OF incidents_by_month DEFAULT;
                INSERT INTO incidents_by_month SELECT * FROM incidents ORDER BY occurred_at;
                CREATE INDEX ON incidents_by_month USING gist (geom);
                CREATE INDEX ON incidents_by_month (occurred_at, id);
                ANALYZE incidents_by_month
                """);
        }
        await using var conn = await db.OpenConnectionAsync();
        async Task Run(IncidentSql q)
        {
            var sql = q.SelectPage(IncidentColumns.Select).Replace("\nFROM incidents i\n", "\nFROM incidents_by_month i\n", StringComparison.Ordinal);
            if (!sql.Contains("incidents_by_month", StringComparison.Ordinal)) throw new InvalidOperationException("statement shape changed: FROM incidents i not found");
            await using var cmd = q.Command(conn, sql);
            cmd.CommandTimeout = 0;
            await using var r = await cmd.ExecuteReaderAsync();
            var values = new object[r.FieldCount];
            while (await r.ReadAsync()) r.GetValues(values);
        }
        var (h, p) = await Measure.InterleavedAsync(() => Run(hinted), () => Run(planner), runs, warmup: 2);
        const string label = "partitioned by month (40 partitions), gist(geom) + btree(occurred_at, id) each";
        BenchContext.Log($"scale: {label}: hinted {h.MedianMs:F1} ms, planner {p.MedianMs:F1} ms");
        return (label, h, p);
    }

    /// <summary>The 1-minute load average, to note how busy the machine was.</summary>
    public static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    private static async Task Exec(NpgsqlDataSource db, string sql)
    {
        await using var cmd = db.CreateCommand(sql);
        cmd.CommandTimeout = 0;
        await cmd.ExecuteNonQueryAsync();
    }
}
