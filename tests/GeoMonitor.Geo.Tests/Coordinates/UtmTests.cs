using GeoMonitor.Geo.Coordinates;
using GeoMonitor.Geo.Tests.TestData;

namespace GeoMonitor.Geo.Tests.Coordinates;

public class UtmTests
{
    public static TheoryData<string> PlaceNames => Places.Names();

    [Theory]
    [MemberData(nameof(PlaceNames))]
    public void Zone_36_text_matches_the_place(string name)
    {
        var place = Places.Get(name);
        var text = FormattableString.Invariant($"36N {place.Utm36.E} {place.Utm36.N}");

        var result = CoordinateParser.Parse(text);

        Assert.Equal(CoordinateFormat.Utm, result.Format);
        Assert.Equal(32636, result.SourceEpsg);
        Metres.AssertWithin(1, Metres.Between(result.Lon, result.Lat, place.Lon, place.Lat), text);
    }

    [Theory]
    [MemberData(nameof(PlaceNames))]
    public void Zone_37_text_matches_the_place(string name)
    {
        var place = Places.Get(name);
        var text = FormattableString.Invariant($"37N {place.Utm37.E} {place.Utm37.N}");

        var result = CoordinateParser.Parse(text);

        Assert.Equal(32637, result.SourceEpsg);
        Metres.AssertWithin(1, Metres.Between(result.Lon, result.Lat, place.Lon, place.Lat), text);
    }

    [Theory]
    [InlineData("36N 735690 3690113")]
    [InlineData("36S 735690 3690113")]
    [InlineData("36 N 735690 3690113")]
    [InlineData("36N, 735690, 3690113")]
    [InlineData("36N 735690mE 3690113mN")]
    [InlineData("36N 735690E 3690113N")]
    [InlineData("UTM 36N 735690 3690113")]
    [InlineData("36n 735690.167 3690113.066")]
    public void Utm_spellings(string text)
    {
        var result = CoordinateParser.Parse(text);

        Assert.Equal(32636, result.SourceEpsg);
        Metres.AssertWithin(1, Metres.Between(result.Lon, result.Lat, References.Beaufort.Lon, References.Beaufort.Lat), text);
    }

    [Theory]
    [InlineData(32636)]
    [InlineData(32637)]
    public void Hint_makes_bare_numbers_utm(int epsg)
    {
        var place = References.Shebaa;
        var (e, n) = epsg == 32636 ? place.Utm36 : place.Utm37;

        var result = CoordinateParser.Parse(FormattableString.Invariant($"{e} {n}"), CoordinateHint.ForEpsg(epsg));

        Assert.Equal(CoordinateFormat.Utm, result.Format);
        Assert.Equal(epsg, result.SourceEpsg);
        Assert.Equal(e, result.SourceX);
        Metres.AssertWithin(1, Metres.Between(result.Lon, result.Lat, place.Lon, place.Lat), $"EPSG:{epsg}");
    }

    [Fact]
    public void Letter_s_outside_band_s_means_the_southern_hemisphere()
    {
        var result = CoordinateParser.Parse("36S 500000 6000000");

        Assert.Equal(32736, result.SourceEpsg);
        Assert.InRange(result.Lat, -37, -35);
    }

    [Theory]
    [InlineData("61N 500000 3690000", "zone 61 is invalid")]
    [InlineData("36N 1735690 3690113", "out of range")]
    public void Invalid_utm_is_rejected(string text, string expected)
    {
        var ex = Assert.Throws<CoordinateFormatException>(() => CoordinateParser.Parse(text));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Zone_that_contradicts_the_hint_is_rejected()
    {
        var ex = Assert.Throws<CoordinateFormatException>(() =>
            CoordinateParser.Parse("36N 735690 3690113", CoordinateHint.ForEpsg(32637)));

        Assert.Contains("EPSG:32637", ex.Message, StringComparison.Ordinal);
    }
}
