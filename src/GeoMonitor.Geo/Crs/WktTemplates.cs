using System.Globalization;

namespace GeoMonitor.Geo.Crs;

/// <summary>
/// Builds WKT 1 strings for the systems that are defined by a formula rather than listed one by
/// one, so that every UTM zone on WGS 84 is available without a 120-entry table.
/// </summary>
internal static class WktTemplates
{
    internal const string Wgs84GeogCs =
        "GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563,AUTHORITY[\"EPSG\",\"7030\"]]," +
        "AUTHORITY[\"EPSG\",\"6326\"]],PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]]," +
        "UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]],AUTHORITY[\"EPSG\",\"4326\"]]";

    /// <summary>EPSG 32601–32660 (north) and 32701–32760 (south) are WGS 84 / UTM zones.</summary>
    internal static bool TryParseUtmCode(int epsg, out int zone, out bool north)
    {
        north = epsg is >= 32601 and <= 32660;
        var south = epsg is >= 32701 and <= 32760;
        zone = north ? epsg - 32600 : south ? epsg - 32700 : 0;
        return north || south;
    }

    internal static int UtmCode(int zone, bool north) => (north ? 32600 : 32700) + zone;

    internal static string Utm(int zone, bool north)
    {
        var centralMeridian = ((zone * 6) - 183).ToString(CultureInfo.InvariantCulture);
        var hemisphere = north ? "N" : "S";
        var falseNorthing = north ? "0" : "10000000";
        var code = UtmCode(zone, north).ToString(CultureInfo.InvariantCulture);
        return $"PROJCS[\"WGS 84 / UTM zone {zone}{hemisphere}\",{Wgs84GeogCs}," +
            "PROJECTION[\"Transverse_Mercator\"],PARAMETER[\"latitude_of_origin\",0]," +
            $"PARAMETER[\"central_meridian\",{centralMeridian}],PARAMETER[\"scale_factor\",0.9996]," +
            $"PARAMETER[\"false_easting\",500000],PARAMETER[\"false_northing\",{falseNorthing}]," +
            $"UNIT[\"metre\",1,AUTHORITY[\"EPSG\",\"9001\"]],AUTHORITY[\"EPSG\",\"{code}\"]]";
    }
}
