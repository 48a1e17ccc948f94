using System.Globalization;
using System.Text.Json;
using GeoMonitor.Api.Features.Incidents;
using GeoMonitor.Api.Features.Incidents.Query;
using Npgsql;

namespace GeoMonitor.Bench;

/// <summary>
/// The read path (issue 3): the headline query through the API versus the same SQL run directly; a 100k-feature
/// export through the API versus a FeatureCollection built by PostgreSQL (json_agg); the API's peak memory while
/// exporting 10k versus every feature. API and SQL are timed alternately in the same run.
/// </summary>
public sealed class QueryBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "query";

    /// <inheritdoc />
    public string Description => "headline query API vs SQL, 100k export API vs json_agg, API peak memory 10k vs all";

    private const string Zone = "unsc-1701-area";
    private const string Truce = "bench-truce-21d";
    private static readonly DateTimeOffset ExportFrom = new(2024, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset ExportTo = new(2024, 9, 8, 0, 0, 0, TimeSpan.Zero);     // 99 days ≈ 100k incidents
    private static readonly DateTimeOffset SmallTo = new(2024, 6, 11, 0, 0, 0, TimeSpan.Zero);     // 10 days ≈ 10k incidents

    /// <inheritdoc />
    public async Task RunAsync(BenchContext ctx)
    {
        ctx.Report($"\n## query benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {ctx.IncidentCount:N0} generated incidents, {ctx.Runs} timed runs each\n");
        await using (var api = await ctx.StartApiAsync())
        {
            await Headline(ctx, api);
            await Export(ctx, api);
        }
        await Memory(ctx);
    }

    private static async Task Headline(BenchContext ctx, ApiProcess api)
    {
        var filter = new IncidentFilter { Zone = Zone, Truce = Truce, Statuses = ["published_verified"], Page = new IncidentPage(IncidentRequest.MaxLimit) };
        var url = $"/api/incidents?zone={Zone}&truce={Truce}&limit={IncidentRequest.MaxLimit}";
        var rows = 0;
        async Task Sql()
        {
            // The API's statement, with the plan hint the API derives from the truce window.
            var q = IncidentSql.Build(filter, IncidentPlan.For(filter, new DateTime(2026, 4, 16, 21, 0, 0, DateTimeKind.Utc), new DateTime(2026, 5, 7, 21, 0, 0, DateTimeKind.Utc)));
            await using var cmd = q.Command(ctx.Db, q.SelectPage(IncidentColumns.Select));
            await using var r = await cmd.ExecuteReaderAsync();
            var values = new object[r.FieldCount];
            var n = 0;
            while (await r.ReadAsync()) { r.GetValues(values); n++; }
            rows = n;
        }
        // The same question as a person would write it in psql: a join on the zone and the truce, every column.
        async Task Handwritten()
        {
            await using var cmd = ctx.Db.CreateCommand($"""
                SELECT {IncidentColumns.Select} FROM incidents i
                JOIN zones z ON z.slug = 'unsc-1701-area' AND ST_Intersects(z.geom, i.geom)
                JOIN truces t ON t.slug = 'bench-truce-21d' AND t.during @> i.occurred_at
                WHERE i.status = 'published_verified'
                """);
            await using var r = await cmd.ExecuteReaderAsync();
            var values = new object[r.FieldCount];
            while (await r.ReadAsync()) r.GetValues(values);
        }
        var page = JsonDocument.Parse(await api.Client.GetStringAsync(url)).RootElement;
        await Sql();
        var returned = page.GetProperty("numberReturned").GetInt32();
        if (returned != rows) throw new InvalidOperationException($"API returned {returned} features, SQL {rows} rows");
        // The warm-up, reported: a fresh API process, rounds of 20 requests, each against the SQL in the same round.
        var warmup = new List<string>();
        for (var round = 0; round < Measure.ApiWarmup / 20; round++)
        {
            var (wa, ws) = await Measure.InterleavedAsync(() => api.DrainAsync(url), Sql, 20, warmup: 0);
            warmup.Add($"requests {round * 20 + 2}–{round * 20 + 21}: {wa.MedianMs / ws.MedianMs:F2}×");
        }
        var (a, s) = await Measure.InterleavedAsync(() => api.DrainAsync(url), Sql, ctx.Runs, warmup: 0);
        var h = await Measure.MedianAsync(Handwritten, ctx.Runs);
        var writer = await WriterCost(ctx, filter);
        async Task NoHint()
        {
            var q = IncidentSql.Build(filter, IncidentPlan.Default);
            await using var cmd = q.Command(ctx.Db, q.SelectPage(IncidentColumns.Select));
            await using var r = await cmd.ExecuteReaderAsync();
            var values = new object[r.FieldCount];
            while (await r.ReadAsync()) r.GetValues(values);
        }
        var nh = await Measure.MedianAsync(NoHint, ctx.Runs);
        ctx.Report($"### Headline: zone `{Zone}` × truce `{Truce}` (21 days), verified, {rows:N0} hits\n");
        ctx.Report($"- API  `GET {url}` (whole body read): {a}");
        ctx.Report($"- SQL  the same statement (IncidentSql, all columns read): {s}");
        ctx.Report($"- SQL  the same statement without the time-first hint (planner's own choice): {nh}");
        ctx.Report($"- SQL  hand-written join (zones × truces, for reference): {h}");
        ctx.Report($"- **ratio API / SQL = {a.MedianMs / s.MedianMs:F2}×** (target ≤ 1.5×)");
        ctx.Report($"- warm-up of the fresh API process (API / SQL medians per round, before the timed runs): {string.Join("; ", warmup)}");
        ctx.Report($"- in-process, the same statement: rows read with GetValues {writer.Values}; every row written as a GeoJSON feature (IncidentColumns.WriteFeature into a buffer) {writer.Features}\n");
    }

    private static async Task Export(BenchContext ctx, ApiProcess api)
    {
        var filter = new IncidentFilter { From = ExportFrom, To = ExportTo };
        var q = IncidentSql.Build(filter);
        var columns = IncidentColumns.Select.Replace("ST_AsGeoJSON(i.geom, 6, 0), ST_X(i.geom), ST_Y(i.geom)", "i.geom");
        var sql = q.WithClause + $"""
            SELECT json_build_object('type', 'FeatureCollection', 'features', json_agg(ST_AsGeoJSON(t.*, 'geom', 6)::json))::text
            FROM (SELECT {columns} FROM incidents i WHERE {q.Where} ORDER BY i.occurred_at, i.id) t
            """;
        long sqlBytes = 0;
        async Task Sql()
        {
            await using var cmd = q.Command(ctx.Db, sql);
            cmd.CommandTimeout = 0;
            sqlBytes = ((string)(await cmd.ExecuteScalarAsync())!).Length;
        }
        var range = $"from={Iso(ExportFrom)}&to={Iso(ExportTo)}";
        long seqBytes = 0, csvBytes = 0;
        var runs = Math.Max(5, ctx.Runs / 2);
        var (seq, s) = await Measure.InterleavedAsync(async () => seqBytes = await api.DrainAsync($"/api/incidents?{range}&format=geojsonseq", ctx.ReaderKey), Sql, runs, warmup: 2);
        var csv = await Measure.MedianAsync(async () => csvBytes = await api.DrainAsync($"/api/incidents?{range}&format=csv", ctx.ReaderKey), runs, warmup: 1);
        long features;
        await using (var cmd = q.Command(ctx.Db, q.WithClause + $"SELECT count(*) FROM incidents i WHERE {q.Where}"))
            features = (long)(await cmd.ExecuteScalarAsync())!;
        ctx.Report($"### Export: {features:N0} features ({Iso(ExportFrom)} to {Iso(ExportTo)}, every status)\n");
        ctx.Report($"- API  GeoJSONSeq, streamed ({seqBytes / 1e6:F1} MB): {seq}");
        ctx.Report($"- SQL  FeatureCollection by json_agg(ST_AsGeoJSON(row)) ({sqlBytes / 1e6:F1} MB): {s}");
        ctx.Report($"- API  CSV, streamed ({csvBytes / 1e6:F1} MB): {csv}");
        ctx.Report($"- **ratio API GeoJSONSeq / SQL json_agg = {seq.MedianMs / s.MedianMs:F2}×** (target ≤ 1.3×)\n");
    }

    private static async Task Memory(BenchContext ctx)
    {
        ctx.Report("### API peak memory (VmHWM of a fresh API process per export)\n");
        ctx.Report("| export | features | bytes | time | VmHWM after warm-up | VmHWM after export |");
        ctx.Report("|---|---:|---:|---:|---:|---:|");
        foreach (var (label, query) in new[]
                 {
                     ("GeoJSONSeq 10 days", $"from={Iso(ExportFrom)}&to={Iso(SmallTo)}&format=geojsonseq"),
                     ("GeoJSONSeq everything", "format=geojsonseq"),
                     ("CSV 10 days", $"from={Iso(ExportFrom)}&to={Iso(SmallTo)}&format=csv"),
                     ("CSV everything", "format=csv"),
                 })
        {
            await using var api = await ctx.StartApiAsync();
            // Warm-up: JIT, connection pool, PostGIS loaded in the backend.
            for (var i = 0; i < 3; i++) await api.DrainAsync("/api/incidents?limit=100", ctx.ReaderKey);
            var before = api.PeakRssMiB();
            var sw = System.Diagnostics.Stopwatch.StartNew();
            var bytes = await api.DrainAsync($"/api/incidents?{query}", ctx.ReaderKey);
            var elapsed = sw.Elapsed.TotalSeconds;
            var lines = await CountFeatures(ctx, query);
            ctx.Report($"| {label} | {lines:N0} | {bytes / 1e6:F1} MB | {elapsed:F1} s | {before:F0} MiB | {api.PeakRssMiB():F0} MiB |");
        }
        ctx.Report("");
    }

    private static async Task<long> CountFeatures(BenchContext ctx, string query)
    {
        var f = query.Contains("from=") ? new IncidentFilter { From = ExportFrom, To = SmallTo } : new IncidentFilter();
        var q = IncidentSql.Build(f);
        await using var cmd = q.Command(ctx.Db, q.WithClause + $"SELECT count(*) FROM incidents i WHERE {q.Where}");
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    // Whether writing GeoJSON keeps up with PostgreSQL: the API's statement read in this process, once with a bare
    // GetValues per row and once writing each row as a feature, alternately.
    private static async Task<(Measure.Timing Values, Measure.Timing Features)> WriterCost(BenchContext ctx, IncidentFilter filter)
    {
        var q = IncidentSql.Build(filter, IncidentPlan.For(filter, new DateTime(2026, 4, 16, 21, 0, 0, DateTimeKind.Utc), new DateTime(2026, 5, 7, 21, 0, 0, DateTimeKind.Utc)));
        async Task Read(bool write)
        {
            await using var cmd = q.Command(ctx.Db, q.SelectPage(IncidentColumns.Select));
            await using var r = await cmd.ExecuteReaderAsync();
            var values = new object[r.FieldCount];
            var buffer = new System.Buffers.ArrayBufferWriter<byte>(1 << 20);
            await using var w = new Utf8JsonWriter(buffer, IncidentStreamResult.JsonOptions);
            w.WriteStartArray();
            var n = 0;
            while (await r.ReadAsync())
            {
                if (!write) { r.GetValues(values); continue; }
                IncidentColumns.WriteFeature(w, r);
                if (++n % 256 == 0) { w.Flush(); buffer.ResetWrittenCount(); }
            }
            w.WriteEndArray();
            w.Flush();
        }
        return await Measure.InterleavedAsync(() => Read(false), () => Read(true), ctx.Runs, Measure.ApiWarmup);
    }
}
