using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;
using GeoMonitor.Geo.Crs;

namespace GeoMonitor.Geo.Coordinates;

/// <summary>
/// Reads easting/northing text: UTM with its zone ("36N 735690 3690113"), a prefixed system
/// ("ITM 249956 803242", "EPSG:2039 249956 803242"), or bare numbers in a hinted system. Easting
/// comes first unless the values are labelled (E/N or mE/mN).
/// </summary>
internal static partial class ProjectedTextParser
{
    private const double MaxMagnitude = 1e8;
    private const int IsraeliTmGrid = 2039;

    /// <summary>False when the text is not UTM-with-zone; throws when it is but is wrong.</summary>
    internal static bool TryParseUtm(
        string normalized, int? hintedEpsg, CrsRegistry registry, [NotNullWhen(true)] out ParsedCoordinate? result)
    {
        result = null;
        var match = UtmShape().Match(normalized);
        if (!match.Success)
        {
            return false;
        }

        var zone = int.Parse(match.Groups["zone"].Value, CultureInfo.InvariantCulture);
        var letter = match.Groups["letter"].Value[0];
        var easting = ParseNumber(match.Groups["e"].Value);
        var northing = ParseNumber(match.Groups["n"].Value);
        if (zone is < 1 or > 60)
        {
            throw new CoordinateFormatException($"UTM zone {zone} is invalid; zones are 1–60.");
        }

        if (easting is <= 0 or >= 1_000_000 || northing is < 0 or > 10_000_000)
        {
            throw new CoordinateFormatException(
                $"UTM easting {CoordinateText.Num(easting)} / northing {CoordinateText.Num(northing)} is out of range; "
                + "eastings are 0–1,000,000 m and northings 0–10,000,000 m.");
        }

        var north = IsNorthern(zone, letter, easting, northing, registry);
        var epsg = WktTemplates.UtmCode(zone, north);
        if (hintedEpsg is { } hint && hint != epsg && WktTemplates.TryParseUtmCode(hint, out _, out _))
        {
            throw new CoordinateFormatException($"The text gives UTM zone {zone}{letter} (EPSG:{epsg}) but the hint says EPSG:{hint}.");
        }

        result = ToParsed(easting, northing, epsg, CoordinateFormat.Utm, registry);
        return true;
    }

    /// <summary>False when the text has no ITM/EPSG prefix.</summary>
    internal static bool TryParsePrefixed(string normalized, CrsRegistry registry, [NotNullWhen(true)] out ParsedCoordinate? result)
    {
        result = null;
        var match = PrefixShape().Match(normalized);
        if (!match.Success)
        {
            return false;
        }

        var epsg = match.Groups["code"].Success
            ? int.Parse(match.Groups["code"].Value, CultureInfo.InvariantCulture)
            : IsraeliTmGrid;
        var definition = Lookup(epsg, registry);
        if (definition.IsGeographic)
        {
            throw new CoordinateFormatException(
                $"EPSG:{epsg} is a latitude/longitude system; give degrees with a CRS hint instead of a prefix.");
        }

        result = ParseXy(match.Groups["rest"].Value, epsg, registry);
        return true;
    }

    internal static ParsedCoordinate ParseXy(string normalized, int epsg, CrsRegistry registry)
    {
        var (x, y) = ReadPair(normalized);
        if (Math.Abs(x) <= 180 && Math.Abs(y) <= 180)
        {
            throw new CoordinateFormatException(
                $"{CoordinateText.Num(x)}, {CoordinateText.Num(y)} look like degrees, but EPSG:{epsg} expects metres "
                + "(easting, northing). Remove the CRS hint to enter latitude/longitude.");
        }

        foreach (var value in new[] { x, y })
        {
            if (Math.Abs(value) > MaxMagnitude)
            {
                throw new CoordinateFormatException(
                    $"{CoordinateText.Num(value)} m is far too large for a coordinate in EPSG:{epsg}.");
            }
        }

        var format = WktTemplates.TryParseUtmCode(epsg, out _, out _) ? CoordinateFormat.Utm : CoordinateFormat.Projected;
        return ToParsed(x, y, epsg, format, registry);
    }

