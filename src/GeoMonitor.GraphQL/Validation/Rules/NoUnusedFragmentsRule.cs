// Spec 5.5.1.4 Fragments Must Be Used: every defined fragment must be spread by some operation, directly or indirectly.
using GeoMonitor.GraphQL.Language;

namespace GeoMonitor.GraphQL.Validation.Rules;

internal sealed class NoUnusedFragmentsRule : ValidationRule
{
    public override void Leave(Node node)
    {
        if (node is not DocumentNode document) return;
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var operation in document.Definitions.OfType<OperationDefinitionNode>())
        {
            foreach (var fragment in Context.GetRecursivelyReferencedFragments(operation)) used.Add(fragment.Name.Value);
        }
        foreach (var fragment in document.Definitions.OfType<FragmentDefinitionNode>())
        {
            if (!used.Contains(fragment.Name.Value)) Report($"Fragment \"{fragment.Name.Value}\" is never used.", fragment);
        }
    }
}
