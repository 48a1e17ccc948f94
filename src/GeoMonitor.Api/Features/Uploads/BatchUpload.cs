using System.Text.Json;
using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Infrastructure.Auth;

namespace GeoMonitor.Api.Features.Uploads;

/// <summary>
/// Many field reports in one transaction, whichever surface they came through (POST /api/incidents/batch as CSV or JSON,
/// Mutation.reportIncidents). The adapter feeds rows into <see cref="BatchRows"/> as it reads them; this class applies
/// the batch rules: a repeated (source, externalId) is the same report (unchanged) or a contradiction (an error); any
/// error refuses the whole batch unless the caller asked for a partial upload; stored rows come back as created or
/// unchanged, refused ones as {row, field, message}.
/// </summary>
public sealed class BatchUpload(ReportUpload single, BatchWriteStore store)
{
    /// <summary>The role a caller needs to upload.</summary>
    public const Role Needs = ReportUpload.Needs;

    /// <summary>An empty batch to read rows into.</summary>
    public async Task<BatchRows> RowsAsync(CancellationToken ct) => new(await single.ParserAsync(ct));

    /// <summary>
    /// Created with the per-row result (some rows may have been refused when <paramref name="partial"/>), or refused:
    /// the caller's role, or every bad row (Invalid, nothing stored).
    /// </summary>
    public async Task<Outcome<BatchResult>> CommitAsync(Caller caller, BatchRows batch, bool partial, CancellationToken ct, BatchPhases? phases = null)
    {
        if (caller.Require(Needs) is { } no) return no;
        var errors = new List<FieldError>(batch.Errors);

        var firstByKey = new Dictionary<(string, string), BatchRow>();
        var repeats = new List<(BatchRow Row, BatchRow First)>();
        var unique = new List<BatchRow>(batch.Parsed.Count);
        foreach (var r in batch.Parsed)
        {
            if (firstByKey.TryGetValue((r.Incident.Source, r.Incident.ExternalId), out var first))
            {
                if (r.Incident.SameReportAs(first.Incident)) repeats.Add((r, first));
                else errors.Add(new FieldError(r.Row, IncidentFields.ExternalId,
                    $"repeats the source and externalId of row {first.Row} with different {string.Join(", ", r.Incident.DifferencesFrom(first.Incident))}", r.Line));
            }
            else
            {
                firstByKey[(r.Incident.Source, r.Incident.ExternalId)] = r;
                unique.Add(r);
            }
        }
        if (errors.Count > 0 && !partial) return Refused(errors, batch.Received);

        var outcome = unique.Count > 0
            ? await store.WriteAsync(unique, caller.KeyName, caller.Organisation, partial, ct, phases)
            : new BatchWriteStore.Outcome([], [], true);
        errors.AddRange(outcome.Conflicts);
        if (!outcome.Committed) return Refused(errors, batch.Received);

        var items = new List<BatchItem>(batch.Parsed.Count);
        foreach (var r in unique)
            if (outcome.Stored.TryGetValue(r.Row, out var s)) items.Add(new BatchItem(r.Row, s.Id, s.Created ? "created" : "unchanged"));
        foreach (var (r, first) in repeats)
            if (outcome.Stored.TryGetValue(first.Row, out var s)) items.Add(new BatchItem(r.Row, s.Id, "unchanged"));
        items.Sort((a, b) => a.Row.CompareTo(b.Row));
        errors.Sort((a, b) => (a.Row ?? 0).CompareTo(b.Row ?? 0));
        var created = items.Count(i => i.Result == "created");
        return new Outcome<BatchResult>.Created(
            new BatchResult(batch.Received, created, items.Count - created, errors.Select(e => e.Row).Distinct().Count(), items, errors));
    }

    private static Refusal Refused(List<FieldError> errors, int received)
    {
        errors.Sort((a, b) => (a.Row ?? 0).CompareTo(b.Row ?? 0));
        var bad = errors.Select(e => e.Row).Distinct().Count();
        return new Refusal.Invalid(errors,
            $"{bad} of {received} row(s) are invalid; nothing was stored. Fix them, or ask for a partial upload "
            + "(?partial=true, or partial: true) to store the valid rows.", "invalid-batch");
    }
}

/// <summary>The rows of one batch as they are read: each validated at once (the batch may hold 100,000 rows).</summary>
public sealed class BatchRows(IncidentParser parser)
{
    /// <summary>Rows read so far (valid or not).</summary>
    public int Received { get; private set; }

    /// <summary>The validation options (limits).</summary>
    public UploadOptions Options => parser.Options;

    internal List<BatchRow> Parsed { get; } = [];

    internal List<FieldError> Errors { get; } = [];

    /// <summary>A report given as JSON (a plain object or a GeoJSON Feature).</summary>
    public void Add(JsonElement report)
    {
        var n = ++Received;
        var read = JsonReports.Read(report, n, Errors);
        if (read is null) return;
        if (parser.Parse(read.Fields, Errors, n, read.Point) is { } incident) Parsed.Add(new BatchRow(n, null, incident));
    }

    /// <summary>A report given as named fields, starting on <paramref name="line"/> of a file.</summary>
    public void Add(Dictionary<string, RawValue> fields, long line)
    {
        var n = ++Received;
        var before = Errors.Count;
        var incident = parser.Parse(fields, Errors, n);
        for (var i = before; i < Errors.Count; i++) Errors[i] = Errors[i] with { Line = line };
        if (incident is not null) Parsed.Add(new BatchRow(n, line, incident));
    }

    /// <summary>A row that could not be read as a report at all (e.g. the wrong number of CSV cells).</summary>
    public void AddUnreadable(long line, string message) => Errors.Add(new FieldError(++Received, "(row)", message, line));
}
