using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using GeoMonitor.Api.Features.Changes;
using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.Incidents;
using GeoMonitor.Api.Features.Incidents.Query;
using GeoMonitor.Api.Infrastructure.Auth;
using Npgsql;

namespace GeoMonitor.Bench;

/// <summary>
/// The changes feed (issue 15) under a client catching up: every change from the beginning, through
/// <c>GET /api/changes?limit=1000</c> and its <c>next</c> tokens (a reviewer key, so every change is served with its
/// incident; each page read whole and parsed as a client would), against a raw keyset scan of
/// <c>incident_revisions</c> over the feed's index <c>(txid, change_seq)</c> in pages of the same size, and, between
/// the two, the feed's own code in-process (<see cref="ChangeFeed.ReadAsync"/>: its statement, the visibility decision
/// and each incident's GeoJSON, without HTTP) and the two reads it makes as raw SQL (each keyset page, then the incidents
/// it names with every column, by id). The four catch-ups run in turn, round after round.
/// <para>
/// Runs on its own database, <c>geomonitor_bench_changes</c>: a file copy of the bench database (its 1M incidents)
/// plus a <c>create</c> revision for each generated incident, written in transactions of 10,000 as batch uploads would
/// write them — 1M changes in 100 transactions. Made once; later runs reuse it. Options: <c>--changes N</c> (catch up
/// the first N changes, default all), <c>--catchups N</c> (timed rounds, default 3).
/// </para>
/// </summary>
public sealed class ChangesBenchmark : IBenchmark
{
    private const string Database = "geomonitor_bench_changes";
    private const string Writer = "bench-changes";
    private const int Page = ChangeFeed.MaxLimit;
    private const int Transaction = 10_000;

    private const string KeysetPage = """
        SELECT r.txid::text, r.change_seq, r.incident_id, r.version, r.action, r.changed_at
        FROM incident_revisions r
        WHERE (r.txid, r.change_seq) > ($1::text::xid8, $2)
        ORDER BY r.txid, r.change_seq
        LIMIT $3
        """;

    /// <inheritdoc />
    public string Name => "changes";

    /// <inheritdoc />
    public string Description => "a client catching up 1M changes through GET /api/changes (next tokens) vs a raw keyset scan of incident_revisions";

