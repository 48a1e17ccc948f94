using System.Text.Json;
using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.Uploads;
using GeoMonitor.Api.Infrastructure.Auth;

namespace GeoMonitor.Api.Features.Notifications;

/// <summary>What a dry run found: the notification as it would be filed, and every conflict.</summary>
/// <param name="Organisation">The notifying party.</param>
/// <param name="Kind">The kind of movement.</param>
/// <param name="Start">The window's start.</param>
/// <param name="End">The window's end (exclusive).</param>
/// <param name="Conflicts">Every conflict with what is stored now.</param>
public sealed record CheckResult(string Organisation, string Kind, DateTime Start, DateTime End, IReadOnlyList<Conflict> Conflicts);

/// <summary>
/// The pre-notification use cases, whichever surface they came through (POST /api/notifications, /check,
/// /{id}/acknowledge, /{id}/withdraw; Mutation.fileNotification, acknowledgeNotification, withdrawNotification and
/// Query.checkNotification). The rules:
/// <list type="bullet">
/// <item>a key files for its own organisation; an admin key may file for another (the liaison desk relaying a call);</item>
/// <item>the deconfliction check runs on filing in the same transaction, and its conflicts are recorded with the
/// notification and returned — they do not block it: a notification that conflicts is exactly what the monitor must
/// have on record (docs/truce-mechanisms.md);</item>
/// <item>the dry run reads the same body and runs the same check, and writes nothing;</item>
/// <item>a reviewer (the monitoring mission) acknowledges; the filing party (or an admin) withdraws; the status moves
/// filed → acknowledged → withdrawn or filed → withdrawn, never back.</item>
/// </list>
/// </summary>
public sealed class NotificationWrites(NotificationStore store, Deconfliction deconfliction, UploadOptions region)
{
    /// <summary>The role a caller needs to file, check or withdraw.</summary>
    public const Role Needs = Role.Reporter;

    /// <summary>The role a caller needs to acknowledge.</summary>
    public const Role AcknowledgeNeeds = Role.Reviewer;

    /// <summary>Files the notification of <paramref name="body"/>: Created with the conflicts found, or refused.</summary>
    public async Task<Outcome<NotificationRecord>> FileAsync(Caller caller, JsonElement body, CancellationToken ct)
    {
        var (input, organisation, refusal) = await ReadAsync(caller, body, ct);
        if (refusal is not null) return refusal;
        return new Outcome<NotificationRecord>.Created(await store.FileAsync(input!, organisation!, caller.KeyName, ct));
    }

    /// <summary>
    /// The dry run: the same reading and check as <see cref="FileAsync"/>, nothing written (Unchanged with what was found).
    /// </summary>
    public async Task<Outcome<CheckResult>> CheckAsync(Caller caller, JsonElement body, CancellationToken ct)
    {
        var (input, organisation, refusal) = await ReadAsync(caller, body, ct);
        if (refusal is not null) return refusal;
        var conflicts = await deconfliction.CheckAsync(Candidate.Of(input!, organisation!), ct);
        return new Outcome<CheckResult>.Unchanged(new CheckResult(organisation!, input!.Kind, input.Start, input.End, conflicts));
    }

    /// <summary>The monitor acknowledges notification <paramref name="id"/> ({note}); acknowledging it again changes nothing.</summary>
    public Task<Outcome<NotificationRecord>> AcknowledgeAsync(Caller caller, long id, JsonElement body, CancellationToken ct) =>
        MoveAsync(caller, AcknowledgeNeeds, id, body, "acknowledged", current => current.Status == "withdrawn"
            ? new Refusal.Conflict($"Notification {id} was withdrawn ({current.WithdrawnAt:yyyy-MM-dd'T'HH:mm:ss'Z'} by {current.WithdrawnBy}); "
                + "a withdrawn notification cannot be acknowledged.", "notification-withdrawn", new Dictionary<string, object?> { ["notificationStatus"] = current.Status }, "id")
            : null, ct);

