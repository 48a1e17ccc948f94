// Spec 5.7.1 Directives Are Defined and 5.7.2 Directives Are In Valid Locations.
using GeoMonitor.GraphQL.Language;

namespace GeoMonitor.GraphQL.Validation.Rules;

internal sealed class KnownDirectivesRule : ValidationRule
{
    private readonly Stack<Node> _owners = new();

    public override void Enter(Node node)
    {
        switch (node)
        {
            case DirectiveNode directive:
                var name = directive.Name.Value;
                var definition = Context.Schema.GetDirective(name);
                if (definition is null)
                {
                    Report($"Unknown directive \"@{name}\".", directive);
                    return;
                }
                var location = _owners.Count > 0 ? LocationOf(_owners.Peek()) : null;
                if (location is { } loc && !definition.Locations.Contains(loc))
                    Report($"Directive \"@{name}\" may not be used on {loc.ToSpecName()}.", directive);
                break;
            case OperationDefinitionNode or FragmentDefinitionNode or FieldNode or FragmentSpreadNode or InlineFragmentNode or VariableDefinitionNode:
                _owners.Push(node);
                break;
        }
    }

    public override void Leave(Node node)
    {
        if (node is OperationDefinitionNode or FragmentDefinitionNode or FieldNode or FragmentSpreadNode or InlineFragmentNode or VariableDefinitionNode)
            _owners.Pop();
    }

    private static DirectiveLocation? LocationOf(Node owner) => owner switch
    {
        OperationDefinitionNode op => op.Operation switch
        {
            OperationType.Query => DirectiveLocation.Query,
            OperationType.Mutation => DirectiveLocation.Mutation,
            _ => DirectiveLocation.Subscription,
        },
        FragmentDefinitionNode => DirectiveLocation.FragmentDefinition,
        FieldNode => DirectiveLocation.Field,
        FragmentSpreadNode => DirectiveLocation.FragmentSpread,
        InlineFragmentNode => DirectiveLocation.InlineFragment,
        VariableDefinitionNode => DirectiveLocation.VariableDefinition,
        _ => null,
    };
}
