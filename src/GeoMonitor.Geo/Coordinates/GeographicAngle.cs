namespace GeoMonitor.Geo.Coordinates;

/// <summary>One half of a latitude/longitude string turned into signed decimal degrees.</summary>
/// <param name="Degrees">Signed decimal degrees.</param>
/// <param name="Hemisphere">N, S, E or W when a letter was given, otherwise '\0'.</param>
/// <param name="Parts">1 for decimal degrees, 2 for degrees and minutes, 3 for degrees, minutes and seconds.</param>
/// <param name="Text">The half as typed, for messages.</param>
internal readonly record struct GeographicAngle(double Degrees, char Hemisphere, int Parts, string Text)
{
    internal bool IsLatitude => Hemisphere is 'N' or 'S';

    internal bool HasHemisphere => Hemisphere != '\0';

    internal static GeographicAngle Parse(List<GeographicToken> tokens)
    {
        var text = string.Join(' ', tokens.Select(t => t.Text));
        var hemisphere = TakeHemisphere(tokens, text, out var body);
        var parts = ReadParts(body, text);

        var negative = false;
        for (var i = 0; i < parts.Count; i++)
        {
            if (parts[i].Token.Signed && i > 0)
            {
                throw new CoordinateFormatException($"Only the degrees may carry a sign in \"{text}\".");
            }

            negative |= parts[i].Token.Text.StartsWith('-');
        }

        if (negative && hemisphere != '\0')
        {
            throw new CoordinateFormatException(
                $"\"{text}\" has both a minus sign and the letter {hemisphere}; use one or the other.");
        }

        var magnitude = Combine(parts, text);
        var sign = negative || hemisphere is 'S' or 'W' ? -1 : 1;
        return new GeographicAngle(sign * magnitude, hemisphere, parts.Count, text);
    }

    private static char TakeHemisphere(List<GeographicToken> tokens, string text, out List<GeographicToken> body)
    {
        body = tokens;
        var letters = tokens.Count(t => t.Kind == GeographicTokenKind.Hemisphere);
        if (letters == 0)
        {
            return '\0';
        }

        if (letters == 1 && tokens[0].Kind == GeographicTokenKind.Hemisphere)
        {
            body = tokens[1..];
            return tokens[0].Hemisphere;
        }

        if (letters == 1 && tokens[^1].Kind == GeographicTokenKind.Hemisphere)
        {
            body = tokens[..^1];
            return tokens[^1].Hemisphere;
        }

        throw new CoordinateFormatException($"The hemisphere letter must come before or after the number in \"{text}\".");
    }

    private static List<(GeographicToken Token, int Unit)> ReadParts(List<GeographicToken> body, string text)
    {
        var parts = new List<(GeographicToken Token, int Unit)>();
        for (var i = 0; i < body.Count; i++)
        {
            var token = body[i];
            if (token.Kind != GeographicTokenKind.Number)
            {
                throw new CoordinateFormatException($"Misplaced '{token.Text}' in \"{text}\".");
            }

            var unit = parts.Count == 0 ? 0 : parts[^1].Unit + 1;
            if (i + 1 < body.Count && body[i + 1].IsUnitMark)
            {
                var marked = GeographicSplitter.UnitLevel(body[++i].Kind);
                if (marked != unit)
                {
                    throw new CoordinateFormatException(
                        $"\"{text}\": expected {UnitName(unit)} but found {UnitName(marked)}; write degrees, then minutes, then seconds.");
                }
            }

            if (unit > 2)
            {
                throw new CoordinateFormatException($"\"{text}\" has more numbers than degrees, minutes and seconds.");
            }

            parts.Add((token, unit));
        }

        if (parts.Count == 0)
        {
            throw new CoordinateFormatException($"\"{text}\" has no number.");
        }

        return parts;
    }

    private static double Combine(List<(GeographicToken Token, int Unit)> parts, string text)
    {
        var degrees = Math.Abs(parts[0].Token.Value);
        if (parts.Count == 1)
        {
            return degrees;
        }

        RequireWhole(degrees, "Degrees", "minutes", text);
        var minutes = parts[1].Token.Value;
        RequireBelowSixty(minutes, "Minutes", text);
        if (parts.Count == 2)
        {
            return degrees + (minutes / 60);
        }

        RequireWhole(minutes, "Minutes", "seconds", text);
        var seconds = parts[2].Token.Value;
        RequireBelowSixty(seconds, "Seconds", text);
        return degrees + (minutes / 60) + (seconds / 3600);
    }

    private static void RequireWhole(double value, string name, string next, string text)
    {
        if (value != Math.Floor(value))
        {
            throw new CoordinateFormatException(
                $"{name} must be a whole number when {next} follow, found {CoordinateText.Num(value)} in \"{text}\".");
        }
    }

    private static void RequireBelowSixty(double value, string name, string text)
    {
        if (value >= 60)
        {
            throw new CoordinateFormatException(
                $"{name} must be less than 60, found {CoordinateText.Num(value)} in \"{text}\".");
        }
    }

    private static string UnitName(int unit) => unit switch
    {
        0 => "degrees",
        1 => "minutes",
        _ => "seconds",
    };
}
