using GeoMonitor.GraphQL.Language;

namespace GeoMonitor.GraphQL.Validation;

/// <summary>
/// One validation rule. A fresh instance runs per validation; the walker calls <see cref="Enter"/> and
/// <see cref="Leave"/> for each node with <see cref="Context"/> describing the types in scope.
/// </summary>
internal abstract class ValidationRule
{
    public ValidationContext Context { get; set; } = null!;

    public virtual void Enter(Node node)
    {
    }

    public virtual void Leave(Node node)
    {
    }

    protected void Report(string message, params Node?[] nodes) => Context.ReportError(GraphQLError.At(message, nodes));

    protected void Report(string message, IEnumerable<Node> nodes) => Context.ReportError(GraphQLError.At(message, [.. nodes]));
}
