// Spec 5.2.1.1 Operation Name Uniqueness: each named operation must be unique within the document.
using GeoMonitor.GraphQL.Language;

namespace GeoMonitor.GraphQL.Validation.Rules;

internal sealed class UniqueOperationNamesRule : ValidationRule
{
    private readonly Dictionary<string, NameNode> _known = new(StringComparer.Ordinal);

    public override void Enter(Node node)
    {
        if (node is not OperationDefinitionNode { Name: { } name }) return;
        if (_known.TryGetValue(name.Value, out var first))
            Report($"There can be only one operation named \"{name.Value}\".", first, name);
        else
            _known[name.Value] = name;
    }
}
