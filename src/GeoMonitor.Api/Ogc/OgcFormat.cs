using GeoMonitor.Api.Features.Common;

namespace GeoMonitor.Api.Ogc;

/// <summary>The <c>f</c> parameter: only JSON encodings are offered (no HTML), so anything else is a 400.</summary>
public static class OgcFormat
{
    /// <summary>Accepts a missing <c>f</c>, <c>f=json</c>, and for features also <c>f=geojson</c>.</summary>
    public static void Check(QueryReader q, bool features)
    {
        var allowed = features ? new[] { "json", "geojson" } : ["json"];
        if (q.String("f") is { } f && !allowed.Contains(f, StringComparer.OrdinalIgnoreCase))
            throw new QueryParameterException("f", $"'f' must be {string.Join(" or ", allowed)} (HTML is not offered), got '{f}'.");
    }
}
