// Spec 5.8.3 All Variable Uses Defined: every variable used by an operation (including in its fragments) must be declared by it.
using GeoMonitor.GraphQL.Language;

namespace GeoMonitor.GraphQL.Validation.Rules;

internal sealed class NoUndefinedVariablesRule : ValidationRule
{
    public override void Enter(Node node)
    {
        if (node is not OperationDefinitionNode operation) return;
        var defined = operation.VariableDefinitions.Select(v => v.Variable.Name.Value).ToHashSet(StringComparer.Ordinal);
        foreach (var usage in Context.GetRecursiveVariableUsages(operation))
        {
            var name = usage.Node.Name.Value;
            if (defined.Contains(name)) continue;
            var message = operation.Name is { } opName
                ? $"Variable \"${name}\" is not defined by operation \"{opName.Value}\"."
                : $"Variable \"${name}\" is not defined.";
            Report(message, usage.Node, operation);
        }
    }
}
