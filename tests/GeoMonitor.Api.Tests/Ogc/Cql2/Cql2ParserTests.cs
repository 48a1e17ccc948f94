using GeoMonitor.Api.Features.Incidents.Query;
using GeoMonitor.Api.Ogc;
using GeoMonitor.Api.Ogc.Cql2;

namespace GeoMonitor.Api.Tests.Ogc.Cql2;

/// <summary>
/// The CQL2 parsers and translator without a database: the text and the JSON encoding of one expression give the same
/// SQL and parameters; precedence, escapes and literal forms read as the grammar says. (What the SQL selects is checked
/// on PostGIS in OgcFilterTests, and against cql2-rs and GDAL in OgcCql2RefereeTests and OgcGdalFilterTests.)
/// </summary>
public sealed class Cql2ParserTests
{
    private static SqlPredicate Text(string s) => Cql2SqlTranslator.Translate(Cql2TextParser.Parse(s), Cql2Queryables.Incidents, OgcCrs.Crs84);

    private static SqlPredicate Json(string s) => Cql2SqlTranslator.Translate(Cql2JsonReader.Parse(s), Cql2Queryables.Incidents, OgcCrs.Crs84);

    private static string Show(SqlPredicate p) =>
        p.Sql + " | " + string.Join("; ", p.Parameters.Select(x => x.ParameterName + "=" + Value(x.Value)));

    private static string Value(object? v) => v switch
    {
        NetTopologySuite.Geometries.Geometry g => $"SRID={g.SRID};{g.AsText()}",
        Array a => "[" + string.Join(",", a.Cast<object>().Select(Value)) + "]",
        DateTime t => t.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        decimal d => d.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "null",
    };

    [Theory]
    [InlineData("eventType = 'Battles'", """{"op":"=","args":[{"property":"eventType"},"Battles"]}""")]
    [InlineData("fatalities BETWEEN 1 AND 3.5", """{"op":"between","args":[{"property":"fatalities"},1,3.5]}""")]
    [InlineData("NOT eventType IN ('a', 'b')", """{"op":"not","args":[{"op":"in","args":[{"property":"eventType"},["a","b"]]}]}""")]
    [InlineData("actor1 IS NOT NULL", """{"op":"not","args":[{"op":"isNull","args":[{"property":"actor1"}]}]}""")]
    [InlineData("notes LIKE 'a\\_b%'", """{"op":"like","args":[{"property":"notes"},"a\\_b%"]}""")]
    [InlineData("S_WITHIN(geometry, POLYGON((35 33, 36 33, 36 34, 35 34, 35 33)))",
        """{"op":"s_within","args":[{"property":"geometry"},{"type":"Polygon","coordinates":[[[35,33],[36,33],[36,34],[35,34],[35,33]]]}]}""")]
    [InlineData("S_INTERSECTS(geometry, BBOX(35, 33, 36, 34))", """{"op":"s_intersects","args":[{"property":"geometry"},{"bbox":[35,33,36,34]}]}""")]
    [InlineData("S_INTERSECTS(geometry, MULTIPOINT((35 33), (36 34)))", """{"op":"s_intersects","args":[{"property":"geometry"},{"type":"MultiPoint","coordinates":[[35,33],[36,34]]}]}""")]
    [InlineData("S_INTERSECTS(geometry, MULTIPOINT(35 33, 36 34))", """{"op":"s_intersects","args":[{"property":"geometry"},{"type":"MultiPoint","coordinates":[[35,33],[36,34]]}]}""")]
    [InlineData("T_DURING(occurredAt, INTERVAL('2024-01-01', '..'))", """{"op":"t_during","args":[{"property":"occurredAt"},{"interval":["2024-01-01",".."]}]}""")]
    [InlineData("T_AFTER(occurredAt, TIMESTAMP('2024-01-01T02:00:00+02:00'))", """{"op":"t_after","args":[{"property":"occurredAt"},{"timestamp":"2024-01-01T00:00:00Z"}]}""")]
    [InlineData("occurredAt < DATE('2024-01-01')", """{"op":"<","args":[{"property":"occurredAt"},{"date":"2024-01-01"}]}""")]
    [InlineData("eventType = 'a' AND (fatalities > 1 OR TRUE)", """{"op":"and","args":[{"op":"=","args":[{"property":"eventType"},"a"]},{"op":"or","args":[{"op":">","args":[{"property":"fatalities"},1]},true]}]}""")]
    public void Text_and_json_give_the_same_sql(string text, string json) => Assert.Equal(Show(Json(json)), Show(Text(text)));

