namespace GeoMonitor.Geo.Coordinates;

/// <summary>The notation a coordinate was written in.</summary>
public enum CoordinateFormat
{
    /// <summary>Decimal degrees, e.g. <c>33.3244, 35.5320</c>.</summary>
    DecimalDegrees,

    /// <summary>Degrees and decimal minutes, e.g. <c>N 33° 19.467' E 35° 31.917'</c>.</summary>
    DegreesDecimalMinutes,

    /// <summary>Degrees, minutes and seconds, e.g. <c>33°19'28"N 35°31'55"E</c>.</summary>
    DegreesMinutesSeconds,

    /// <summary>Military Grid Reference System, e.g. <c>36S YB 35690 90113</c>.</summary>
    Mgrs,

    /// <summary>UTM easting/northing with a zone, e.g. <c>36N 735690 3690113</c>.</summary>
    Utm,

    /// <summary>Easting/northing in a projected system named by a hint or prefix (e.g. Israeli TM Grid).</summary>
    Projected,
}
