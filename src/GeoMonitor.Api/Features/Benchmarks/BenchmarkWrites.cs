using System.Text.Json;
using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.LayerAdmin;
using GeoMonitor.Api.Infrastructure.Auth;

namespace GeoMonitor.Api.Features.Benchmarks;

/// <summary>
/// The benchmark use cases, whichever surface they came through (PUT and DELETE /api/benchmarks/{slug}, POST
/// /api/benchmarks/{slug}/events; Mutation.upsertBenchmark, deleteBenchmark, recordBenchmarkEvent). The terms of a
/// benchmark are part of the arrangement and change with an admin key; its status changes are observations, recorded by
/// the monitors (a reviewer key) as dated events with evidence and a source, and never rewritten.
/// </summary>
public sealed class BenchmarkWrites(BenchmarkStore store, TimeProvider clock)
{
    /// <summary>The role a caller needs to set or delete a benchmark's terms.</summary>
    public const Role Needs = Role.Admin;

    /// <summary>The role a caller needs to record a status change.</summary>
    public const Role EventNeeds = Role.Reviewer;

    /// <summary>Creates or replaces benchmark <paramref name="slug"/>; the answer is the benchmark as of now.</summary>
    public async Task<Outcome<BenchmarkRecord>> PutAsync(Caller caller, string slug, JsonElement body, CancellationToken ct)
    {
        if (caller.Require(Needs) is { } no) return no;
        if (!LayerInputs.IsSlug(slug)) return NotASlug(slug);
        var errors = new List<FieldError>();
        if (BenchmarkBody.Read(body, errors) is not { } input) return Invalid(errors, "benchmark");
        var (conn, tx) = await store.BeginAsync(ct);
        await using (conn)
        await using (tx)
        {
            var missing = await BenchmarkStore.MissingAsync(conn, tx, input, ct);
            if (missing.Count > 0) return Invalid(missing, "benchmark");
            var created = await BenchmarkStore.PutAsync(conn, tx, slug, input, ct);
            var stored = (await BenchmarkStore.ReadAsync(conn, tx, Now(slug), ct))[0];
            await tx.CommitAsync(ct);
            return created ? new Outcome<BenchmarkRecord>.Created(stored) : new Outcome<BenchmarkRecord>.Changed(stored);
        }
    }

    /// <summary>Records a dated status change of benchmark <paramref name="slug"/>; the answer is the benchmark as of now.</summary>
    public async Task<Outcome<BenchmarkRecord>> RecordEventAsync(Caller caller, string slug, JsonElement body, CancellationToken ct)
    {
        if (caller.Require(EventNeeds) is { } no) return no;
        if (!LayerInputs.IsSlug(slug)) return NotASlug(slug);
        var errors = new List<FieldError>();
        if (BenchmarkBody.ReadEvent(body, clock.GetUtcNow().UtcDateTime, errors) is not { } input) return Invalid(errors, "benchmark event");
        var (conn, tx) = await store.BeginAsync(ct);
        await using (conn)
        await using (tx)
        {
            var missing = await BenchmarkStore.MissingIncidentsAsync(conn, tx, input.Evidence.Incidents, ct);
            if (missing.Count > 0)
                return Invalid([.. missing.Select(id => new FieldError(null, $"evidence.incidents[{Array.IndexOf(input.Evidence.Incidents, id)}]", $"there is no incident {id}"))],
                    "benchmark event");
            if (!await BenchmarkStore.AddEventAsync(conn, tx, slug, input, caller.KeyName, ct)) return NotFound(slug);
            var stored = (await BenchmarkStore.ReadAsync(conn, tx, Now(slug), ct))[0];
            await tx.CommitAsync(ct);
            return new Outcome<BenchmarkRecord>.Created(stored);
        }
    }

    /// <summary>Deletes benchmark <paramref name="slug"/> with its events.</summary>
    public async Task<Outcome<string>> DeleteAsync(Caller caller, string slug, CancellationToken ct)
    {
        if (caller.Require(Needs) is { } no) return no;
        if (!LayerInputs.IsSlug(slug)) return NotFound(slug);
        var (conn, tx) = await store.BeginAsync(ct);
        await using (conn)
        await using (tx)
        {
            if (!await BenchmarkStore.DeleteAsync(conn, tx, slug, ct)) return NotFound(slug);
            await tx.CommitAsync(ct);
            return new Outcome<string>.Changed(slug);
        }
    }

    private BenchmarkFilter Now(string slug) => new() { Slug = slug, AsOf = clock.GetUtcNow().UtcDateTime };

    private static Refusal NotFound(string slug) => new Refusal.NotFound($"No benchmark '{slug}'.", "slug");

    private static Refusal NotASlug(string slug) =>
        new Refusal.BadParameter($"'{slug}' is not a slug: lower-case letters, digits and '-', at most 80 characters.", "slug");

    private static Refusal Invalid(List<FieldError> errors, string what) =>
        new Refusal.Invalid(errors, $"The {what} has {errors.Count} problem(s); nothing was stored.", "invalid-benchmark");
}
