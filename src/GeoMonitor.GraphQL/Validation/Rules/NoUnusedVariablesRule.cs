// Spec 5.8.4 All Variables Used: every variable an operation declares must be used by it or its fragments.
using GeoMonitor.GraphQL.Language;

namespace GeoMonitor.GraphQL.Validation.Rules;

internal sealed class NoUnusedVariablesRule : ValidationRule
{
    public override void Enter(Node node)
    {
        if (node is not OperationDefinitionNode operation || operation.VariableDefinitions.Count == 0) return;
        var used = Context.GetRecursiveVariableUsages(operation).Select(u => u.Node.Name.Value).ToHashSet(StringComparer.Ordinal);
        foreach (var definition in operation.VariableDefinitions)
        {
            var name = definition.Variable.Name.Value;
            if (used.Contains(name)) continue;
            var message = operation.Name is { } opName
                ? $"Variable \"${name}\" is never used in operation \"{opName.Value}\"."
                : $"Variable \"${name}\" is never used.";
            Report(message, definition);
        }
    }
}
