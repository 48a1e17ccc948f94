using GeoMonitor.Geo.Coordinates;

namespace GeoMonitor.Geo.Tests.Coordinates;

public class CoordinateErrorTests
{
    [Theory]
    [InlineData("", "No coordinate")]
    [InlineData("   ", "No coordinate")]
    [InlineData("NaN, 35.5", "'NAN' is not a coordinate value")]
    [InlineData("33.5 Infinity", "'INFINITY' is not a coordinate value")]
    [InlineData("33°61'28\"N 35°31'55\"E", "Minutes must be less than 60, found 61")]
    [InlineData("33°19'60\"N 35°31'55\"E", "Seconds must be less than 60, found 60")]
    [InlineData("33 19.5 28 N 35 31 55 E", "Minutes must be a whole number when seconds follow")]
    [InlineData("33.5 19 N 35 31 E", "Degrees must be a whole number when minutes follow")]
    [InlineData("95.1, 35.5", "Latitude 95.1")]
    [InlineData("33.5, 185", "Longitude 185")]
    [InlineData("-91 35", "between -90 and 90")]
    [InlineData("135.5 33.3", "If longitude came first")]
    [InlineData("33.5N 35.5N", "Both values are latitudes")]
    [InlineData("33.5E 35.5W", "Both values are longitudes")]
    [InlineData("33.5N 35.5", "Only one hemisphere letter")]
    [InlineData("33.5N, 35.5", "for both latitude and longitude, or for neither")]
    [InlineData("33.5 35.5 36.1", "found 3 number(s)")]
    [InlineData("33.5", "found 1 number(s)")]
    [InlineData("-33.5S 35E", "both a minus sign and the letter S")]
    [InlineData("33,5 35,5", "more than one ','")]
    [InlineData("hello world", "Unexpected 'HELLO'")]
    [InlineData("33.5 35.5 @", "Unexpected character '@'")]
    [InlineData("123456789012 35", "far too large")]
    [InlineData("742000 3690000", "give the zone")]
    [InlineData("33.5.1 35", "is not a number")]
    [InlineData("33°19'28\"N 35'31°55\"E", "expected degrees but found minutes")]
    [InlineData("N33.3 35.5E", "consistently before")]
    public void Bad_input_gets_a_message_naming_the_problem(string text, string expected)
    {
        var ex = Assert.Throws<CoordinateFormatException>(() => CoordinateParser.Parse(text));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Overlong_text_is_rejected() =>
        Assert.Throws<CoordinateFormatException>(() => CoordinateParser.Parse(new string('1', 500)));

    [Fact]
    public void Unknown_hint_crs_lists_the_supported_codes()
    {
        var ex = Assert.Throws<CoordinateFormatException>(() => CoordinateParser.Parse("1 2", CoordinateHint.ForEpsg(27700)));

        Assert.Contains("EPSG:27700", ex.Message, StringComparison.Ordinal);
        Assert.Contains("EPSG:2039", ex.Message, StringComparison.Ordinal);
    }
}
