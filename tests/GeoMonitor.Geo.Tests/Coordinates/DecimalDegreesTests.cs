using GeoMonitor.Geo.Coordinates;

namespace GeoMonitor.Geo.Tests.Coordinates;

public class DecimalDegreesTests
{
    [Theory]
    [InlineData("33.3244, 35.5320")]
    [InlineData("33.3244 35.5320")]
    [InlineData("33.3244,35.5320")]
    [InlineData("33.3244;35.5320")]
    [InlineData("  33.3244   35.5320  ")]
    [InlineData("(33.3244, 35.5320)")]
    [InlineData("+33.3244 +35.5320")]
    [InlineData("N33.3244 E35.5320")]
    [InlineData("N 33.3244, E 35.5320")]
    [InlineData("33.3244N 35.5320E")]
    [InlineData("35.5320E 33.3244N")]
    [InlineData("E35.5320 N33.3244")]
    [InlineData("33.3244° N, 35.5320° E")]
    [InlineData("33.3244 north 35.5320 east")]
    [InlineData("n33.3244 e35.5320")]
    public void Beaufort_in_decimal_degrees(string text)
    {
        var result = CoordinateParser.Parse(text);

        Assert.Equal(33.3244, result.Lat, 10);
        Assert.Equal(35.5320, result.Lon, 10);
        Assert.Equal(CoordinateFormat.DecimalDegrees, result.Format);
        Assert.Equal(4326, result.SourceEpsg);
    }

    [Fact]
    public void Unlabelled_pairs_are_latitude_first_by_convention()
    {
        var result = CoordinateParser.Parse("35.5320 33.3244");

        Assert.Equal(35.5320, result.Lat, 10);
        Assert.Equal(33.3244, result.Lon, 10);
    }

    [Fact]
    public void Longitude_first_hint_swaps_unlabelled_pairs()
    {
        var result = CoordinateParser.Parse("35.5320 33.3244", new CoordinateHint { AxisOrder = GeographicAxisOrder.LonLat });

        Assert.Equal(33.3244, result.Lat, 10);
        Assert.Equal(35.5320, result.Lon, 10);
    }

    [Fact]
    public void Letters_win_over_the_axis_order_hint()
    {
        var result = CoordinateParser.Parse("33.3244N 35.5320E", new CoordinateHint { AxisOrder = GeographicAxisOrder.LonLat });

        Assert.Equal(33.3244, result.Lat, 10);
    }

    [Theory]
    [InlineData("-33.5 -58.4")]
    [InlineData("−33.5, −58.4")]
    [InlineData("33.5S 58.4W")]
    [InlineData("S33.5 W58.4")]
    [InlineData("33.5 south, 58.4 west")]
    public void Southern_and_western_values_are_negative(string text)
    {
        var result = CoordinateParser.Parse(text);

        Assert.Equal(-33.5, result.Lat, 10);
        Assert.Equal(-58.4, result.Lon, 10);
    }

    [Fact]
    public void Try_parse_reports_the_message_instead_of_throwing()
    {
        Assert.True(CoordinateParser.TryParse("33.3 35.5", null, out var ok, out _));
        Assert.Equal(33.3, ok.Lat, 10);
        Assert.False(CoordinateParser.TryParse("95 35", null, out _, out var error));
        Assert.Contains("Latitude 95", error, StringComparison.Ordinal);
    }
}
