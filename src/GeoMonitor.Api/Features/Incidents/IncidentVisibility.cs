using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.Incidents.Query;
using GeoMonitor.Api.Features.Verification;
using GeoMonitor.Api.Infrastructure.Auth;

namespace GeoMonitor.Api.Features.Incidents;

/// <summary>
/// Who may read which incidents — the publication hold of the verification lifecycle (docs/verification.md) — the one
/// rule every surface that returns incidents applies (REST lists and exports, a single incident, OGC items, tiles, stats,
/// truce reports, the map's extent, the verification queue, GraphQL lists, <c>incident</c> and subscriptions). What it
/// decides, and the one behaviour for asking beyond it (docs/api.md, "Who sees what"):
/// <list type="bullet">
/// <item>published incidents (published_verified, published_disputed) are public;</item>
/// <item>an unpublished incident is read only by keys of the organisations in its process — the reporter's organisation
/// and the assigned team's — and by reviewers and admins (who work the queue); the filter carries the reader as an
/// <see cref="IncidentAudience"/>, which <see cref="IncidentSql"/> turns into one clause;</item>
/// <item>without a key, naming a status that is not public is refused — 401 (GraphQL UNAUTHENTICATED) naming the
/// parameter — never silently narrowed; a key may name any status and gets the incidents of it its organisation may read;</item>
/// <item>a request for one incident that exists but may not be read is refused, not answered as absent: 401 without a
/// key, 403 (GraphQL FORBIDDEN) with a key of an organisation outside its process.</item>
/// </list>
/// </summary>
public static class IncidentVisibility
{
    /// <summary>The statuses anyone may read.</summary>
    public static readonly IReadOnlyList<string> PublicStatuses = IncidentStates.Published;

    /// <summary>Whether <paramref name="viewer"/> reads every incident, held or not (reviewers and admins).</summary>
    public static bool SeesAll(Caller viewer) => viewer.Role >= Role.Reviewer;

    /// <summary>The audience clause for <paramref name="viewer"/>: null for those who see everything.</summary>
    public static IncidentAudience? Audience(Caller viewer) =>
        SeesAll(viewer) ? null : new IncidentAudience(PublicStatuses, viewer.Role == Role.Anonymous ? null : viewer.Organisation ?? "");

    /// <summary>
    /// The statuses a list may be narrowed to for <paramref name="viewer"/> who asked for <paramref name="asked"/> (null:
    /// none named). Without a key a list that names none is the public statuses (so that reports say what they counted).
    /// </summary>
    /// <exception cref="KeyRequiredException">An anonymous caller named a status that is not public (naming <paramref name="parameter"/>).</exception>
    public static IReadOnlyList<string>? Statuses(Caller viewer, IReadOnlyList<string>? asked, string parameter = "status")
    {
        if (viewer.Role != Role.Anonymous) return asked;
        if (asked is null) return PublicStatuses;
        if (asked.FirstOrDefault(s => !PublicStatuses.Contains(s)) is { } hidden)
            throw new KeyRequiredException(parameter, $"Incidents with status '{hidden}' are not published; reading them needs a key of an organisation in their verification process (or role reviewer or above).");
        return asked;
    }

    /// <summary><paramref name="f"/> (whose Statuses are the ones asked for) as <paramref name="viewer"/> may read it.</summary>
    /// <exception cref="KeyRequiredException">As <see cref="Statuses"/>.</exception>
    public static IncidentFilter Apply(IncidentFilter f, Caller viewer, string parameter = "status") =>
        f with { Statuses = Statuses(viewer, f.Statuses, parameter), Audience = Audience(viewer) };

    /// <summary>The filter for one incident, as <paramref name="viewer"/> may see it.</summary>
    public static IncidentFilter One(long id, Caller viewer) => Apply(new IncidentFilter { Ids = [id] }, viewer);

    /// <summary>
    /// Why incident <paramref name="id"/> was not found by <see cref="One"/>: it does not exist (404), or it exists and is
    /// held from <paramref name="viewer"/> (401 without a key, 403 with one).
    /// </summary>
    public static async Task<Exception> MissingAsync(IncidentStore store, long id, Caller viewer, string parameter, CancellationToken ct)
    {
        if (SeesAll(viewer) || await store.StatusAsync(id, ct) is not { } status) return new ResourceNotFoundException(parameter, $"No incident with id {id}.");
        if (viewer.Role == Role.Anonymous)
            return new KeyRequiredException(parameter, $"Incident {id} is not published (its state is {status}); reading it needs a key of an organisation in its verification process.");
        return new ReadForbiddenException(parameter, $"Incident {id} is not published (its state is {status}) and organisation '{viewer.Organisation}' "
            + "takes no part in its verification (only the reporter's organisation, the assigned team's organisation and reviewers read it before publication).");
    }

    // ---- one version of an incident (issue 15: the changes feed asks this of every version it serves) ----------

    /// <summary>
    /// Whether <paramref name="caller"/> may read a version of an incident whose status was <paramref name="status"/>
    /// (null: not known, which nobody but a caller who reads everything may see). The changes feed serves a version's
    /// content only when this holds, and a tombstone without content when it held for the version before and no longer.
    /// The feed knows a version's status, not who took part in its verification: before publication it serves a version
    /// only to those who read every state (an organisation follows its own queue through /api/verification/queue).
    /// </summary>
    public static bool MayRead(Caller caller, string? status) => SeesAll(caller) || (status is not null && PublicStatuses.Contains(status));
}
