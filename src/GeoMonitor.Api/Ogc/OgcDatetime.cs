using System.Text.RegularExpressions;
using GeoMonitor.Api.Features.Common;

namespace GeoMonitor.Api.Ogc;

/// <summary>
/// The OGC <c>datetime</c> parameter as a half-open range [From, To) of instants (null = unbounded).
/// <para>
/// An instant t means [t, t + 1 µs): timestamptz has microsecond resolution, so this matches exactly t. A closed
/// interval a/b includes b, hence [a, b + 1 µs). A date alone stands for its whole UTC day: as an instant
/// [d, d + 1 day), as an interval start d 00:00, as an interval end the end of day d. <c>..</c> (or an empty side)
/// leaves that side open.
/// </para>
/// </summary>
public sealed partial record OgcDatetime(DateTimeOffset? From, DateTimeOffset? To)
{
    private static readonly TimeSpan Microsecond = TimeSpan.FromTicks(10);

    /// <summary>Parses the parameter value; throws a 400 naming <c>datetime</c> when malformed.</summary>
    public static OgcDatetime Parse(string value)
    {
        var parts = value.Split('/');
        if (parts.Length > 2) throw Bad(value);
        if (parts.Length == 1)
        {
            if (IsOpen(parts[0])) throw Bad(value);
            var (t, dateOnly) = Instant(parts[0]);
            return new OgcDatetime(t, dateOnly ? t.AddDays(1) : t + Microsecond);
        }
        if (IsOpen(parts[0]) && IsOpen(parts[1])) return new OgcDatetime(null, null);
        DateTimeOffset? from = null, to = null;
        if (!IsOpen(parts[0])) from = Instant(parts[0]).Value;
        if (!IsOpen(parts[1]))
        {
            var (t, dateOnly) = Instant(parts[1]);
            to = dateOnly ? t.AddDays(1) : t + Microsecond;
        }
        if (from is { } f && to is { } e && f >= e)
            throw new QueryParameterException("datetime", $"'datetime' starts after it ends: '{value}'.");
        return new OgcDatetime(from, to);
    }

    private static bool IsOpen(string s) => s.Length == 0 || s == "..";

    private static (DateTimeOffset Value, bool DateOnly) Instant(string s) =>
        (QueryReader.ParseInstant("datetime", s), DateOnly().IsMatch(s.Trim()));

    private static QueryParameterException Bad(string value) => new("datetime",
        $"'datetime' must be an instant (2025-01-27T10:00:00Z or 2025-01-27) or an interval (start/end, ../end, start/..), got '{value}'.");

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex DateOnly();
}