    [Fact]
    public void And_binds_tighter_than_or_and_not_tighter_than_and()
    {
        var e = Assert.IsType<Cql2Logical>(Cql2TextParser.Parse("fatalities = 1 OR NOT fatalities = 2 AND fatalities = 3"));
        Assert.False(e.IsAnd);
        Assert.IsType<Cql2Comparison>(e.Args[0]);
        var and = Assert.IsType<Cql2Logical>(e.Args[1]);
        Assert.True(and.IsAnd);
        Assert.IsType<Cql2Not>(and.Args[0]);
    }

    [Fact]
    public void Literals_read_as_written()
    {
        Assert.Equal("it's", Assert.IsType<Cql2String>(Assert.IsType<Cql2Comparison>(Cql2TextParser.Parse("notes = 'it''s'")).Right).Value);
        Assert.Equal(1000, Assert.IsType<Cql2Number>(Assert.IsType<Cql2Comparison>(Cql2TextParser.Parse("fatalities = 1e3")).Right).Value);
        Assert.Equal(-0.5, Assert.IsType<Cql2Number>(Assert.IsType<Cql2Comparison>(Cql2TextParser.Parse("uncertaintyM > -.5")).Right).Value);
        Assert.Equal("occurredAt", Assert.IsType<Cql2Property>(Assert.IsType<Cql2Comparison>(Cql2TextParser.Parse("\"occurredAt\" > DATE('2024-01-01')")).Left).Name);
        // Keywords in any case; a Z-tagged WKT point keeps x and y.
        var p = Assert.IsType<Cql2Geometry>(Assert.IsType<Cql2Spatial>(Cql2TextParser.Parse("s_intersects(geometry, point z (35 33 100))")).B);
        Assert.Equal((35.0, 33.0), (p.Value.Coordinate.X, p.Value.Coordinate.Y));
    }

    [Fact]
    public void A_literal_on_the_left_mirrors_the_operator()
    {
        Assert.Equal("(i.fatalities > @cql_0) | cql_0=3", Show(Text("3 < fatalities")));
        Assert.Equal("(i.fatalities >= @cql_0) | cql_0=3", Show(Text("3 <= fatalities")));
    }

    [Fact]
    public void Epsg_4326_literals_are_turned_to_longitude_first()
    {
        var lonLat = Cql2SqlTranslator.Translate(Cql2TextParser.Parse("S_INTERSECTS(geometry, POINT(35.5 33.2))"), Cql2Queryables.Incidents, OgcCrs.Crs84);
        var latLon = Cql2SqlTranslator.Translate(Cql2TextParser.Parse("S_INTERSECTS(geometry, POINT(33.2 35.5))"), Cql2Queryables.Incidents,
            OgcCrs.Find("EPSG:4326")!);
        Assert.Equal(Show(lonLat), Show(latLon));
    }

    [Fact]
    public void Nothing_from_the_filter_reaches_the_sql_text()
    {
        var p = Text("notes = 'x''); DROP TABLE incidents; --' OR locationName LIKE '%\"; SELECT 1'");
        Assert.DoesNotContain("DROP", p.Sql, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("SELECT", p.Sql, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("((i.notes = @cql_0) OR (i.location_name LIKE @cql_1))", p.Sql);
    }
}
