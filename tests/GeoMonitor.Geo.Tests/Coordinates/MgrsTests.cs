using GeoMonitor.Geo.Coordinates;
using GeoMonitor.Geo.Tests.TestData;

namespace GeoMonitor.Geo.Tests.Coordinates;

public class MgrsTests
{
    public static TheoryData<string> PlaceNames => Places.Names();

    [Theory]
    [MemberData(nameof(PlaceNames))]
    public void Format_matches_the_hand_computed_reference(string name)
    {
        var place = Places.Get(name);

        Assert.Equal(place.Mgrs, Mgrs.Format(place.Lon, place.Lat));
    }

    [Theory]
    [MemberData(nameof(PlaceNames))]
    public void Parse_lands_within_a_metre_of_the_place(string name)
    {
        var place = Places.Get(name);

        var result = CoordinateParser.Parse(place.Mgrs);

        Assert.Equal(CoordinateFormat.Mgrs, result.Format);
        Assert.Equal(32636, result.SourceEpsg);
        Assert.Equal(1, result.CellSizeMetres);
        Metres.AssertWithin(1, Metres.Between(result.Lon, result.Lat, place.Lon, place.Lat), name);
    }

    [Theory]
    [InlineData("36S YB 35690 90113")]
    [InlineData("36SYB3569090113")]
    [InlineData("36S YB 3569090113")]
    [InlineData("36s yb 35690 90113")]
    [InlineData("36SYB 35690 90113")]
    public void Spacing_and_case_do_not_matter(string text)
    {
        var result = CoordinateParser.Parse(text);

        Metres.AssertWithin(1, Metres.Between(result.Lon, result.Lat, References.Beaufort.Lon, References.Beaufort.Lat), text);
    }

    [Theory]
    [InlineData("36S YB 3569 9011", 10)]
    [InlineData("36S YB 356 901", 100)]
    [InlineData("36S YB 35 90", 1_000)]
    [InlineData("36S YB 3 9", 10_000)]
    [InlineData("36S YB", 100_000)]
    public void Shorter_references_mean_larger_cells_and_give_their_centre(string text, double cell)
    {
        var result = CoordinateParser.Parse(text);

        Assert.Equal(cell, result.CellSizeMetres);

        // Beaufort lies in every one of these cells, so the centre is at most half a diagonal away.
        var distance = Metres.Between(result.Lon, result.Lat, References.Beaufort.Lon, References.Beaufort.Lat);
        Metres.AssertWithin((cell * Math.Sqrt(2) / 2) + 1, distance, text);
        Assert.Equal(Math.Floor(References.Beaufort.Utm36.E / cell) * cell + (cell / 2), result.SourceX, 6);
        Assert.Equal(Math.Floor(References.Beaufort.Utm36.N / cell) * cell + (cell / 2), result.SourceY, 6);
    }

    [Fact]
    public void Zone_37_reference_west_of_its_zone_still_parses()
    {
        var result = CoordinateParser.Parse(References.ShebaaMgrsZone37);

        Assert.Equal(32637, result.SourceEpsg);
        Metres.AssertWithin(1, Metres.Between(result.Lon, result.Lat, References.Shebaa.Lon, References.Shebaa.Lat), "Shebaa 37S");
    }

    [Fact]
    public void Published_example_formats_identically()
    {
        var formatted = Mgrs.Format(References.Published.Lon38S, References.Published.Lat38S);

        Assert.Equal(References.Published.Mgrs38S, formatted.Replace(" ", string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public void Published_band_v_example_parses_to_its_utm_and_position()
    {
        var result = Mgrs.Parse(References.Published.Mgrs33V);

        Assert.Equal(32633, result.SourceEpsg);
        Assert.Equal(472202.5, result.SourceX, 6);
        Assert.Equal(6487839.5, result.SourceY, 6);
        var distance = Metres.Between(result.Lon, result.Lat, References.Published.Lon33V, References.Published.Lat33V);
        Metres.AssertWithin(1, distance, "33VVE7220287839");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    public void Format_then_parse_round_trips_within_the_cell(int digits)
    {
        var place = References.Hermon;
        var text = Mgrs.Format(place.Lon, place.Lat, digits);

        var result = Mgrs.Parse(text);

        var cell = Math.Pow(10, 5 - digits);
        Metres.AssertWithin(cell, Metres.Between(result.Lon, result.Lat, place.Lon, place.Lat), text);
    }

    [Theory]
    [InlineData("36S AB 12345 67890", "column letter 'A' is not used in zone 36")]
    [InlineData("37S YB 12345 67890", "column letter 'Y' is not used in zone 37")]
    [InlineData("36S YW 12345 67890", "row letter 'W' is invalid")]
    [InlineData("36I YB 12345 67890", "latitude band 'I' is invalid")]
    [InlineData("36Z YB 12345 67890", "polar (UPS)")]
    [InlineData("61S YB 12345 67890", "zone 61 is invalid")]
    [InlineData("36S YB 1234 567", "same number of digits")]
    [InlineData("36S YB 123456 123456", "more than 5 digits")]
    [InlineData("36SYB123", "same number of digits")]
    [InlineData("36N YB 35690 90113", "does not lie in latitude band N")]
    public void Invalid_references_name_the_problem(string text, string expected)
    {
        var ex = Assert.Throws<CoordinateFormatException>(() => CoordinateParser.Parse(text));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 85)]
    [InlineData(0, -81)]
    [InlineData(double.NaN, 33)]
    public void Format_rejects_polar_and_invalid_positions(double lon, double lat) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Mgrs.Format(lon, lat));
}
