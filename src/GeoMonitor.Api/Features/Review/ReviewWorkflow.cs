using System.Text.Json;
using System.Text.Json.Nodes;
using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.Uploads;
using GeoMonitor.Api.Features.Verification;
using GeoMonitor.Api.Infrastructure.Auth;

namespace GeoMonitor.Api.Features.Review;

/// <summary>
/// Corrections, whichever surface they came through (PATCH /api/incidents/{id}; Mutation.correctIncident): the incident is
/// locked, the merge patch applied and validated like an upload, and a 'correct' revision appended, in one transaction.
/// Where the correction leaves the incident in the verification lifecycle is the lifecycle's table
/// (<see cref="VerificationWorkflow.CorrectionTarget"/>); the review itself is <see cref="VerificationWorkflow.ReviewAsync"/>.
/// </summary>
public sealed class ReviewWorkflow(ReviewStore store, ReportUpload uploads)
{
    /// <summary>The role a caller needs to correct (their own reports; reviewers and admins any).</summary>
    public const Role CorrectorRole = Role.Reporter;

    /// <summary>
    /// Applies the JSON merge patch <paramref name="patch"/> to incident <paramref name="id"/> at a version in
    /// <paramref name="expected"/>. Refused: the role; no such incident; a reporter correcting another's report; a stale
    /// version; an invalid result. A correction by the reporter of a report that was verified sends it back to its observer
    /// team (assigned; reported when it never had one): the verification and the verdict covered the old content.
    /// Reviewers' and admins' corrections keep the state. Unchanged when the patch changes nothing (no new version).
    /// </summary>
    public async Task<Outcome<IncidentRecord>> CorrectAsync(Caller caller, long id, JsonElement patch, IReadOnlyCollection<int> expected, CancellationToken ct)
    {
        if (caller.Require(CorrectorRole) is { } no) return no;
        var (conn, tx, current) = await store.LockAsync(id, ct);
        await using (conn)
        await using (tx)
        {
            if (current is null) return NotFound(id);
            var target = VerificationWorkflow.CorrectionTarget(current, VerificationWorkflow.PartiesOf(caller, current, null));
            if (target is null)
                return new Refusal.Forbidden($"Incident {id} was not uploaded with your key; reporters may correct only their own reports.", "not-own-report");
            if (!expected.Contains(current.Version)) return Stale(current);

            var errors = new List<FieldError>();
            var before = current.ToNewIncident();
            var after = IncidentPatch.Apply(current, patch, await uploads.ParserAsync(ct), errors);
            if (after is null) return new Refusal.Invalid(errors, $"The correction has {errors.Count} invalid field(s); nothing was changed.", "invalid-incident");
            var changes = IncidentPatch.Changes(before, after);
            if (changes.Count == 0) return new Outcome<IncidentRecord>.Unchanged(current);
            if (!changes.ContainsKey(IncidentFields.Location)) after = after with { RawCoordinate = before.RawCoordinate, RawCrs = before.RawCrs };

            var status = target;
            if (status != current.Status) changes["status"] = new JsonObject { ["from"] = current.Status, ["to"] = status };
            var corrected = await ReviewStore.CorrectAsync(conn, tx, current, after, status, changes, caller.KeyName, ct);
            await tx.CommitAsync(ct);
            return new Outcome<IncidentRecord>.Changed(corrected);
        }
    }

    private static Refusal NotFound(long id) => new Refusal.NotFound($"No incident with id {id}.", "id");

    /// <summary>The refusal of a change made against an older version than <paramref name="current"/>'s.</summary>
    internal static Refusal Stale(IncidentRecord current) => new Refusal.Stale(
        $"Incident {current.Id} is at version {current.Version} (changed by {current.UpdatedBy ?? "someone"} at "
        + $"{current.UpdatedAt:yyyy-MM-dd'T'HH:mm:ss'Z'}); fetch it again and re-apply your change to version {current.Version}.",
        current.Version);
}
