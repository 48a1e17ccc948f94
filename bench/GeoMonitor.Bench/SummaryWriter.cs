using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace GeoMonitor.Bench;

/// <summary>
/// Rewrites the summary table of docs/performance.md (between <c>&lt;!-- summary:begin --&gt;</c> and
/// <c>&lt;!-- summary:end --&gt;</c>) from the figures one bench/run.sh run appended to bench/out/results.md: every
/// line with "(target …)" becomes a row (scenario, what, measured, target, met?), plus the tiles' cached re-hit and
/// the wrk load test's result when its log is given. A missed target followed by a line "- cause of the gap: …" (the
/// benchmark's own measured reason) carries that reason in its "met" cell. Rows of scenarios not run this time are kept as they were.
/// Not a benchmark (needs no database): <c>GeoMonitor.Bench summary --since BYTES [--load FILE] [--failed a,b]</c>.
/// </summary>
public static partial class SummaryWriter
{
    private const string Begin = "<!-- summary:begin -->";
    private const string End = "<!-- summary:end -->";

    /// <summary>One row of the table.</summary>
    private sealed record Row(string Scenario, string What, string Measured, string Target, string Met, string Run);

    /// <summary>Runs it; returns the exit code.</summary>
    public static int Run(string[] args)
    {
        var options = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2) options[args[i].TrimStart('-')] = args[i + 1];
        var root = Api.Infrastructure.Database.GeoMonitorPaths.RepositoryRoot() ?? throw new InvalidOperationException("Run from the repository.");
        var results = Path.Combine(root, "bench", "out", "results.md");
        var doc = Path.Combine(root, "docs", "performance.md");
        var since = long.Parse(options.GetValueOrDefault("since", "0"), CultureInfo.InvariantCulture);
        var text = "";
        if (File.Exists(results))
        {
            using var s = File.OpenRead(results);
            s.Seek(Math.Min(since, s.Length), SeekOrigin.Begin);
            text = new StreamReader(s, Encoding.UTF8).ReadToEnd();
        }
        var rows = Parse(text);
        if (options.TryGetValue("load", out var load) && File.Exists(load)) rows.AddRange(LoadRows(File.ReadAllText(load)));
        foreach (var f in options.GetValueOrDefault("failed", "").Split(',', StringSplitOptions.RemoveEmptyEntries))
            rows.Add(new Row(f, "(the scenario failed: see its output)", "–", "–", "**no**", DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)));
        var md = File.ReadAllText(doc);
        var a = md.IndexOf(Begin, StringComparison.Ordinal);
        var b = md.IndexOf(End, StringComparison.Ordinal);
        if (a < 0 || b < a)
        {
            Console.Error.WriteLine($"{doc} has no {Begin} … {End} block; table not written");
            return 1;
        }
        var kept = ExistingRows(md[(a + Begin.Length)..b]).Where(r => rows.All(n => n.Scenario != r.Scenario));
        var all = kept.Concat(rows).OrderBy(r => Order(r.Scenario)).ToList();
        var table = new StringBuilder("\n| scenario | measured | value | target | met | run (UTC) |\n|---|---|---:|---|---|---|\n");
        foreach (var r in all) table.Append($"| {r.Scenario} | {r.What} | {r.Measured} | {r.Target} | {r.Met} | {r.Run} |\n");
        File.WriteAllText(doc, md[..(a + Begin.Length)] + table + md[b..]);
        Console.WriteLine($"summary: {rows.Count} rows from this run written to docs/performance.md ({all.Count} in the table)");
        Console.Write(table);
        return 0;
    }

    private static int Order(string scenario)
    {
        string[] order = ["query", "upload", "graphql", "tiles", "locate", "deconfliction", "changes", "asof", "cql2", "mapserver", "scale", "replicas", "load", "scaleout"];
        var i = Array.IndexOf(order, scenario);
        return i < 0 ? order.Length : i;
    }

    private static List<Row> Parse(string text)
    {
        var rows = new List<Row>();
        string scenario = "?", run = "", sub = "";
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            var h = Header().Match(line);
            if (h.Success) { scenario = h.Groups[1].Value; run = h.Groups[2].Value; sub = ""; continue; }
            if (line.StartsWith("### ", StringComparison.Ordinal)) { sub = SubHeading(line[4..]); continue; }
            // "- cause of the gap: …" right after a missed target says why, measured by the same run (in the "met" cell).
            var cause = Cause().Match(line);
            if (cause.Success && rows.Count > 0 && rows[^1].Met == "**no**" && rows[^1].Scenario == scenario)
            {
                rows[^1] = rows[^1] with { Met = $"**no**: {cause.Groups[1].Value.Trim().Replace("|", "/")}" };
                continue;
            }
            var t = Target().Match(line);
            if (t.Success)
            {
                var label = line[..t.Index].TrimStart('-', ' ').Replace("**", "").Replace("ratio ", "").TrimEnd(' ', '=', ':', '×');
                label = Regex.Replace(label, @"[=:]\s*$", "").Trim();
                var what = sub.Length > 0 && scenario == "tiles" ? $"{sub}: {label}" : label;
                rows.Add(new Row(scenario, what, t.Groups[1].Value + t.Groups[2].Value, t.Groups[3].Value, Met(t.Groups[1].Value, t.Groups[3].Value), run));
                continue;
            }
            var hit = CachedHit().Match(line);
            if (hit.Success && scenario == "tiles")
            {
                var ms = double.Parse(hit.Groups[2].Value, CultureInfo.InvariantCulture);
                rows.Add(new Row(scenario, $"{sub}: cached re-hit, {hit.Groups[1].Value}, median", $"{ms:F2} ms", "< 1 ms", ms < 1 ? "yes" : "**no**", run));
            }
        }
        return rows;
    }

    // "z10 tile 10/612/410: …" → "z10"; anything else: up to the first colon.
    private static string SubHeading(string s) => s.Split(' ', ':')[0];

    private static IEnumerable<Row> LoadRows(string log)
    {
        var rps = Regex.Match(log, @"requests (\d+) in ([\d.]+) s: ([\d.]+) req/s");
        var lat = Regex.Match(log, @"latency p50 ([\d.]+) ms, p90 ([\d.]+) ms, p99 ([\d.]+) ms");
        var result = Regex.Match(log, @"RESULT (PASS|FAIL)");
        yield return new Row("load", "bench/load mixed wrk load (reads, locate, uploads)",
            rps.Success ? $"{rps.Groups[3].Value} req/s, p99 {(lat.Success ? lat.Groups[3].Value : "?")} ms" : "–",
            "no failed request", result.Success && result.Groups[1].Value == "PASS" ? "yes" : "**no**",
            DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
    }

    private static string Met(string value, string target)
    {
        var m = TargetBound().Match(target);
        if (!m.Success) return "–";
        var v = double.Parse(value, CultureInfo.InvariantCulture);
        var bound = double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        return (m.Groups[1].Value == "≤" ? v <= bound : v >= bound) ? "yes" : "**no**";
    }

    private static IEnumerable<Row> ExistingRows(string block)
    {
        foreach (var line in block.Split('\n'))
        {
            var cells = line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            if (cells.Length != 6 || cells[0] is "scenario" || cells[0].StartsWith("---", StringComparison.Ordinal)) continue;
            yield return new Row(cells[0], cells[1], cells[2], cells[3], cells[4], cells[5]);
        }
    }

    [GeneratedRegex(@"^## (\w+) benchmark, (\d{4}-\d\d-\d\d \d\d:\d\d) UTC")]
    private static partial Regex Header();

    [GeneratedRegex(@"([\d.]+)(×| ms)?\**\s*\(target:? ([^)]*)\)")]
    private static partial Regex Target();

    [GeneratedRegex(@"^-\s*cause of the gap:\s*(.+)$")]
    private static partial Regex Cause();

    [GeneratedRegex(@"^([≤≥])\s*([\d.]+)")]
    private static partial Regex TargetBound();

    // The server's time and the client's 304 revalidation carry the "< 1 ms" target; the whole-body figure is reported only.
    [GeneratedRegex(@"cached re-hit, (server time|revalidation at the client).*?median ([\d.]+) ms")]
    private static partial Regex CachedHit();
}
