using GeoMonitor.Geo.Coordinates;
using GeoMonitor.Geo.Tests.TestData;

namespace GeoMonitor.Geo.Tests.Coordinates;

public class ProjectedTests
{
    public static TheoryData<string> PlaceNames => Places.Names();

    [Theory]
    [MemberData(nameof(PlaceNames))]
    public void Israeli_tm_grid_via_hint(string name)
    {
        var place = Places.Get(name);

        var result = CoordinateParser.Parse(FormattableString.Invariant($"{place.Itm.E} {place.Itm.N}"), CoordinateHint.ForEpsg(2039));

        Assert.Equal(CoordinateFormat.Projected, result.Format);
        Assert.Equal(2039, result.SourceEpsg);
        Metres.AssertWithin(1, Metres.Between(result.Lon, result.Lat, place.Lon, place.Lat), name);
    }

    [Theory]
    [MemberData(nameof(PlaceNames))]
    public void Web_mercator_via_hint(string name)
    {
        var place = Places.Get(name);

        var result = CoordinateParser.Parse(
            FormattableString.Invariant($"{place.WebMercator.X}, {place.WebMercator.Y}"), CoordinateHint.ForEpsg(3857));

        Metres.AssertWithin(1, Metres.Between(result.Lon, result.Lat, place.Lon, place.Lat), name);
    }

    [Theory]
    [InlineData("ITM 249955.655 803242.049", null)]
    [InlineData("itm 249955.655, 803242.049", null)]
    [InlineData("EPSG:2039 249955.655 803242.049", null)]
    [InlineData("E 249955.655 N 803242.049", 2039)]
    [InlineData("N 803242.049 E 249955.655", 2039)]
    [InlineData("249955.655mE 803242.049mN", 2039)]
    [InlineData("803242.049 mN, 249955.655 mE", 2039)]
    [InlineData("x=249955.655 y=803242.049", 2039)]
    public void Itm_spellings(string text, int? hint)
    {
        var result = CoordinateParser.Parse(text, hint is null ? null : CoordinateHint.ForEpsg(hint.Value));

        Assert.Equal(2039, result.SourceEpsg);
        Metres.AssertWithin(1, Metres.Between(result.Lon, result.Lat, References.Beaufort.Lon, References.Beaufort.Lat), text);
    }

    [Fact]
    public void Syria_lambert_via_hint()
    {
        var (e, n) = References.Other.HermonSyriaLambert;

        var result = CoordinateParser.Parse(FormattableString.Invariant($"{e} {n}"), CoordinateHint.ForEpsg(22770));

        Metres.AssertWithin(1, Metres.Between(result.Lon, result.Lat, References.Hermon.Lon, References.Hermon.Lat), "22770");
    }

    [Fact]
    public void Geographic_hint_other_than_wgs84_is_datum_shifted()
    {
        var (lon, lat) = References.Other.BeaufortIsrael1993;

        var result = CoordinateParser.Parse(FormattableString.Invariant($"{lat} {lon}"), CoordinateHint.ForEpsg(4141));

        Assert.Equal(4141, result.SourceEpsg);
        Assert.Equal(lat, result.SourceY);
        Metres.AssertWithin(1, Metres.Between(result.Lon, result.Lat, References.Beaufort.Lon, References.Beaufort.Lat), "4141");
    }

    [Theory]
    [InlineData("somewhere", "not an easting/northing pair")]
    [InlineData("249955 803242 17", "not an easting/northing pair")]
    [InlineData("900000000000 5", "far too large")]
    [InlineData("33.3244 35.5320", "look like degrees")]
    public void Bad_projected_input_is_rejected(string text, string expected)
    {
        var ex = Assert.Throws<CoordinateFormatException>(() => CoordinateParser.Parse(text, CoordinateHint.ForEpsg(2039)));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Prefix_with_a_geographic_code_is_rejected() =>
        Assert.Throws<CoordinateFormatException>(() => CoordinateParser.Parse("EPSG:4326 33 35"));
}
