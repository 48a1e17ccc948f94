using System.Text.Json;
using GeoMonitor.Api.Infrastructure.Auth;

namespace GeoMonitor.Api.Features.Uploads;

/// <summary>POST /api/incidents/batch: reads the rows (CSV as a stream, or JSON), validates all of them, then writes.</summary>
public static class BatchUploadHandler
{
    private static readonly string[] Accepted = ["text/csv", "application/json", "application/geo+json"];

    /// <summary>The handler.</summary>
    public static async Task<IResult> UploadBatch(HttpContext ctx, UploadOptions options, AcledCodes codes,
        BatchWriteStore store, TimeProvider clock, CancellationToken ct)
    {
        var partialText = ctx.Request.Query["partial"].ToString();
        if (partialText is not ("" or "true" or "false"))
            return UploadProblems.BadBody($"partial must be true or false, not '{partialText}'.", "invalid-parameter", "partial");
        var partial = partialText == "true";

        var media = RequestBody.MediaType(ctx.Request);
        if (media is null || !Accepted.Contains(media) || !RequestBody.CharsetIsUtf8(ctx.Request))
            return UploadProblems.UnsupportedMediaType(ctx.Request.ContentType, Accepted);
        var limit = options.MaxBatchBytes;
        if (RequestBody.DeclaredTooLarge(ctx, limit)) return UploadProblems.TooLarge(limit);

        var parser = new IncidentParser(options, await codes.LoadAsync(ct), clock);
        var rows = new List<BatchRow>();
        var errors = new List<FieldError>();
        int received;
        try
        {
            var read = media == "text/csv"
                ? await ReadCsvAsync(ctx, parser, rows, errors, ct)
                : await ReadJsonAsync(ctx, parser, rows, errors, ct);
            if (read.Problem is not null) return read.Problem;
            received = read.Received;
        }
        catch (PayloadTooLargeException) { return UploadProblems.TooLarge(limit); }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge) { return UploadProblems.TooLarge(limit); }

        // Within the batch: a repeated (source, externalId) is the same report or a contradiction.
        var firstByKey = new Dictionary<(string, string), BatchRow>();
        var repeats = new List<(BatchRow Row, BatchRow First)>();
        var unique = new List<BatchRow>(rows.Count);
        foreach (var r in rows)
        {
            if (!firstByKey.TryAdd((r.Incident.Source, r.Incident.ExternalId), r))
            {
                var first = firstByKey[(r.Incident.Source, r.Incident.ExternalId)];
                if (r.Incident.SameReportAs(first.Incident)) repeats.Add((r, first));
                else errors.Add(new FieldError(r.Row, IncidentFields.ExternalId,
                    $"repeats the source and externalId of row {first.Row} with different {string.Join(", ", r.Incident.DifferencesFrom(first.Incident))}", r.Line));
            }
            else unique.Add(r);
        }

        if (errors.Count > 0 && !partial)
            return Refused(errors, received);

        var outcome = unique.Count > 0
            ? await store.WriteAsync(unique, ctx.User.GetKeyName(), partial, ct)
            : new BatchWriteStore.Outcome([], [], true);
        errors.AddRange(outcome.Conflicts);
        if (!outcome.Committed) return Refused(errors, received);

