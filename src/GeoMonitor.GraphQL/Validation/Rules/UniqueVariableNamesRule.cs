// Spec 5.8.1 Variable Uniqueness: an operation must not declare the same variable twice.
using GeoMonitor.GraphQL.Language;

namespace GeoMonitor.GraphQL.Validation.Rules;

internal sealed class UniqueVariableNamesRule : ValidationRule
{
    public override void Enter(Node node)
    {
        if (node is not OperationDefinitionNode operation || operation.VariableDefinitions.Count < 2) return;
        foreach (var group in operation.VariableDefinitions.GroupBy(v => v.Variable.Name.Value, StringComparer.Ordinal))
        {
            if (group.Count() > 1) Report($"There can be only one variable named \"${group.Key}\".", group.Select(v => v.Variable.Name));
        }
    }
}
