using GeoMonitor.Api.Features.Common;
using Microsoft.Net.Http.Headers;

namespace GeoMonitor.Api.Ogc;

/// <summary>An encoding of the OGC API's answers.</summary>
public enum OgcEncoding
{
    /// <summary>JSON (GeoJSON for features): the default.</summary>
    Json,
    /// <summary>HTML pages for a browser.</summary>
    Html,
}

/// <summary>
/// Chooses the encoding: <c>f=json</c> (and <c>f=geojson</c> for features) or <c>f=html</c> decide; without <c>f</c>,
/// HTML only for a client whose Accept header names text/html explicitly at a quality no lower than any JSON type it
/// names (what browsers send). Everything else, <c>*/*</c> and a missing header included, gets JSON, so curl, GDAL,
/// QGIS and scripts see no change. Responses vary on Accept.
/// </summary>
public static class OgcFormat
{
    private static readonly string[] JsonTypes = ["application/json", "application/geo+json", "application/schema+json"];

    /// <summary>The encoding for this request; a 400 naming <c>f</c> for an unknown value.</summary>
    public static OgcEncoding Resolve(QueryReader q, HttpRequest request, bool features)
    {
        request.HttpContext.Response.Headers.Vary = "Accept";
        var allowed = features ? new[] { "json", "geojson", "html" } : ["json", "html"];
        if (q.String("f") is { } f)
        {
            if (!allowed.Contains(f, StringComparer.OrdinalIgnoreCase))
                throw new QueryParameterException("f", $"'f' must be {string.Join(", ", allowed[..^1])} or html, got '{f}'.");
            return string.Equals(f, "html", StringComparison.OrdinalIgnoreCase) ? OgcEncoding.Html : OgcEncoding.Json;
        }
        return PrefersHtml(request.Headers.Accept.ToString()) ? OgcEncoding.Html : OgcEncoding.Json;
    }

    /// <summary>True when <paramref name="accept"/> names text/html explicitly, at least as high as any JSON type it names.</summary>
    public static bool PrefersHtml(string accept)
    {
        if (string.IsNullOrWhiteSpace(accept) || !MediaTypeHeaderValue.TryParseList(accept.Split(','), out var types)) return false;
        double html = 0, json = 0;
        foreach (var t in types)
        {
            var quality = t.Quality ?? 1.0;
            if (t.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase)) html = Math.Max(html, quality);
            else if (JsonTypes.Any(j => t.MediaType.Equals(j, StringComparison.OrdinalIgnoreCase))) json = Math.Max(json, quality);
        }
        return html > 0 && html >= json;
    }
}
