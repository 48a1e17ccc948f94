using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Infrastructure.Database;
using GeoMonitor.Api.Infrastructure.Geodata;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace GeoMonitor.Bench;

/// <summary>
/// Beyond one machine, as far as one machine can show it (docs/scaling.md): two API processes behind a local nginx
/// (Debian's, round robin, WebSocket upgrades passed through) with a streaming read replica — a primary cluster of its
/// own and a hot standby made from it by <c>pg_basebackup -R</c>, both on 127.0.0.1 — under the mixed wrk load of
/// bench/load (reads, /api/locate, uploads) for a bounded time. Reports throughput, p50/p90/p99, socket errors and
/// non-2xx answers (target: none), how the requests spread over the two instances (nginx's access log), how many
/// transactions the standby served, and whether subscriptions are delivered across instances: GraphQL subscribers
/// (graphql-transport-ws) on instance A, on instance B and through nginx receive every incident uploaded during the
/// load, whichever instance took it, and probes written through A are timed to B's subscriber and vice versa.
/// Before it, for comparison, the same load against one API process on the primary alone (no proxy, no replica).
/// <para>
/// The database is made anew each run (migrations, geodata; the uploads of the run are its only other incidents), like
/// the load scenario's. Options: <c>--duration S</c> (default 60), <c>--connections N</c> (default 100),
/// <c>--baseline 0</c> to skip the one-instance run.
/// </para>
/// </summary>
public sealed class ScaleOutBenchmark : IBenchmark
{
    private const string Database = "geomonitor_scaleout";
    private const string ProbeSource = "bench-scaleout-probe";
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(60);

    /// <inheritdoc />
    public string Name => "scaleout";

    /// <inheritdoc />
    public string Description => "two API instances behind nginx with a read replica under the mixed wrk load; subscriptions across instances";

