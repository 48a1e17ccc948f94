using System.Diagnostics.CodeAnalysis;
using GeoMonitor.Geo.Crs;

namespace GeoMonitor.Geo.Coordinates;

/// <summary>
/// Turns a coordinate typed by a person into a WGS 84 longitude/latitude. Accepted, without a hint:
/// decimal degrees, degrees-decimal-minutes and degrees-minutes-seconds (with or without symbols,
/// N/S/E/W letters or signs; unlabelled pairs are latitude first), MGRS, UTM with zone, and
/// "ITM …"/"EPSG:code …" prefixed eastings/northings. With a <see cref="CoordinateHint.Epsg"/>,
/// bare numbers are read in that system. See docs/coordinates.md.
/// </summary>
public static class CoordinateParser
{
    /// <summary>Parses a coordinate.</summary>
    /// <param name="text">The text as typed.</param>
    /// <param name="hint">What is known about it, or null.</param>
    /// <param name="registry">Systems to use; <see cref="CrsRegistry.Default"/> when null.</param>
    /// <returns>The position, the detected format and the source system.</returns>
    /// <exception cref="CoordinateFormatException">The text cannot be understood; the message says why.</exception>
    public static ParsedCoordinate Parse(string text, CoordinateHint? hint = null, CrsRegistry? registry = null)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new CoordinateFormatException("No coordinate given.");
        }

        if (text.Length > CoordinateText.MaxLength)
        {
            throw new CoordinateFormatException($"The text is too long for a coordinate ({text.Length} characters).");
        }

        registry ??= CrsRegistry.Default;
        hint ??= new CoordinateHint();
        var normalized = CoordinateText.Normalize(text);

        if (Mgrs.TryParseNormalized(normalized, out var mgrs))
        {
            return mgrs;
        }

        if (ProjectedTextParser.TryParseUtm(normalized, hint.Epsg, registry, out var utm))
        {
            return utm;
        }

        if (ProjectedTextParser.TryParsePrefixed(normalized, registry, out var prefixed))
        {
            return prefixed;
        }

        var epsg = hint.Epsg ?? CrsRegistry.Wgs84;
        var definition = ProjectedTextParser.Lookup(epsg, registry);
        if (!definition.IsGeographic)
        {
            return ProjectedTextParser.ParseXy(normalized, epsg, registry);
        }

        var (lon, lat, format) = GeographicTextParser.Parse(normalized, hint.AxisOrder);
        return ProjectedTextParser.ToParsed(lon, lat, epsg, format, registry);
    }

    /// <summary>Parses a coordinate without throwing.</summary>
    /// <param name="text">The text as typed.</param>
    /// <param name="hint">What is known about it, or null.</param>
    /// <param name="result">The parsed coordinate, or null.</param>
    /// <param name="error">Why parsing failed, or null.</param>
    /// <returns>True on success.</returns>
    public static bool TryParse(
        string text, CoordinateHint? hint, [NotNullWhen(true)] out ParsedCoordinate? result, [NotNullWhen(false)] out string? error)
    {
        try
        {
            result = Parse(text, hint);
            error = null;
            return true;
        }
        catch (CoordinateFormatException ex)
        {
            result = null;
            error = ex.Message;
            return false;
        }
    }
}
