using System.Text.Json;
using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Infrastructure.Auth;
using Npgsql;

namespace GeoMonitor.Api.Features.LayerAdmin;

/// <summary>
/// Layer administration, whichever surface it came through (PUT/DELETE /api/lines|zones|corridors|truces/{slug}, POST
/// /api/truces/{slug}/extensions; the upsert/delete/extend mutations): the body read by one set of rules
/// (<see cref="LayerInputs"/>), written by <see cref="LayerAdminStore"/> in one transaction with the enrichment of every
/// incident recomputed. Deleting a line that buffer zones are derived from (or that disputes are about), or a zone a truce is
/// scoped to, is refused naming them: a zone silently losing its line would no longer follow it. Every write keeps the
/// layer's previous version (V050), recorded with the caller's key.
/// </summary>
public sealed class LayerWrites(LayerAdminStore store)
{
    /// <summary>The role a caller needs to change layers.</summary>
    public const Role Needs = Role.Admin;

    /// <summary>Creates or replaces line <paramref name="slug"/> from <paramref name="body"/>; derived buffer zones follow.</summary>
    public Task<Outcome<LayerAdminStore.WriteResult>> PutLineAsync(Caller caller, string slug, JsonElement body, bool makeValid, CancellationToken ct) =>
        Put(caller, slug, body, (b, errors) => LayerInputs.Line(slug, b, makeValid), (input, c) => store.PutLineAsync(input, caller.KeyName, c), ct);

    /// <summary>Creates or replaces zone <paramref name="slug"/>: a polygon, or a buffer of a line.</summary>
    public Task<Outcome<LayerAdminStore.WriteResult>> PutZoneAsync(Caller caller, string slug, JsonElement body, bool makeValid, CancellationToken ct) =>
        Put(caller, slug, body, (b, errors) => LayerInputs.Zone(slug, b, errors, makeValid), async (input, c) =>
            await store.PutZoneAsync(input, caller.KeyName, c) ?? throw new RefusedException(new Refusal.Invalid(
                [new FieldError(null, "bufferOf", $"there is no line '{input.BufferOf}'")], Problems(1), "invalid-layer")), ct);

    /// <summary>Creates or replaces corridor <paramref name="slug"/> and its opening windows.</summary>
    public Task<Outcome<LayerAdminStore.WriteResult>> PutCorridorAsync(Caller caller, string slug, JsonElement body, bool makeValid, CancellationToken ct) =>
        Put(caller, slug, body, (b, errors) => LayerInputs.Corridor(slug, b, errors, makeValid), (input, c) => store.PutCorridorAsync(input, caller.KeyName, c), ct);

    /// <summary>Creates or updates truce <paramref name="slug"/>; a new end of an existing truce is recorded as an extension.</summary>
    public Task<Outcome<LayerAdminStore.TruceResult>> PutTruceAsync(Caller caller, string slug, JsonElement body, CancellationToken ct) =>
        Put(caller, slug, body, (b, errors) => LayerInputs.Truce(slug, b, errors), async (input, c) =>
            await store.PutTruceAsync(input, caller.KeyName, c) ?? throw new RefusedException(new Refusal.Invalid(
                [new FieldError(null, "end", "an existing truce keeps an end; to extend it, send the new end")], Problems(1), "invalid-layer")), ct,
            r => r.Write.Created);

    /// <summary>Moves the end in force of truce <paramref name="slug"/> ({newEnd, announcedAt, source}), keeping the previous end.</summary>
    public async Task<Outcome<LayerAdminStore.TruceResult>> ExtendTruceAsync(Caller caller, string slug, JsonElement body, CancellationToken ct)
    {
        if (caller.Require(Needs) is { } no) return no;
        if (!LayerInputs.IsSlug(slug)) return NotASlug(slug);
        var errors = new List<FieldError>();
        if (LayerBody.Read(body, errors) is not { } b) return Invalid(errors);
        var newEnd = b.Time("newEnd", required: true);
        var announced = b.Time("announcedAt");
        var source = b.Raw("source") is null ? null : b.Source();
        if (errors.Count > 0) return Invalid(errors);
        try
        {
            return await store.ExtendTruceAsync(slug, newEnd!.Value, announced, source, caller.KeyName, ct) is { } r
                ? new Outcome<LayerAdminStore.TruceResult>.Created(r)
                : new Refusal.NotFound($"No truce '{slug}'.", "slug");
        }
        catch (ArgumentException e) { return Invalid([new FieldError(null, "newEnd", e.Message)]); }
    }

