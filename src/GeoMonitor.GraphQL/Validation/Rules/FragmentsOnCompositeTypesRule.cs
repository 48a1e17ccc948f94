// Spec 5.5.1.3 Fragments On Composite Types: type conditions must name an object, interface or union type.
using GeoMonitor.GraphQL.Language;
using GeoMonitor.GraphQL.Types;
using GeoMonitor.GraphQL.Utilities;

namespace GeoMonitor.GraphQL.Validation.Rules;

internal sealed class FragmentsOnCompositeTypesRule : ValidationRule
{
    public override void Enter(Node node)
    {
        switch (node)
        {
            case InlineFragmentNode { TypeCondition: { } condition }:
                if (TypeFromAst.Resolve(Context.Schema, condition) is { } inlineType && !inlineType.IsCompositeType())
                    Report($"Fragment cannot condition on non composite type \"{Printer.Print(condition)}\".", condition);
                break;
            case FragmentDefinitionNode fragment:
                if (TypeFromAst.Resolve(Context.Schema, fragment.TypeCondition) is { } type && !type.IsCompositeType())
                    Report($"Fragment \"{fragment.Name.Value}\" cannot condition on non composite type \"{Printer.Print(fragment.TypeCondition)}\".", fragment.TypeCondition);
                break;
        }
    }
}