    internal static CrsDefinition Lookup(int epsg, CrsRegistry registry)
    {
        try
        {
            return registry.Get(epsg);
        }
        catch (UnknownCrsException ex)
        {
            throw new CoordinateFormatException(ex.Message, ex);
        }
    }

    internal static ParsedCoordinate ToParsed(double x, double y, int epsg, CoordinateFormat format, CrsRegistry registry)
    {
        try
        {
            var (lon, lat) = registry.GetTransform(epsg, CrsRegistry.Wgs84).Transform(x, y);
            return new ParsedCoordinate(lon, lat, format, epsg) { SourceX = x, SourceY = y };
        }
        catch (Exception ex) when (ex is CoordinateTransformException or UnknownCrsException)
        {
            throw new CoordinateFormatException(ex.Message, ex);
        }
    }

    private static (double X, double Y) ReadPair(string text)
    {
        var eastFirst = EastFirst().Match(text);
        if (eastFirst.Success)
        {
            return (ParseNumber(eastFirst.Groups["x"].Value), ParseNumber(eastFirst.Groups["y"].Value));
        }

        var northFirst = NorthFirst().Match(text);
        if (northFirst.Success)
        {
            return (ParseNumber(northFirst.Groups["x"].Value), ParseNumber(northFirst.Groups["y"].Value));
        }

        throw new CoordinateFormatException(
            $"\"{text}\" is not an easting/northing pair; expected two numbers in metres, easting first (e.g. \"249956 803242\").");
    }

    /// <summary>
    /// N is both the northern hemisphere and band N, so it is north either way. S is the southern
    /// hemisphere or band S (32°–40°N, this project's area); it is taken as band S when the
    /// northern reading lands inside that band, otherwise as the southern hemisphere.
    /// </summary>
    private static bool IsNorthern(int zone, char letter, double easting, double northing, CrsRegistry registry)
    {
        if (letter != 'S')
        {
            return letter >= 'N';
        }

        try
        {
            var (_, lat) = registry.GetTransform(WktTemplates.UtmCode(zone, north: true), CrsRegistry.Wgs84)
                .Transform(easting, northing);
            return lat is >= 31.5 and <= 40.5;
        }
        catch (CoordinateTransformException)
        {
            return false;
        }
    }

    private static double ParseNumber(string text)
    {
        if (!double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
                CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw new CoordinateFormatException($"'{text}' is not a number.");
        }

        return value;
    }

    private const string Number = @"[-+]?\d{1,12}(?:\.\d+)?";

    [GeneratedRegex(@"^(?:UTM\s*)?(?<zone>\d{1,2})\s*(?<letter>[C-HJ-NP-X])\s*[,;]?\s*(?<e>\d{5,7}(?:\.\d+)?)\s*(?:M?E)?\s*[,;]?\s*(?<n>\d{1,8}(?:\.\d+)?)\s*(?:M?N)?$",
        RegexOptions.CultureInvariant)]
    private static partial Regex UtmShape();

    [GeneratedRegex(@"^(?:ITM|EPSG\s*[: ]\s*(?<code>\d{4,6}))\s*[,;:]?\s*(?<rest>.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex PrefixShape();

    [GeneratedRegex(@"^(?:[EX]\s*[:=]?\s*)?(?<x>" + Number + @")\s*(?:M?E)?\s*[,; ]\s*(?:[NY]\s*[:=]?\s*)?(?<y>" + Number + @")\s*(?:M?N)?$",
        RegexOptions.CultureInvariant)]
    private static partial Regex EastFirst();

    [GeneratedRegex(@"^(?:[NY]\s*[:=]?\s*(?<y>" + Number + @")\s*[,;]?\s*[EX]\s*[:=]?\s*(?<x>" + Number + @")|(?<y>" + Number + @")\s*M?N\s*[,;]?\s*(?<x>" + Number + @")\s*M?E)$",
        RegexOptions.CultureInvariant)]
    private static partial Regex NorthFirst();
}
