// Spec 5.1.1 Executable Definitions: a document submitted for execution may only contain operations and fragments.
using GeoMonitor.GraphQL.Language;

namespace GeoMonitor.GraphQL.Validation.Rules;

internal sealed class ExecutableDefinitionsRule : ValidationRule
{
    public override void Enter(Node node)
    {
        if (node is not DocumentNode document) return;
        foreach (var definition in document.Definitions)
        {
            if (definition is ExecutableDefinitionNode) continue;
            var name = definition switch
            {
                SchemaDefinitionNode or SchemaExtensionNode => "schema",
                TypeDefinitionNode t => $"\"{t.Name.Value}\"",
                TypeExtensionNode t => $"\"{t.Name.Value}\"",
                DirectiveDefinitionNode d => $"\"{d.Name.Value}\"",
                _ => "unknown",
            };
            Report($"The {name} definition is not executable.", definition);
        }
    }
}
