using System.Globalization;
using System.Text.RegularExpressions;

namespace GeoMonitor.Api.Features.Common;

/// <summary>
/// Reads typed query parameters and throws <see cref="QueryParameterException"/> naming the parameter for anything
/// malformed. Unknown parameter names are refused too: a misspelt filter must not silently return everything.
/// </summary>
public sealed partial class QueryReader
{
    private readonly IQueryCollection _query;

    /// <summary>Wraps <paramref name="query"/>; <paramref name="allowed"/> are the parameter names this endpoint knows.</summary>
    public QueryReader(IQueryCollection query, IReadOnlyCollection<string> allowed)
    {
        _query = query;
        foreach (var key in query.Keys)
            if (!allowed.Contains(key))
                throw new QueryParameterException(key, $"Unknown parameter '{key}'. Known parameters: {string.Join(", ", allowed)}.");
    }

    /// <summary>Whether the parameter was sent.</summary>
    public bool Has(string name) => _query.ContainsKey(name);

    /// <summary>A single non-empty value, or null when absent.</summary>
    public string? String(string name)
    {
        if (!_query.TryGetValue(name, out var v)) return null;
        if (v.Count > 1) throw new QueryParameterException(name, $"'{name}' is given more than once.");
        var s = v.ToString().Trim();
        if (s.Length == 0) throw new QueryParameterException(name, $"'{name}' is empty.");
        if (s.Length > 2000) throw new QueryParameterException(name, $"'{name}' is too long.");
        return s;
    }

    /// <summary>Values given repeatedly and/or comma-separated; null when absent.</summary>
    public IReadOnlyList<string>? List(string name)
    {
        if (!_query.TryGetValue(name, out var v)) return null;
        var items = v.SelectMany(x => (x ?? "").Split(',')).Select(x => x.Trim()).ToList();
        if (items.Count == 0 || items.Any(x => x.Length == 0))
            throw new QueryParameterException(name, $"'{name}' has an empty value.");
        if (items.Count > 100) throw new QueryParameterException(name, $"'{name}' has more than 100 values.");
        return items.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>A finite number in [min, max] (or (min, max] when <paramref name="minExclusive"/>).</summary>
    public double? Double(string name, double min, double max, bool minExclusive = false)
    {
        if (String(name) is not { } s) return null;
        return ParseNumber(name, s, min, max, minExclusive);
    }

    /// <summary>An integer in [min, max].</summary>
    public int? Int(string name, int min, int max)
    {
        if (String(name) is not { } s) return null;
        if (!int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
            throw new QueryParameterException(name, $"'{name}' must be an integer, got '{s}'.");
        if (n < min || n > max) throw new QueryParameterException(name, $"'{name}' must be between {min} and {max}, got {n}.");
        return n;
    }

    /// <summary>true or false.</summary>
    public bool? Bool(string name) => String(name) switch
    {
        null => null,
        "true" => true,
        "false" => false,
        var s => throw new QueryParameterException(name, $"'{name}' must be true or false, got '{s}'."),
    };

    /// <summary>One of <paramref name="values"/> (exact, lower case).</summary>
    public string? OneOf(string name, params string[] values)
    {
        if (String(name) is not { } s) return null;
        if (!values.Contains(s, StringComparer.Ordinal))
            throw new QueryParameterException(name, $"'{name}' must be one of {string.Join(", ", values)}, got '{s}'.");
        return s;
    }

    /// <summary>
    /// An ISO 8601 instant: a date-time with an offset (Z or ±hh:mm) or a date alone (midnight UTC). A date-time
    /// without an offset is refused: its instant would depend on the server's time zone.
    /// </summary>
    public DateTimeOffset? Instant(string name)
    {
        if (String(name) is not { } s) return null;
        return ParseInstant(name, s);
    }

    /// <summary>Parses an instant as <see cref="Instant"/> does.</summary>
    public static DateTimeOffset ParseInstant(string name, string s)
    {
        // An unencoded '+' in a URL arrives as a space: "2026-04-17T21:00:00 03:00".
        var m = OffsetSpace().Match(s);
        if (m.Success) s = s[..m.Index] + "+" + s[(m.Index + 1)..];
        if (DateOnlyPattern().IsMatch(s)
            && DateTime.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var d))
            return new DateTimeOffset(d, TimeSpan.Zero);
        if (DateTimePattern().IsMatch(s)
            && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
            return t.ToUniversalTime();
        throw new QueryParameterException(name,
            $"'{name}' must be an ISO 8601 instant with an offset (e.g. 2026-04-17T21:00:00Z) or a date (2026-04-17), got '{s}'.");
    }

    /// <summary>Parses a number as <see cref="Double"/> does.</summary>
    public static double ParseNumber(string name, string s, double min, double max, bool minExclusive = false)
    {
        if (!double.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                CultureInfo.InvariantCulture, out var x) || !double.IsFinite(x))
            throw new QueryParameterException(name, $"'{name}' must be a number, got '{s}'.");
        if (x < min || x > max || (minExclusive && x <= min))
            throw new QueryParameterException(name,
                $"'{name}' must be {(minExclusive ? "greater than" : "at least")} {min.ToString(CultureInfo.InvariantCulture)} and at most {max.ToString(CultureInfo.InvariantCulture)}, got {s}.");
        return x;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex DateOnlyPattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?([Zz]|[+-]\d{2}:?\d{2})$")]
    private static partial Regex DateTimePattern();

    [GeneratedRegex(@"(?<=[Tt]\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?) (?=\d{2}:?\d{2}$)")]
    private static partial Regex OffsetSpace();
}