    /// <inheritdoc />
    public async Task RunAsync(BenchContext ctx)
    {
        var cs = await EnsureDatabaseAsync(ctx);
        var catchups = int.Parse(ctx.Options.GetValueOrDefault("catchups", "3"), CultureInfo.InvariantCulture);
        await using var db = NpgsqlDataSource.Create(cs);
        long total;
        await using (var cmd = db.CreateCommand("SELECT count(*) FROM incident_revisions"))
            total = (long)(await cmd.ExecuteScalarAsync())!;
        // Without --changes, to the end of the feed (its layer versions included: a few dozen besides the revisions).
        var wanted = ctx.Options.TryGetValue("changes", out var c) ? Math.Min(long.Parse(c, CultureInfo.InvariantCulture), total) : long.MaxValue;
        var key = await new ApiKeys(db).CreateAsync($"bench-changes-{DateTime.UtcNow:yyyyMMddHHmmss}", Role.Reviewer);
        var feed = new ChangeFeed(db);
        var origin = await feed.OriginAsync(CancellationToken.None);
        var reviewer = new Caller("bench-changes", Role.Reviewer);

        ctx.Report($"\n## changes benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {total:N0} incident revisions in {Database}, "
                   + $"catching up {(wanted == long.MaxValue ? "every change" : wanted.ToString("N0", CultureInfo.InvariantCulture))}, {catchups} timed rounds\n");
        ctx.Report($"load average at the start: {Measure.LoadAverage()}\n");
        await using var api = await ctx.StartApiAsync(cs);
        api.Client.DefaultRequestHeaders.Authorization = new("Bearer", key);

        long apiRows = 0, feedRows = 0, sqlRows = 0, apiBytes = 0;
        async Task Api()
        {
            (apiRows, apiBytes) = (0, 0);
            string? since = null;
            while (apiRows < wanted)
            {
                var url = $"/api/changes?limit={Page}" + (since is null ? "" : "&since=" + since);
                using var res = await api.Client.GetAsync(url);
                var body = await res.Content.ReadAsByteArrayAsync();
                if (!res.IsSuccessStatusCode) throw new InvalidOperationException($"GET {url}: {(int)res.StatusCode} {System.Text.Encoding.UTF8.GetString(body)}");
                apiBytes += body.Length;
                using var doc = JsonDocument.Parse(body);
                apiRows += doc.RootElement.GetProperty("changes").GetArrayLength();
                since = doc.RootElement.GetProperty("next").GetString();
                if (!doc.RootElement.GetProperty("more").GetBoolean()) break;
            }
        }
        async Task InProcess()
        {
            feedRows = 0;
            var after = ChangeToken.Start(origin);
            while (feedRows < wanted)
            {
                var page = await feed.ReadAsync(after, Page, reviewer, CancellationToken.None);
                feedRows += page.Entries.Count;
                after = page.Next;
                if (!page.More) break;
            }
        }
        // The two reads the feed makes, as raw SQL: the keyset page of revisions, then the incidents it names with every
        // column the feed writes (IncidentSql by id) — what the API serves, without visibility, JSON or HTTP.
        long joinedRows = 0;
        async Task SqlWithIncidents()
        {
            joinedRows = 0;
            var (txid, seq) = ("0", 0L);
            await using var conn = await db.OpenConnectionAsync();
            while (joinedRows < wanted)
            {
                var ids = new List<long>(Page);
                await using (var cmd = new NpgsqlCommand(KeysetPage, conn))
                {
                    cmd.Parameters.AddWithValue(txid);
                    cmd.Parameters.AddWithValue(seq);
                    cmd.Parameters.AddWithValue(Page);
                    await using var r = await cmd.ExecuteReaderAsync();
                    while (await r.ReadAsync())
                    {
                        (txid, seq) = (r.GetString(0), r.GetInt64(1));
                        ids.Add(r.GetInt64(2));
                    }
                }
                if (ids.Count > 0)
                {
                    var q = IncidentSql.Build(new IncidentFilter { Ids = ids.Distinct().ToList() });
                    await using var cmd = q.Command(conn, q.SelectPage(IncidentColumns.Select));
                    await using var r = await cmd.ExecuteReaderAsync();
                    var values = new object[r.FieldCount];
                    while (await r.ReadAsync()) r.GetValues(values);
                }
                joinedRows += ids.Count;
                if (ids.Count < Page) break;
            }
        }
        async Task Sql()
        {
            sqlRows = 0;
            var (txid, seq) = ("0", 0L);
            await using var conn = await db.OpenConnectionAsync();
            while (sqlRows < wanted)
            {
                await using var cmd = new NpgsqlCommand(KeysetPage, conn);
                cmd.Parameters.AddWithValue(txid);
                cmd.Parameters.AddWithValue(seq);
                cmd.Parameters.AddWithValue(Page);
                await using var r = await cmd.ExecuteReaderAsync();
                var n = 0;
                var values = new object[r.FieldCount];
                while (await r.ReadAsync())
                {
                    r.GetValues(values);
                    (txid, seq) = (r.GetString(0), r.GetInt64(1));
                    n++;
                }
                sqlRows += n;
                if (n < Page) break;
            }
        }

        var t = await Measure.RoundRobinAsync(catchups, 1, Api, InProcess, SqlWithIncidents, Sql);
        if (apiRows != feedRows || apiRows < Math.Min(wanted, sqlRows))
            throw new InvalidOperationException($"the API served {apiRows:N0} changes, the feed in-process {feedRows:N0}, the raw scan read {sqlRows:N0}");
        double Rate(Measure.Timing m, long rows) => rows / (m.MedianMs / 1000);
        var (a, f, j, s) = (Rate(t[0], apiRows), Rate(t[1], feedRows), Rate(t[2], joinedRows), Rate(t[3], sqlRows));
        ctx.Report($"### Catching up {apiRows:N0} changes from the beginning, pages of {Page:N0}\n");
        ctx.Report($"- API `GET /api/changes?limit={Page}` + `next` tokens, a reviewer key, each page parsed ({apiBytes / 1e6:F0} MB): {Seconds(t[0])}: **{a:N0} changes/s**");
        ctx.Report($"- in-process `ChangeFeed.ReadAsync` (its statement, visibility, each incident's GeoJSON; no HTTP): {Seconds(t[1])}: {f:N0} changes/s");
        ctx.Report($"- SQL the same keyset pages, each followed by the incidents it names with every column the feed writes (IncidentSql by id): {Seconds(t[2])}: {j:N0} rows/s");
        ctx.Report($"- SQL raw keyset scan `incident_revisions WHERE (txid, change_seq) > (…) ORDER BY txid, change_seq LIMIT {Page}`: {Seconds(t[3])}: {s:N0} rows/s");
        double PerPage(Measure.Timing m, long rows) => m.MedianMs / (rows / (double)Page);
        ctx.Report($"- per page of {Page:N0}: API {PerPage(t[0], apiRows):F1} ms, in-process feed {PerPage(t[1], feedRows):F1} ms, "
                   + $"keyset + incidents {PerPage(t[2], joinedRows):F1} ms, raw keyset scan {PerPage(t[3], sqlRows):F1} ms");
        ctx.Report($"- API / (keyset + incidents) rows/s = {a / j:F2}×");
        ctx.Report($"- **ratio changes feed API / raw keyset scan, rows/s = {a / s:F2}×** (target: none set; API {a:N0} changes/s, raw scan {s:N0} rows/s)");
        ctx.Report($"- load average at the end: {Measure.LoadAverage()}\n");
    }

    private static string Seconds(Measure.Timing t) =>
        $"median {t.MedianMs / 1000:F2} s (min {t.MinMs / 1000:F2}, max {t.MaxMs / 1000:F2}, n={t.Runs})";

