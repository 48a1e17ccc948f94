using System.Security.Claims;

namespace GeoMonitor.Api.Infrastructure.Auth;

/// <summary>What a caller may do; each role includes the ones below it.</summary>
public enum Role
{
    /// <summary>No key: reads the layers and verified incidents only.</summary>
    Anonymous = 0,
    /// <summary>Reads everything, including unverified incidents.</summary>
    Reader = 1,
    /// <summary>Uploads incidents and corrects its own.</summary>
    Reporter = 2,
    /// <summary>Reviews other people's incidents.</summary>
    Reviewer = 3,
    /// <summary>Manages layers and keys.</summary>
    Admin = 4,
}

/// <summary>Reads the caller's role from the authenticated principal.</summary>
public static class RoleClaims
{
    /// <summary>The claim type holding the role name (reader, reporter, reviewer, admin).</summary>
    public const string RoleClaim = "gm_role";

    /// <summary>The claim type holding the key's name (who did it, in revisions).</summary>
    public const string NameClaim = "gm_key_name";

    /// <summary>The claim type holding the slug of the key's organisation.</summary>
    public const string OrganisationClaim = "gm_org";

    /// <summary>The caller's role; <see cref="Role.Anonymous"/> without a valid key.</summary>
    public static Role GetRole(this ClaimsPrincipal? user) =>
        user?.FindFirst(RoleClaim)?.Value is { } v && Enum.TryParse<Role>(v, ignoreCase: true, out var r) ? r : Role.Anonymous;

    /// <summary>The key's name, or null for anonymous callers.</summary>
    public static string? GetKeyName(this ClaimsPrincipal? user) => user?.FindFirst(NameClaim)?.Value;

    /// <summary>The slug of the key's organisation, or null for anonymous callers.</summary>
    public static string? GetOrganisation(this ClaimsPrincipal? user) => user?.FindFirst(OrganisationClaim)?.Value;
}
