using GeoMonitor.Api.Infrastructure.Auth;

namespace GeoMonitor.Api.Features.Common;

/// <summary>
/// The role rule of every write, with its one wording: REST's authorization middleware (before a body is read) and
/// each use case (for GraphQL and any other adapter) refuse with the same message.
/// </summary>
public static class Access
{
    /// <summary>The refusal for a caller with <paramref name="have"/> where <paramref name="needed"/> is required; null when allowed.</summary>
    public static Refusal? Require(Role have, Role needed)
    {
        if (have >= needed) return null;
        var role = needed.ToString().ToLowerInvariant();
        return have == Role.Anonymous
            ? new Refusal.KeyRequired($"This needs an API key with role {role} or above (Authorization: Bearer <key> or X-Api-Key).")
            : new Refusal.Forbidden($"This needs role {role} or above; this key has role {have.ToString().ToLowerInvariant()}.");
    }

    /// <summary>The refusal for <paramref name="caller"/> where <paramref name="needed"/> is required; null when allowed.</summary>
    public static Refusal? Require(this Caller caller, Role needed) => Require(caller.Role, needed);
}