    // A copy of the bench database (the template must have no session: the harness's own pool is emptied first), then a
    // create revision for each generated incident, 10,000 per transaction. Reused while its migrations are current and
    // it holds a revision for every generated incident.
    private static async Task<string> EnsureDatabaseAsync(BenchContext ctx)
    {
        var cs = new NpgsqlConnectionStringBuilder(ctx.ConnectionString) { Database = Database, CommandTimeout = 0 }.ConnectionString;
        var template = new NpgsqlConnectionStringBuilder(ctx.ConnectionString).Database!;
        await using (var admin = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(ctx.ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString))
        {
            await using var exists = admin.CreateCommand($"SELECT 1 FROM pg_database WHERE datname = '{Database}'");
            if (await exists.ExecuteScalarAsync() is not null)
            {
                try
                {
                    await BenchDatabases.MigrateOrRecreateAsync(cs);
                    await using var db = NpgsqlDataSource.Create(cs);
                    await using var check = db.CreateCommand($"""
                        SELECT (SELECT count(*) FROM incident_revisions WHERE changed_by = '{Writer}') = (SELECT count(*) FROM incidents WHERE source = 'bench')
                               AND (SELECT count(*) FROM incidents WHERE source = 'bench') = {ctx.IncidentCount}
                               AND NOT EXISTS (SELECT 1 FROM incident_rederivations)
                               AND current_setting('max_parallel_workers_per_gather') = '0'
                        """);
                    if ((bool)(await check.ExecuteScalarAsync())!) return cs;
                }
                catch (PostgresException e)
                {
                    BenchContext.Log($"{Database}: {e.MessageText}; making it again");
                }
                NpgsqlConnection.ClearAllPools();
                await using var drop = admin.CreateCommand($"DROP DATABASE {Database}");
                await drop.ExecuteNonQueryAsync();
            }
            var sw = Stopwatch.StartNew();
            BenchContext.Log($"{Database}: copying {template} (file copy)...");
            ctx.Db.Clear();
            NpgsqlConnection.ClearAllPools();
            await using var create = admin.CreateCommand($"CREATE DATABASE {Database} TEMPLATE {template} STRATEGY FILE_COPY");
            create.CommandTimeout = 0;
            await create.ExecuteNonQueryAsync();
            // A copy does not take the template's per-database settings (V020's planner settings): set them as they are there.
            var settings = new List<string>();
            await using (var read = admin.CreateCommand($"""
                SELECT unnest(setconfig) FROM pg_db_role_setting WHERE setrole = 0 AND setdatabase = (SELECT oid FROM pg_database WHERE datname = '{template}')
                """))
            await using (var r = await read.ExecuteReaderAsync())
                while (await r.ReadAsync()) settings.Add(r.GetString(0));
            foreach (var setting in settings)
            {
                var (name, value) = (setting[..setting.IndexOf('=')], setting[(setting.IndexOf('=') + 1)..]);
                if (!System.Text.RegularExpressions.Regex.IsMatch(name, "^[a-z_.]+$")) throw new InvalidOperationException($"unexpected setting {setting}");
                await using var set = admin.CreateCommand($"ALTER DATABASE {Database} SET {name} = '{value.Replace("'", "''")}'");
                await set.ExecuteNonQueryAsync();
            }
            BenchContext.Log($"{Database}: copied in {sw.Elapsed.TotalSeconds:F0} s ({string.Join(", ", settings)})");
        }
        await using (var db = NpgsqlDataSource.Create(cs))
        {
            var sw = Stopwatch.StartNew();
            // The generator enriches its incidents in one gm_enrich_incidents pass after inserting them, which records a
            // rederivation of each (V053); an upload enriches in its INSERT and records none. The copy keeps what uploads
            // would have written: the incidents and, below, their create revisions.
            await using (var truncate = db.CreateCommand("TRUNCATE incident_rederivations")) await truncate.ExecuteNonQueryAsync();
            long from = 0;
            var transactions = 0;
            while (true)
            {
                // One statement = one transaction = one txid for its 10,000 changes, as a batch upload's.
                await using var cmd = db.CreateCommand($$"""
                    WITH batch AS (SELECT id FROM incidents WHERE source = 'bench' AND id > $1 ORDER BY id LIMIT {{Transaction}}),
                    ins AS (INSERT INTO incident_revisions (incident_id, version, action, changed_by, changes)
                            SELECT b.id, i.version, 'create', '{{Writer}}', '{}'::jsonb FROM batch b JOIN incidents i USING (id) ORDER BY b.id)
                    SELECT max(id) FROM batch
                    """);
                cmd.CommandTimeout = 0;
                cmd.Parameters.AddWithValue(from);
                if (await cmd.ExecuteScalarAsync() is not long last) break;
                from = last;
                transactions++;
            }
            await using (var vacuum = db.CreateCommand("VACUUM ANALYZE incident_revisions"))
            {
                vacuum.CommandTimeout = 0;
                await vacuum.ExecuteNonQueryAsync();
            }
            BenchContext.Log($"{Database}: {transactions} transactions of create revisions written in {sw.Elapsed.TotalSeconds:F0} s");
        }
        return cs;
    }
}
