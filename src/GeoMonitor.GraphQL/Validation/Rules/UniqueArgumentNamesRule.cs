// Spec 5.4.2 Argument Uniqueness: a field or directive must not be given the same argument twice.
using GeoMonitor.GraphQL.Language;

namespace GeoMonitor.GraphQL.Validation.Rules;

internal sealed class UniqueArgumentNamesRule : ValidationRule
{
    public override void Enter(Node node)
    {
        var arguments = node switch
        {
            FieldNode f => f.Arguments,
            DirectiveNode d => d.Arguments,
            _ => null,
        };
        if (arguments is null || arguments.Count < 2) return;
        foreach (var group in arguments.GroupBy(a => a.Name.Value, StringComparer.Ordinal))
        {
            if (group.Count() > 1) Report($"There can be only one argument named \"{group.Key}\".", group.Select(a => a.Name));
        }
    }
}
