using GeoMonitor.Api.Features.Common;
using GeoMonitor.GraphQL;

namespace GeoMonitor.Api.GraphQL.Resolvers;

/// <summary>
/// The error codes of the GraphQL API (extensions.code), matching the REST API's statuses: BAD_USER_INPUT (400/422),
/// UNAUTHENTICATED (401), FORBIDDEN (403), NOT_FOUND (404), CONFLICT (409).
/// </summary>
public static class GqlErrors
{
    /// <summary>A value the client sent is invalid.</summary>
    public const string BadUserInput = "BAD_USER_INPUT";

    /// <summary>A key is needed (none was sent).</summary>
    public const string Unauthenticated = "UNAUTHENTICATED";

    /// <summary>The key's role is too low.</summary>
    public const string Forbidden = "FORBIDDEN";

    /// <summary>A named layer or incident does not exist.</summary>
    public const string NotFound = "NOT_FOUND";

    /// <summary>The write conflicts with the stored state (a stale version, a different report under the same key).</summary>
    public const string Conflict = "CONFLICT";

    /// <summary>An error with a code and, optionally, the argument or input field it is about and more details.</summary>
    public static GraphQLException Error(string code, string message, string? argument = null, IReadOnlyDictionary<string, object?>? more = null)
    {
        var ext = new Dictionary<string, object?> { ["code"] = code };
        if (argument is not null) ext["argument"] = argument;
        if (more is not null) foreach (var (k, v) in more) ext[k] = v;
        return new GraphQLException(message, ext);
    }

    /// <summary>BAD_USER_INPUT naming the argument.</summary>
    public static GraphQLException BadInput(string argument, string message) => Error(BadUserInput, message, argument);

    /// <summary>Translates the query core's exceptions (the REST API's 400/404/401) into GraphQL errors with the same meaning.</summary>
    public static Exception Translate(Exception e, string argumentPrefix) => e switch
    {
        QueryParameterException q => Error(BadUserInput, q.Message, argumentPrefix + q.Parameter),
        ResourceNotFoundException n => Error(NotFound, n.Message, argumentPrefix + n.Parameter, n.Extensions),
        KeyRequiredException k => Error(Unauthenticated, k.Message, argumentPrefix + k.Parameter),
        ReadForbiddenException f => Error(Forbidden, f.Message, argumentPrefix + f.Parameter, new Dictionary<string, object?> { ["reason"] = "not-in-process" }),
        _ => e,
    };
}
