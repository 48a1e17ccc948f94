// Spec 5.2.3.1 Single root field: a subscription selects exactly one root field, and not an introspection field.
using GeoMonitor.GraphQL.Language;

namespace GeoMonitor.GraphQL.Validation.Rules;

internal sealed class SingleFieldSubscriptionsRule : ValidationRule
{
    public override void Enter(Node node)
    {
        if (node is not OperationDefinitionNode { Operation: OperationType.Subscription } operation) return;
        var subject = operation.Name is { } name ? $"Subscription \"{name.Value}\"" : "Anonymous Subscription";
        var fields = new Dictionary<string, List<FieldNode>>(StringComparer.Ordinal);
        Collect(operation.SelectionSet, fields, new HashSet<string>(StringComparer.Ordinal));
        if (fields.Count > 1)
        {
            Report($"{subject} must select only one top level field.", fields.Values.Skip(1).SelectMany(f => f));
        }
        foreach (var field in fields.Values.SelectMany(f => f))
        {
            if (field.Name.Value.StartsWith("__", StringComparison.Ordinal))
                Report($"{subject} must not select an introspection top level field.", field);
        }
    }

    /// <summary>Root fields through fragments; @skip/@include are not evaluated because variables are unknown here.</summary>
    private void Collect(SelectionSetNode selectionSet, Dictionary<string, List<FieldNode>> fields, HashSet<string> visited)
    {
        foreach (var selection in selectionSet.Selections)
        {
            switch (selection)
            {
                case FieldNode field:
                    if (!fields.TryGetValue(field.ResponseKey, out var list)) fields[field.ResponseKey] = list = [];
                    list.Add(field);
                    break;
                case InlineFragmentNode inline:
                    Collect(inline.SelectionSet, fields, visited);
                    break;
                case FragmentSpreadNode spread when visited.Add(spread.Name.Value):
                    if (Context.GetFragment(spread.Name.Value) is { } fragment) Collect(fragment.SelectionSet, fields, visited);
                    break;
            }
        }
    }
}
