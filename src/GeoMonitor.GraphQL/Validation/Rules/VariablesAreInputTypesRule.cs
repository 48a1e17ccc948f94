// Spec 5.8.2 Variables Are Input Types: variables must be declared with scalar, enum or input object types.
using GeoMonitor.GraphQL.Language;
using GeoMonitor.GraphQL.Types;
using GeoMonitor.GraphQL.Utilities;

namespace GeoMonitor.GraphQL.Validation.Rules;

internal sealed class VariablesAreInputTypesRule : ValidationRule
{
    public override void Enter(Node node)
    {
        if (node is not VariableDefinitionNode definition) return;
        var type = TypeFromAst.Resolve(Context.Schema, definition.Type);
        if (type is not null && !type.IsInputType())
            Report($"Variable \"${definition.Variable.Name.Value}\" cannot be non-input type \"{Printer.Print(definition.Type)}\".", definition.Type);
    }
}
