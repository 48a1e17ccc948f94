using System.Text.Json;
using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.LayerAdmin;
using GeoMonitor.Api.Infrastructure.Auth;

namespace GeoMonitor.Api.Features.Custody;

/// <summary>
/// The custody use cases, whichever surface they came through (PUT and DELETE /api/custody/{slug}; Mutation.recordCustody
/// and deleteCustody). Custody is the monitors' record (a reviewer key records, an admin key deletes). One holder per
/// zone at a time: a new open-ended record whose start falls inside the open-ended record of the same zone is a handover
/// and ends that record at its start; any other overlap is refused (409, naming the records in the way).
/// </summary>
public sealed class CustodyWrites(CustodyStore store)
{
    /// <summary>The role a caller needs to record custody.</summary>
    public const Role Needs = Role.Reviewer;

    /// <summary>The role a caller needs to delete a custody record.</summary>
    public const Role DeleteNeeds = Role.Admin;

    /// <summary>Creates or replaces record <paramref name="slug"/> (closing the open-ended one it hands over from).</summary>
    public async Task<Outcome<CustodyWrite>> PutAsync(Caller caller, string slug, JsonElement body, CancellationToken ct)
    {
        if (caller.Require(Needs) is { } no) return no;
        if (!LayerInputs.IsSlug(slug)) return new Refusal.BadParameter($"'{slug}' is not a slug: lower-case letters, digits and '-', at most 80 characters.", "slug");
        var errors = new List<FieldError>();
        if (CustodyBody.Read(body, errors) is not { } input) return Invalid(errors);
        var (conn, tx) = await store.BeginAsync(ct);
        await using (conn)
        await using (tx)
        {
            var missing = await CustodyStore.LockAsync(conn, tx, input, ct);
            if (missing.Count > 0) return Invalid(missing);
            var existed = (await CustodyStore.ReadAsync(conn, tx, new CustodyFilter { Slug = slug }, ct)).Count > 0;
            var closed = await CustodyStore.CloseOpenEndedAsync(conn, tx, slug, input, ct);
            var overlaps = await CustodyStore.OverlapsAsync(conn, tx, slug, input, ct);
            if (overlaps.Count > 0)
                return new Refusal.Conflict(
                    $"{input.Zone ?? input.Site} already has a holder in that period: {string.Join("; ", overlaps.Select(o => $"{o.Slug} ({o.Force}, {Iso(o.From)} – {(o.To is { } t ? Iso(t) : "open-ended")})"))}. "
                    + "Change or delete that record first.", "custody-overlap",
                    new Dictionary<string, object?> { ["overlaps"] = overlaps.Select(o => o.Slug).ToList() }, "from");
            await CustodyStore.PutAsync(conn, tx, slug, input, caller.KeyName, ct);
            var stored = (await CustodyStore.ReadAsync(conn, tx, new CustodyFilter { Slug = slug }, ct))[0];
            await tx.CommitAsync(ct);
            var write = new CustodyWrite(stored, closed);
            return existed ? new Outcome<CustodyWrite>.Changed(write) : new Outcome<CustodyWrite>.Created(write);
        }
    }

    /// <summary>Deletes record <paramref name="slug"/>.</summary>
    public async Task<Outcome<string>> DeleteAsync(Caller caller, string slug, CancellationToken ct)
    {
        if (caller.Require(DeleteNeeds) is { } no) return no;
        var gone = new Refusal.NotFound($"No custody record '{slug}'.", "slug");
        if (!LayerInputs.IsSlug(slug)) return gone;
        var (conn, tx) = await store.BeginAsync(ct);
        await using (conn)
        await using (tx)
        {
            if (!await CustodyStore.DeleteAsync(conn, tx, slug, ct)) return gone;
            await tx.CommitAsync(ct);
            return new Outcome<string>.Changed(slug);
        }
    }

    private static string Iso(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static Refusal Invalid(List<FieldError> errors) =>
        new Refusal.Invalid(errors, $"The custody record has {errors.Count} problem(s); nothing was stored.", "invalid-custody");
}