    /// <summary>The filing party (or an admin) withdraws notification <paramref name="id"/> ({note}); withdrawing it again changes nothing.</summary>
    public Task<Outcome<NotificationRecord>> WithdrawAsync(Caller caller, long id, JsonElement body, CancellationToken ct) =>
        MoveAsync(caller, Needs, id, body, "withdrawn", current => caller.Role < Role.Admin && current.Organisation != caller.Organisation
            ? new Refusal.Forbidden($"Notification {id} was filed by '{current.Organisation}'; only that organisation (or an admin) may withdraw it.",
                "another-organisation")
            : null, ct);

    // A status move: the role, the note, the notification locked, the move's own rule, then the change — or nothing when
    // the notification is already there.
    private async Task<Outcome<NotificationRecord>> MoveAsync(Caller caller, Role needs, long id, JsonElement body, string status,
        Func<NotificationRecord, Refusal?> rule, CancellationToken ct)
    {
        if (caller.Require(needs) is { } no) return no;
        var errors = new List<FieldError>();
        var note = ReadNote(body, errors);
        if (errors.Count > 0) return Invalid(errors);
        var (conn, tx, current) = await store.LockAsync(id, ct);
        await using (conn)
        await using (tx)
        {
            if (current is null) return NotFound(id);
            if (rule(current) is { } refused) return refused;
            if (current.Status == status) return new Outcome<NotificationRecord>.Unchanged(current);
            var changed = await NotificationStore.SetStatusAsync(conn, tx, id, status, caller.KeyName, note, ct);
            await tx.CommitAsync(ct);
            return new Outcome<NotificationRecord>.Changed(changed);
        }
    }

    // The steps filing and the dry run share: role, body, whose notification, that organisation exists.
    private async Task<(NotificationInput? Input, string? Organisation, Refusal? Refusal)> ReadAsync(Caller caller, JsonElement body, CancellationToken ct)
    {
        if (caller.Require(Needs) is { } no) return (null, null, no);
        var errors = new List<FieldError>();
        var input = NotificationBody.Read(body, region, errors);
        if (input is null) return (null, null, Invalid(errors));
        var organisation = input.Organisation ?? caller.Organisation!;
        if (organisation != caller.Organisation && caller.Role < Role.Admin)
            return (null, null, new Refusal.Forbidden(
                $"This key files for its own organisation ('{caller.Organisation}'); filing for '{organisation}' needs an admin key.", "another-organisation"));
        if (!await store.OrganisationExistsAsync(organisation, ct))
            return (null, null, Invalid([new FieldError(null, "organisation", $"there is no organisation '{organisation}'")]));
        return (input, organisation, null);
    }

    private static string? ReadNote(JsonElement body, List<FieldError> errors)
    {
        if (body.ValueKind != JsonValueKind.Object) { errors.Add(new FieldError(null, "(body)", "must be a JSON object {note}")); return null; }
        string? note = null;
        foreach (var p in body.EnumerateObject())
        {
            if (p.Name != "note") { errors.Add(new FieldError(null, p.Name, "unknown field; the body has only note")); continue; }
            if (p.Value.ValueKind == JsonValueKind.Null) continue;
            if (!RawValue.Json(p.Value).TryString(out var s, out var error)) errors.Add(new FieldError(null, "note", error!));
            else if (s.Length > 2000) errors.Add(new FieldError(null, "note", "is longer than 2000 characters"));
            else if (IncidentParser.Unstorable(s) is { } why) errors.Add(new FieldError(null, "note", why));
            else note = s.Length == 0 ? null : s;
        }
        return note;
    }

    private static Refusal NotFound(long id) => new Refusal.NotFound($"No notification with id {id}.", "id");

    private static Refusal Invalid(List<FieldError> errors) =>
        new Refusal.Invalid(errors, $"The notification has {errors.Count} problem(s); nothing was stored.", "invalid-notification");
}
