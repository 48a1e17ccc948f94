using GeoMonitor.Api.Features.Incidents.Query;
using GeoMonitor.Api.Ogc;
using GeoMonitor.Api.Ogc.Cql2;

namespace GeoMonitor.Api.Tests.Ogc.Cql2;

/// <summary>
/// The window a CQL2 filter puts on occurredAt, which lets the query core read a short window through the time index
/// first (IncidentPlan), as it does for datetime=; without a database. What the SQL selects either way is checked on
/// PostGIS in OgcFilterTests (Spatial_tests_within_a_short_window_answer_as_within_a_long_one).
/// </summary>
public sealed class Cql2InstantBoundsTests
{
    private static SqlPredicate Text(string s) => Cql2SqlTranslator.Translate(Cql2TextParser.Parse(s), Cql2Queryables.Incidents, OgcCrs.Crs84);

    private static DateTime? At(string? s) => s is null ? null : DateTime.Parse(s, System.Globalization.CultureInfo.InvariantCulture,
        System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal);

    [Theory]
    [InlineData("occurredAt >= TIMESTAMP('2024-03-01T00:00:00Z') AND occurredAt < TIMESTAMP('2024-03-22T00:00:00Z')", "2024-03-01T00:00:00Z", "2024-03-22T00:00:00Z")]
    [InlineData("TIMESTAMP('2024-03-22T00:00:00Z') > occurredAt AND TIMESTAMP('2024-03-01T00:00:00Z') <= occurredAt", "2024-03-01T00:00:00Z", "2024-03-22T00:00:00Z")]
    [InlineData("occurredAt = TIMESTAMP('2024-03-05T10:00:00Z')", "2024-03-05T10:00:00Z", "2024-03-05T10:00:00Z")]
    [InlineData("occurredAt BETWEEN DATE('2024-03-01') AND DATE('2024-03-21')", "2024-03-01T00:00:00Z", "2024-03-21T00:00:00Z")]
    [InlineData("occurredAt >= '2024-03-01T00:00:00Z'", "2024-03-01T00:00:00Z", null)] // GDAL's instants as strings
    [InlineData("T_DURING(occurredAt, INTERVAL('2024-03-01', '2024-03-21'))", "2024-03-01T00:00:00Z", "2024-03-21T23:59:59.999999Z")]
    [InlineData("T_INTERSECTS(occurredAt, INTERVAL('2024-03-01T00:00:00Z', '..'))", "2024-03-01T00:00:00Z", null)]
    [InlineData("T_AFTER(occurredAt, DATE('2024-03-01')) AND T_BEFORE(occurredAt, TIMESTAMP('2024-03-10T00:00:00Z'))", "2024-03-01T23:59:59.999999Z", "2024-03-10T00:00:00Z")]
    [InlineData("T_BEFORE(TIMESTAMP('2024-03-01T00:00:00Z'), occurredAt)", "2024-03-01T00:00:00Z", null)]
    [InlineData("eventType = 'Battles' AND (occurredAt > TIMESTAMP('2024-03-01T00:00:00Z') AND occurredAt < TIMESTAMP('2024-03-02T00:00:00Z'))", "2024-03-01T00:00:00Z", "2024-03-02T00:00:00Z")]
    [InlineData("occurredAt > TIMESTAMP('2024-03-01T00:00:00Z') AND occurredAt > TIMESTAMP('2024-03-05T00:00:00Z')", "2024-03-05T00:00:00Z", null)] // the tighter
    // Not a bound of every match: under OR or NOT, on another property, or a relation that does not keep it inside.
    [InlineData("occurredAt > TIMESTAMP('2024-03-01T00:00:00Z') OR fatalities > 3", null, null)]
    [InlineData("NOT (occurredAt < TIMESTAMP('2024-03-01T00:00:00Z'))", null, null)]
    [InlineData("updatedAt >= TIMESTAMP('2024-03-01T00:00:00Z')", null, null)]
    [InlineData("T_DISJOINT(occurredAt, INTERVAL('2024-03-01', '2024-03-21'))", null, null)]
    [InlineData("fatalities > 3", null, null)]
    public void The_window_is_the_top_level_bounds_of_occurredAt(string filter, string? from, string? to)
    {
        var p = Text(filter);
        Assert.Equal(At(from), p.From);
        Assert.Equal(At(to), p.To);
    }

    [Fact]
    public void A_short_window_reads_time_first_with_the_spatial_test_as_a_filter_and_the_same_parameters()
    {
        var p = Text("S_INTERSECTS(geometry, BBOX(35.1, 33.0, 35.6, 33.3)) AND occurredAt >= TIMESTAMP('2024-03-01T00:00:00Z') AND occurredAt < TIMESTAMP('2024-03-22T00:00:00Z')");
        Assert.True(IncidentPlan.For(new IncidentFilter { Predicate = p }).TimeFirst);
        Assert.Equal("(ST_Intersects(i.geom, @cql_0) AND (i.occurred_at >= @cql_1) AND (i.occurred_at < @cql_2))", p.Sql);
        Assert.Equal("((ST_Intersects(i.geom, @cql_0)) IS TRUE AND (i.occurred_at >= @cql_1) AND (i.occurred_at < @cql_2))", p.TimeFirstSql);
        var sql = IncidentSql.Build(new IncidentFilter { Predicate = p });
        Assert.Contains(p.TimeFirstSql!, sql.Where, StringComparison.Ordinal);
        Assert.Equal(3, sql.Parameters.Count(x => x.ParameterName.StartsWith("cql_", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("S_INTERSECTS(geometry, BBOX(35.1, 33.0, 35.6, 33.3)) AND occurredAt >= TIMESTAMP('2020-03-01T00:00:00Z') AND occurredAt < TIMESTAMP('2024-03-22T00:00:00Z')")]
    [InlineData("S_INTERSECTS(geometry, BBOX(35.1, 33.0, 35.6, 33.3)) AND occurredAt >= TIMESTAMP('2024-03-01T00:00:00Z')")]
    public void A_long_or_open_window_leaves_the_spatial_index_to_drive_the_scan(string filter)
    {
        var p = Text(filter);
        var sql = IncidentSql.Build(new IncidentFilter { Predicate = p });
        Assert.False(sql.Plan.TimeFirst);
        Assert.Contains(p.Sql, sql.Where, StringComparison.Ordinal);
        Assert.DoesNotContain("IS TRUE", p.Sql, StringComparison.Ordinal);
    }

    [Fact]
    public void A_filter_without_a_spatial_test_has_one_form()
    {
        var p = Text("occurredAt >= TIMESTAMP('2024-03-01T00:00:00Z') AND occurredAt < TIMESTAMP('2024-03-22T00:00:00Z')");
        Assert.Null(p.TimeFirstSql);
        Assert.True(IncidentSql.Build(new IncidentFilter { Predicate = p }).Plan.TimeFirst);
    }
}
