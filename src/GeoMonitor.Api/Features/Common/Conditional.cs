using System.Globalization;
using Microsoft.Net.Http.Headers;

namespace GeoMonitor.Api.Features.Common;

/// <summary>
/// The evaluation of a conditional GET (RFC 9110 §13.2.2), shared by every read that sends validators (layers, their
/// versions, disputes, incident lists and exports, OGC items): If-None-Match, when present, decides alone, by weak
/// comparison (§13.1.2: W/"x" matches "x"; "*" matches any); otherwise If-Modified-Since decides, and only when a
/// Last-Modified is sent: nothing recorded after it.
/// </summary>
public static class Conditional
{
    /// <summary>Last-Modified as sent: to the second, since HTTP dates have no fraction.</summary>
    public static DateTime Second(DateTime utc) => new(utc.Ticks - utc.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);

    /// <summary>Sets ETag and, when given, Last-Modified on the response.</summary>
    public static void Send(HttpResponse response, string etag, DateTime? lastModified)
    {
        response.Headers.ETag = etag;
        if (lastModified is { } lm) response.Headers.LastModified = Second(lm).ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>Whether <paramref name="request"/> may be answered 304 for a representation with these validators.</summary>
    public static bool NotModified(HttpRequest request, string etag, DateTime? lastModified)
    {
        var ifNoneMatch = request.Headers.IfNoneMatch.ToString();
        if (!string.IsNullOrWhiteSpace(ifNoneMatch)) return Matches(ifNoneMatch, etag);
        return lastModified is { } lm
               && DateTimeOffset.TryParseExact(request.Headers.IfModifiedSince.ToString(), "R", CultureInfo.InvariantCulture,
                   DateTimeStyles.AssumeUniversal, out var since)
               && Second(lm) <= since.UtcDateTime;
    }

    private static bool Matches(string ifNoneMatch, string etag)
    {
        if (ifNoneMatch.Trim() == "*") return true;
        var opaque = EntityTagHeaderValue.Parse(etag).Tag;
        return EntityTagHeaderValue.TryParseList([ifNoneMatch], out var tags) && tags.Any(t => t.Tag == opaque);
    }
}
