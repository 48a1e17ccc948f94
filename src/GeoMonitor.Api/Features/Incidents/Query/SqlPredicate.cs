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
public sealed record SqlPredicate(string Sql, IReadOnlyList<NpgsqlParameter> Parameters);
