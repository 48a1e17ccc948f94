namespace GeoMonitor.GraphQL.Language;

/// <summary>Block string value semantics (spec 2.9.4 "BlockStringValue") and the reverse, for printing.</summary>
public static class BlockString
{
    /// <summary>Applies the spec's common-indentation removal and blank first/last line trimming to raw block string text.</summary>
    public static string Dedent(string raw)
    {
        var lines = SplitLines(raw);
        int? commonIndent = null;
        for (var i = 1; i < lines.Count; i++)
        {
            var indent = LeadingWhitespace(lines[i]);
            if (indent < lines[i].Length && (commonIndent is null || indent < commonIndent)) commonIndent = indent;
        }
        if (commonIndent is int common && common > 0)
        {
            for (var i = 1; i < lines.Count; i++)
                lines[i] = lines[i].Length <= common ? string.Empty : lines[i][common..];
        }
        var first = 0;
        while (first < lines.Count && IsBlank(lines[first])) first++;
        var last = lines.Count - 1;
        while (last >= first && IsBlank(lines[last])) last--;
        return first > last ? string.Empty : string.Join('\n', lines.GetRange(first, last - first + 1));
    }

    /// <summary>Prints a string as a block string literal whose value, after dedenting, equals the input.</summary>
    public static string Print(string value, bool minimize = false)
    {
        var escaped = value.Replace("\"\"\"", "\\\"\"\"", StringComparison.Ordinal);
        var lines = SplitLines(escaped);
        var isSingleLine = lines.Count == 1;
        // A leading space or tab on a later line would be taken as common indentation and stripped.
        var forceLeadingNewLine = lines.Count > 1 && lines.Skip(1).All(l => l.Length == 0 || l[0] == ' ' || l[0] == '\t');
        var hasTrailingTripleQuotes = escaped.EndsWith("\\\"\"\"", StringComparison.Ordinal);
        var hasTrailingQuote = value.EndsWith('"') && !hasTrailingTripleQuotes;
        var hasTrailingSlash = value.EndsWith('\\');
        var forceTrailingNewLine = hasTrailingQuote || hasTrailingSlash;
        var printAsMultipleLines = !minimize &&
            (!isSingleLine || value.Length > 70 || forceTrailingNewLine || forceLeadingNewLine || hasTrailingTripleQuotes);
        var result = string.Empty;
        var skipLeadingNewLine = isSingleLine && value.Length > 0 && (value[0] == ' ' || value[0] == '\t');
        if ((printAsMultipleLines && !skipLeadingNewLine) || forceLeadingNewLine) result += "\n";
        result += escaped;
        if (printAsMultipleLines || forceTrailingNewLine) result += "\n";
        return "\"\"\"" + result + "\"\"\"";
    }

    private static List<string> SplitLines(string text)
    {
        var lines = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c != '\n' && c != '\r') continue;
            lines.Add(text[start..i]);
            if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
            start = i + 1;
        }
        lines.Add(text[start..]);
        return lines;
    }

    private static int LeadingWhitespace(string line)
    {
        var i = 0;
        while (i < line.Length && (line[i] == ' ' || line[i] == '\t')) i++;
        return i;
    }

    private static bool IsBlank(string line) => LeadingWhitespace(line) == line.Length;
}
