using System.Text;
using System.Text.Json;

namespace GeoMonitor.Api.Features.Common;

/// <summary>
/// Instants as the API writes them: UTC, <c>yyyy-MM-ddTHH:mm:ss[.ffffff]Z</c>, the fraction only when there is one and
/// without trailing zeros (PostgreSQL keeps microseconds). Formatted straight into UTF-8 because a read streams two of
/// them per feature, and a custom .NET format string costs more than the rest of the feature's numbers together.
/// </summary>
public static class Iso8601
{
    /// <summary>The longest text: 19 characters, a point, six digits and the Z.</summary>
    public const int MaxLength = 27;

    /// <summary>Writes <paramref name="t"/> (taken as UTC) into <paramref name="utf8"/> and returns the length.</summary>
    public static int Format(DateTime t, Span<byte> utf8)
    {
        Digits(utf8[..4], t.Year);
        utf8[4] = (byte)'-';
        Digits(utf8.Slice(5, 2), t.Month);
        utf8[7] = (byte)'-';
        Digits(utf8.Slice(8, 2), t.Day);
        utf8[10] = (byte)'T';
        Digits(utf8.Slice(11, 2), t.Hour);
        utf8[13] = (byte)':';
        Digits(utf8.Slice(14, 2), t.Minute);
        utf8[16] = (byte)':';
        Digits(utf8.Slice(17, 2), t.Second);
        var length = 19;
        // Truncated to the microsecond, as the format "FFFFFF" did: ticks below it never come from the database.
        var micros = (int)(t.Ticks % TimeSpan.TicksPerSecond / 10);
        if (micros != 0)
        {
            utf8[19] = (byte)'.';
            Digits(utf8.Slice(20, 6), micros);
            length = 26;
            while (utf8[length - 1] == (byte)'0') length--;
        }
        utf8[length] = (byte)'Z';
        return length + 1;
    }

    /// <summary>The same text as a string.</summary>
    public static string Format(DateTime t)
    {
        Span<byte> utf8 = stackalloc byte[MaxLength];
        return Encoding.ASCII.GetString(utf8[..Format(t, utf8)]);
    }

    /// <summary>Writes a property whose value is the instant.</summary>
    public static void Write(Utf8JsonWriter w, JsonEncodedText name, DateTime t)
    {
        Span<byte> utf8 = stackalloc byte[MaxLength];
        w.WriteString(name, utf8[..Format(t, utf8)]);
    }

    private static void Digits(Span<byte> into, int value)
    {
        for (var i = into.Length - 1; i >= 0; i--)
        {
            into[i] = (byte)('0' + value % 10);
            value /= 10;
        }
    }
}
