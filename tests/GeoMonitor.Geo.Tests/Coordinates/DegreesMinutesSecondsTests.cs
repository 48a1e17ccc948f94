using GeoMonitor.Geo.Coordinates;
using GeoMonitor.Geo.Tests.TestData;

namespace GeoMonitor.Geo.Tests.Coordinates;

public class DegreesMinutesSecondsTests
{
    // 33°19'28"N 35°31'55"E, by hand: 33 + 19/60 + 28/3600 and 35 + 31/60 + 55/3600.
    private const double BeaufortLat = 33.324444444444444;
    private const double BeaufortLon = 35.531944444444444;

    [Theory]
    [InlineData("33°19'28\"N 35°31'55\"E")]
    [InlineData("33 19 28 N 35 31 55 E")]
    [InlineData("33°19′28″N, 35°31′55″E")]
    [InlineData("33° 19′ 28″ N, 35° 31′ 55″ E")]
    [InlineData("33º19'28\"N 35º31'55\"E")]
    [InlineData("33°19'28''N 35°31'55''E")]
    [InlineData("33°19’28”N 35°31’55”E")]
    [InlineData("N33°19'28\" E35°31'55\"")]
    [InlineData("N 33 19 28 E 35 31 55")]
    [InlineData("35°31'55\"E 33°19'28\"N")]
    [InlineData("33:19:28N 35:31:55E")]
    [InlineData("33 19 28 35 31 55")]
    [InlineData("33°19'28\" 35°31'55\"")]
    [InlineData("33°19'28\", 35°31'55\"")]
    [InlineData("33°19'28\"n 35°31'55\"e")]
    public void Beaufort_in_every_dms_form(string text)
    {
        var result = CoordinateParser.Parse(text);

        Assert.Equal(CoordinateFormat.DegreesMinutesSeconds, result.Format);
        Assert.Equal(BeaufortLat, result.Lat, 10);
        Assert.Equal(BeaufortLon, result.Lon, 10);
    }

    // 19.467' and 31.917' by hand: 33 + 19.467/60 and 35 + 31.917/60.
    [Theory]
    [InlineData("N 33° 19.467' E 35° 31.917'")]
    [InlineData("33° 19.467' N, 35° 31.917' E")]
    [InlineData("33 19.467N 35 31.917E")]
    [InlineData("33°19.467' 35°31.917'")]
    [InlineData("33 19.467 35 31.917")]
    [InlineData("33 19.467, 35 31.917")]
    public void Degrees_and_decimal_minutes(string text)
    {
        var result = CoordinateParser.Parse(text);

        Assert.Equal(CoordinateFormat.DegreesDecimalMinutes, result.Format);
        Assert.Equal(33.32445, result.Lat, 10);
        Assert.Equal(35.53195, result.Lon, 10);
    }

    [Theory]
    [InlineData("33°19'28\"S 35°31'55\"W")]
    [InlineData("-33°19'28\" -35°31'55\"")]
    [InlineData("-33 19 28, -35 31 55")]
    public void Southern_and_western_dms(string text)
    {
        var result = CoordinateParser.Parse(text);

        Assert.Equal(-BeaufortLat, result.Lat, 10);
        Assert.Equal(-BeaufortLon, result.Lon, 10);
    }

    /// <summary>
    /// The gazetteer gives both DMS (from its source) and decimal degrees for these places; parsing
    /// the DMS must land on the decimal value (to the 7-decimal rounding of the gazetteer, ~1 cm).
    /// </summary>
    [Theory]
    [InlineData("33°5′35.24″N 35°6′17.16″E", 33.0931222, 35.1047667)]
    [InlineData("33°19′37.80″N 35°36′39.96″E", 33.3271667, 35.6111000)]
    [InlineData("33°5′21.2″N 35°28′19.43″E", 33.089222, 35.4720639)]
    [InlineData("33°5′59.96″N 35°17′18.74″E", 33.0999889, 35.2885389)]
    [InlineData("33°16'19.636\"N 35°11'47.048\"E", 33.272121, 35.196402)]
    public void Gazetteer_dms_matches_its_decimal_degrees(string dms, double lat, double lon)
    {
        var result = CoordinateParser.Parse(dms);

        Metres.AssertWithin(0.05, Metres.Between(result.Lon, result.Lat, lon, lat), dms);
    }

    [Fact]
    public void Zero_degrees_with_a_sign_keeps_the_sign()
    {
        var result = CoordinateParser.Parse("-0 30 00, -0 15 00");

        Assert.Equal(-0.5, result.Lat, 10);
        Assert.Equal(-0.25, result.Lon, 10);
    }
}
