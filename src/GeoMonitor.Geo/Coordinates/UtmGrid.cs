namespace GeoMonitor.Geo.Coordinates;

/// <summary>
/// UTM zone and MGRS letter rules (NGA/DMA "AA" lettering, the one used with WGS 84): latitude
/// bands C–X of 8° (X is 12°), 100 km column letters in three sets of eight cycling by zone, and
/// 20 row letters cycling every 2,000 km, offset by five in even zones.
/// </summary>
internal static class UtmGrid
{
    internal const string BandLetters = "CDEFGHJKLMNPQRSTUVWX";
    internal const string RowLetters = "ABCDEFGHJKLMNPQRSTUV";
    private static readonly string[] ColumnSets = ["ABCDEFGH", "JKLMNPQR", "STUVWXYZ"];

    internal static bool IsMgrsLatitude(double lat) => lat is >= -80 and <= 84;

    internal static char BandLetter(double lat)
    {
        var index = (int)Math.Floor((lat + 80) / 8);
        return BandLetters[Math.Clamp(index, 0, BandLetters.Length - 1)];
    }

    internal static double BandSouth(char band) => -80 + (8 * BandLetters.IndexOf(band, StringComparison.Ordinal));

    internal static double BandNorth(char band) => band == 'X' ? 84 : BandSouth(band) + 8;

    internal static bool IsNorthernBand(char band) => band >= 'N';

    /// <summary>The zone for a position, including the Norway (32V) and Svalbard (31X–37X) exceptions.</summary>
    internal static int ZoneFor(double lon, double lat)
    {
        var zone = (int)Math.Floor((lon + 180) / 6) + 1;
        zone = Math.Clamp(zone, 1, 60);
        var band = BandLetter(lat);
        if (band == 'V' && lon is >= 3 and < 12)
        {
            return 32;
        }

        if (band == 'X' && lon is >= 0 and < 42)
        {
            return lon switch
            {
                < 9 => 31,
                < 21 => 33,
                < 33 => 35,
                _ => 37,
            };
        }

        return zone;
    }

    internal static double CentralMeridian(int zone) => (zone * 6) - 183;

    internal static string ColumnSet(int zone) => ColumnSets[(zone - 1) % 3];

    internal static char ColumnLetter(int zone, double easting) =>
        ColumnSet(zone)[(int)Math.Floor(easting / 100_000) - 1];

    internal static char RowLetter(int zone, double northing)
    {
        var index = (int)Math.Floor(northing / 100_000) + (zone % 2 == 0 ? 5 : 0);
        return RowLetters[index % RowLetters.Length];
    }

    /// <summary>Easting of the west edge of the 100 km square with this column letter.</summary>
    internal static int ColumnEasting(int zone, char column)
    {
        var index = ColumnSet(zone).IndexOf(column, StringComparison.Ordinal);
        return index < 0 ? -1 : (index + 1) * 100_000;
    }

    /// <summary>Northing of the south edge of the square with this row letter, modulo 2,000 km.</summary>
    internal static int RowNorthingModulo(int zone, char row)
    {
        var index = RowLetters.IndexOf(row, StringComparison.Ordinal);
        if (index < 0)
        {
            return -1;
        }

        var offset = zone % 2 == 0 ? 5 : 0;
        return ((index - offset + RowLetters.Length) % RowLetters.Length) * 100_000;
    }
}
