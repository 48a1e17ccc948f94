using GeoMonitor.GraphQL.Language;

namespace GeoMonitor.GraphQL;

/// <summary>A parsed, validated document with the operation selected for execution.</summary>
public sealed class PreparedOperation
{
    internal PreparedOperation(DocumentNode document, OperationDefinitionNode operation)
    {
        Document = document;
        Operation = operation;
        var fragments = new Dictionary<string, FragmentDefinitionNode>(StringComparer.Ordinal);
        foreach (var f in document.Definitions.OfType<FragmentDefinitionNode>()) fragments.TryAdd(f.Name.Value, f);
        Fragments = fragments;
    }

    /// <summary>The document.</summary>
    public DocumentNode Document { get; }

    /// <summary>The operation to execute.</summary>
    public OperationDefinitionNode Operation { get; }

    /// <summary>The operation kind, e.g. to refuse mutations over HTTP GET.</summary>
    public OperationType OperationType => Operation.Operation;

    /// <summary>The document's fragments by name.</summary>
    public IReadOnlyDictionary<string, FragmentDefinitionNode> Fragments { get; }
}

/// <summary>The outcome of <see cref="GraphQLEngine.Prepare"/>: an operation ready to run, or request errors.</summary>
public sealed class PrepareResult
{
    internal PrepareResult(PreparedOperation? operation, IReadOnlyList<GraphQLError>? errors)
    {
        Operation = operation;
        Errors = errors;
    }

    /// <summary>The prepared operation; null when there are errors.</summary>
    public PreparedOperation? Operation { get; }

    /// <summary>Syntax, validation, operation selection or limit errors.</summary>
    public IReadOnlyList<GraphQLError>? Errors { get; }

    /// <summary>Whether preparation failed because the document does not parse.</summary>
    public bool IsSyntaxError { get; internal init; }
}