    /// <summary>Deletes a layer; refused while other layers depend on it.</summary>
    public async Task<Outcome<string>> DeleteAsync(Caller caller, LayerKind kind, string slug, CancellationToken ct)
    {
        if (caller.Require(Needs) is { } no) return no;
        var what = kind.ToString().ToLowerInvariant();
        if (!LayerInputs.IsSlug(slug)) return new Refusal.NotFound($"No {what} '{slug}'.", "slug");
        var dependents = await store.DependentsAsync(kind, slug, ct);
        if (dependents.Count > 0)
            return new Refusal.Conflict($"{string.Join(", ", dependents)} depend(s) on {what} '{slug}'; delete or replace them first.", "layer-in-use",
                new Dictionary<string, object?> { ["dependents"] = dependents.ToList() }, "slug");
        return await store.DeleteAsync(kind, slug, caller.KeyName, ct)
            ? new Outcome<string>.Changed(slug)
            : new Refusal.NotFound($"No {what} '{slug}'.", "slug");
    }

    // The steps every PUT shares: role, slug, body, the kind's own rules, then the write with the schema's checks as refusals.
    private async Task<Outcome<TResult>> Put<TInput, TResult>(Caller caller, string slug, JsonElement body,
        Func<LayerBody, List<FieldError>, TInput> read, Func<TInput, CancellationToken, Task<TResult>> write, CancellationToken ct,
        Func<TResult, bool>? created = null) where TResult : class
    {
        if (caller.Require(Needs) is { } no) return no;
        if (!LayerInputs.IsSlug(slug)) return NotASlug(slug);
        var errors = new List<FieldError>();
        if (LayerBody.Read(body, errors) is not { } b) return Invalid(errors);
        if (b.Raw("slug") is { } s && (s.ValueKind != JsonValueKind.String || s.GetString() != slug))
            errors.Add(new FieldError(null, "slug", $"the body's slug differs from the URL's '{slug}'"));
        var input = read(b, errors);
        if (errors.Count > 0) return Invalid(errors);
        try
        {
            var result = await write(input, ct);
            var isNew = created?.Invoke(result) ?? (result is LayerAdminStore.WriteResult w && w.Created);
            return isNew ? new Outcome<TResult>.Created(result) : new Outcome<TResult>.Changed(result);
        }
        catch (RefusedException e) { return e.Why; }
        catch (PostgresException e) when (IsRefusal(e)) { return Invalid([SchemaRefusal(e)]); }
    }

    private static Refusal NotASlug(string slug) =>
        new Refusal.BadParameter($"'{slug}' is not a slug: lower-case letters, digits and '-', at most 80 characters.", "slug");

    private static Refusal Invalid(List<FieldError> errors) => new Refusal.Invalid(errors, Problems(errors.Count), "invalid-layer");

    private static string Problems(int n) => $"The layer has {n} problem(s); nothing was changed.";

    /// <summary>Whether a PostgreSQL error is one of the schema's own checks on a layer (a client error, not a fault).</summary>
    private static bool IsRefusal(PostgresException e) => e.SqlState is PostgresErrorCodes.CheckViolation or PostgresErrorCodes.ExclusionViolation
        or PostgresErrorCodes.InvalidParameterValue or PostgresErrorCodes.DataException;

    // The schema's own checks (geometry validity and range, value ranges, overlapping windows) back up the readers'.
    private static FieldError SchemaRefusal(PostgresException e) =>
        new(null, e.ConstraintName ?? "(layer)", e.SqlState == PostgresErrorCodes.ExclusionViolation ? "two opening windows overlap" : $"{e.MessageText} ({e.ConstraintName})");

    // A refusal found inside a store call (after the transaction began): it rolls back and is answered as a refusal.
    private sealed class RefusedException(Refusal why) : Exception(why.Detail)
    {
        public Refusal Why { get; } = why;
    }
}