    /// <inheritdoc />
    public async Task RunAsync(BenchContext ctx)
    {
        foreach (var tool in new[] { "/usr/bin/wrk", "/usr/sbin/nginx" })
            if (!File.Exists(tool))
            {
                ctx.Report($"\n## scaleout benchmark: skipped ({tool} missing: scripts/prereqs.sh bench installs wrk and nginx)\n");
                return;
            }
        var duration = int.Parse(ctx.Options.GetValueOrDefault("duration", "60"), CultureInfo.InvariantCulture);
        var connections = int.Parse(ctx.Options.GetValueOrDefault("connections", "100"), CultureInfo.InvariantCulture);
        var baseline = ctx.Options.GetValueOrDefault("baseline", "1") != "0";
        var folder = Path.Combine(ctx.Root, "bench", "data", "scaleout");
        var outDir = Path.Combine(ctx.Root, "bench", "out", "scaleout");
        Directory.CreateDirectory(outDir);

        var primary = new EmbeddedPostgres(Path.Combine(folder, "primary"), NullLogger.Instance);
        var standby = new Standby(primary, Path.Combine(folder, "standby"));
        Nginx? nginx = null;
        var apis = new List<ApiProcess>();
        var subscribers = new List<Subscriber>();
        try
        {
            var sw = Stopwatch.StartNew();
            var cs = await FreshDatabaseAsync(ctx, primary);
            string reporterKey, reviewerKey;
            await using (var db = NpgsqlDataSource.Create(cs))
            {
                reporterKey = await new ApiKeys(db).CreateAsync("bench-scaleout-reporter", Role.Reporter);
                reviewerKey = await new ApiKeys(db).CreateAsync("bench-scaleout-subscriber", Role.Reviewer);
            }
            await standby.StartAsync(cs);
            BenchContext.Log($"scaleout: primary and standby ready in {sw.Elapsed.TotalSeconds:F0} s");

            ctx.Report($"\n## scaleout benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, wrk {duration} s × {connections} connections (bench/load/mixed.lua)\n");
            ctx.Report($"load average at the start: {Measure.LoadAverage()}\n");
            ctx.Report($"A fresh database `{Database}` (migrations, geodata) on a primary cluster of its own; a hot standby of it (`pg_basebackup -R`, streaming); every process on 127.0.0.1.\n");

            if (baseline)
            {
                await using var single = await ApiProcess.StartAsync(ctx.Root, cs);
                var (one, _) = await WrkAsync(ctx, single.BaseAddress, reporterKey, "single", duration, connections);
                ctx.Report($"- one API process on the primary alone, wrk straight to it: {one}");
            }

            // Each instance holds a pool on the primary and one on the standby, besides its LISTEN connections on the
            // primary: two instances at the default pool of 50 would reach the servers' max_connections (100) under this
            // load (measured: "too many clients" for the next connection). 40 each leaves room (docs/scaling.md).
            var (primaryPool, readPool) = (Pooled(cs, 40), Pooled(standby.ConnectionString, 40));
            var read = new Dictionary<string, string> { ["ConnectionStrings__GeoMonitorRead"] = readPool };
            apis.Add(await ApiProcess.StartAsync(ctx.Root, primaryPool, read));
            apis.Add(await ApiProcess.StartAsync(ctx.Root, primaryPool, read));
            var (a, b) = (apis[0], apis[1]);
            nginx = await Nginx.StartAsync(Path.Combine(outDir, "nginx"), [a.BaseAddress, b.BaseAddress]);
            using (var health = await nginx.Client.GetAsync("/health"))
            {
                var text = await health.Content.ReadAsStringAsync();
                if (!health.IsSuccessStatusCode || !text.Contains("\"inRecovery\":true", StringComparison.Ordinal))
                    throw new InvalidOperationException($"/health through nginx does not show the standby as the read connection: {(int)health.StatusCode} {text}");
            }

            subscribers.Add(await Subscriber.ConnectAsync("A", a.BaseAddress, reviewerKey));
            subscribers.Add(await Subscriber.ConnectAsync("B", b.BaseAddress, reviewerKey));
            subscribers.Add(await Subscriber.ConnectAsync("nginx", nginx.BaseAddress, reviewerKey));
            var probes = new Probes(a, b, reporterKey, subscribers);
            await probes.UntilEveryoneListensAsync();

            var standbyBefore = await standby.TransactionsAsync();
            var during = probes.EveryAsync(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(duration));
            var (two, run) = await WrkAsync(ctx, nginx.BaseAddress, reporterKey, "scaleout", duration, connections);
            await during;
            for (var i = 0; i < 4; i++) await probes.OnceAsync(i % 2 == 0);
            var standbyServed = await standby.TransactionsAsync() - standbyBefore;
            var lag = await standby.ReplayLagAsync(cs);

            // Every incident this load uploaded (mixed.lua's external ids start with the run's name), whichever instance
            // took it, must reach every subscriber; how long after its transaction began (created_at) each one heard of it.
            var uploaded = new Dictionary<string, DateTime>(StringComparer.Ordinal);
            await using (var db = NpgsqlDataSource.Create(cs))
            await using (var cmd = db.CreateCommand("SELECT external_id, created_at FROM incidents WHERE source = 'wrk-load' AND starts_with(external_id, $1)"))
            {
                cmd.Parameters.AddWithValue(run + "-");
                await using var r = await cmd.ExecuteReaderAsync();
                while (await r.ReadAsync()) uploaded[r.GetString(0)] = r.GetDateTime(1);
            }
            var deadline = DateTime.UtcNow + DeliveryTimeout;
            while (DateTime.UtcNow < deadline && subscribers.Any(s => uploaded.Keys.Any(x => !s.Seen.ContainsKey(x)))) await Task.Delay(200);
            var received = subscribers.Select(s => uploaded.Keys.Count(s.Seen.ContainsKey)).ToArray();
            string Lag(Subscriber s)
            {
                var ms = uploaded.Where(u => s.Seen.ContainsKey(u.Key)).Select(u => (s.Seen[u.Key] - u.Value).TotalMilliseconds).Order().ToList();
                return ms.Count == 0 ? "–" : $"p50 {ms[ms.Count / 2]:F0} ms, p99 {ms[Math.Min(ms.Count - 1, (int)(ms.Count * 0.99))]:F0} ms, max {ms[^1]:F0} ms";
            }
            var spread = nginx.Spread();

            ctx.Report($"- two API processes behind nginx 1.22 (round robin, keepalive, no retries), reads on the standby, pools of 40 on each server: {two}");
            ctx.Report($"- requests per instance (nginx access log): {string.Join(", ", spread.Select(s => $"{s.Key}: {s.Value.Requests:N0} ({s.Value.Uploads:N0} uploads)"))}");
            ctx.Report($"- transactions served by the standby during the run: {standbyServed:N0}; its replay lag at the end: {lag}");
            ctx.Report($"- uploads during the load: {uploaded.Count:N0}; received by the subscriber on A {received[0]:N0}, on B {received[1]:N0}, through nginx {received[2]:N0}");
            ctx.Report($"- delivery after the upload's transaction began: on A {Lag(subscribers[0])}; on B {Lag(subscribers[1])}; through nginx {Lag(subscribers[2])}"
                       + (subscribers.Any(s => s.Errors.Count > 0) ? $"; subscription errors: {string.Join(" | ", subscribers.SelectMany(s => s.Errors.Select(e => s.Name + ": " + e)))}" : ""));
            ctx.Report($"- probes written through one instance, received by the other's subscriber (from sending the write): {probes.Describe()}");
            var failed = two.Failed;
            var delivered = uploaded.Count == 0 ? 0 : received.Min() / (double)uploaded.Count;
            var crossed = probes.AllCrossed;
            ctx.Report($"- **two instances + read replica behind nginx, failed requests = {failed}** (target ≤ 0 failed; p99 {two.P99:F1} ms at {two.Rps:F0} req/s)");
            ctx.Report($"- **subscriptions across instances, share of the load's uploads received by every subscriber = {(crossed ? delivered : 0):F2}** "
                       + $"(target ≥ 1; A→B and B→A probes {(crossed ? "all delivered" : "NOT all delivered")}, median {probes.MedianMs:F0} ms)");
            ctx.Report($"- load average at the end: {Measure.LoadAverage()}\n");
        }
        finally
        {
            foreach (var s in subscribers) await s.DisposeAsync();
            if (nginx is not null) await nginx.DisposeAsync();
            foreach (var api in apis) await api.DisposeAsync();
            standby.Stop();
            NpgsqlConnection.ClearAllPools();
            if (primary.StartedHere) primary.Stop();
        }
    }

