// Spec 5.5.2.1 Fragment spread target defined: every spread must name a fragment defined in the document.
using GeoMonitor.GraphQL.Language;

namespace GeoMonitor.GraphQL.Validation.Rules;

internal sealed class KnownFragmentNamesRule : ValidationRule
{
    public override void Enter(Node node)
    {
        if (node is FragmentSpreadNode spread && Context.GetFragment(spread.Name.Value) is null)
            Report($"Unknown fragment \"{spread.Name.Value}\".", spread.Name);
    }
}
