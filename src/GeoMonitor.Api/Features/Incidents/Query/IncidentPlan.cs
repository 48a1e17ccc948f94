namespace GeoMonitor.Api.Features.Incidents.Query;

/// <summary>
/// How <see cref="IncidentSql"/> should let PostgreSQL reach the rows. The planner cannot see the shapes computed in
/// the CTEs, so it guesses that any spatial predicate is very selective and combines the GiST bitmap with the time
/// B-tree; for a large zone over a short window that reads half the geometry index for nothing (measured: 0.2–0.7 s
/// instead of tens of ms, docs/performance.md). With <see cref="TimeFirst"/> the spatial predicates are written so
/// that they filter the rows found through the time index instead of driving the scan.
/// </summary>
/// <param name="TimeFirst">The time window is short enough that the occurred_at index should drive the scan.</param>
public sealed record IncidentPlan(bool TimeFirst)
{
    /// <summary>The longest window (in days) for which time first pays off.</summary>
    public const double TimeFirstMaxDays = 62;

    /// <summary>No hint: every predicate may use its index.</summary>
    public static readonly IncidentPlan Default = new(false);

    /// <summary>
    /// Chooses from the filter's from/to, the truce window (when the filter names a truce, as read from the database)
    /// and the occurred_at bounds of its predicate (a CQL2 filter's): time first when the intersection of the bounded
    /// windows is at most <see cref="TimeFirstMaxDays"/>.
    /// </summary>
    public static IncidentPlan For(IncidentFilter f, DateTime? truceFrom = null, DateTime? truceTo = null)
    {
        DateTime? from = Max(Max(f.From?.UtcDateTime, truceFrom), f.Predicate?.From);
        DateTime? to = Min(Min(f.To?.UtcDateTime, truceTo), f.Predicate?.To);
        return new IncidentPlan(from is { } a && to is { } b && (b - a).TotalDays <= TimeFirstMaxDays);
    }

    private static DateTime? Max(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private static DateTime? Min(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : a < b ? a : b;
}
