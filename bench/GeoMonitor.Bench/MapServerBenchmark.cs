using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using GeoMonitor.Api.Features.Incidents;
using GeoMonitor.Api.Features.Incidents.Query;
using Npgsql;

namespace GeoMonitor.Bench;

/// <summary>
/// The OGC API items request (bbox + datetime + limit) at GeoMonitor's /ogc versus MapServer 8 (Debian's mapserv)
/// serving the same table of the same database through its OGC API - Features support, behind lighttpd on loopback,
/// both as FastCGI (long-lived processes) and as plain CGI (a process per request); the API's SQL run directly for
/// reference. All timed round-robin in the same run. MapServer 8.0 ignores datetime, so it is also asked through a
/// second layer whose SQL holds the same window (the same rows, as a MapServer administrator would configure it).
/// Target: GeoMonitor at least 2× faster than MapServer. Options: --runs N.
/// </summary>
public sealed class MapServerBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "mapserver";

    /// <inheritdoc />
    public string Description => "OGC API items (bbox + datetime) vs MapServer 8 OGC API Features on the same table";

    private const string Bbox = "35.2,33.1,35.6,33.3";
    private const string Datetime = "2026-04-16T21:00:00Z/2026-05-07T21:00:00Z";
    private const int Limit = 1000;

    /// <inheritdoc />
    public async Task RunAsync(BenchContext ctx)
    {
        if (!File.Exists("/usr/bin/mapserv") || !File.Exists("/usr/sbin/lighttpd"))
        {
            ctx.Report("\n## mapserver benchmark: skipped (apt-get install -y mapserver-bin cgi-mapserver lighttpd)\n");
            return;
        }
        var b = new NpgsqlConnectionStringBuilder(ctx.ConnectionString);
        var pg = $"host={b.Host} port={b.Port} dbname={b.Database} user={b.Username} password={b.Password}";
        await using var fcgi = await MapServer.StartAsync(ctx.Root, "fcgi", pg);
        await using var cgi = await MapServer.StartAsync(ctx.Root, "cgi", pg);
        await using var api = await ctx.StartApiAsync();

        var query = $"bbox={Bbox}&datetime={Datetime}&limit={Limit}";
        var ours = $"/ogc/collections/incidents/items?{query}";
        var theirs = $"/mapserv/geomonitor/ogcapi/collections/incidents/items?f=json&{query}";
        var theirsWindow = $"/mapserv/geomonitor/ogcapi/collections/incidents_window/items?f=json&{query}";

        // What each answers (checked once, reported): count, time span, the next link.
        var oursDoc = await Get(api.Client, ours);
        var msDoc = await Get(fcgi.Client, theirs);
        var msWindowDoc = await Get(fcgi.Client, theirsWindow);

        var filter = new IncidentFilter
        {
            Bbox = new BoundingBox(35.2, 33.1, 35.6, 33.3), Statuses = ["published_verified"],
            From = new DateTimeOffset(2026, 4, 16, 21, 0, 0, TimeSpan.Zero), To = new DateTimeOffset(2026, 5, 7, 21, 0, 0, TimeSpan.Zero).AddTicks(10),
            Page = new IncidentPage(Limit),
        };
        var q = IncidentSql.Build(filter);
        var sql = q.SelectPage(IncidentColumns.Select);
        // The API's two statements for an items page: numberMatched (capped count), then the page itself.
        var countSql = $"{q.WithClause}SELECT count(*) FROM (SELECT 1 FROM incidents {IncidentSql.Alias} WHERE {q.Where} LIMIT 100001) s";
        async Task Sql()
        {
            await using (var count = q.Command(ctx.Db, countSql)) await count.ExecuteScalarAsync();
            await using var cmd = q.Command(ctx.Db, sql);
            await using var r = await cmd.ExecuteReaderAsync();
            var values = new object[r.FieldCount];
            while (await r.ReadAsync()) r.GetValues(values);
        }

        var runs = ctx.Runs;
        var t = await RoundRobin(runs,
            () => api.DrainAsync(ours),
            () => fcgi.DrainAsync(theirs),
            () => fcgi.DrainAsync(theirsWindow),
            () => cgi.DrainAsync(theirs),
            () => cgi.DrainAsync(theirsWindow),
            Sql);

        ctx.Report($"\n## mapserver benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {ctx.IncidentCount:N0} generated incidents, {runs} timed runs each, load average {ScaleBenchmark.LoadAverage()}\n");
        ctx.Report($"### OGC API items: `bbox={Bbox}&datetime={Datetime}&limit={Limit}`\n");
        ctx.Report("| server | request | features | occurredAt span | next link keeps bbox | median | min | max |");
        ctx.Report("|---|---|---:|---|---|---:|---:|---:|");
        ctx.Report(Row("GeoMonitor /ogc", "items", oursDoc, t[0]));
        ctx.Report(Row("MapServer 8.0, FastCGI", "items (datetime ignored)", msDoc, t[1]));
        ctx.Report(Row("MapServer 8.0, FastCGI", "window in the layer's SQL", msWindowDoc, t[2]));
        ctx.Report(Row("MapServer 8.0, CGI", "items (datetime ignored)", msDoc, t[3]));
        ctx.Report(Row("MapServer 8.0, CGI", "window in the layer's SQL", msWindowDoc, t[4]));
        ctx.Report($"| PostgreSQL | the API's two statements (count, page), read by Npgsql | | | | {t[5].MedianMs:F1} ms | {t[5].MinMs:F1} | {t[5].MaxMs:F1} |");
        ctx.Report("");
        ctx.Report($"- MapServer numberMatched: {Member(msDoc, "numberMatched")}; GeoMonitor numberMatched: {Member(oursDoc, "numberMatched")}");
        ctx.Report($"- GeoMonitor API / its SQL = {t[0].MedianMs / t[5].MedianMs:F2}×");
        ctx.Report($"- MapServer CGI (same rows) / GeoMonitor = {t[4].MedianMs / t[0].MedianMs:F2}×; MapServer FastCGI (datetime ignored) / GeoMonitor = {t[1].MedianMs / t[0].MedianMs:F2}×");
        ctx.Report($"- **ratio MapServer FastCGI (same rows) / GeoMonitor = {t[2].MedianMs / t[0].MedianMs:F2}×** (target ≥ 2×)\n");
    }

    private static string Row(string server, string request, JsonElement doc, Measure.Timing t)
    {
        var feats = doc.GetProperty("features");
        var times = feats.EnumerateArray()
            .Select(f => f.GetProperty("properties"))
            .Select(p => p.TryGetProperty("occurredAt", out var a) ? a.GetString() : p.TryGetProperty("occurred_at", out var b) ? b.GetString() : null)
            .Where(s => s is not null).Select(s => DateTime.Parse(s!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal)).ToList();
        var span = times.Count == 0 ? "–" : $"{times.Min():yyyy-MM-dd} … {times.Max():yyyy-MM-dd}";
        var next = doc.TryGetProperty("links", out var links)
            ? links.EnumerateArray().Where(l => l.GetProperty("rel").GetString() == "next").Select(l => l.GetProperty("href").GetString()!).FirstOrDefault()
            : null;
        var keeps = next is null ? "no next link" : next.Contains("bbox=", StringComparison.Ordinal) ? "yes" : "**no**";
        return $"| {server} | {request} | {feats.GetArrayLength():N0} | {span} | {keeps} | {t.MedianMs:F1} ms | {t.MinMs:F1} | {t.MaxMs:F1} |";
    }

    private static string Member(JsonElement doc, string name) => doc.TryGetProperty(name, out var v) ? v.ToString() : "absent";

    private static async Task<JsonElement> Get(HttpClient client, string url)
    {
        using var res = await client.GetAsync(url);
        var body = await res.Content.ReadAsStringAsync();
        if (!res.IsSuccessStatusCode) throw new InvalidOperationException($"GET {url}: {(int)res.StatusCode} {body[..Math.Min(400, body.Length)]}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Warm-up, then <paramref name="runs"/> rounds that time each action once, in turn.</summary>
    public static async Task<Measure.Timing[]> RoundRobin(int runs, params Func<Task>[] actions)
    {
        for (var w = 0; w < 2; w++) foreach (var a in actions) await a();
        var ms = actions.Select(_ => new List<double>(runs)).ToArray();
        for (var i = 0; i < runs; i++)
            for (var k = 0; k < actions.Length; k++)
            {
                var sw = Stopwatch.StartNew();
                await actions[k]();
                ms[k].Add(sw.Elapsed.TotalMilliseconds);
            }
        return ms.Select(l =>
        {
            l.Sort();
            var n = l.Count;
            return new Measure.Timing(n % 2 == 1 ? l[n / 2] : (l[n / 2 - 1] + l[n / 2]) / 2, l[0], l[^1], n);
        }).ToArray();
    }

    /// <summary>bench/mapserver/serve.sh running in the background on a free loopback port.</summary>
    private sealed class MapServer : IAsyncDisposable
    {
        private readonly Process _process;

        private MapServer(Process p, int port)
        {
            _process = p;
            Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(5) };
        }

        public HttpClient Client { get; }

        public static async Task<MapServer> StartAsync(string root, string mode, string pg)
        {
            int port;
            using (var l = new TcpListener(IPAddress.Loopback, 0)) { l.Start(); port = ((IPEndPoint)l.LocalEndpoint).Port; }
            var psi = new ProcessStartInfo(Path.Combine(root, "bench", "mapserver", "serve.sh")) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
            psi.ArgumentList.Add(mode);
            psi.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
            psi.ArgumentList.Add(pg);
            var p = Process.Start(psi)!;
            p.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"[mapserver {mode}] {e.Data}"); };
            p.OutputDataReceived += (_, _) => { };
            p.BeginErrorReadLine();
            p.BeginOutputReadLine();
            var ms = new MapServer(p, port);
            for (var i = 0; i < 100; i++)
            {
                if (p.HasExited) throw new InvalidOperationException($"serve.sh {mode} exited with {p.ExitCode}");
                try
                {
                    using var res = await ms.Client.GetAsync("/mapserv/geomonitor/ogcapi?f=json");
                    if (res.StatusCode == HttpStatusCode.OK) return ms;
                }
                catch (HttpRequestException) { }
                await Task.Delay(200);
            }
            throw new TimeoutException($"MapServer ({mode}) did not answer");
        }

        public async Task<long> DrainAsync(string url)
        {
            using var res = await Client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
            res.EnsureSuccessStatusCode();
            await using var s = await res.Content.ReadAsStreamAsync();
            var buffer = new byte[81920];
            long total = 0;
            int n;
            while ((n = await s.ReadAsync(buffer)) > 0) total += n;
            return total;
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
            _process.Dispose();
        }
    }
}
