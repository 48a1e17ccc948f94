using System.Globalization;
using System.Text;

namespace GeoMonitor.Geo.Coordinates;

/// <summary>
/// Folds the many ways people type degree, minute and second marks, minus signs and spaces into
/// plain ASCII (plus °), upper-cased, so the parsers only deal with one spelling.
/// </summary>
internal static class CoordinateText
{
    internal const int MaxLength = 200;

    internal static string Normalize(string text)
    {
        var result = new StringBuilder(text.Length);
        foreach (var c in text.Trim())
        {
            result.Append(c switch
            {
                'º' or '˚' or 'ᵒ' or '⁰' => '°',
                '′' or '’' or '‘' or 'ʹ' or 'ʼ' or '´' or '`' or '‛' => '\'',
                '″' or '”' or '“' or 'ʺ' or '〃' or '‟' => '"',
                '−' or '–' or '—' or '‐' or '‑' or '‒' => '-',
                _ when char.IsWhiteSpace(c) => ' ',
                _ => char.ToUpperInvariant(c),
            });
        }

        // Two apostrophes are a common stand-in for the seconds mark.
        return result.Replace("''", "\"").ToString();
    }

    internal static string Num(double value) => value.ToString("0.#########", CultureInfo.InvariantCulture);
}
