using System.Buffers;
using System.Data;
using System.IO.Pipelines;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using GeoMonitor.Api.Features.Changes;
using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.Incidents.Query;
using GeoMonitor.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.Extensions;
using Npgsql;

namespace GeoMonitor.Api.Features.Incidents;

/// <summary>
/// Writes the matches of a query as rows arrive from the data reader, flushing every few hundred features, so the
/// server's memory does not grow with the size of the answer. GeoJSON pages carry numberReturned and the links at
/// the end of the object (member order is free in JSON), because they are only known once the page is read. Every
/// answer carries the validators of <see cref="ReadValidators"/>, computed in the snapshot the rows are read from, and
/// a conditional GET that matches them is a 304 without reading a row.
/// </summary>
public sealed class IncidentStreamResult(IncidentSql query, IncidentFormat format, bool hxl = false) : IResult
{
    private const int FlushEvery = 256;

    /// <summary>Options for every JSON written by the read API: non-ASCII names (Arabic, Hebrew) stay readable.</summary>
    public static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <inheritdoc />
    public async Task ExecuteAsync(HttpContext http)
    {
        var db = http.RequestServices.GetRequiredKeyedService<NpgsqlDataSource>(Infrastructure.Database.ReadReplica.Key);
        var log = http.RequestServices.GetRequiredService<ILogger<IncidentStreamResult>>();
        var ct = http.RequestAborted;
        await using var conn = await db.OpenConnectionAsync(ct);
        // One snapshot for the validators and the rows: the ETag names exactly the state the body is read from.
        await using var tx = await conn.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        await using var cmd = query.Command(conn, query.SelectPage(IncidentColumns.Select));
        cmd.Transaction = tx;
        var validator = await http.RequestServices.GetRequiredService<ReadValidators>()
            .ForAsync(conn, tx, cmd, $"{format}|hxl={hxl}|{http.Request.GetEncodedUrl()}", ct);
        if (validator.Answer(http, keyed: Caller.Of(http.User).Role != Role.Anonymous)) return;
        await using var reader = await cmd.ExecuteReaderAsync(ct);

        var res = http.Response;
        res.StatusCode = 200;
        try
        {
            switch (format)
            {
                case IncidentFormat.Csv:
                    res.ContentType = "text/csv; charset=utf-8; header=present";
                    res.Headers.ContentDisposition = "attachment; filename=\"incidents.csv\"";
                    await WriteCsv(reader, res.BodyWriter, hxl, ct);
                    break;
                case IncidentFormat.GeoJsonSeq:
                    res.ContentType = "application/geo+json-seq";
                    await WriteSeq(reader, res.BodyWriter, ct);
                    break;
                default:
                    res.ContentType = "application/geo+json";
                    await WriteCollection(http, reader, res.BodyWriter, ct);
                    break;
            }
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException && !ct.IsCancellationRequested)
        {
            // The status line is gone: cut the connection so the client cannot mistake a truncated body for a whole one.
            log.LogError(e, "Incident stream failed after the response started");
            http.Abort();
        }
    }

    private async Task WriteCollection(HttpContext http, NpgsqlDataReader reader, PipeWriter pipe, CancellationToken ct)
    {
        var limit = query.Filter.Page.Limit;
        await using var w = new Utf8JsonWriter((IBufferWriter<byte>)pipe, JsonOptions);
        w.WriteStartObject();
        w.WriteString("type", "FeatureCollection");
        w.WriteString("timeStamp", IncidentColumns.Instant(DateTime.UtcNow));
        Ogc.ExportProvenance.WriteHead(w, http); // issue 7: licence, generatedAt, permalink
        var sources = new Dictionary<string, int>(StringComparer.Ordinal);
        w.WriteStartArray("features");
        var n = 0;
        (DateTime, long)? last = null;
        var more = false;
        while (await reader.ReadAsync(ct))
        {
            if (limit is { } l && n == l) { more = true; break; }
            IncidentColumns.WriteFeature(w, reader);
            CollectionsMarshal.GetValueRefOrAddDefault(sources, reader.GetString(1), out _)++; // column 1 = source
            last = IncidentColumns.Position(reader);
            if (++n % FlushEvery == 0) await Flush(w, pipe, ct);
        }
        w.WriteEndArray();
        Ogc.ExportProvenance.WriteSources(w, sources);
        w.WriteNumber("numberReturned", n);
        w.WriteStartArray("links");
        Link(w, "self", http.Request.GetEncodedUrl());
        if (more && last is var (t, id))
            Link(w, "next", NextUrl(http.Request, new IncidentCursor(t, id, query.Filter.Page.Order).Encode()));
        w.WriteEndArray();
        w.WriteEndObject();
        await Flush(w, pipe, ct);
    }

    private static async Task WriteSeq(NpgsqlDataReader reader, PipeWriter pipe, CancellationToken ct)
    {
        await using var w = new Utf8JsonWriter((IBufferWriter<byte>)pipe, JsonOptions);
        var n = 0;
        while (await reader.ReadAsync(ct))
        {
            // RFC 8142: each text is RS, the JSON text, LF.
            pipe.Write((ReadOnlySpan<byte>)[0x1E]);
            IncidentColumns.WriteFeature(w, reader);
            w.Flush();
            w.Reset(pipe);
            pipe.Write((ReadOnlySpan<byte>)[0x0A]);
            if (++n % FlushEvery == 0) await pipe.FlushAsync(ct);
        }
        await pipe.FlushAsync(ct);
    }

    private static async Task WriteCsv(NpgsqlDataReader reader, PipeWriter pipe, bool hxl, CancellationToken ct)
    {
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        var sb = new StringBuilder(IncidentColumns.CsvHeader, 64 * 1024);
        if (hxl) sb.Append(Ogc.ExportProvenance.HxlRow(IncidentColumns.CsvHeader)); // issue 7: HXL hashtag row
        var n = 0;
        while (await reader.ReadAsync(ct))
        {
            IncidentColumns.AppendCsv(sb, reader);
            if (++n % FlushEvery == 0)
            {
                Encode(utf8, sb, pipe);
                await pipe.FlushAsync(ct);
            }
        }
        Encode(utf8, sb, pipe);
        await pipe.FlushAsync(ct);
    }

    private static void Encode(Encoding utf8, StringBuilder sb, PipeWriter pipe)
    {
        foreach (var chunk in sb.GetChunks()) utf8.GetBytes(chunk.Span, pipe);
        sb.Clear();
    }

    private static async Task Flush(Utf8JsonWriter w, PipeWriter pipe, CancellationToken ct)
    {
        w.Flush();
        await pipe.FlushAsync(ct);
    }

    private static void Link(Utf8JsonWriter w, string rel, string href)
    {
        w.WriteStartObject();
        w.WriteString("href", href);
        w.WriteString("rel", rel);
        w.WriteString("type", "application/geo+json");
        w.WriteEndObject();
    }

    /// <summary>The request's URL with every parameter kept and <c>cursor</c> replaced.</summary>
    public static string NextUrl(HttpRequest request, string cursor)
    {
        var qb = new QueryBuilder();
        foreach (var (key, values) in request.Query)
            if (key != "cursor")
                foreach (var v in values) qb.Add(key, v ?? "");
        qb.Add("cursor", cursor);
        return UriHelper.BuildAbsolute(request.Scheme, request.Host, request.PathBase, request.Path, qb.ToQueryString());
    }
}
