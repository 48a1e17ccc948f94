using System.Text;
using System.Text.Json;

namespace GeoMonitor.Api.Ogc.Html;

/// <summary>The page an HTML answer renders.</summary>
public enum OgcHtmlPage
{
    /// <summary>GET /ogc.</summary>
    Landing,
    /// <summary>GET /ogc/conformance.</summary>
    Conformance,
    /// <summary>GET /ogc/collections.</summary>
    Collections,
    /// <summary>GET /ogc/collections/{id}.</summary>
    Collection,
    /// <summary>GET /ogc/collections/{id}/queryables.</summary>
    Queryables,
    /// <summary>GET /ogc/collections/{id}/items.</summary>
    Items,
    /// <summary>GET /ogc/collections/{id}/items/{featureId}.</summary>
    Item,
}

/// <summary>
/// The HTML encoding of an OGC API answer, made from its JSON encoding: the JSON result runs first into a buffer
/// (same query, same visibility, same paging and links), then <see cref="OgcHtmlPages"/> renders the document. So the
/// two encodings cannot disagree, and the HTML code holds no SQL. Pages load nothing from another origin (the map is
/// the MapLibre copy served by this API) and say so in a Content-Security-Policy.
/// </summary>
public sealed class OgcHtmlResult(IResult json, OgcHtmlPage page, string? collectionId = null) : IResult
{
    /// <summary>Allows this origin only; MapLibre's worker starts from a blob URL and draws into blob/data images.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; worker-src 'self' blob:; "
        + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'";

    /// <inheritdoc />
    public async Task ExecuteAsync(HttpContext http)
    {
        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            await json.ExecuteAsync(http);
            await http.Response.BodyWriter.FlushAsync(http.RequestAborted);
        }
        finally
        {
            http.Response.Body = original;
        }
        if (http.Response.StatusCode != StatusCodes.Status200OK)
        {
            // Not a document to render (the JSON handlers answer problems by exception, so this is unexpected): pass it on.
            buffer.Position = 0;
            await buffer.CopyToAsync(original, http.RequestAborted);
            return;
        }
        using var doc = JsonDocument.Parse(buffer.ToArray());
        var html = OgcHtmlPages.Render(page, doc.RootElement, http.Request, collectionId);
        http.Response.Headers.Remove("Content-Crs");
        http.Response.ContentType = "text/html; charset=utf-8";
        http.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        var bytes = Encoding.UTF8.GetBytes(html);
        http.Response.ContentLength = bytes.Length;
        await original.WriteAsync(bytes, http.RequestAborted);
    }
}
