// Spec 5.5.1.1 Fragment Name Uniqueness: each fragment name must be unique within the document.
using GeoMonitor.GraphQL.Language;

namespace GeoMonitor.GraphQL.Validation.Rules;

internal sealed class UniqueFragmentNamesRule : ValidationRule
{
    private readonly Dictionary<string, NameNode> _known = new(StringComparer.Ordinal);

    public override void Enter(Node node)
    {
        if (node is not FragmentDefinitionNode fragment) return;
        var name = fragment.Name;
        if (_known.TryGetValue(name.Value, out var first))
            Report($"There can be only one fragment named \"{name.Value}\".", first, name);
        else
            _known[name.Value] = name;
    }
}
