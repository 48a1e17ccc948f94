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

    /// <summary>
    /// Write a list that arrives item by item (a resolver returned an <see cref="IAsyncEnumerable{T}"/>) to JSON while
    /// its items arrive, instead of keeping a result tree per item until the response is written. Its place in
    /// <see cref="Execution.ExecutionResult.Data"/> then holds that JSON as a <see cref="Execution.RawJson"/>. For
    /// transports, which only write the result; callers that read <c>Data</c> as objects leave it off. See
    /// docs/graphql-engine.md (Streamed lists) for the rules that keep the result what graphql-js gives.
    /// </summary>
    public bool SerializeStreamedLists { get; init; }

    /// <summary>Cancels execution, e.g. when the client disconnects.</summary>
    public CancellationToken CancellationToken { get; init; }
}
