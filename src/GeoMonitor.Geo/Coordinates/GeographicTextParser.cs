namespace GeoMonitor.Geo.Coordinates;

/// <summary>
/// Reads latitude/longitude text in decimal degrees, degrees-decimal-minutes or
/// degrees-minutes-seconds. Letters decide which half is latitude; without letters the
/// <see cref="GeographicAxisOrder"/> does (latitude first by default).
/// </summary>
internal static class GeographicTextParser
{
    internal static (double Lon, double Lat, CoordinateFormat Format) Parse(string normalized, GeographicAxisOrder order)
    {
        var tokens = GeographicTokenizer.Tokenize(normalized);
        if (tokens.Count == 0)
        {
            throw new CoordinateFormatException("No coordinate found.");
        }

        var (firstTokens, secondTokens) = GeographicSplitter.Split(tokens);
        var first = GeographicAngle.Parse(firstTokens);
        var second = GeographicAngle.Parse(secondTokens);
        var (lat, lon) = AssignAxes(first, second, order);
        CheckRange(lat, lon, first, second);

        var format = Math.Max(first.Parts, second.Parts) switch
        {
            1 => CoordinateFormat.DecimalDegrees,
            2 => CoordinateFormat.DegreesDecimalMinutes,
            _ => CoordinateFormat.DegreesMinutesSeconds,
        };
        return (lon.Degrees, lat.Degrees, format);
    }

    private static (GeographicAngle Lat, GeographicAngle Lon) AssignAxes(
        GeographicAngle first, GeographicAngle second, GeographicAxisOrder order)
    {
        if (first.HasHemisphere != second.HasHemisphere)
        {
            throw new CoordinateFormatException(
                "Give a hemisphere letter (N/S, E/W) for both latitude and longitude, or for neither.");
        }

        if (!first.HasHemisphere)
        {
            return order == GeographicAxisOrder.LatLon ? (first, second) : (second, first);
        }

        if (first.IsLatitude == second.IsLatitude)
        {
            var kind = first.IsLatitude ? "latitudes (N/S)" : "longitudes (E/W)";
            throw new CoordinateFormatException($"Both values are {kind}; one must be N/S and the other E/W.");
        }

        return first.IsLatitude ? (first, second) : (second, first);
    }

    private static void CheckRange(GeographicAngle lat, GeographicAngle lon, GeographicAngle first, GeographicAngle second)
    {
        var largest = Math.Max(Math.Abs(first.Degrees), Math.Abs(second.Degrees));
        if (largest > 1000)
        {
            throw new CoordinateFormatException(
                $"{CoordinateText.Num(largest)} is not a latitude or longitude. For UTM give the zone "
                + "(e.g. \"36N 735690 3690113\"), for MGRS the full reference, or pass the CRS as a hint.");
        }

        if (Math.Abs(lat.Degrees) > 90)
        {
            var swapAdvice = !lat.HasHemisphere && Math.Abs(lon.Degrees) <= 90
                ? " If longitude came first, add N/E letters or use the longitude-first hint."
                : string.Empty;
            throw new CoordinateFormatException(
                $"Latitude {CoordinateText.Num(lat.Degrees)} (\"{lat.Text}\") is out of range; it must be between -90 and 90.{swapAdvice}");
        }

        if (Math.Abs(lon.Degrees) > 180)
        {
            throw new CoordinateFormatException(
                $"Longitude {CoordinateText.Num(lon.Degrees)} (\"{lon.Text}\") is out of range; it must be between -180 and 180.");
        }
    }
}
