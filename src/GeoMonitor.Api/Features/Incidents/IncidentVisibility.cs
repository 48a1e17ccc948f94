using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.Incidents.Query;
using GeoMonitor.Api.Infrastructure.Auth;

namespace GeoMonitor.Api.Features.Incidents;

/// <summary>
/// Who may read which incidents: the one rule every surface that returns incidents applies (REST lists and exports,
/// a single incident, OGC items, tiles, stats, truce reports, the map's extent, GraphQL lists, <c>incident</c> and
/// subscriptions). What it decides, and the one behaviour for asking beyond it (docs/api.md, "Who sees what"):
/// <list type="bullet">
/// <item>without a key, only public incidents are served; a keyed caller (reader and up) reads every status;</item>
/// <item>a request that does not name statuses gets what the caller may see; one that names a status the caller may not
/// read is refused — 401 (GraphQL UNAUTHENTICATED) naming the parameter — never silently narrowed, so that a client
/// debugging an empty map is told why;</item>
/// <item>a request for one incident that exists but is not public is refused the same way, not answered as absent.</item>
/// </list>
/// </summary>
public static class IncidentVisibility
{
    /// <summary>The statuses anyone may read.</summary>
    public static readonly IReadOnlyList<string> PublicStatuses = ["verified"];

    /// <summary>Whether a caller with <paramref name="role"/> reads every status.</summary>
    public static bool SeesAll(Role role) => role >= Role.Reader;

    /// <summary>
    /// The statuses a list may return to a caller with <paramref name="role"/> who asked for <paramref name="asked"/>
    /// (null: none named): null means every status.
    /// </summary>
    /// <exception cref="KeyRequiredException">The caller named a status it may not read (naming <paramref name="parameter"/>).</exception>
    public static IReadOnlyList<string>? Statuses(Role role, IReadOnlyList<string>? asked, string parameter = "status")
    {
        if (SeesAll(role)) return asked;
        if (asked is null) return PublicStatuses;
        if (asked.FirstOrDefault(s => !PublicStatuses.Contains(s)) is { } hidden)
            throw new KeyRequiredException(parameter, $"Incidents with status '{hidden}' are not public; reading them needs a key with role reader or above.");
        return asked;
    }

    /// <summary>The filter for one incident, as a caller with <paramref name="role"/> may see it.</summary>
    public static IncidentFilter One(long id, Role role) => new() { Ids = [id], Statuses = Statuses(role, null) };

    /// <summary>
    /// Why incident <paramref name="id"/> was not found by <see cref="One"/>: it does not exist (404), or it exists with a
    /// status the caller may not read (401, the same refusal as naming that status).
    /// </summary>
    public static async Task<Exception> MissingAsync(IncidentStore store, long id, Role role, string parameter, CancellationToken ct)
    {
        if (!SeesAll(role) && await store.StatusAsync(id, ct) is { } status)
            return new KeyRequiredException(parameter, $"Incident {id} is not public (its status is {status}); reading it needs a key with role reader or above.");
        return new ResourceNotFoundException(parameter, $"No incident with id {id}.");
    }

    // ---- one version of an incident (issue 15: the changes feed asks this of every version it serves) ----------

    /// <summary>
    /// Whether <paramref name="caller"/> may read a version of an incident whose status was <paramref name="status"/>
    /// (null: not known, which nobody but a caller who reads everything may see). The changes feed serves a version's
    /// content only when this holds, and a tombstone without content when it held for the version before and no longer.
    /// </summary>
    public static bool MayRead(Caller caller, string? status) => SeesAll(caller.Role) || (status is not null && PublicStatuses.Contains(status));
}
