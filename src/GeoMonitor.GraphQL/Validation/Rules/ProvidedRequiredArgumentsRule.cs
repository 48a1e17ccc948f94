// Spec 5.4.2.1 Required Arguments: arguments of non-null type without a default must be given.
using GeoMonitor.GraphQL.Language;
using GeoMonitor.GraphQL.Types;

namespace GeoMonitor.GraphQL.Validation.Rules;

internal sealed class ProvidedRequiredArgumentsRule : ValidationRule
{
    private readonly Stack<FieldDefinition?> _fields = new();

    public override void Enter(Node node)
    {
        switch (node)
        {
            case FieldNode:
                _fields.Push(Context.TypeInfo.FieldDef);
                break;
            case DirectiveNode directive when Context.TypeInfo.Directive is { } definition:
                foreach (var arg in definition.Arguments)
                {
                    if (arg.IsRequired() && directive.Arguments.All(a => a.Name.Value != arg.Name))
                        Report($"Directive \"@{definition.Name}\" argument \"{arg.Name}\" of type \"{arg.Type}\" is required, but it was not provided.", directive);
                }
                break;
        }
    }

    public override void Leave(Node node)
    {
        if (node is not FieldNode field) return;
        // Checked on leave, like graphql-js, so errors about the field's arguments come first.
        if (_fields.Pop() is not { } definition) return;
        foreach (var arg in definition.Arguments)
        {
            if (arg.IsRequired() && field.Arguments.All(a => a.Name.Value != arg.Name))
                Report($"Field \"{definition.Name}\" argument \"{arg.Name}\" of type \"{arg.Type}\" is required, but it was not provided.", field);
        }
    }
}
