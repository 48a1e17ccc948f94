using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;
using GeoMonitor.Geo.Crs;

namespace GeoMonitor.Geo.Coordinates;

/// <summary>
/// Military Grid Reference System on WGS 84 UTM (latitudes 80°S–84°N; the polar UPS areas are not
/// supported). A parsed reference stands for the <b>centre</b> of its grid cell, which halves the
/// worst-case error compared with the south-west corner; <see cref="ParsedCoordinate.CellSizeMetres"/>
/// gives the cell size.
/// </summary>
public static partial class Mgrs
{
    private const double SquareSize = 100_000;
    private const double RowCycle = 2_000_000;

    /// <summary>Formats a WGS 84 position as an MGRS reference such as <c>36S YB 35690 90113</c>.</summary>
    /// <param name="lon">Longitude in degrees.</param>
    /// <param name="lat">Latitude in degrees, -80 to 84.</param>
    /// <param name="digits">Digits per axis, 0 (100 km) to 5 (1 m). Digits are truncated, as MGRS requires.</param>
    /// <returns>Zone and band, square letters, then easting and northing digits, separated by spaces.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The position is polar or <paramref name="digits"/> is out of range.</exception>
    public static string Format(double lon, double lat, int digits = 5)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(digits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(digits, 5);
        if (!double.IsFinite(lon) || lon is < -180 or > 180 || !UtmGrid.IsMgrsLatitude(lat))
        {
            throw new ArgumentOutOfRangeException(nameof(lat), lat,
                "MGRS covers latitudes 80°S to 84°N (the polar UPS grid is not supported) and longitudes -180..180.");
        }

        var zone = UtmGrid.ZoneFor(lon, lat);
        var north = lat >= 0;
        var (easting, northing) = CoordinateTransformer.FromWgs84(lon, lat, WktTemplates.UtmCode(zone, north));
        var column = UtmGrid.ColumnLetter(zone, easting);
        var row = UtmGrid.RowLetter(zone, northing);
        var prefix = $"{zone.ToString("00", CultureInfo.InvariantCulture)}{UtmGrid.BandLetter(lat)} {column}{row}";
        if (digits == 0)
        {
            return prefix;
        }

        var divisor = Math.Pow(10, 5 - digits);
        var e = (int)Math.Floor(Math.Floor(easting) % SquareSize / divisor);
        var n = (int)Math.Floor(Math.Floor(northing) % SquareSize / divisor);
        var format = new string('0', digits);
        return $"{prefix} {e.ToString(format, CultureInfo.InvariantCulture)} {n.ToString(format, CultureInfo.InvariantCulture)}";
    }

