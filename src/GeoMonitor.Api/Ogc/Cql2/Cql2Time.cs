namespace GeoMonitor.Api.Ogc.Cql2;

/// <summary>
/// Temporal literals as closed intervals of timestamptz values (CQL2 intervals include both ends, OGC 21-065r2
/// 7.7.1): a timestamp is [t, t]; a date is its whole UTC day, [d 00:00, next day − 1 µs] (1 µs is timestamptz's
/// resolution); an unbounded end is ±infinity.
/// </summary>
public static class Cql2Time
{
    private static readonly TimeSpan Microsecond = TimeSpan.FromTicks(10);

    /// <summary>The first instant of a temporal literal (DateTime.MinValue when unbounded).</summary>
    public static DateTime Start(Cql2Operand o) => o switch
    {
        Cql2Timestamp t => t.Utc,
        Cql2Date d => Midnight(d.Day),
        Cql2Interval { Start: null } => DateTime.MinValue,
        Cql2Interval i => Start(i.Start),
        _ => throw new ArgumentException("not a temporal literal", nameof(o)),
    };

    /// <summary>The last instant of a temporal literal (DateTime.MaxValue when unbounded).</summary>
    public static DateTime End(Cql2Operand o) => o switch
    {
        Cql2Timestamp t => t.Utc,
        Cql2Date d => Midnight(d.Day).AddDays(1) - Microsecond,
        Cql2Interval { End: null } => DateTime.MaxValue,
        Cql2Interval i => End(i.End),
        _ => throw new ArgumentException("not a temporal literal", nameof(o)),
    };

    /// <summary>The start of a UTC day.</summary>
    public static DateTime Midnight(DateOnly d) => d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
}
