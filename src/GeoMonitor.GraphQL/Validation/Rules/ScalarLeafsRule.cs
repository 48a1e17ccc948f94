// Spec 5.3.3 Leaf Field Selections: leaf fields take no selection set; object, interface and union fields require one.
using GeoMonitor.GraphQL.Language;
using GeoMonitor.GraphQL.Types;

namespace GeoMonitor.GraphQL.Validation.Rules;

internal sealed class ScalarLeafsRule : ValidationRule
{
    public override void Enter(Node node)
    {
        if (node is not FieldNode field || Context.TypeInfo.Type is not { } type) return;
        var named = type.GetNamedType();
        var name = field.Name.Value;
        if (named.IsLeafType())
        {
            if (field.SelectionSet is not null)
                Report($"Field \"{name}\" must not have a selection since type \"{type}\" has no subfields.", field.SelectionSet);
        }
        else if (field.SelectionSet is null)
        {
            Report($"Field \"{name}\" of type \"{type}\" must have a selection of subfields. Did you mean \"{name} {{ ... }}\"?", field);
        }
    }
}
