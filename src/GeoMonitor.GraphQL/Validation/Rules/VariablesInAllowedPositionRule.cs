// Spec 5.8.5 All Variable Usages Are Allowed: a variable's type must fit every position it is used in.
using GeoMonitor.GraphQL.Execution;
using GeoMonitor.GraphQL.Language;
using GeoMonitor.GraphQL.Types;
using GeoMonitor.GraphQL.Utilities;

namespace GeoMonitor.GraphQL.Validation.Rules;

internal sealed class VariablesInAllowedPositionRule : ValidationRule
{
    public override void Enter(Node node)
    {
        if (node is not OperationDefinitionNode operation) return;
        var definitions = new Dictionary<string, VariableDefinitionNode>(StringComparer.Ordinal);
        foreach (var d in operation.VariableDefinitions) definitions.TryAdd(d.Variable.Name.Value, d);
        foreach (var usage in Context.GetRecursiveVariableUsages(operation))
        {
            if (usage.Type is null || !definitions.TryGetValue(usage.Node.Name.Value, out var definition)) continue;
            // Unknown variable types are reported by KnownTypeNames; nothing to compare against here.
            var variableType = TypeFromAst.Resolve(Context.Schema, definition.Type);
            if (variableType is null) continue;
            if (!IsAllowed(variableType, definition.DefaultValue, usage.Type, usage.DefaultValue))
            {
                Report($"Variable \"${usage.Node.Name.Value}\" of type \"{variableType}\" used in position expecting type \"{usage.Type}\".", definition, usage.Node);
            }
        }
    }

    /// <summary>Spec "AreTypesCompatible" with the allowance for nullable variables that have a default, or positions that have one.</summary>
    private bool IsAllowed(GraphQLType variableType, ValueNode? variableDefault, GraphQLType locationType, object? locationDefault)
    {
        if (locationType is NonNullType nonNullLocation && variableType is not NonNullType)
        {
            var hasNonNullVariableDefault = variableDefault is not null and not NullValueNode;
            var hasLocationDefault = locationDefault != ValueCoercion.Undefined;
            if (!hasNonNullVariableDefault && !hasLocationDefault) return false;
            return TypeComparators.IsTypeSubTypeOf(Context.Schema, variableType, nonNullLocation.OfType);
        }
        return TypeComparators.IsTypeSubTypeOf(Context.Schema, variableType, locationType);
    }
}
