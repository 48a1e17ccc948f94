namespace GeoMonitor.Api.Features.Common;

/// <summary>
/// Why a use case did not do what it was asked, from a closed set. Each adapter maps a refusal to its surface once: REST
/// to a status and problem+json (<see cref="RestOutcomes"/>), GraphQL to an error with <c>extensions.code</c>. The
/// <see cref="Detail"/> is the message on both surfaces.
/// </summary>
public abstract record Refusal(string Detail)
{
    /// <summary>No key was sent and one is needed (REST 401, GraphQL UNAUTHENTICATED).</summary>
    public sealed record KeyRequired(string Detail, string? Field = null) : Refusal(Detail);

    /// <summary>The caller may not do this (REST 403, GraphQL FORBIDDEN); <paramref name="Code"/> names the reason.</summary>
    public sealed record Forbidden(string Detail, string Code = "forbidden") : Refusal(Detail);

    /// <summary>What the request names does not exist (REST 404, GraphQL NOT_FOUND).</summary>
    public sealed record NotFound(string Detail, string? Field = null) : Refusal(Detail);

    /// <summary>A parameter that names nothing well formed (REST 400, GraphQL BAD_USER_INPUT), e.g. a malformed slug.</summary>
    public sealed record BadParameter(string Detail, string Field) : Refusal(Detail);

    /// <summary>
    /// Fields or rows that fail validation (REST 422 with <c>errors</c>, GraphQL BAD_USER_INPUT with <c>extensions.errors</c>);
    /// <paramref name="Code"/> is the problem type.
    /// </summary>
    public sealed record Invalid(IReadOnlyList<FieldError> Errors, string Detail, string Code) : Refusal(Detail);

    /// <summary>
    /// The change was made against a version that is no longer current (REST 412 on If-Match, GraphQL CONFLICT on
    /// <c>version</c>).
    /// </summary>
    public sealed record Stale(string Detail, int CurrentVersion) : Refusal(Detail);

    /// <summary>
    /// The stored state conflicts with the request (REST 409, GraphQL CONFLICT); <paramref name="Code"/> is the problem
    /// type and <paramref name="Details"/> go into the problem's members and the error's extensions.
    /// </summary>
    public sealed record Conflict(string Detail, string Code, IReadOnlyDictionary<string, object?> Details, string? Field = null) : Refusal(Detail);
}
