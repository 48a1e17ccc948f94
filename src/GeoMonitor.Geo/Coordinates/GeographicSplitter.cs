namespace GeoMonitor.Geo.Coordinates;

/// <summary>
/// Divides the tokens of a latitude/longitude string into its two halves, using in turn a comma
/// (or semicolon), the hemisphere letters, the unit marks, and finally an even split of bare numbers.
/// </summary>
internal static class GeographicSplitter
{
    internal static (List<GeographicToken> First, List<GeographicToken> Second) Split(List<GeographicToken> tokens)
    {
        var separators = IndicesOf(tokens, GeographicTokenKind.Separator);
        if (separators.Count > 1)
        {
            throw new CoordinateFormatException(
                "Found more than one ',' or ';'. Separate latitude and longitude with one comma and use '.' as the decimal point.");
        }

        if (separators.Count == 1)
        {
            var at = separators[0];
            return NonEmpty(tokens[..at], tokens[(at + 1)..]);
        }

        var letters = IndicesOf(tokens, GeographicTokenKind.Hemisphere);
        return letters.Count switch
        {
            0 => SplitUnlabelled(tokens),
            2 => SplitAtLetters(tokens, letters[0], letters[1]),
            1 => throw new CoordinateFormatException(
                "Only one hemisphere letter found. Give N/S and E/W for both numbers, or leave both out."),
            _ => throw new CoordinateFormatException("Too many hemisphere letters; expected one N/S and one E/W."),
        };
    }

    private static (List<GeographicToken>, List<GeographicToken>) SplitAtLetters(
        List<GeographicToken> tokens, int firstLetter, int secondLetter)
    {
        var last = tokens.Count - 1;
        var prefixed = firstLetter == 0 && secondLetter != last;
        var suffixed = secondLetter == last && firstLetter != 0;
        if (prefixed)
        {
            return NonEmpty(tokens[..secondLetter], tokens[secondLetter..]);
        }

        if (suffixed)
        {
            return NonEmpty(tokens[..(firstLetter + 1)], tokens[(firstLetter + 1)..]);
        }

        throw new CoordinateFormatException(
            "Put the hemisphere letter consistently before (N33.3 E35.5) or after (33.3N 35.5E) each number.");
    }

    private static (List<GeographicToken>, List<GeographicToken>) SplitUnlabelled(List<GeographicToken> tokens)
    {
        var numbers = IndicesOf(tokens, GeographicTokenKind.Number);
        if (!tokens.Any(t => t.IsUnitMark))
        {
            // Without marks the only clue is the count: 1+1, 2+2 (degrees, minutes) or 3+3 (d, m, s).
            if (numbers.Count is 2 or 4 or 6)
            {
                var half = numbers[numbers.Count / 2];
                return NonEmpty(tokens[..half], tokens[half..]);
            }

            throw new CoordinateFormatException(
                $"Expected a latitude and a longitude but found {numbers.Count} number(s).");
        }

        // With marks, a new half starts at a number marked ° (or signed) once the current half has
        // something, after a fractional value (only the last part of an angle may have decimals),
        // or where the implied unit would go past seconds.
        var split = -1;
        var level = -1;
        var previousFractional = false;
        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens[i].Kind != GeographicTokenKind.Number)
            {
                continue;
            }

            var mark = i + 1 < tokens.Count && tokens[i + 1].IsUnitMark ? tokens[i + 1].Kind : (GeographicTokenKind?)null;
            var unit = mark is null ? level + 1 : UnitLevel(mark.Value);
            var startsNew = level >= 0
                && (unit == 0 || unit > 2 || unit <= level || tokens[i].Signed || previousFractional);
            if (startsNew)
            {
                if (split >= 0)
                {
                    throw new CoordinateFormatException("Expected a latitude and a longitude but found more than two values.");
                }

                split = i;
                unit = mark is null ? 0 : unit;
            }

            level = unit;
            previousFractional = tokens[i].Value != Math.Floor(tokens[i].Value);
        }

        if (split < 0)
        {
            throw new CoordinateFormatException("Found only one coordinate; expected a latitude and a longitude.");
        }

        return NonEmpty(tokens[..split], tokens[split..]);
    }

    internal static int UnitLevel(GeographicTokenKind mark) => mark switch
    {
        GeographicTokenKind.Degrees => 0,
        GeographicTokenKind.Minutes => 1,
        _ => 2,
    };

    private static (List<GeographicToken>, List<GeographicToken>) NonEmpty(
        List<GeographicToken> first, List<GeographicToken> second)
    {
        if (first.Count == 0 || second.Count == 0)
        {
            throw new CoordinateFormatException("Expected a latitude and a longitude; one of them is missing.");
        }

        return (first, second);
    }

    private static List<int> IndicesOf(List<GeographicToken> tokens, GeographicTokenKind kind) =>
        [.. tokens.Select((t, i) => (t, i)).Where(x => x.t.Kind == kind).Select(x => x.i)];
}
