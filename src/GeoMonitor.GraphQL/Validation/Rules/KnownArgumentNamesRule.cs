// Spec 5.4.1 Argument Names: every argument given to a field or directive must be defined by it.
using GeoMonitor.GraphQL.Language;

namespace GeoMonitor.GraphQL.Validation.Rules;

internal sealed class KnownArgumentNamesRule : ValidationRule
{
    private readonly Stack<Node> _owners = new();

    public override void Enter(Node node)
    {
        switch (node)
        {
            case FieldNode or DirectiveNode:
                _owners.Push(node);
                break;
            case ArgumentNode argument when Context.TypeInfo.Argument is null && _owners.Count > 0:
                var name = argument.Name.Value;
                if (_owners.Peek() is DirectiveNode directive)
                {
                    if (Context.TypeInfo.Directive is { } definition)
                    {
                        var hint = Suggestions.DidYouMean(Suggestions.For(name, definition.Arguments.Select(a => a.Name)));
                        Report($"Unknown argument \"{name}\" on directive \"@{directive.Name.Value}\".{hint}", argument);
                    }
                }
                else if (Context.TypeInfo.FieldDef is { } field && Context.TypeInfo.ParentType is { } parent)
                {
                    var hint = Suggestions.DidYouMean(Suggestions.For(name, field.Arguments.Select(a => a.Name)));
                    Report($"Unknown argument \"{name}\" on field \"{parent.Name}.{field.Name}\".{hint}", argument);
                }
                break;
        }
    }

    public override void Leave(Node node)
    {
        if (node is FieldNode or DirectiveNode) _owners.Pop();
    }
}
