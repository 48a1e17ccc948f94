using Npgsql;

namespace GeoMonitor.Api.Features.Incidents.Query;

/// <summary>
/// One more condition for <see cref="IncidentFilter.Predicate"/>: a boolean SQL expression over alias <c>i</c> with its
/// parameters. It exists for OGC API - Features Part 3 filters (CQL2), which are richer than the filter record's fixed
/// members; the OGC translator builds the SQL only from a whitelist of columns (identifiers never come from input) and
/// binds every literal as a parameter, whose names start with <c>cql_</c> so they cannot meet IncidentSql's <c>gm_</c>.
/// </summary>
/// <param name="Sql">The expression, e.g. <c>(i.fatalities &gt;= @cql_0)</c>.</param>
/// <param name="Parameters">The parameters it uses.</param>
public sealed record SqlPredicate(string Sql, IReadOnlyList<NpgsqlParameter> Parameters)
{
    /// <summary>
    /// The earliest occurred_at the expression can match, when it says so in its top-level AND (null: unbounded). Only a
    /// bound of the rows, for <see cref="IncidentPlan"/>: a short window is read through the time index first.
    /// </summary>
    public DateTime? From { get; init; }

    /// <summary>The latest occurred_at the expression can match, likewise (null: unbounded).</summary>
    public DateTime? To { get; init; }

    /// <summary>
    /// The same expression, with the same parameters, with its spatial tests written as filters of the rows the time index
    /// found (<see cref="IncidentPlan.TimeFirst"/>), as <see cref="IncidentSql"/> writes its own; null when it has none.
    /// </summary>
    public string? TimeFirstSql { get; init; }
}
