using GeoMonitor.GraphQL.Limits;

namespace GeoMonitor.GraphQL;

/// <summary>Per-request execution settings.</summary>
public sealed record ExecutionOptions
{
    /// <summary>The value root fields receive as their source.</summary>
    public object? RootValue { get; init; }

    /// <summary>A per-request object resolvers can read, such as the HttpContext or the signed-in user.</summary>
    public object? UserContext { get; init; }

    /// <summary>Limits; <see cref="GraphQLLimits.Default"/> when null.</summary>
    public GraphQLLimits? Limits { get; init; }

    /// <summary>Reuse parsed and validated documents for repeated query texts (see <see cref="GraphQLEngine.Prepare"/>).</summary>
    public bool UseDocumentCache { get; init; } = true;

    /// <summary>Cancels execution, e.g. when the client disconnects.</summary>
    public CancellationToken CancellationToken { get; init; }
}
