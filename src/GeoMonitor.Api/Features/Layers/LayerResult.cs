using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace GeoMonitor.Api.Features.Layers;

/// <summary>
/// A small, cacheable layer response: the body is built whole (layers are a few hundred kB at most), its SHA-256
/// becomes a strong ETag, and the latest record time of what it covers (when known and settled, see
/// <see cref="LayerRows.LastModified"/>) becomes Last-Modified. A conditional GET is answered 304 without a body when
/// If-None-Match matches, or, without If-None-Match, when nothing was recorded after If-Modified-Since (RFC 9110
/// §13.1.1, §13.1.3, §13.2.2). Cache-Control lets browsers and proxies reuse it for a minute.
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
    public DateTime? LastModified { get; } = lastModified is { } t ? new DateTime(t.Ticks - t.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc) : null;

    /// <inheritdoc />
    public async Task ExecuteAsync(HttpContext http)
    {
        var res = http.Response;
        res.Headers.ETag = ETag;
        res.Headers.CacheControl = CacheControl;
        if (LastModified is { } lm) res.Headers.LastModified = lm.ToString("R", CultureInfo.InvariantCulture);
        if (NotModified(http.Request))
        {
            res.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        res.StatusCode = StatusCodes.Status200OK;
        res.ContentType = contentType;
        res.ContentLength = Body.Length;
        await res.Body.WriteAsync(Body, http.RequestAborted);
    }

    private bool NotModified(HttpRequest request)
    {
        var ifNoneMatch = request.Headers.IfNoneMatch.ToString();
        if (!string.IsNullOrWhiteSpace(ifNoneMatch)) return Matches(ifNoneMatch);
        // If-Modified-Since counts only without If-None-Match, and only when a Last-Modified is sent.
        return LastModified is { } lm
               && DateTimeOffset.TryParseExact(request.Headers.IfModifiedSince.ToString(), "R", CultureInfo.InvariantCulture,
                   DateTimeStyles.AssumeUniversal, out var since)
               && lm <= since.UtcDateTime;
    }

    private bool Matches(string ifNoneMatch)
    {
        if (ifNoneMatch.Trim() == "*") return true;
        // Weak comparison (RFC 9110 §13.1.2): W/"x" matches "x".
        return EntityTagHeaderValue.TryParseList([ifNoneMatch], out var tags)
               && tags.Any(t => t.Tag.ToString() == ETag);
    }
}
