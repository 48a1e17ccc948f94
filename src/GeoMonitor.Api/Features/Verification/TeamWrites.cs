using System.Text.Json;
using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Infrastructure.Auth;

namespace GeoMonitor.Api.Features.Verification;

/// <summary>
/// Administration of observer teams and organisations, whichever surface it came through (PUT/DELETE /api/teams/{slug},
/// PUT /api/organisations/{slug}; upsertTeam, deleteTeam, upsertOrganisation). A team names existing zones and, as members,
/// active keys of its own organisation: the team's organisation is then the verifying organisation the independent review
/// is measured against, with no member of another organisation hidden inside it.
/// </summary>
public sealed class TeamWrites(ObserverTeamStore store)
{
    /// <summary>The role a caller needs to change teams and organisations.</summary>
    public const Role Needs = Role.Admin;

    /// <summary>The most zones or members of one team.</summary>
    public const int MaxItems = 200;

    /// <summary>Creates or replaces team <paramref name="slug"/> from {name, organisation, zones, members}.</summary>
    public async Task<Outcome<ObserverTeam>> PutTeamAsync(Caller caller, string slug, JsonElement body, CancellationToken ct)
    {
        if (caller.Require(Needs) is { } no) return no;
        if (!BodyFields.IsSlug(slug)) return NotASlug(slug);
        var errors = new List<FieldError>();
        var b = BodyFields.Read(body, errors, "a team", "name", "organisation", "zones", "members");
        var name = b?.Text("name", required: true, max: 200);
        var organisation = b?.Slug("organisation");
        var zones = b?.Strings("zones", MaxItems, 80) ?? [];
        var members = b?.Strings("members", MaxItems, 100) ?? [];
        if (errors.Count > 0) return Invalid(errors);

        var (conn, tx) = await store.BeginAsync(ct);
        await using (conn)
        await using (tx)
        {
            var problems = await ObserverTeamStore.CheckAsync(conn, tx, organisation!, zones, members, ct);
            if (!problems.OrganisationExists) errors.Add(new FieldError(null, "organisation", $"there is no organisation '{organisation}'"));
            if (problems.UnknownZones.Length > 0) errors.Add(new FieldError(null, "zones", $"no zone {string.Join(", ", problems.UnknownZones.Select(z => $"'{z}'"))}"));
            if (problems.OrganisationExists && problems.NotMembers.Length > 0)
                errors.Add(new FieldError(null, "members", $"{string.Join(", ", problems.NotMembers.Select(m => $"'{m}'"))} is no active key of organisation '{organisation}'"));
            if (errors.Count > 0) return Invalid(errors);
            var team = new ObserverTeam(slug, name!, organisation!, zones, members, default, default);
            var created = await ObserverTeamStore.PutTeamAsync(conn, tx, team, ct);
            await tx.CommitAsync(ct);
            var stored = (await store.TeamsAsync([slug], ct)).Single();
            return created ? new Outcome<ObserverTeam>.Created(stored) : new Outcome<ObserverTeam>.Changed(stored);
        }
    }

    /// <summary>Deletes team <paramref name="slug"/>; refused while incidents are assigned to it (their history names it).</summary>
    public async Task<Outcome<string>> DeleteTeamAsync(Caller caller, string slug, CancellationToken ct)
    {
        if (caller.Require(Needs) is { } no) return no;
        if (!BodyFields.IsSlug(slug)) return new Refusal.NotFound($"No observer team '{slug}'.", "slug");
        var (conn, tx) = await store.BeginAsync(ct);
        await using (conn)
        await using (tx)
        {
            var assigned = await ObserverTeamStore.AssignedCountAsync(conn, tx, slug, ct);
            if (assigned is null) return new Refusal.NotFound($"No observer team '{slug}'.", "slug");
            if (assigned > 0)
                return new Refusal.Conflict($"{assigned} incident(s) are assigned to observer team '{slug}'; assign them to another team first.",
                    "team-in-use", new Dictionary<string, object?> { ["incidents"] = assigned.Value }, "slug");
            await ObserverTeamStore.DeleteTeamAsync(conn, tx, slug, ct);
            await tx.CommitAsync(ct);
            return new Outcome<string>.Changed(slug);
        }
    }

    /// <summary>Creates organisation <paramref name="slug"/> or renames it, from {name}.</summary>
    public async Task<Outcome<Organisation>> PutOrganisationAsync(Caller caller, string slug, JsonElement body, CancellationToken ct)
    {
        if (caller.Require(Needs) is { } no) return no;
        if (!BodyFields.IsSlug(slug)) return NotASlug(slug);
        var errors = new List<FieldError>();
        var name = BodyFields.Read(body, errors, "an organisation", "name")?.Text("name", required: true, max: 200);
        if (errors.Count > 0) return new Refusal.Invalid(errors, $"The organisation has {errors.Count} problem(s); nothing was changed.", "invalid-organisation");
        var (conn, tx) = await store.BeginAsync(ct);
        await using (conn)
        await using (tx)
        {
            var created = await ObserverTeamStore.PutOrganisationAsync(conn, tx, slug, name!, ct);
            await tx.CommitAsync(ct);
            var stored = (await store.OrganisationsAsync([slug], ct)).Single();
            return created ? new Outcome<Organisation>.Created(stored) : new Outcome<Organisation>.Changed(stored);
        }
    }

    private static Refusal NotASlug(string slug) =>
        new Refusal.BadParameter($"'{slug}' is not a slug: lower-case letters, digits and '-', at most 80 characters.", "slug");

    private static Refusal Invalid(List<FieldError> errors) =>
        new Refusal.Invalid(errors, $"The team has {errors.Count} problem(s); nothing was changed.", "invalid-team");
}
