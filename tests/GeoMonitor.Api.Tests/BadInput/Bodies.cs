using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace GeoMonitor.Api.Tests.BadInput;

/// <summary>Builders for the corpus's bodies: raw bytes, deep nesting, huge and compressed payloads.</summary>
public static class Bodies
{
    /// <summary>A valid single report (inside the monitored region); the corpus breaks it one way at a time.</summary>
    public const string ValidReport = """
        {"source":"bad-input","externalId":"bi-1","occurredAt":"2024-12-01T10:00:00Z","eventType":"Battles","subEventType":"Armed clash","fatalities":0,"lon":35.5,"lat":33.2}
        """;

    /// <summary>The same report as a CSV header and row.</summary>
    public const string CsvHeader = "source,externalId,occurredAt,eventType,subEventType,fatalities,lon,lat";

    /// <summary>A valid CSV row for <see cref="CsvHeader"/>.</summary>
    public const string CsvRow = "bad-input,bi-csv-1,2024-12-01T10:00:00Z,Battles,Armed clash,0,35.5,33.2";

    /// <summary>Text as UTF-8 with a media type (none when null).</summary>
    public static HttpContent Text(string text, string? mediaType) => Bytes(Encoding.UTF8.GetBytes(text), mediaType);

    /// <summary>Raw bytes with a media type (none when null).</summary>
    public static HttpContent Bytes(byte[] bytes, string? mediaType)
    {
        var c = new ByteArrayContent(bytes);
        // A malformed media type is sent as given: that is the case under test.
        if (mediaType is not null && !c.Headers.TryAddWithoutValidation("Content-Type", mediaType))
            throw new ArgumentException($"Cannot send Content-Type '{mediaType}'.", nameof(mediaType));
        return c;
    }

    /// <summary>UTF-8 text with raw bytes spliced in where the text has the marker <c>@@</c>.</summary>
    public static HttpContent Spliced(string text, byte[] bytes, string mediaType)
    {
        var at = text.IndexOf("@@", StringComparison.Ordinal);
        var head = Encoding.UTF8.GetBytes(text[..at]);
        var tail = Encoding.UTF8.GetBytes(text[(at + 2)..]);
        return Bytes([.. head, .. bytes, .. tail], mediaType);
    }

    /// <summary><paramref name="open"/> repeated, then <paramref name="middle"/>, then <paramref name="close"/> repeated.</summary>
    public static string Nest(string open, string middle, string close, int depth)
    {
        var sb = new StringBuilder((open.Length + close.Length) * depth + middle.Length);
        for (var i = 0; i < depth; i++) sb.Append(open);
        sb.Append(middle);
        for (var i = 0; i < depth; i++) sb.Append(close);
        return sb.ToString();
    }

    /// <summary>A GeoJSON polygon ring of <paramref name="vertices"/> positions around (35.5, 33.2), closed.</summary>
    public static string PolygonRing(int vertices)
    {
        var sb = new StringBuilder(vertices * 24);
        sb.Append('[');
        for (var i = 0; i < vertices; i++)
        {
            var a = 2 * Math.PI * i / vertices;
            sb.Append(FormattableString.Invariant($"[{35.5 + 0.1 * Math.Cos(a):F6},{33.2 + 0.1 * Math.Sin(a):F6}],"));
        }
        sb.Append("[35.600000,33.200000]]");
        return sb.ToString();
    }

    /// <summary>A body that streams <paramref name="count"/> copies of <paramref name="fill"/> without a Content-Length.</summary>
    public static HttpContent Stream(string prefix, byte fill, long count, string mediaType) =>
        new StreamedContent(Encoding.UTF8.GetBytes(prefix), fill, count, mediaType);

    /// <summary>
    /// A compressed body that expands enormously: <paramref name="expandedBytes"/> of '[' (or zeros) compressed with
    /// <paramref name="encoding"/>, sent with that Content-Encoding.
    /// </summary>
    public static HttpContent Bomb(string encoding, long expandedBytes, string mediaType, byte fill = (byte)'[')
    {
        var c = Bytes(Compressed.GetOrAdd((encoding, expandedBytes, fill), k => Compress(k.Encoding, k.Size, k.Fill)), mediaType);
        c.Headers.ContentEncoding.Add(encoding);
        return c;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Encoding, long Size, byte Fill), byte[]> Compressed = new();

    // Fastest is enough: a run of one byte compresses to almost nothing at any level (1 GiB → about 1 MB with gzip).
    private static byte[] Compress(string encoding, long expandedBytes, byte fill)
    {
        var ms = new MemoryStream();
        using (Stream z = encoding switch
        {
            "gzip" => new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true),
            "deflate" => new ZLibStream(ms, CompressionLevel.Fastest, leaveOpen: true),
            "br" => new BrotliStream(ms, CompressionLevel.Fastest, leaveOpen: true),
            _ => throw new ArgumentOutOfRangeException(nameof(encoding)),
        })
        {
            var block = new byte[1 << 20];
            Array.Fill(block, fill);
            for (long left = expandedBytes; left > 0; left -= block.Length) z.Write(block, 0, (int)Math.Min(block.Length, left));
        }
        return ms.ToArray();
    }

    private sealed class StreamedContent : HttpContent
    {
        private readonly byte[] _prefix;
        private readonly byte _fill;
        private readonly long _count;

        public StreamedContent(byte[] prefix, byte fill, long count, string mediaType)
        {
            (_prefix, _fill, _count) = (prefix, fill, count);
            Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(_prefix);
            var block = new byte[64 * 1024];
            Array.Fill(block, _fill);
            try
            {
                for (long left = _count; left > 0; left -= block.Length)
                    await stream.WriteAsync(block.AsMemory(0, (int)Math.Min(block.Length, left)));
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
            {
                // The server answered and stopped reading before the end: that is the refusal under test.
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
