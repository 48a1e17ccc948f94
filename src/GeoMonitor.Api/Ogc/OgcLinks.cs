using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace GeoMonitor.Api.Ogc;

/// <summary>Absolute links of the OGC API, built from the request so that they work behind any host name and path base.</summary>
public static class OgcLinks
{
    /// <summary>Media type of JSON documents.</summary>
    public const string Json = "application/json";

    /// <summary>Media type of features.</summary>
    public const string GeoJson = "application/geo+json";

    /// <summary>Media type of the queryables (JSON Schema).</summary>
    public const string JsonSchema = "application/schema+json";

    /// <summary>Media type of the OpenAPI 3.0 service description.</summary>
    public const string OpenApi = "application/vnd.oai.openapi+json;version=3.0";

    /// <summary>The root of the OGC API for this request, e.g. http://host:port/ogc.</summary>
    public static string Root(HttpRequest r) => $"{r.Scheme}://{r.Host}{r.PathBase}/ogc";

    /// <summary>The site root for this request, e.g. http://host:port.</summary>
    public static string Site(HttpRequest r) => $"{r.Scheme}://{r.Host}{r.PathBase}";

    /// <summary>A link object.</summary>
    public static JsonObject Link(string href, string rel, string type, string? title = null)
    {
        var o = new JsonObject { ["href"] = href, ["rel"] = rel, ["type"] = type };
        if (title is not null) o["title"] = title;
        return o;
    }

    /// <summary>
    /// This request's URL with <paramref name="name"/> set to <paramref name="value"/> (or removed when null) and every
    /// other query parameter kept as sent: a <c>next</c> link must repeat bbox, datetime, crs and the filters, or a
    /// client following it would page through a different (larger) result.
    /// </summary>
    public static string WithParameter(HttpRequest r, string name, string? value)
    {
        var pairs = new List<KeyValuePair<string, StringValues>>();
        foreach (var (k, v) in r.Query)
            if (!string.Equals(k, name, StringComparison.Ordinal)) pairs.Add(new(k, v));
        if (value is not null) pairs.Add(new(name, value));
        var url = $"{r.Scheme}://{r.Host}{r.PathBase}{r.Path}";
        foreach (var (k, v) in pairs)
            foreach (var one in v)
                url = QueryHelpers.AddQueryString(url, k, one ?? "");
        return url;
    }
}
