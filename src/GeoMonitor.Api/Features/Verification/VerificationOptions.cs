using System.Globalization;
using System.Xml;

namespace GeoMonitor.Api.Features.Verification;

/// <summary>The lifecycle's settings (section GeoMonitor:Verification).</summary>
/// <param name="CoolingOff">
/// How long an incident cools off after its on-site verification before the independent review may begin, unless a truce
/// in force covering it sets its own (truces.cooling_off): GeoMonitor:Verification:CoolingOff, default 24 h.
/// </param>
public sealed record VerificationOptions(TimeSpan CoolingOff)
{
    /// <summary>The default cooling-off: one day, the length the truce talks name for the hold.</summary>
    public static readonly TimeSpan DefaultCoolingOff = TimeSpan.FromHours(24);

    /// <summary>
    /// Reads the options. CoolingOff is a .NET time span (<c>24:00:00</c>, <c>1.00:00:00</c>, <c>00:00:02</c>) or an ISO 8601
    /// duration (<c>PT24H</c>); anything else, or a negative span, stops the start-up with a message naming the setting.
    /// </summary>
    public static VerificationOptions From(IConfiguration config)
    {
        var text = config["GeoMonitor:Verification:CoolingOff"];
        if (string.IsNullOrWhiteSpace(text)) return new(DefaultCoolingOff);
        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span >= TimeSpan.Zero) return new(span);
        if (TryParseDuration(text, out span)) return new(span);
        throw new InvalidOperationException(
            $"GeoMonitor:Verification:CoolingOff is '{text}'; give a non-negative time span such as 24:00:00 or an ISO 8601 duration such as PT24H.");
    }

    /// <summary>A non-negative ISO 8601 duration (PT48H, P2D, PT30M).</summary>
    public static bool TryParseDuration(string text, out TimeSpan span)
    {
        try
        {
            span = XmlConvert.ToTimeSpan(text.Trim());
            return span >= TimeSpan.Zero;
        }
        catch (FormatException)
        {
            span = default;
            return false;
        }
        catch (OverflowException)
        {
            span = default;
            return false;
        }
    }

    /// <summary>A duration as the API writes it: ISO 8601 in hours (PT24H, PT0.5H), as GET /api/truces and GraphQL show it.</summary>
    public static string FormatDuration(TimeSpan span) => string.Create(CultureInfo.InvariantCulture, $"PT{span.TotalHours:0.######}H");
}
