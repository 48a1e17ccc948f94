namespace GeoMonitor.GraphQL.Validation;

/// <summary>"Did you mean ...?" hints for misspelled names, ranked by edit distance.</summary>
internal static class Suggestions
{
    public static List<string> For(string input, IEnumerable<string> options)
    {
        var threshold = (int)Math.Floor(input.Length * 0.4) + 1;
        var lower = input.ToLowerInvariant();
        return options
            .Select(o => (Option: o, Distance: string.Equals(o, input, StringComparison.OrdinalIgnoreCase) ? 1 : Distance(lower, o.ToLowerInvariant())))
            .Where(x => x.Distance <= threshold)
            .OrderBy(x => x.Distance)
            .ThenBy(x => x.Option, StringComparer.Ordinal)
            .Select(x => x.Option)
            .ToList();
    }

    public static string DidYouMean(IReadOnlyList<string> suggestions, string prefix = "Did you mean")
    {
        if (suggestions.Count == 0) return string.Empty;
        var quoted = suggestions.Take(5).Select(s => $"\"{s}\"").ToList();
        return $" {prefix} " + quoted.Count switch
        {
            1 => quoted[0],
            2 => $"{quoted[0]} or {quoted[1]}",
            _ => string.Join(", ", quoted.Take(quoted.Count - 1)) + ", or " + quoted[^1],
        } + "?";
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions.</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
