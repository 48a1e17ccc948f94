using System.Diagnostics;

namespace GeoMonitor.Bench;

/// <summary>Timing helpers: warm-up runs, then the median (and min/max) of N timed runs.</summary>
public static class Measure
{
    /// <summary>The result of timing one action.</summary>
    public sealed record Timing(double MedianMs, double MinMs, double MaxMs, int Runs)
    {
        /// <inheritdoc />
        public override string ToString() => $"median {MedianMs:F1} ms (min {MinMs:F1}, max {MaxMs:F1}, n={Runs})";
    }

    /// <summary>Runs <paramref name="action"/> <paramref name="warmup"/> times untimed, then <paramref name="runs"/> times timed.</summary>
    public static async Task<Timing> MedianAsync(Func<Task> action, int runs, int warmup = 3)
    {
        for (var i = 0; i < warmup; i++) await action();
        var ms = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            await action();
            ms.Add(sw.Elapsed.TotalMilliseconds);
        }
        ms.Sort();
        var median = runs % 2 == 1 ? ms[runs / 2] : (ms[runs / 2 - 1] + ms[runs / 2]) / 2;
        return new Timing(median, ms[0], ms[^1], runs);
    }

    /// <summary>
    /// Warm-up rounds before timing a request path of a freshly started API. Measured (headline query, 21-request
    /// rounds on a fresh process): API / SQL 2.04× over requests 4–24, 1.27× over 25–45, 1.11× from the 46th on — a
    /// new process runs partly on tier-0 JIT code until tiered compilation has promoted the hot paths. A server runs
    /// for days, so the steady state is what is compared.
    /// </summary>
    public const int ApiWarmup = 40;

    /// <summary>Runs <paramref name="a"/> and <paramref name="b"/> alternately so drift on a noisy machine hits both alike.</summary>
    public static async Task<(Timing A, Timing B)> InterleavedAsync(Func<Task> a, Func<Task> b, int runs, int warmup = 3)
    {
        for (var i = 0; i < warmup; i++) { await a(); await b(); }
        var ta = new List<double>(runs);
        var tb = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            await a();
            ta.Add(sw.Elapsed.TotalMilliseconds);
            sw.Restart();
            await b();
            tb.Add(sw.Elapsed.TotalMilliseconds);
        }
        return (Summarize(ta), Summarize(tb));
    }

    /// <summary>
    /// Runs every action once per round, in turn, for <paramref name="runs"/> timed rounds after
    /// <paramref name="warmup"/> untimed ones, so that drift on a noisy machine hits each alike. Each round starts one
    /// action further on, so that no action always follows the same one (what one leaves behind — garbage to collect,
    /// threads still spinning — lands on each of the others alike).
    /// </summary>
    public static async Task<Timing[]> RoundRobinAsync(int runs, int warmup, params Func<Task>[] actions)
    {
        for (var i = 0; i < warmup; i++)
            foreach (var a in actions) await a();
        var samples = actions.Select(_ => new List<double>(runs)).ToArray();
        for (var i = 0; i < runs; i++)
            for (var j = 0; j < actions.Length; j++)
            {
                var k = (i + j) % actions.Length;
                var sw = Stopwatch.StartNew();
                await actions[k]();
                samples[k].Add(sw.Elapsed.TotalMilliseconds);
            }
        return [.. samples.Select(Summarize)];
    }

    /// <summary>The 1-, 5- and 15-minute load averages of the machine (other work on the 2 cores slows both sides).</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <summary>
    /// The duration of metric <paramref name="metric"/> in a response's W3C Server-Timing header
    /// (<c>tile;desc="hit";dur=0.04</c>, <c>prepare;dur=0.1, execute;dur=8.8</c>), in milliseconds.
    /// </summary>
    public static double ServerTiming(HttpResponseMessage res, string metric)
    {
        var entry = string.Join(",", res.Headers.GetValues("Server-Timing")).Split(',').Select(e => e.Trim())
            .First(e => e == metric || e.StartsWith(metric + ";", StringComparison.Ordinal));
        var dur = entry.Split(';').Select(p => p.Trim()).First(p => p.StartsWith("dur=", StringComparison.Ordinal));
        return double.Parse(dur[4..], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Median, min and max of samples taken elsewhere (sorts the list).</summary>
    public static Timing Summarize(List<double> ms)
    {
        ms.Sort();
        var n = ms.Count;
        var median = n % 2 == 1 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2;
        return new Timing(median, ms[0], ms[^1], n);
    }
}
