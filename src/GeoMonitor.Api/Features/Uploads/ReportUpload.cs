using System.Text.Json;
using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Infrastructure.Auth;

namespace GeoMonitor.Api.Features.Uploads;

/// <summary>
/// One field report, whichever surface it came through (POST /api/incidents, Mutation.reportIncident): read as a plain
/// JSON object or a GeoJSON Feature, validated and normalized, and stored idempotently under (source, externalId).
/// </summary>
public sealed class ReportUpload(UploadOptions options, AcledCodes codes, TimeProvider clock, IncidentWriteStore store)
{
    /// <summary>The role a caller needs to upload.</summary>
    public const Role Needs = Role.Reporter;

    /// <summary>
    /// Created (stored now), Unchanged (the identical report was already stored), or refused: the caller's role, every
    /// invalid field (Invalid), or another report already under the same key (Conflict).
    /// </summary>
    public async Task<Outcome<IncidentRecord>> CreateAsync(Caller caller, JsonElement report, CancellationToken ct)
    {
        if (caller.Require(Needs) is { } no) return no;
        var errors = new List<FieldError>();
        var fields = JsonReports.Read(report, null, errors);
        if (fields is null) return Invalid(errors, "The report is not in a form GeoMonitor accepts.");
        var incident = (await ParserAsync(ct)).Parse(fields.Fields, errors, null, fields.Point);
        if (incident is null) return Invalid(errors, $"The report has {errors.Count} invalid field(s); nothing was stored.");

        return await store.CreateAsync(incident, caller.KeyName, caller.Organisation, ct) switch
        {
            CreateOutcome.Created c => new Outcome<IncidentRecord>.Created(c.Incident),
            CreateOutcome.Unchanged u => new Outcome<IncidentRecord>.Unchanged(u.Incident),
            CreateOutcome.Conflict x => KeyTaken(x.Existing, x.Differences),
            _ => throw new InvalidOperationException("An unknown store outcome."),
        };
    }

    /// <summary>The validation of every upload path, with today's ACLED code table.</summary>
    internal async Task<IncidentParser> ParserAsync(CancellationToken ct) => new(options, await codes.LoadAsync(ct), clock);

    private static Refusal Invalid(List<FieldError> errors, string detail) => new Refusal.Invalid(errors, detail, "invalid-incident");

    /// <summary>Another report holds (source, externalId): a correction of that incident is the way to change it.</summary>
    internal static Refusal KeyTaken(IncidentRecord existing, IReadOnlyList<string> differences) => new Refusal.Conflict(
        $"Incident {existing.Id} is already stored under source '{existing.Source}' and externalId '{existing.ExternalId}' with different "
        + $"{string.Join(", ", differences)}. To change it, correct version {existing.Version} of incident {existing.Id} "
        + $"(PATCH /api/incidents/{existing.Id} with If-Match: {existing.ETag}, or the correctIncident mutation).",
        "idempotency-conflict",
        new Dictionary<string, object?>
        {
            ["incidentId"] = existing.Id,
            ["version"] = existing.Version,
            ["patch"] = $"/api/incidents/{existing.Id}",
            ["differences"] = differences,
        });
}
