using System.Data;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using GeoMonitor.Api.Features.Changes;
using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.Incidents;
using GeoMonitor.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.Extensions;
using Npgsql;

namespace GeoMonitor.Api.Ogc;

/// <summary>
/// Streams a page of features as a GeoJSON FeatureCollection straight from the data reader (no feature is held in
/// memory). The query asks for limit + 1 rows: the extra row only tells that a <c>next</c> link is due, and the
/// cursor in it is the position of the last row written. numberReturned, the links and the sources follow the
/// features, because they are known only once the rows have been read (provenance: <see cref="ExportProvenance"/>).
/// Every page carries the validators of <see cref="ReadValidators"/> (ETag, Last-Modified; 304 on a match).
/// numberMatched (asked for on the first page of a walk only) comes as a task the caller started on a connection of its own, so that PostgreSQL counts while it runs
/// the page's statement (each was a round trip after the other: measured in docs/performance.md, "OGC CQL2 filters");
/// it is awaited once the page's statement has answered and before the response starts, so that a failed count is the
/// request's error, never a broken body.
/// </summary>
public sealed class OgcFeaturesResult(
    NpgsqlDataSource db,
    Func<NpgsqlConnection, NpgsqlCommand> command,
    int limit,
    Task<long?> numberMatched,
    OgcCrs crs,
    Action<Utf8JsonWriter, NpgsqlDataReader> writeFeature,
    Func<NpgsqlDataReader, string> cursorOf,
    IReadOnlyList<JsonObject> links,
    Func<NpgsqlDataReader, string> sourceOf) : IResult
{
    /// <inheritdoc />
    public async Task ExecuteAsync(HttpContext http)
    {
        var ct = http.RequestAborted;
        await using var conn = await db.OpenConnectionAsync(ct);
        // One snapshot for the validators and the page (Features/Changes/ReadValidators); a match is a 304 without a row read.
        await using var tx = await conn.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        await using var cmd = command(conn);
        cmd.Transaction = tx;
        // The count follows from the query and the data, which the validator covers already.
        var representation = $"{crs.Uri}|{limit}|{http.Request.Headers.Accept}|{http.Request.GetEncodedUrl()}";
        var validator = await http.RequestServices.GetRequiredService<ReadValidators>().ForAsync(conn, tx, cmd, representation, ct);
        if (validator.Answer(http, keyed: Caller.Of(http.User).Role != Role.Anonymous))
        {
            _ = numberMatched.ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted);
            return;
        }
        NpgsqlDataReader reader;
        try
        {
            reader = await cmd.ExecuteReaderAsync(ct);
        }
        catch
        {
            // The page's error is the one reported; the count's, if it fails too, is observed here and dropped.
            _ = numberMatched.ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted);
            throw;
        }
        await using var r = reader;
        var matched = await numberMatched;

        http.Response.StatusCode = 200;
        http.Response.ContentType = OgcLinks.GeoJson;
        http.Response.Headers["Content-Crs"] = $"<{crs.Uri}>";
        await using var w = new Utf8JsonWriter(http.Response.BodyWriter, IncidentStreamResult.JsonOptions);
        w.WriteStartObject();
        w.WriteString("type", "FeatureCollection");
        w.WriteString("timeStamp", DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        ExportProvenance.WriteHead(w, http, upperBound: "datetime");
        if (matched is { } m) w.WriteNumber("numberMatched", m);
        var sources = new Dictionary<string, int>(StringComparer.Ordinal);
        w.WriteStartArray("features");
        var returned = 0;
        string? next = null;
        string? last = null;
        while (await r.ReadAsync(ct))
        {
            if (returned == limit)
            {
                next = last;
                break;
            }
            writeFeature(w, r);
            CollectionsMarshal.GetValueRefOrAddDefault(sources, sourceOf(r), out _)++;
            last = cursorOf(r);
            returned++;
            if (w.BytesPending > 32 * 1024) await w.FlushAsync(ct);
        }
        w.WriteEndArray();
        ExportProvenance.WriteSources(w, sources);
        w.WriteNumber("numberReturned", returned);
        w.WriteStartArray("links");
        foreach (var l in links) l.WriteTo(w);
        if (next is not null)
            OgcLinks.Link(OgcLinks.WithParameter(http.Request, "cursor", next), "next", OgcLinks.GeoJson, "Next page").WriteTo(w);
        w.WriteEndArray();
        w.WriteEndObject();
        await w.FlushAsync(ct);
    }
}
