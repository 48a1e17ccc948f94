using System.Text.Json;
using System.Text.Json.Nodes;
using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.Uploads;
using GeoMonitor.Api.Infrastructure.Auth;

namespace GeoMonitor.Api.Features.Review;

/// <summary>
/// The review workflow's writes, whichever surface they came through (POST /api/incidents/{id}/review and PATCH
/// /api/incidents/{id}; Mutation.reviewIncident and correctIncident). Each locks the incident, applies the rules below
/// and appends a revision, in one transaction.
/// </summary>
public sealed class ReviewWorkflow(ReviewStore store, ReportUpload uploads)
{
    /// <summary>The statuses a review may set.</summary>
    public static readonly string[] ReviewStatuses = ["under_review", "verified", "disputed", "rejected"];

    /// <summary>The role a caller needs to review.</summary>
    public const Role ReviewerRole = Role.Reviewer;

    /// <summary>The role a caller needs to correct (their own reports; reviewers and admins any).</summary>
    public const Role CorrectorRole = Role.Reporter;

    /// <summary>The longest review note.</summary>
    public const int MaxNote = 2000;

    /// <summary>
    /// Sets the status of incident <paramref name="id"/> from <paramref name="body"/> ({status, note}). Refused: the role;
    /// an invalid body; no such incident; the caller uploaded it (a reviewer never reviews their own report); a version
    /// in <paramref name="expected"/> that is not the current one.
    /// </summary>
    public async Task<Outcome<IncidentRecord>> ReviewAsync(Caller caller, long id, JsonElement body, IReadOnlyCollection<int>? expected, CancellationToken ct)
    {
        if (caller.Require(ReviewerRole) is { } no) return no;
        var errors = new List<FieldError>();
        var (status, note) = ReadReview(body, errors);
        if (errors.Count > 0) return new Refusal.Invalid(errors, "The review is not valid.", "invalid-review");

        var (conn, tx, current) = await store.LockAsync(id, ct);
        await using (conn)
        await using (tx)
        {
            if (current is null) return NotFound(id);
            if (current.CreatedBy is not null && current.CreatedBy == caller.KeyName)
                return new Refusal.Forbidden($"Incident {id} was uploaded with your key ({caller.KeyName}); another reviewer must review it.", "own-report");
            if (expected is not null && !expected.Contains(current.Version)) return Stale(current);
            var reviewed = await ReviewStore.ReviewAsync(conn, tx, current, status!, note, caller.KeyName, ct);
            await tx.CommitAsync(ct);
            return new Outcome<IncidentRecord>.Changed(reviewed);
        }
    }

    /// <summary>
    /// Applies the JSON merge patch <paramref name="patch"/> to incident <paramref name="id"/> at a version in
    /// <paramref name="expected"/>. Refused: the role; no such incident; a reporter correcting another's report; a stale
    /// version; an invalid result. A correction of a reviewed report by its reporter sends it back to under_review (the
    /// verdict covered the old content). Unchanged when the patch changes nothing (no new version).
    /// </summary>
    public async Task<Outcome<IncidentRecord>> CorrectAsync(Caller caller, long id, JsonElement patch, IReadOnlyCollection<int> expected, CancellationToken ct)
    {
        if (caller.Require(CorrectorRole) is { } no) return no;
        var (conn, tx, current) = await store.LockAsync(id, ct);
        await using (conn)
        await using (tx)
        {
            if (current is null) return NotFound(id);
            if (caller.Role < Role.Reviewer && current.CreatedBy != caller.KeyName)
                return new Refusal.Forbidden($"Incident {id} was not uploaded with your key; reporters may correct only their own reports.", "not-own-report");
            if (!expected.Contains(current.Version)) return Stale(current);

            var errors = new List<FieldError>();
            var before = current.ToNewIncident();
            var after = IncidentPatch.Apply(current, patch, await uploads.ParserAsync(ct), errors);
            if (after is null) return new Refusal.Invalid(errors, $"The correction has {errors.Count} invalid field(s); nothing was changed.", "invalid-incident");
            var changes = IncidentPatch.Changes(before, after);
            if (changes.Count == 0) return new Outcome<IncidentRecord>.Unchanged(current);
            if (!changes.ContainsKey(IncidentFields.Location)) after = after with { RawCoordinate = before.RawCoordinate, RawCrs = before.RawCrs };

            var status = caller.Role < Role.Reviewer && current.Status is not ("reported" or "under_review") ? "under_review" : current.Status;
            if (status != current.Status) changes["status"] = new JsonObject { ["from"] = current.Status, ["to"] = status };
            var corrected = await ReviewStore.CorrectAsync(conn, tx, current, after, status, changes, caller.KeyName, ct);
            await tx.CommitAsync(ct);
            return new Outcome<IncidentRecord>.Changed(corrected);
        }
    }

    private static Refusal NotFound(long id) => new Refusal.NotFound($"No incident with id {id}.", "id");

    private static Refusal Stale(IncidentRecord current) => new Refusal.Stale(
        $"Incident {current.Id} is at version {current.Version} (changed by {current.UpdatedBy ?? "someone"} at "
        + $"{current.UpdatedAt:yyyy-MM-dd'T'HH:mm:ss'Z'}); fetch it again and re-apply your change to version {current.Version}.",
        current.Version);

    private static (string? Status, string? Note) ReadReview(JsonElement e, List<FieldError> errors)
    {
        if (e.ValueKind != JsonValueKind.Object) { errors.Add(new FieldError(null, "(body)", "a review is a JSON object {status, note}")); return (null, null); }
        string? status = null, note = null;
        foreach (var p in e.EnumerateObject())
        {
            switch (p.Name)
            {
                case "status" when p.Value.ValueKind == JsonValueKind.String && ReviewStatuses.Contains(p.Value.GetString()):
                    status = p.Value.GetString();
                    break;
                case "status":
                    errors.Add(new FieldError(null, "status", $"must be one of {string.Join(", ", ReviewStatuses)}"));
                    break;
                case "note" when p.Value.ValueKind == JsonValueKind.Null:
                    break;
                case "note":
                    var raw = RawValue.Json(p.Value);
                    if (!raw.TryString(out var s, out var error)) errors.Add(new FieldError(null, "note", error!));
                    else if (s.Length > MaxNote) errors.Add(new FieldError(null, "note", $"is longer than {MaxNote} characters"));
                    else if (IncidentParser.Unstorable(s) is { } why) errors.Add(new FieldError(null, "note", why));
                    else note = s.Length == 0 ? null : s;
                    break;
                default:
                    errors.Add(new FieldError(null, p.Name, "unknown field; a review has status and note"));
                    break;
            }
        }
        if (status is null && !errors.Any(x => x.Field == "status")) errors.Add(new FieldError(null, "status", "is required"));
        return (status, note);
    }
}
