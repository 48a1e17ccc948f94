// Spec 5.6.3 Input Object Field Uniqueness: an input object literal must not give the same field twice.
using GeoMonitor.GraphQL.Language;

namespace GeoMonitor.GraphQL.Validation.Rules;

internal sealed class UniqueInputFieldNamesRule : ValidationRule
{
    public override void Enter(Node node)
    {
        if (node is not ObjectValueNode obj || obj.Fields.Count < 2) return;
        var seen = new Dictionary<string, NameNode>(StringComparer.Ordinal);
        foreach (var field in obj.Fields)
        {
            if (seen.TryGetValue(field.Name.Value, out var first))
                Report($"There can be only one input field named \"{field.Name.Value}\".", first, field.Name);
            else
                seen[field.Name.Value] = field.Name;
        }
    }
}
