using GeoMonitor.Api.Features.Common;
using System.Text.Json;

namespace GeoMonitor.Api.Features.Uploads;

/// <summary>POST /api/incidents/batch, the REST adapter of <see cref="BatchUpload"/>: reads CSV as a stream, or JSON, into the batch.</summary>
public static class BatchUploadHandler
{
    private static readonly string[] Accepted = ["text/csv", "application/json", "application/geo+json"];

    /// <summary>The handler: reads the rows into the use case as they stream in, then commits them.</summary>
    public static async Task<IResult> UploadBatch(HttpContext ctx, BatchUpload upload, CancellationToken ct)
    {
        var partialText = ctx.Request.Query["partial"].ToString();
        if (partialText is not ("" or "true" or "false"))
            return UploadProblems.BadBody($"partial must be true or false, not '{partialText}'.", "invalid-parameter", "partial");

        var media = RequestBody.MediaType(ctx.Request);
        if (media is null || !Accepted.Contains(media) || !RequestBody.CharsetIsUtf8(ctx.Request))
            return UploadProblems.UnsupportedMediaType(ctx.Request.ContentType, Accepted);
        var rows = await upload.RowsAsync(ct);
        var limit = rows.Options.MaxBatchBytes;
        if (RequestBody.DeclaredTooLarge(ctx, limit)) return UploadProblems.TooLarge(limit);
        var phases = new BatchPhases();
        var read = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var problem = media == "text/csv" ? await ReadCsvAsync(ctx, rows, ct) : await ReadJsonAsync(ctx, rows, ct);
            if (problem is not null) return problem;
        }
        catch (PayloadTooLargeException) { return UploadProblems.TooLarge(limit); }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge) { return UploadProblems.TooLarge(limit); }

        phases.Add("read", read);
        var outcome = await upload.CommitAsync(Caller.Of(ctx.User), rows, partialText == "true", ct, phases);
        ctx.Response.Headers["Server-Timing"] = phases.ServerTiming();
        return outcome switch
        {
            Outcome<BatchResult>.Refused r => r.Why.Problem(ctx),
            var done => Results.Ok(done.ValueOrDefault),
        };
    }

    private static async Task<IResult?> ReadCsvAsync(HttpContext ctx, BatchRows rows, CancellationToken ct)
    {
        var max = rows.Options.MaxBatchRows;
        using var csv = new CsvRecordReader(RequestBody.Limited(ctx.Request, rows.Options.MaxBatchBytes));
        var reports = new CsvReports(csv);
        try
        {
            await reports.ReadHeaderAsync(ct);
            while (await reports.ReadRowAsync(ct) is { } r)
            {
                if (rows.Received >= max) return TooManyRows(max);
                if (r.ShapeError is not null) rows.AddUnreadable(r.Line, r.ShapeError);
                else rows.Add(r.Fields, r.Line);
            }
        }
        catch (CsvHeaderException e) when (e.Errors.Count > 0) { return UploadProblems.Invalid(e.Errors, e.Message, "invalid-csv-header"); }
        catch (CsvHeaderException e) { return UploadProblems.BadBody(e.Message, rows.Received == 0 && e.Message.Contains("empty") ? "empty-body" : "malformed-csv"); }
        catch (CsvFormatException e) { return UploadProblems.BadBody($"{e.Message} (line {e.Line})", "malformed-csv"); }
        return rows.Received == 0 ? UploadProblems.BadBody("The file has a header but no rows.", "empty-body") : null;
    }

    private static async Task<IResult?> ReadJsonAsync(HttpContext ctx, BatchRows rows, CancellationToken ct)
    {
        var bytes = await RequestBody.ReadAllAsync(ctx.Request, rows.Options.MaxBatchBytes, ct);
        if (RequestBody.IsBlank(bytes.Span)) return UploadProblems.BadBody("The body is empty; send a FeatureCollection, a JSON array or CSV.", "empty-body");
        // JsonDocument checks UTF-8 only where a value is decoded; a bad byte in a property name surfaced as a 500.
        if (!System.Text.Unicode.Utf8.IsValid(bytes.Span)) return UploadProblems.BadBody("The body is not valid UTF-8.");
        JsonDocument doc;
        try { doc = JsonDocument.Parse(bytes, RequestBody.JsonOptions); }
        catch (JsonException e) { return UploadProblems.BadBody(RequestBody.Describe(e)); }
        using (doc)
        {
            var root = doc.RootElement;
            JsonElement list;
            if (root.ValueKind == JsonValueKind.Array) list = root;
            else if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String
                     && t.GetString() == "FeatureCollection" && root.TryGetProperty("features", out var f) && f.ValueKind == JsonValueKind.Array)
                list = f;
            else return UploadProblems.BadBody("A JSON batch is an array of reports or a GeoJSON FeatureCollection with a features array.", "malformed-batch");
            var count = list.GetArrayLength();
            if (count == 0) return UploadProblems.BadBody("The batch has no reports.", "empty-body");
            if (count > rows.Options.MaxBatchRows) return TooManyRows(rows.Options.MaxBatchRows);
            foreach (var e in list.EnumerateArray()) rows.Add(e);
            return null;
        }
    }

    private static IResult TooManyRows(int max) => Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too many rows",
        type: Infrastructure.Errors.ProblemSetup.TypeBase + "too-many-rows", detail: $"A batch holds at most {max:N0} rows; split the upload. Nothing was stored.",
        extensions: new Dictionary<string, object?> { ["maxRows"] = max });
}
