using System.Security.Cryptography;
using GeoMonitor.Api.Features.Common;

namespace GeoMonitor.Api.Features.Layers;

/// <summary>
/// A small, cacheable layer response: the body is built whole (layers are a few hundred kB at most), its SHA-256
/// becomes a strong ETag, and the latest record time of what it covers (when known and settled, see
/// <see cref="LayerRows.LastModified"/>) becomes Last-Modified. A conditional GET is answered 304 without a body when
/// If-None-Match matches, or, without If-None-Match, when nothing was recorded after If-Modified-Since
/// (<see cref="Conditional"/>). Cache-Control lets browsers and proxies reuse it for a minute.
/// </summary>
public sealed class LayerResult(byte[] body, string contentType, DateTime? lastModified = null) : IResult
{
    /// <summary>The Cache-Control of layer responses.</summary>
    public const string CacheControl = "public, max-age=60";

    /// <summary>The body.</summary>
    public byte[] Body { get; } = body;

    /// <summary>The strong ETag of <see cref="Body"/>.</summary>
    public string ETag { get; } = "\"" + Convert.ToHexString(SHA256.HashData(body), 0, 16).ToLowerInvariant() + "\"";

    /// <summary>Last-Modified, to the second (HTTP dates have no fraction); null when not sent.</summary>
    public DateTime? LastModified { get; } = lastModified is { } t ? Conditional.Second(t) : null;

    /// <inheritdoc />
    public async Task ExecuteAsync(HttpContext http)
    {
        var res = http.Response;
        Conditional.Send(res, ETag, LastModified);
        res.Headers.CacheControl = CacheControl;
        if (Conditional.NotModified(http.Request, ETag, LastModified))
        {
            res.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        res.StatusCode = StatusCodes.Status200OK;
        res.ContentType = contentType;
        res.ContentLength = Body.Length;
        await res.Body.WriteAsync(Body, http.RequestAborted);
    }
}
