namespace GeoMonitor.GraphQL;

/// <summary>A GraphQL request (spec 6.1 "Executing Requests"): document text, operation name and variables.</summary>
public sealed record GraphQLRequest
{
    /// <summary>The document text.</summary>
    public string? Query { get; init; }

    /// <summary>Which operation to run when the document has several.</summary>
    public string? OperationName { get; init; }

    /// <summary>Variable values, as plain CLR values or System.Text.Json elements.</summary>
    public IReadOnlyDictionary<string, object?>? Variables { get; init; }

    /// <summary>Request extensions; accepted and ignored by the engine.</summary>
    public IReadOnlyDictionary<string, object?>? Extensions { get; init; }
}
