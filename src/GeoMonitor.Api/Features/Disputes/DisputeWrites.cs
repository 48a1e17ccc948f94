using System.Text.Json;
using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.LayerAdmin;
using GeoMonitor.Api.Infrastructure.Auth;
using Npgsql;

namespace GeoMonitor.Api.Features.Disputes;

/// <summary>
/// The writes of disputes and claims, whichever surface they came through (PUT /api/disputes/{slug}, PUT and DELETE
/// /api/disputes/{slug}/claims/{party}; the upsertDispute, putClaim and deleteClaim mutations). Claims are reference
/// material taken from published sources, kept by the role that keeps the layers. The rules: a claim names a known
/// party (<see cref="ClaimParties"/>; otherwise 422 naming <c>party</c>) and a source; its geometry is a Point for a
/// disputed point and a LineString for a disputed segment; a dispute belongs to an existing line.
/// </summary>
public sealed class DisputeWrites(DisputeStore store)
{
    /// <summary>The role a caller needs.</summary>
    public const Role Needs = LayerWrites.Needs;

    private static readonly string[] Kinds = ["point", "segment"];

    /// <summary>Creates or replaces dispute <paramref name="slug"/> from {name, line, kind, source, note}.</summary>
    public async Task<Outcome<DisputeStore.DisputeResult>> PutDisputeAsync(Caller caller, string slug, JsonElement body, CancellationToken ct)
    {
        if (caller.Require(Needs) is { } no) return no;
        if (!LayerInputs.IsSlug(slug)) return NotASlug(slug);
        var errors = new List<FieldError>();
        if (LayerBody.Read(body, errors) is not { } b) return Invalid(errors, "dispute");
        var input = new DisputeStore.DisputeInput(slug, b.Text("name", true)!, b.Text("line", true, max: 80)!, b.OneOf("kind", Kinds, "point")!,
            b.Source()!, b.Text("note", max: 4000), b.All.ToJsonString());
        if (errors.Count > 0) return Invalid(errors, "dispute");
        try
        {
            return await store.PutDisputeAsync(input, ct) switch
            {
                null => Invalid([new FieldError(null, "line", $"there is no line '{input.Line}'")], "dispute"),
                DisputeStore.KindInUse => new Refusal.Conflict(
                    $"Dispute '{slug}' holds claims of its current kind; delete them before making it a {input.Kind} dispute.", "dispute-kind-in-use",
                    new Dictionary<string, object?>(), "kind"),
                DisputeStore.DisputeResult r => r.Created ? new Outcome<DisputeStore.DisputeResult>.Created(r) : new Outcome<DisputeStore.DisputeResult>.Changed(r),
                _ => throw new InvalidOperationException("An unknown dispute write result."),
            };
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.CheckViolation) { return Invalid([new FieldError(null, e.ConstraintName ?? "(dispute)", e.MessageText)], "dispute"); }
    }

    /// <summary>
    /// Records <paramref name="party"/>'s position for dispute <paramref name="dispute"/> from {geometry, source, note}
    /// (or a GeoJSON Feature with those properties), replacing the party's earlier claim.
    /// </summary>
    public async Task<Outcome<DisputeStore.ClaimResult>> PutClaimAsync(Caller caller, string dispute, string party, JsonElement body, CancellationToken ct)
    {
        if (caller.Require(Needs) is { } no) return no;
        if (!LayerInputs.IsSlug(dispute)) return NotASlug(dispute);
        var errors = new List<FieldError>();
        if (!LayerInputs.IsSlug(party) || !await store.PartyKnownAsync(party, ct))
            errors.Add(new FieldError(null, "party", $"'{party}' is not a party a claim may be attributed to: {ClaimParties.Describe}"));
        if (LayerBody.Read(body, errors) is not { } b) return Invalid(errors, "claim");
        if (await store.KindAsync(dispute, ct) is not { } kind) return new Refusal.NotFound($"No dispute '{dispute}'.", "dispute");
        var geometry = b.ReadGeometry(kind == "point" ? ["Point"] : ["LineString"], makeValid: false);
        var source = b.Source();
        var note = b.Text("note", max: 4000);
        if (errors.Count > 0) return Invalid(errors, "claim");
        try
        {
            return await store.PutClaimAsync(new DisputeStore.ClaimInput(dispute, party, geometry!, source!, note), caller.KeyName, ct) switch
            {
                null => new Refusal.NotFound($"No dispute '{dispute}'.", "dispute"),
                { Created: true } r => new Outcome<DisputeStore.ClaimResult>.Created(r),
                var r => new Outcome<DisputeStore.ClaimResult>.Changed(r),
            };
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.CheckViolation) { return Invalid([new FieldError(null, e.ConstraintName ?? "(claim)", e.MessageText)], "claim"); }
    }

    /// <summary>Removes <paramref name="party"/>'s claim on <paramref name="dispute"/>.</summary>
    public async Task<Outcome<string>> DeleteClaimAsync(Caller caller, string dispute, string party, CancellationToken ct)
    {
        if (caller.Require(Needs) is { } no) return no;
        if (!LayerInputs.IsSlug(dispute) || !LayerInputs.IsSlug(party) || !await store.DeleteClaimAsync(dispute, party, caller.KeyName, ct))
            return new Refusal.NotFound($"No claim by '{party}' on dispute '{dispute}'.", "party");
        return new Outcome<string>.Changed(party);
    }

    private static Refusal NotASlug(string slug) =>
        new Refusal.BadParameter($"'{slug}' is not a slug: lower-case letters, digits and '-', at most 80 characters.", "slug");

    private static Refusal Invalid(List<FieldError> errors, string what) =>
        new Refusal.Invalid(errors, $"The {what} has {errors.Count} problem(s); nothing was changed.", $"invalid-{what}");
}
