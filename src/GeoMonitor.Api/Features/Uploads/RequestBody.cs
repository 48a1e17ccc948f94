using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace GeoMonitor.Api.Features.Uploads;

/// <summary>Raised when a body exceeds its endpoint's limit while being read.</summary>
public sealed class PayloadTooLargeException(long limit) : Exception($"The body exceeds {limit} bytes.")
{
    /// <summary>The limit that was exceeded, bytes.</summary>
    public long Limit { get; } = limit;
}

/// <summary>
/// Reading request bodies under a size limit of our own (the server's limit is raised or lowered to match where
/// the server allows it, and the bytes are counted here too, so the limit holds on every server), and parsing JSON
/// strictly: duplicate keys refused, depth limited, a UTF-8 byte-order mark stripped.
/// </summary>
public static class RequestBody
{
    /// <summary>Options for JSON bodies: no duplicate property names, at most 32 levels, no comments or trailing commas.</summary>
    public static readonly JsonDocumentOptions JsonOptions = new() { MaxDepth = 32, AllowDuplicateProperties = false };

    /// <summary>The media type of the request without parameters, lower case, or null.</summary>
    public static string? MediaType(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var m) ? m.MediaType.Value?.ToLowerInvariant() : null;

    /// <summary>Checks the charset parameter: only UTF-8 (or none) is accepted.</summary>
    public static bool CharsetIsUtf8(HttpRequest request) =>
        !MediaTypeHeaderValue.TryParse(request.ContentType, out var m) || m.Charset.Value is null
        || m.Charset.Value.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || m.Charset.Value.Equals("utf8", StringComparison.OrdinalIgnoreCase);

    /// <summary>Sets the server's limit for this request (when it still can) and refuses a declared length over it at once.</summary>
    public static bool DeclaredTooLarge(HttpContext ctx, long limit)
    {
        if (ctx.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } f) f.MaxRequestBodySize = limit;
        return ctx.Request.ContentLength > limit;
    }

    /// <summary>The body as a stream that throws <see cref="PayloadTooLargeException"/> past <paramref name="limit"/> bytes.</summary>
    public static Stream Limited(HttpRequest request, long limit) => new LimitedStream(request.Body, limit);

    /// <summary>Reads the whole body (at most <paramref name="limit"/> bytes), without a UTF-8 byte-order mark.</summary>
    public static async Task<ReadOnlyMemory<byte>> ReadAllAsync(HttpRequest request, long limit, CancellationToken ct)
    {
        using var ms = new MemoryStream();
        await Limited(request, limit).CopyToAsync(ms, ct);
        var bytes = ms.GetBuffer().AsMemory(0, (int)ms.Length);
        return bytes.Span.StartsWith("\uFEFF"u8) ? bytes[3..] : bytes;
    }

    /// <summary>True when the bytes are only JSON whitespace (an "empty" body).</summary>
    public static bool IsBlank(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes) if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) return false;
        return true;
    }

    /// <summary>A human description of a JSON syntax error (line and byte position included by the parser).</summary>
    public static string Describe(JsonException e) =>
        $"The body is not valid JSON: {e.Message.Split(" LineNumber:")[0].TrimEnd('.')} (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}).";

    private sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        private long _read;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => Count(await inner.ReadAsync(buffer, ct));
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int n)
        {
            _read += n;
            if (_read > limit) throw new PayloadTooLargeException(limit);
            return n;
        }
    }
}
