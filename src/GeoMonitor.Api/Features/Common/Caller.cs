using System.Security.Claims;
using GeoMonitor.Api.Infrastructure.Auth;

namespace GeoMonitor.Api.Features.Common;

/// <summary>
/// Who asks a use case to act: the name of the key (recorded in revisions) and its role. The adapters make one from the
/// authenticated request; the use cases know nothing else about the transport.
/// </summary>
/// <param name="KeyName">The key's name; null for anonymous callers.</param>
/// <param name="Role">The key's role; <see cref="Role.Anonymous"/> without a key.</param>
/// <param name="Organisation">The slug of the key's organisation; null for anonymous callers.</param>
public sealed record Caller(string? KeyName, Role Role, string? Organisation = null)
{
    /// <summary>A caller without a key.</summary>
    public static readonly Caller Anonymous = new(null, Role.Anonymous);

    /// <summary>The caller of an authenticated request.</summary>
    public static Caller Of(ClaimsPrincipal? user) => new(user.GetKeyName(), user.GetRole(), user.GetOrganisation());
}
