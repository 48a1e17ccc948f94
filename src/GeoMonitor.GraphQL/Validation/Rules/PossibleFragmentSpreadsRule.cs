// Spec 5.5.2.3 Fragment spread is possible: a fragment may only be spread where its type can overlap the parent type.
using GeoMonitor.GraphQL.Language;
using GeoMonitor.GraphQL.Types;
using GeoMonitor.GraphQL.Utilities;

namespace GeoMonitor.GraphQL.Validation.Rules;

internal sealed class PossibleFragmentSpreadsRule : ValidationRule
{
    public override void Enter(Node node)
    {
        var parentType = Context.TypeInfo.ParentType;
        switch (node)
        {
            case InlineFragmentNode inline:
                var fragType = Context.TypeInfo.Type?.GetNamedType();
                if (fragType is not null && fragType.IsCompositeType() && parentType is not null && parentType.IsCompositeType() &&
                    !TypeComparators.DoTypesOverlap(Context.Schema, fragType, parentType))
                {
                    Report($"Fragment cannot be spread here as objects of type \"{parentType.Name}\" can never be of type \"{fragType.Name}\".", inline);
                }
                break;
            case FragmentSpreadNode spread:
                var fragment = Context.GetFragment(spread.Name.Value);
                var spreadType = fragment is null ? null : TypeFromAst.Resolve(Context.Schema, fragment.TypeCondition) as NamedType;
                if (spreadType is not null && spreadType.IsCompositeType() && parentType is not null && parentType.IsCompositeType() &&
                    !TypeComparators.DoTypesOverlap(Context.Schema, spreadType, parentType))
                {
                    Report($"Fragment \"{spread.Name.Value}\" cannot be spread here as objects of type \"{parentType.Name}\" can never be of type \"{spreadType.Name}\".", spread);
                }
                break;
        }
    }
}
