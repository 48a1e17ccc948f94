using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace GeoMonitor.Api.Infrastructure.Auth;

/// <summary>
/// Authenticates callers by API key, sent as <c>Authorization: Bearer &lt;key&gt;</c> or <c>X-Api-Key</c>.
/// No key means anonymous (read-only, verified incidents); a wrong or revoked key is a 401, not anonymous,
/// so that a team whose key stopped working finds out at once.
/// </summary>
public sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeys keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme name.</summary>
    public const string SchemeName = "ApiKey";

    /// <summary>The key from the request, or null when none was sent.</summary>
    public static string? KeyOf(HttpRequest request)
    {
        if (request.Headers.TryGetValue("X-Api-Key", out var x) && !string.IsNullOrWhiteSpace(x)) return x.ToString().Trim();
        var auth = request.Headers.Authorization.ToString();
        return auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? auth[7..].Trim() : null;
    }

    /// <inheritdoc />
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = KeyOf(Request);
        if (key is null) return AuthenticateResult.NoResult();
        if (key.Length > 200) return AuthenticateResult.Fail("invalid API key");
        var caller = await keys.FindAsync(key, Context.RequestAborted);
        if (caller is null) return AuthenticateResult.Fail("invalid or revoked API key");
        return AuthenticateResult.Success(new AuthenticationTicket(caller.ToPrincipal(SchemeName), SchemeName));
    }

    /// <inheritdoc />
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await Results.Problem(statusCode: 401, title: "Unauthorized", type: Errors.ProblemSetup.TypeBase + "unauthorized",
            detail: KeyOf(Request) is null ? Refusal(Role.Anonymous) : "The API key is invalid or revoked.")
            .ExecuteAsync(Context);
    }

    /// <inheritdoc />
    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await Results.Problem(statusCode: 403, title: "Forbidden", type: Errors.ProblemSetup.TypeBase + "forbidden",
            detail: Refusal(Context.User.GetRole())).ExecuteAsync(Context);
    }

    // The wording of the use cases' own role check (Features.Common.Access), for the role the endpoint requires, so a
    // refusal reads the same whether REST's middleware or a GraphQL resolver made it.
    private string Refusal(Role have)
    {
        var needed = Context.GetEndpoint()?.Metadata.GetOrderedMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>()
            .Select(a => Enum.TryParse<Role>(a.Policy, ignoreCase: true, out var r) ? r : Role.Anonymous).DefaultIfEmpty(Role.Reader).Max() ?? Role.Reader;
        return Features.Common.Access.Require(have, needed)?.Detail ?? "Your key's role does not allow this.";
    }
}
