using System.Globalization;

namespace GeoMonitor.Geo.Coordinates;

/// <summary>Splits a normalised latitude/longitude string into numbers, unit marks, letters and separators.</summary>
internal static class GeographicTokenizer
{
    private const int MaxIntegerDigits = 9;

    internal static List<GeographicToken> Tokenize(string text)
    {
        var tokens = new List<GeographicToken>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is ' ' or ':' or '(' or ')' or '[' or ']')
            {
                // Colons appear in "33:19:28N"; brackets in copied tuples. Both only separate parts.
                i++;
            }
            else if (c is ',' or ';' or '/')
            {
                tokens.Add(new GeographicToken(GeographicTokenKind.Separator, c.ToString()));
                i++;
            }
            else if (c is '°' or '\'' or '"')
            {
                var kind = c switch
                {
                    '°' => GeographicTokenKind.Degrees,
                    '\'' => GeographicTokenKind.Minutes,
                    _ => GeographicTokenKind.Seconds,
                };
                tokens.Add(new GeographicToken(kind, c.ToString()));
                i++;
            }
            else if (char.IsAsciiDigit(c) || c == '.' || ((c is '-' or '+') && StartsNumber(text, i + 1)))
            {
                tokens.Add(ReadNumber(text, ref i));
            }
            else if (char.IsAsciiLetterUpper(c))
            {
                tokens.Add(ReadWord(text, ref i));
            }
            else
            {
                throw new CoordinateFormatException($"Unexpected character '{c}' in \"{text}\".");
            }
        }

        return tokens;
    }

    private static bool StartsNumber(string text, int index) =>
        index < text.Length && (char.IsAsciiDigit(text[index]) || text[index] == '.');

    private static GeographicToken ReadNumber(string text, ref int i)
    {
        var start = i;
        var signed = text[i] is '-' or '+';
        if (signed)
        {
            i++;
        }

        var integerDigits = 0;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
            integerDigits++;
        }

        if (i < text.Length && text[i] == '.')
        {
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
        }

        var token = text[start..i];
        if (i < text.Length && text[i] == '.')
        {
            throw new CoordinateFormatException($"'{token}.' is not a number.");
        }

        if (integerDigits > MaxIntegerDigits)
        {
            throw new CoordinateFormatException($"The number {token} is far too large to be a coordinate.");
        }

        if (!double.TryParse(token, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
                CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw new CoordinateFormatException($"'{token}' is not a number.");
        }

        return new GeographicToken(GeographicTokenKind.Number, token, value, signed);
    }

    private static GeographicToken ReadWord(string text, ref int i)
    {
        var start = i;
        while (i < text.Length && char.IsAsciiLetterUpper(text[i]))
        {
            i++;
        }

        var word = text[start..i];
        var hemisphere = word switch
        {
            "N" or "NORTH" => 'N',
            "S" or "SOUTH" => 'S',
            "E" or "EAST" => 'E',
            "W" or "WEST" => 'W',
            "NAN" or "INF" or "INFINITY" => throw new CoordinateFormatException(
                $"'{word}' is not a coordinate value; give finite numbers."),
            _ => throw new CoordinateFormatException(
                $"Unexpected '{word}'; only the hemisphere letters N, S, E and W may appear in degrees."),
        };
        return new GeographicToken(GeographicTokenKind.Hemisphere, word, Hemisphere: hemisphere);
    }
}
