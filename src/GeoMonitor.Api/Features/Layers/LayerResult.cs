using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace GeoMonitor.Api.Features.Layers;

/// <summary>
/// A small, cacheable layer response: the body is built whole (layers are a few hundred kB at most), its SHA-256
/// becomes a strong ETag, and a matching If-None-Match gets a 304 without a body. Cache-Control lets browsers and
/// proxies reuse it for a minute.
/// </summary>
public sealed class LayerResult(byte[] body, string contentType) : IResult
{
    /// <summary>The Cache-Control of layer responses.</summary>
    public const string CacheControl = "public, max-age=60";

    /// <summary>The body.</summary>
    public byte[] Body { get; } = body;

    /// <summary>The strong ETag of <see cref="Body"/>.</summary>
    public string ETag { get; } = "\"" + Convert.ToHexString(SHA256.HashData(body), 0, 16).ToLowerInvariant() + "\"";

    /// <inheritdoc />
    public async Task ExecuteAsync(HttpContext http)
    {
        var res = http.Response;
        res.Headers.ETag = ETag;
        res.Headers.CacheControl = CacheControl;
        if (Matches(http.Request.Headers.IfNoneMatch.ToString()))
        {
            res.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        res.StatusCode = StatusCodes.Status200OK;
        res.ContentType = contentType;
        res.ContentLength = Body.Length;
        await res.Body.WriteAsync(Body, http.RequestAborted);
    }

    private bool Matches(string ifNoneMatch)
    {
        if (string.IsNullOrWhiteSpace(ifNoneMatch)) return false;
        if (ifNoneMatch.Trim() == "*") return true;
        // Weak comparison (RFC 9110 §13.1.2): W/"x" matches "x".
        return EntityTagHeaderValue.TryParseList([ifNoneMatch], out var tags)
               && tags.Any(t => t.Tag.ToString() == ETag);
    }
}
