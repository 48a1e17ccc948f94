using System.Security.Claims;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Infrastructure.Database;
using GeoMonitor.GraphQL.Execution;
using GeoMonitor.GraphQL.Language;

namespace GeoMonitor.Api.GraphQL.Resolvers;

/// <summary>
/// Who is asking and with which services: taken from the HttpContext the GraphQL transport passes as the execution's
/// user context (the POST request, or the WebSocket's upgrade request for subscriptions).
/// </summary>
public sealed class GqlRequest(HttpContext http)
{
    /// <summary>The HTTP context.</summary>
    public HttpContext Http => http;

    /// <summary>The caller (possibly set from the WebSocket's connection_init payload).</summary>
    public ClaimsPrincipal User => http.User;

    /// <summary>The caller's role.</summary>
    public Role Role => http.User.GetRole();

    /// <summary>The caller as the use cases and the visibility rule know it (key name, role, organisation).</summary>
    public Features.Common.Caller Caller => Features.Common.Caller.Of(http.User);

    /// <summary>The key's name, recorded in revisions.</summary>
    public string? KeyName => http.User.GetKeyName();

    /// <summary>A service.</summary>
    public T Service<T>() where T : notnull => http.RequestServices.GetRequiredService<T>();

    /// <summary>
    /// A store or data source for the operation being run: the read connection's (a standby when configured) for a
    /// query, the primary's for a mutation or a subscription, which must see their own writes.
    /// </summary>
    public static T Reader<T>(ResolveContext ctx) where T : notnull
    {
        var request = Of(ctx);
        return ctx.Operation.Operation == OperationType.Query
            ? request.Http.RequestServices.GetRequiredKeyedService<T>(ReadReplica.Key)
            : request.Service<T>();
    }

    /// <summary>The request of a resolver.</summary>
    public static GqlRequest Of(ResolveContext ctx)
    {
        if (ctx.Items.TryGetValue("gm.request", out var cached) && cached is GqlRequest r) return r;
        var request = ctx.UserContext switch
        {
            GqlRequest g => g,
            HttpContext h => new GqlRequest(h),
            _ => throw new InvalidOperationException("The GraphQL user context must be the HttpContext."),
        };
        ctx.Items["gm.request"] = request;
        return request;
    }

    /// <summary>Requires at least <paramref name="role"/>: UNAUTHENTICATED without a key, FORBIDDEN with a lower one (as REST's 401/403).</summary>
    public void Require(Role role, string what)
    {
        var have = Role;
        if (have >= role) return;
        var needed = role.ToString().ToLowerInvariant();
        if (have == Role.Anonymous)
            throw GqlErrors.Error(GqlErrors.Unauthenticated, $"{what} needs a key with role {needed} or above (Authorization: Bearer <key>).");
        throw GqlErrors.Error(GqlErrors.Forbidden, $"{what} needs role {needed} or above; this key has role {have.ToString().ToLowerInvariant()}.");
    }
}
