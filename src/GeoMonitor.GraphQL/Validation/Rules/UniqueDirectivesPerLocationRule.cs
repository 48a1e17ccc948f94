// Spec 5.7.3 Directives Are Unique Per Location: a non-repeatable directive may appear only once on a node.
using GeoMonitor.GraphQL.Language;

namespace GeoMonitor.GraphQL.Validation.Rules;

internal sealed class UniqueDirectivesPerLocationRule : ValidationRule
{
    public override void Enter(Node node)
    {
        var directives = node switch
        {
            ExecutableDefinitionNode d => d.Directives,
            SelectionNode s => s.Directives,
            VariableDefinitionNode v => v.Directives,
            _ => null,
        };
        if (directives is null || directives.Count < 2) return;
        var seen = new Dictionary<string, DirectiveNode>(StringComparer.Ordinal);
        foreach (var directive in directives)
        {
            var name = directive.Name.Value;
            if (Context.Schema.GetDirective(name) is not { IsRepeatable: false }) continue;
            if (seen.TryGetValue(name, out var first))
                Report($"The directive \"@{name}\" can only be used once at this location.", first, directive);
            else
                seen[name] = directive;
        }
    }
}
