using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace GeoMonitor.Api.Infrastructure.Auth;

/// <summary>API key authentication and one authorization policy per role ("reader", "reporter", "reviewer", "admin").</summary>
public static class AuthSetup
{
    /// <summary>Registers the key handler and the role policies.</summary>
    public static IServiceCollection AddGeoMonitorAuth(this IServiceCollection services)
    {
        services.AddSingleton<ApiKeys>();
        services.AddAuthentication(ApiKeyAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
        services.AddAuthorization(o =>
        {
            foreach (var role in new[] { Role.Reader, Role.Reporter, Role.Reviewer, Role.Admin })
                o.AddPolicy(PolicyFor(role), p => p.RequireAssertion(ctx => ctx.User.GetRole() >= role));
        });
        return services;
    }

    /// <summary>
    /// Authentication and authorization, plus one rule: a request that sends a key which is wrong or revoked
    /// gets a 401 everywhere, rather than silently being served as anonymous.
    /// </summary>
    public static WebApplication UseGeoMonitorAuth(this WebApplication app)
    {
        app.UseAuthentication();
        app.Use(async (ctx, next) =>
        {
            // The handler caches its result per request, so asking again costs no second key look-up.
            if (ApiKeyAuthentication.KeyOf(ctx.Request) is not null
                && (await ctx.AuthenticateAsync(ApiKeyAuthentication.SchemeName)).Failure is not null)
            {
                await ctx.ChallengeAsync(ApiKeyAuthentication.SchemeName);
                return;
            }
            await next(ctx);
        });
        app.UseAuthorization();
        return app;
    }

    /// <summary>The policy name requiring at least <paramref name="role"/> (use with RequireAuthorization).</summary>
    public static string PolicyFor(Role role) => role.ToString().ToLowerInvariant();

    /// <summary>Requires at least <paramref name="role"/> on an endpoint.</summary>
    public static TBuilder RequireRole<TBuilder>(this TBuilder builder, Role role) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(PolicyFor(role));
}
