namespace GeoMonitor.Geo.Coordinates;

/// <summary>Kinds of <see cref="GeographicToken"/>.</summary>
internal enum GeographicTokenKind
{
    Number,
    Degrees,
    Minutes,
    Seconds,
    Hemisphere,
    Separator,
}

/// <summary>One lexical item of a latitude/longitude string.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="Text">The text as typed (after normalisation), for messages.</param>
/// <param name="Value">The number, for <see cref="GeographicTokenKind.Number"/>.</param>
/// <param name="Signed">The number carried an explicit + or -.</param>
/// <param name="Hemisphere">N, S, E or W, for <see cref="GeographicTokenKind.Hemisphere"/>.</param>
internal readonly record struct GeographicToken(
    GeographicTokenKind Kind, string Text, double Value = 0, bool Signed = false, char Hemisphere = '\0')
{
    internal bool IsUnitMark => Kind is GeographicTokenKind.Degrees or GeographicTokenKind.Minutes or GeographicTokenKind.Seconds;
}
