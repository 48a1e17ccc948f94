using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using GeoMonitor.Api.Features.Locate;
using Npgsql;

namespace GeoMonitor.Bench;

/// <summary>
/// /api/locate throughput (issue 9): wrk on loopback against the API for a bounded time at a few concurrency levels,
/// and pgbench running the API's own statement (<see cref="LocateApi.Sql"/>, written out as a pgbench script) with
/// the same concurrency, random points drawn from the same box; requests per second, median and p99 latency, ratio.
/// Options: --duration seconds (default 20), --concurrency 1,8,32.
/// </summary>
public sealed partial class LocateBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "locate";

    /// <inheritdoc />
    public string Description => "/api/locate with wrk vs the same statement with pgbench, a few concurrency levels";

    /// <inheritdoc />
    public async Task RunAsync(BenchContext ctx)
    {
        foreach (var tool in new[] { "/usr/bin/wrk", "/usr/bin/pgbench" })
            if (!File.Exists(tool))
            {
                ctx.Report($"\n## locate benchmark: skipped ({tool} missing: apt-get install -y wrk postgresql-client)\n");
                return;
            }
        var duration = int.Parse(ctx.Options.GetValueOrDefault("duration", "20"), CultureInfo.InvariantCulture);
        var levels = ctx.Options.GetValueOrDefault("concurrency", "1,8,32").Split(',').Select(int.Parse).ToArray();
        var outDir = Path.Combine(ctx.Root, "bench", "out", "locate");
        Directory.CreateDirectory(outDir);
        var script = Path.Combine(outDir, "locate.pgbench");
        await File.WriteAllTextAsync(script, PgbenchScript());
        var lua = Path.Combine(ctx.Root, "bench", "locate", "locate.lua");

        await using var api = await ctx.StartApiAsync();
        // Same answer both ways for one point first, so the two sides are known to do the same work.
        var probe = await api.Client.GetStringAsync("/api/locate?lon=35.5&lat=33.2&at=2026-04-20T12:00:00Z");
        if (!probe.Contains("\"zones\"", StringComparison.Ordinal)) throw new InvalidOperationException("unexpected /api/locate answer: " + probe);

        var rows = new List<(int C, Load Api, Load Sql)>();
        foreach (var c in levels)
        {
            var w = await Wrk(api, lua, c, duration);
            var p = await Pgbench(ctx, script, outDir, c, duration);
            BenchContext.Log($"locate c={c}: API {w.Rps:F0}/s (p50 {w.P50:F1} ms, p99 {w.P99:F1} ms), SQL {p.Rps:F0}/s (p50 {p.P50:F1} ms, p99 {p.P99:F1} ms)");
            rows.Add((c, w, p));
        }

        ctx.Report($"\n## locate benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {duration} s per run, load average {ScaleBenchmark.LoadAverage()}\n");
        ctx.Report("`GET /api/locate?lon=…&lat=…&at=2026-04-20T12:00:00Z` (random points, lon 35.1–35.9, lat 33.0–33.4) with wrk on 127.0.0.1,");
        ctx.Report("versus `LocateApi.Sql` with pgbench (`-M simple`: values inlined, parsed and planned per call like Npgsql's unprepared statements; the same random box, as many client connections).\n");
        ctx.Report("| connections | API req/s | API p50 | API p99 | API non-2xx | SQL tx/s | SQL p50 | SQL p99 | API / SQL throughput |");
        ctx.Report("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (c, a, s) in rows)
            ctx.Report($"| {c} | {a.Rps:F0} | {a.P50:F1} ms | {a.P99:F1} ms | {a.Errors} | {s.Rps:F0} | {s.P50:F1} ms | {s.P99:F1} ms | {a.Rps / s.Rps:F2}× |");
        ctx.Report("");
        var best = rows.MaxBy(r => r.Api.Rps);
        ctx.Report($"- **ratio locate API / SQL throughput at {best.C} connections = {best.Api.Rps / best.Sql.Rps:F2}×** (target: none set; API peak {best.Api.Rps:F0} req/s)\n");
    }

    /// <summary>Throughput and latency of one bounded run.</summary>
    private sealed record Load(double Rps, double P50, double P99, long Errors);

    /// <summary>LocateApi.Sql as a pgbench script: @lon/@lat become pgbench variables, @at a constant.</summary>
    private static string PgbenchScript()
    {
        var sql = AtParameter().Replace(LocateApi.Sql, m => m.Groups[1].Value switch
        {
            "lon" => ":lon",
            "lat" => ":lat",
            _ => "timestamptz '2026-04-20T12:00:00Z'",
        });
        return $"""
            \set lon_u random(0, 800000)
            \set lat_u random(0, 400000)
            \set lon 35.1 + :lon_u / 1000000.0
            \set lat 33.0 + :lat_u / 1000000.0
            {sql};

            """;
    }

    [GeneratedRegex(@"@(lon|lat|at)\b")]
    private static partial Regex AtParameter();

    private static async Task<Load> Wrk(ApiProcess api, string lua, int c, int duration)
    {
        var (code, stdout) = await Run("wrk", ["-t", Math.Min(2, c).ToString(CultureInfo.InvariantCulture), "-c", c.ToString(CultureInfo.InvariantCulture),
            "-d", $"{duration}s", "--timeout", "10s", "--latency", "-s", lua, api.BaseAddress.ToString().TrimEnd('/')], null);
        if (code != 0) throw new InvalidOperationException("wrk failed: " + stdout);
        double Latency(string pct)
        {
            var m = Regex.Match(stdout, $@"^\s*{pct}%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
            if (!m.Success) throw new InvalidOperationException($"no {pct}% in wrk output: {stdout}");
            var v = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            return m.Groups[2].Value switch { "us" => v / 1000, "s" => v * 1000, _ => v };
        }
        var rps = double.Parse(Regex.Match(stdout, @"Requests/sec:\s+([\d.]+)").Groups[1].Value, CultureInfo.InvariantCulture);
        var non200 = long.Parse(Regex.Match(stdout, @"NON200 (\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
        var sockets = Regex.Match(stdout, @"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)");
        if (sockets.Success) non200 += Enumerable.Range(1, 4).Sum(i => long.Parse(sockets.Groups[i].Value, CultureInfo.InvariantCulture));
        return new Load(rps, Latency("50"), Latency("99"), non200);
    }

    private static async Task<Load> Pgbench(BenchContext ctx, string script, string outDir, int c, int duration)
    {
        var b = new NpgsqlConnectionStringBuilder(ctx.ConnectionString);
        var logDir = Path.Combine(outDir, $"pgbench-c{c}");
        if (Directory.Exists(logDir)) Directory.Delete(logDir, true);
        Directory.CreateDirectory(logDir);
        var (code, stdout) = await Run("pgbench", ["-n", "-h", b.Host!, "-p", b.Port.ToString(CultureInfo.InvariantCulture), "-U", b.Username!,
            "-c", c.ToString(CultureInfo.InvariantCulture), "-j", Math.Min(2, c).ToString(CultureInfo.InvariantCulture), "-T", duration.ToString(CultureInfo.InvariantCulture),
            "-M", "simple", "-f", script, "-l", "--log-prefix", Path.Combine(logDir, "tx"), b.Database!], b.Password);
        if (code != 0) throw new InvalidOperationException("pgbench failed: " + stdout);
        var tps = double.Parse(Regex.Match(stdout, @"tps = ([\d.]+) \(without initial connection time\)").Groups[1].Value, CultureInfo.InvariantCulture);
        // Per-transaction log: client_id transaction_no time_us script_no time_epoch time_us_fraction.
        var lat = Directory.EnumerateFiles(logDir).SelectMany(File.ReadLines)
            .Select(l => l.Split(' ')).Where(f => f.Length >= 3).Select(f => double.Parse(f[2], CultureInfo.InvariantCulture) / 1000).ToList();
        lat.Sort();
        double Pct(double p) => lat.Count == 0 ? double.NaN : lat[Math.Min(lat.Count - 1, (int)Math.Ceiling(p * lat.Count) - 1)];
        var failed = Regex.Match(stdout, @"number of failed transactions: (\d+)");
        return new Load(tps, Pct(0.50), Pct(0.99), failed.Success ? long.Parse(failed.Groups[1].Value, CultureInfo.InvariantCulture) : 0);
    }

    private static async Task<(int Code, string Output)> Run(string file, string[] args, string? password)
    {
        var psi = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (password is not null) psi.Environment["PGPASSWORD"] = password;
        using var p = Process.Start(psi)!;
        var o = p.StandardOutput.ReadToEndAsync();
        var e = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, await o + await e);
    }
}