    /// <summary>Parses an MGRS reference, with or without spaces, e.g. <c>36SYB3569090113</c>.</summary>
    /// <param name="text">The reference; 0 to 5 digits per axis.</param>
    /// <returns>The WGS 84 centre of the referenced cell.</returns>
    /// <exception cref="CoordinateFormatException">The text is not a valid MGRS reference.</exception>
    public static ParsedCoordinate Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParseNormalized(CoordinateText.Normalize(text), out var result)
            ? result
            : throw new CoordinateFormatException(
                $"\"{text}\" is not an MGRS reference; expected zone, band, two square letters and digits, e.g. \"36S YB 35690 90113\".");
    }

    /// <summary>False when the text does not look like MGRS at all; throws when it does but is wrong.</summary>
    internal static bool TryParseNormalized(string normalized, [NotNullWhen(true)] out ParsedCoordinate? result)
    {
        result = null;
        var match = Shape().Match(normalized);
        if (!match.Success)
        {
            return false;
        }

        var zone = int.Parse(match.Groups["zone"].Value, CultureInfo.InvariantCulture);
        var band = match.Groups["band"].Value[0];
        var column = match.Groups["col"].Value[0];
        var row = match.Groups["row"].Value[0];
        var reference = match.Value;
        CheckZoneAndBand(zone, band, reference);

        var columnEasting = UtmGrid.ColumnEasting(zone, column);
        if (columnEasting < 0)
        {
            var set = UtmGrid.ColumnSet(zone);
            throw new CoordinateFormatException(
                $"In \"{reference}\" the column letter '{column}' is not used in zone {zone}; it must be one of {set[0]}–{set[^1]} ({set}).");
        }

        var rowNorthing = UtmGrid.RowNorthingModulo(zone, row);
        if (rowNorthing < 0)
        {
            throw new CoordinateFormatException(
                $"In \"{reference}\" the row letter '{row}' is invalid; row letters are A–V without I and O.");
        }

        var (eastDigits, northDigits, cell) = ReadDigits(match.Groups["digits"].Value, reference);
        var easting = columnEasting + eastDigits + (cell / 2);
        var north = UtmGrid.IsNorthernBand(band);
        var epsg = WktTemplates.UtmCode(zone, north);
        var northing = ResolveNorthing(zone, band, epsg, rowNorthing + northDigits + (cell / 2));

        var (lon, lat) = CoordinateTransformer.ToWgs84(easting, northing, epsg);
        var tolerance = (cell / 111_000) + 0.01;
        if (lat < UtmGrid.BandSouth(band) - tolerance || lat > UtmGrid.BandNorth(band) + tolerance)
        {
            throw new CoordinateFormatException(
                $"\"{reference}\" does not lie in latitude band {band} ({UtmGrid.BandSouth(band)}° to {UtmGrid.BandNorth(band)}°); check the letters.");
        }

        result = new ParsedCoordinate(lon, lat, CoordinateFormat.Mgrs, epsg)
        {
            SourceX = easting,
            SourceY = northing,
            CellSizeMetres = cell,
        };
        return true;
    }

    private static void CheckZoneAndBand(int zone, char band, string reference)
    {
        if (zone is < 1 or > 60)
        {
            throw new CoordinateFormatException($"In \"{reference}\" the zone {zone} is invalid; UTM zones are 1–60.");
        }

        if (band is 'A' or 'B' or 'Y' or 'Z')
        {
            throw new CoordinateFormatException($"\"{reference}\" is a polar (UPS) reference; only UTM zones 80°S–84°N are supported.");
        }

        if (!UtmGrid.BandLetters.Contains(band, StringComparison.Ordinal))
        {
            throw new CoordinateFormatException(
                $"In \"{reference}\" the latitude band '{band}' is invalid; bands are C–X without I and O.");
        }
    }

    private static (double East, double North, double Cell) ReadDigits(string digits, string reference)
    {
        var groups = digits.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        string east, north;
        if (groups.Length == 0)
        {
            return (0, 0, SquareSize);
        }

        if (groups.Length == 1 && groups[0].Length % 2 == 0)
        {
            east = groups[0][..(groups[0].Length / 2)];
            north = groups[0][(groups[0].Length / 2)..];
        }
        else if (groups.Length == 2 && groups[0].Length == groups[1].Length)
        {
            east = groups[0];
            north = groups[1];
        }
        else
        {
            throw new CoordinateFormatException(
                $"In \"{reference}\" the easting and northing must have the same number of digits (1–5 each).");
        }

        if (east.Length > 5)
        {
            throw new CoordinateFormatException($"In \"{reference}\" there are more than 5 digits per axis.");
        }

        var cell = Math.Pow(10, 5 - east.Length);
        return (
            int.Parse(east, CultureInfo.InvariantCulture) * cell,
            int.Parse(north, CultureInfo.InvariantCulture) * cell,
            cell);
    }

    /// <summary>
    /// Row letters repeat every 2,000 km, so the band decides which repetition is meant: the first
    /// one at or above the band's southern edge (less a square, for cells straddling it).
    /// </summary>
    private static double ResolveNorthing(int zone, char band, int epsg, double northingModulo)
    {
        var south = UtmGrid.BandSouth(band);
        var centralMeridian = UtmGrid.CentralMeridian(zone);
        // Parallels curve away from the equator towards the zone edge, so the band's lowest northing
        // is on the central meridian in the north and at the zone edge in the south.
        var lowest = Math.Min(
            CoordinateTransformer.FromWgs84(centralMeridian, south, epsg).Y,
            CoordinateTransformer.FromWgs84(centralMeridian + 3, south, epsg).Y);
        var cycles = Math.Max(0, Math.Ceiling((lowest - SquareSize - northingModulo) / RowCycle));
        return northingModulo + (cycles * RowCycle);
    }

    [GeneratedRegex(@"^(?<zone>\d{1,2})\s*(?<band>[A-Z])\s*(?<col>[A-Z])\s*(?<row>[A-Z])\s*(?<digits>[\d ]*)$",
        RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