    private static string Pooled(string cs, int max) => new NpgsqlConnectionStringBuilder(cs) { MaxPoolSize = max }.ConnectionString;

    // The primary's database, made anew: the run's uploads are then the only incidents besides the geodata's samples.
    private static async Task<string> FreshDatabaseAsync(BenchContext ctx, EmbeddedPostgres primary)
    {
        var cs = primary.EnsureStarted(Database);
        await using (var admin = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(cs) { Database = "postgres", Pooling = false }.ConnectionString))
        {
            await using (var drop = admin.CreateCommand($"DROP DATABASE IF EXISTS {Database} WITH (FORCE)")) await drop.ExecuteNonQueryAsync();
            await using (var create = admin.CreateCommand($"CREATE DATABASE {Database}")) await create.ExecuteNonQueryAsync();
        }
        await using var db = NpgsqlDataSource.Create(cs);
        await Migrator.MigrateAsync(db);
        await GeodataLoader.LoadAsync(db, Path.Combine(ctx.Root, "geodata"));
        await TruceMechanismsLoader.LoadAsync(db, Path.Combine(ctx.Root, "geodata"));
        return cs;
    }

    /// <summary>What wrk and mixed.lua's done() printed.</summary>
    private sealed record Load(long Requests, double Seconds, double Rps, double P50, double P90, double P99, double Max, long Socket, long Non2xx, string LoadAverage)
    {
        public long Failed => Socket + Non2xx;

        public override string ToString() =>
            $"{Requests:N0} requests in {Seconds:F1} s, **{Rps:F1} req/s**, latency p50 {P50:F1} ms, p90 {P90:F1} ms, **p99 {P99:F1} ms**, max {Max:F1} ms; "
            + $"socket errors {Socket}, non-2xx/3xx {Non2xx} (load average {LoadAverage})";
    }

    // The run's name comes back too: mixed.lua starts every external id it uploads with it.
    private static async Task<(Load Load, string Run)> WrkAsync(BenchContext ctx, Uri target, string key, string label, int duration, int connections)
    {
        var psi = new ProcessStartInfo("wrk") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-t", "2", "-c", connections.ToString(CultureInfo.InvariantCulture), "-d", $"{duration}s", "--timeout", "10s", "--latency",
                     "-s", Path.Combine(ctx.Root, "bench", "load", "mixed.lua"), target.ToString().TrimEnd('/') })
            psi.ArgumentList.Add(arg);
        psi.Environment["GEOMONITOR_KEY"] = key;
        var run = $"{label}{DateTime.UtcNow:HHmmss}";
        psi.Environment["GEOMONITOR_RUN"] = run;
        var loadBefore = Measure.LoadAverage();
        BenchContext.Log($"scaleout: wrk {duration} s × {connections} against {target} ({label})");
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(duration + 60)))
        {
            p.Kill();
            throw new TimeoutException("wrk did not finish in time");
        }
        var text = await stdout + await stderr;
        File.WriteAllText(Path.Combine(ctx.Root, "bench", "out", "scaleout", $"wrk-{label}.out"), text);
        var req = Regex.Match(text, @"requests (\d+) in ([\d.]+) s: ([\d.]+) req/s");
        var lat = Regex.Match(text, @"latency p50 ([\d.]+) ms, p90 ([\d.]+) ms, p99 ([\d.]+) ms, max ([\d.]+) ms");
        var err = Regex.Match(text, @"errors: socket (\d+) .*non-2xx/3xx (\d+)");
        if (!req.Success || !lat.Success || !err.Success) throw new InvalidOperationException("unexpected wrk output: " + text);
        double D(Match m, int g) => double.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture);
        return (new Load(long.Parse(req.Groups[1].Value, CultureInfo.InvariantCulture), D(req, 2), D(req, 3), D(lat, 1), D(lat, 2), D(lat, 3), D(lat, 4),
            long.Parse(err.Groups[1].Value, CultureInfo.InvariantCulture), long.Parse(err.Groups[2].Value, CultureInfo.InvariantCulture),
            $"{loadBefore} → {Measure.LoadAverage()}"), run);
    }

    /// <summary>A hot standby of the primary: a base backup with recovery settings, started on its own port.</summary>
    private sealed class Standby(EmbeddedPostgres primary, string folder)
    {
        private readonly int _port = ApiProcess.FreePort();
        private bool _started;

        public string ConnectionString { get; private set; } = "";

        public async Task StartAsync(string primaryCs)
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            Directory.CreateDirectory(folder);
            if (Environment.UserName == "root") Run("chown", ["-R", $"{primary.OsUser}:", folder], asServer: false);
            var p = new NpgsqlConnectionStringBuilder(primaryCs);
            Run(Path.Combine(primary.BinFolder, "pg_basebackup"),
                ["-h", "127.0.0.1", "-p", p.Port.ToString(CultureInfo.InvariantCulture), "-U", p.Username!, "-D", Path.Combine(folder, "pg"), "-R", "-X", "stream", "-c", "fast"],
                password: p.Password);
            // The copied settings name the primary's port: the command line wins. hot_standby_feedback keeps the primary
            // from removing rows a standby query still reads (a cancelled read would be a failed request).
            Run(Path.Combine(primary.BinFolder, "pg_ctl"),
                ["-D", Path.Combine(folder, "pg"), "-l", Path.Combine(folder, "server.log"), "-w", "-t", "60",
                 "-o", $"-p {_port} -c listen_addresses=127.0.0.1 -k '' -c hot_standby_feedback=on", "start"]);
            _started = true;
            ConnectionString = new NpgsqlConnectionStringBuilder(primaryCs) { Port = _port }.ConnectionString;
            if (!await ScalarAsync<bool>("SELECT pg_is_in_recovery()")) throw new InvalidOperationException("the standby is not in recovery");
        }

        public Task<long> TransactionsAsync() =>
            ScalarAsync<long>($"SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = '{Database}'");

        // How far behind the primary the standby's replay is when the load has stopped.
        public async Task<string> ReplayLagAsync(string primaryCs)
        {
            await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(primaryCs) { Pooling = false }.ConnectionString);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("SELECT pg_current_wal_lsn()::text", conn);
            var lsn = (string)(await cmd.ExecuteScalarAsync())!;
            var sw = Stopwatch.StartNew();
            while (sw.Elapsed < TimeSpan.FromSeconds(10) && !await ScalarAsync<bool>($"SELECT pg_last_wal_replay_lsn() >= '{lsn}'::pg_lsn"))
                await Task.Delay(5);
            return $"the primary's last WAL position replayed {sw.Elapsed.TotalMilliseconds:F0} ms after the load stopped";
        }

        public void Stop()
        {
            if (!_started) return;
            _started = false;
            try { Run(Path.Combine(primary.BinFolder, "pg_ctl"), ["-D", Path.Combine(folder, "pg"), "-m", "fast", "-w", "stop"]); }
            catch (InvalidOperationException) { }
        }

        private async Task<T> ScalarAsync<T>(string sql)
        {
            await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false, Database = Database }.ConnectionString);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand(sql, conn);
            return (T)(await cmd.ExecuteScalarAsync())!;
        }

        // PostgreSQL's programs refuse to run as root: as the cluster's OS user then.
        private void Run(string tool, string[] args, bool asServer = true, string? password = null)
        {
            var psi = new ProcessStartInfo { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            if (asServer && Environment.UserName == "root")
            {
                psi.FileName = "runuser";
                foreach (var x in new[] { "-u", primary.OsUser, "--", tool }) psi.ArgumentList.Add(x);
            }
            else psi.FileName = tool;
            foreach (var x in args) psi.ArgumentList.Add(x);
            if (password is not null) psi.Environment["PGPASSWORD"] = password;
            using var p = Process.Start(psi)!;
            var o = p.StandardOutput.ReadToEndAsync();
            var e = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(TimeSpan.FromMinutes(2))) throw new TimeoutException($"{tool} did not finish within 2 minutes");
            if (p.ExitCode != 0) throw new InvalidOperationException($"{tool} failed ({p.ExitCode}): {o.Result}{e.Result}");
        }
    }

    /// <summary>Debian's nginx on a free port of 127.0.0.1, in front of the API processes; its own prefix, no daemon.</summary>
    private sealed class Nginx : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly string _folder;
        private readonly Uri[] _upstreams;

        private Nginx(Process process, string folder, Uri baseAddress, Uri[] upstreams)
        {
            _process = process;
            _folder = folder;
            _upstreams = upstreams;
            BaseAddress = baseAddress;
            Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        }

        public Uri BaseAddress { get; }

        public HttpClient Client { get; }

        public static async Task<Nginx> StartAsync(string folder, Uri[] upstreams)
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            var temp = Path.Combine(folder, "temp");
            Directory.CreateDirectory(temp);
            // Workers run as nobody when nginx starts as root: their temporary files go where they may write.
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, (UnixFileMode)0x1FF);
            var port = ApiProcess.FreePort();
            var servers = string.Join("\n", upstreams.Select(u => $"    server {u.Host}:{u.Port} max_fails=0;"));
            File.WriteAllText(Path.Combine(folder, "nginx.conf"), $$"""
                # Written by bench/GeoMonitor.Bench/ScaleOutBenchmark.cs for one run.
                daemon off;
                worker_processes 1;
                pid {{folder}}/nginx.pid;
                error_log {{folder}}/error.log warn;
                events { worker_connections 4096; }
                http {
                  log_format upstream '$upstream_addr $request_method $status $request_time';
                  access_log {{folder}}/access.log upstream buffer=64k flush=1s;
                  client_body_temp_path {{temp}}/body;
                  proxy_temp_path {{temp}}/proxy;
                  fastcgi_temp_path {{temp}}/fastcgi;
                  uwsgi_temp_path {{temp}}/uwsgi;
                  scgi_temp_path {{temp}}/scgi;
                  upstream geomonitor {
                {{servers}}
                    keepalive 64;
                  }
                  # A WebSocket upgrade is passed on; any other request keeps the upstream connection alive.
                  map $http_upgrade $connection_upgrade { default upgrade; '' ''; }
                  server {
                    listen 127.0.0.1:{{port}};
                    client_max_body_size 50m;
                    location / {
                      proxy_pass http://geomonitor;
                      proxy_http_version 1.1;
                      proxy_set_header Host $host;
                      proxy_set_header Upgrade $http_upgrade;
                      proxy_set_header Connection $connection_upgrade;
                      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                      proxy_read_timeout 3600s;
                      proxy_max_temp_file_size 0;
                      # A failure must reach the client (and the count), not be retried on the other instance.
                      proxy_next_upstream off;
                    }
                  }
                }
                """);
            var psi = new ProcessStartInfo("/usr/sbin/nginx") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var x in new[] { "-p", folder, "-c", Path.Combine(folder, "nginx.conf"), "-e", Path.Combine(folder, "error.log") }) psi.ArgumentList.Add(x);
            var p = Process.Start(psi)!;
            p.OutputDataReceived += (_, _) => { };
            p.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("[nginx] " + e.Data); };
            p.BeginOutputReadLine();
            p.BeginErrorReadLine();
            var nginx = new Nginx(p, folder, new Uri($"http://127.0.0.1:{port}"), upstreams);
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (true)
            {
                if (p.HasExited) throw new InvalidOperationException($"nginx exited with code {p.ExitCode}: {File.ReadAllText(Path.Combine(folder, "error.log"))}");
                try
                {
                    if ((await nginx.Client.GetAsync("/health")).StatusCode == HttpStatusCode.OK) return nginx;
                }
                catch (HttpRequestException) { }
                if (DateTime.UtcNow > deadline) throw new TimeoutException("nginx did not answer within 20 s");
                await Task.Delay(100);
            }
        }

        // Requests and uploads per upstream, from the access log (flushed when nginx stops or every second).
        public Dictionary<string, (int Requests, int Uploads)> Spread()
        {
            Thread.Sleep(1500);
            var names = _upstreams.Select((u, i) => (Key: $"{u.Host}:{u.Port}", Name: i == 0 ? "A" : "B")).ToDictionary(x => x.Key, x => x.Name);
            var spread = names.Values.ToDictionary(n => n, _ => (Requests: 0, Uploads: 0));
            foreach (var line in File.ReadLines(Path.Combine(_folder, "access.log")))
            {
                var f = line.Split(' ');
                if (f.Length < 2 || !names.TryGetValue(f[0], out var name)) continue;
                var (r, u) = spread[name];
                spread[name] = (r + 1, u + (f[1] == "POST" ? 1 : 0));
            }
            return spread;
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            if (!_process.HasExited)
            {
                // SIGQUIT: a graceful stop of the master and its worker.
                using (var kill = Process.Start("kill", ["-QUIT", _process.Id.ToString(CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try { await _process.WaitForExitAsync(cts.Token); }
                catch (OperationCanceledException) { _process.Kill(entireProcessTree: true); }
            }
            _process.Dispose();
        }
    }

    /// <summary>A GraphQL subscriber over graphql-transport-ws: every incidentReported it receives, by external id, with its arrival time.</summary>
    private sealed class Subscriber : IAsyncDisposable
    {
        private readonly ClientWebSocket _socket;
        private readonly CancellationTokenSource _stop = new();
        private Task _loop = Task.CompletedTask;

        private Subscriber(string name, ClientWebSocket socket)
        {
            Name = name;
            _socket = socket;
        }

        public string Name { get; }

        public ConcurrentDictionary<string, DateTime> Seen { get; } = new(StringComparer.Ordinal);

        public List<string> Errors { get; } = [];

        public static async Task<Subscriber> ConnectAsync(string name, Uri api, string key)
        {
            var socket = new ClientWebSocket();
            socket.Options.AddSubProtocol("graphql-transport-ws");
            var uri = new UriBuilder(api) { Scheme = "ws", Path = "/graphql/ws" }.Uri;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await socket.ConnectAsync(uri, timeout.Token);
            var s = new Subscriber(name, socket);
            await s.SendAsync(JsonSerializer.Serialize(new { type = "connection_init", payload = new { Authorization = "Bearer " + key } }), timeout.Token);
            var ack = await s.ReceiveAsync(timeout.Token);
            if (ack is null || !ack.Contains("connection_ack", StringComparison.Ordinal)) throw new InvalidOperationException($"subscriber {name}: no connection_ack ({ack})");
            await s.SendAsync("""{"id":"1","type":"subscribe","payload":{"query":"subscription { incidentReported { id externalId } }"}}""", timeout.Token);
            s._loop = Task.Run(s.LoopAsync);
            return s;
        }

        private async Task LoopAsync()
        {
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    var text = await ReceiveAsync(_stop.Token);
                    if (text is null) { lock (Errors) Errors.Add("the server closed the socket"); return; }
                    var at = DateTime.UtcNow;
                    using var doc = JsonDocument.Parse(text);
                    var type = doc.RootElement.GetProperty("type").GetString();
                    if (type == "next" && doc.RootElement.GetProperty("payload").TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object)
                        Seen.TryAdd(data.GetProperty("incidentReported").GetProperty("externalId").GetString()!, at);
                    else if (type == "ping") await SendAsync("""{"type":"pong"}""", _stop.Token);
                    else if (type is "error" or "complete" || type == "next") lock (Errors) Errors.Add(text.Length > 300 ? text[..300] : text);
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested) { }
            catch (Exception e) when (e is WebSocketException or JsonException) { lock (Errors) Errors.Add(e.Message); }
        }

        private Task SendAsync(string text, CancellationToken ct) =>
            _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, ct);

        private async Task<string?> ReceiveAsync(CancellationToken ct)
        {
            var buffer = new byte[64 * 1024];
            using var message = new MemoryStream();
            while (true)
            {
                var r = await _socket.ReceiveAsync(buffer, ct);
                if (r.MessageType == WebSocketMessageType.Close) return null;
                message.Write(buffer, 0, r.Count);
                if (r.EndOfMessage) return Encoding.UTF8.GetString(message.ToArray());
            }
        }

        public async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            try
            {
                if (_socket.State == WebSocketState.Open)
                {
                    using var t = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", t.Token);
                }
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException) { }
            try { await _loop; } catch (Exception) { /* reported in Errors */ }
            _socket.Dispose();
        }
    }

    /// <summary>Incidents written through one instance and timed to the subscriber on the other.</summary>
    private sealed class Probes(ApiProcess a, ApiProcess b, string key, IReadOnlyList<Subscriber> subscribers)
    {
        private readonly List<(string Route, double? Ms)> _results = [];
        private int _n;

        public bool AllCrossed => _results.Count > 0 && _results.All(r => r.Ms is not null);

        public double MedianMs
        {
            get
            {
                var ms = _results.Where(r => r.Ms is not null).Select(r => r.Ms!.Value).Order().ToList();
                return ms.Count == 0 ? double.NaN : ms[ms.Count / 2];
            }
        }

        public string Describe()
        {
            var groups = _results.GroupBy(r => r.Route).Select(g =>
            {
                var ok = g.Where(r => r.Ms is not null).Select(r => r.Ms!.Value).Order().ToList();
                return $"{g.Key} {ok.Count} of {g.Count()}" + (ok.Count > 0 ? $" (median {ok[ok.Count / 2]:F0} ms, max {ok[^1]:F0} ms)" : "");
            });
            return string.Join("; ", groups);
        }

        // The subscriptions start listening shortly after their subscribe message: probe until all three hear one.
        public async Task UntilEveryoneListensAsync()
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (DateTime.UtcNow < deadline)
            {
                var id = await WriteAsync(a, "warm-up");
                var until = DateTime.UtcNow.AddSeconds(2);
                while (DateTime.UtcNow < until && subscribers.Any(s => !s.Seen.ContainsKey(id))) await Task.Delay(20);
                if (subscribers.All(s => s.Seen.ContainsKey(id))) return;
            }
            throw new InvalidOperationException("the subscribers did not all receive a probe within 30 s: " + string.Join(" | ", subscribers.SelectMany(s => s.Errors)));
        }

        public async Task EveryAsync(TimeSpan interval, TimeSpan during)
        {
            var sw = Stopwatch.StartNew();
            var i = 0;
            while (sw.Elapsed + interval < during)
            {
                await Task.Delay(interval);
                await OnceAsync(i++ % 2 == 0);
            }
        }

        // One incident through A (timed to B's subscriber) or through B (timed to A's).
        public async Task OnceAsync(bool throughA)
        {
            var (via, to, route) = throughA ? (a, subscribers[1], "A→B") : (b, subscribers[0], "B→A");
            // Timed from the moment the write is sent: the event often reaches the other instance's subscriber before the
            // writer has read its 201.
            var sent = DateTime.UtcNow;
            var id = await WriteAsync(via, route);
            var deadline = DateTime.UtcNow + DeliveryTimeout;
            while (DateTime.UtcNow < deadline && !to.Seen.ContainsKey(id)) await Task.Delay(5);
            lock (_results)
                _results.Add((route, to.Seen.TryGetValue(id, out var at) ? (at - sent).TotalMilliseconds : null));
        }

        private async Task<string> WriteAsync(ApiProcess via, string route)
        {
            var externalId = $"{route}-{Interlocked.Increment(ref _n)}-{Guid.NewGuid():N}";
            var body = $$"""
                {"source":"{{ProbeSource}}","externalId":"{{externalId}}","occurredAt":"2024-12-01T10:00:00Z","eventType":"Strategic developments",
                 "subEventType":"Other","fatalities":0,"lon":35.5,"lat":33.2}
                """;
            using var post = new HttpRequestMessage(HttpMethod.Post, "/api/incidents") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            post.Headers.Authorization = new("Bearer", key);
            using var res = await via.Client.SendAsync(post);
            if (res.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"probe through {route}: {(int)res.StatusCode} {await res.Content.ReadAsStringAsync()}");
            return externalId;
        }
    }
}