        var items = new List<BatchItem>(rows.Count);
        foreach (var r in unique)
            if (outcome.Stored.TryGetValue(r.Row, out var s)) items.Add(new BatchItem(r.Row, s.Id, s.Created ? "created" : "unchanged"));
        foreach (var (r, first) in repeats)
            if (outcome.Stored.TryGetValue(first.Row, out var s)) items.Add(new BatchItem(r.Row, s.Id, "unchanged"));
        items.Sort((a, b) => a.Row.CompareTo(b.Row));
        errors.Sort((a, b) => (a.Row ?? 0).CompareTo(b.Row ?? 0));
        var created = items.Count(i => i.Result == "created");
        return Results.Ok(new BatchResult(received, created, items.Count - created, errors.Select(e => e.Row).Distinct().Count(), items, errors));
    }

    private static IResult Refused(List<FieldError> errors, int received)
    {
        errors.Sort((a, b) => (a.Row ?? 0).CompareTo(b.Row ?? 0));
        var bad = errors.Select(e => e.Row).Distinct().Count();
        return UploadProblems.Invalid(errors,
            $"{bad} of {received} row(s) are invalid; nothing was stored. Fix them, or send ?partial=true to store the valid rows.",
            "invalid-batch");
    }

    private sealed record ReadResult(int Received, IResult? Problem);

    private static async Task<ReadResult> ReadCsvAsync(HttpContext ctx, IncidentParser parser, List<BatchRow> rows, List<FieldError> errors, CancellationToken ct)
    {
        var max = parser.Options.MaxBatchRows;
        using var csv = new CsvRecordReader(RequestBody.Limited(ctx.Request, parser.Options.MaxBatchBytes));
        var reports = new CsvReports(csv);
        var n = 0;
        try
        {
            await reports.ReadHeaderAsync(ct);
            while (await reports.ReadRowAsync(ct) is { } r)
            {
                if (++n > max) return new(n, TooManyRows(max));
                if (r.ShapeError is not null) { errors.Add(new FieldError(n, "(row)", r.ShapeError, r.Line)); continue; }
                var before = errors.Count;
                var incident = parser.Parse(r.Fields, errors, n);
                for (var i = before; i < errors.Count; i++) errors[i] = errors[i] with { Line = r.Line };
                if (incident is not null) rows.Add(new BatchRow(n, r.Line, incident));
            }
        }
        catch (CsvHeaderException e) when (e.Errors.Count > 0) { return new(n, UploadProblems.Invalid(e.Errors, e.Message, "invalid-csv-header")); }
        catch (CsvHeaderException e) { return new(n, UploadProblems.BadBody(e.Message, n == 0 && e.Message.Contains("empty") ? "empty-body" : "malformed-csv")); }
        catch (CsvFormatException e) { return new(n, UploadProblems.BadBody($"{e.Message} (line {e.Line})", "malformed-csv")); }
        if (n == 0) return new(0, UploadProblems.BadBody("The file has a header but no rows.", "empty-body"));
        return new(n, null);
    }

    private static async Task<ReadResult> ReadJsonAsync(HttpContext ctx, IncidentParser parser, List<BatchRow> rows, List<FieldError> errors, CancellationToken ct)
    {
        var bytes = await RequestBody.ReadAllAsync(ctx.Request, parser.Options.MaxBatchBytes, ct);
        if (RequestBody.IsBlank(bytes.Span)) return new(0, UploadProblems.BadBody("The body is empty; send a FeatureCollection, a JSON array or CSV.", "empty-body"));
        // JsonDocument checks UTF-8 only where a value is decoded; a bad byte in a property name surfaced as a 500.
        if (!System.Text.Unicode.Utf8.IsValid(bytes.Span)) return new(0, UploadProblems.BadBody("The body is not valid UTF-8."));
        JsonDocument doc;
        try { doc = JsonDocument.Parse(bytes, RequestBody.JsonOptions); }
        catch (JsonException e) { return new(0, UploadProblems.BadBody(RequestBody.Describe(e))); }
        using (doc)
        {
            var root = doc.RootElement;
            JsonElement list;
            if (root.ValueKind == JsonValueKind.Array) list = root;
            else if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String
                     && t.GetString() == "FeatureCollection" && root.TryGetProperty("features", out var f) && f.ValueKind == JsonValueKind.Array)
                list = f;
            else return new(0, UploadProblems.BadBody("A JSON batch is an array of reports or a GeoJSON FeatureCollection with a features array.", "malformed-batch"));
            var count = list.GetArrayLength();
            if (count == 0) return new(0, UploadProblems.BadBody("The batch has no reports.", "empty-body"));
            if (count > parser.Options.MaxBatchRows) return new(count, TooManyRows(parser.Options.MaxBatchRows));
            var n = 0;
            foreach (var e in list.EnumerateArray())
            {
                n++;
                var report = JsonReports.Read(e, n, errors);
                if (report is null) continue;
                var incident = parser.Parse(report.Fields, errors, n, report.Point);
                if (incident is not null) rows.Add(new BatchRow(n, null, incident));
            }
            return new(n, null);
        }
    }

    private static IResult TooManyRows(int max) => Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too many rows",
        type: Infrastructure.Errors.ProblemSetup.TypeBase + "too-many-rows", detail: $"A batch holds at most {max:N0} rows; split the upload. Nothing was stored.",
        extensions: new Dictionary<string, object?> { ["maxRows"] = max });
}
