// Spec 5.5.1.2 Fragment Spread Type Existence (and variable types, 5.8.2): every named type referenced must exist in the schema.
using GeoMonitor.GraphQL.Language;

namespace GeoMonitor.GraphQL.Validation.Rules;

internal sealed class KnownTypeNamesRule : ValidationRule
{
    public override void Enter(Node node)
    {
        if (node is not NamedTypeNode named) return;
        var name = named.Name.Value;
        if (Context.Schema.GetType(name) is not null) return;
        var hint = Suggestions.DidYouMean(Suggestions.For(name, Context.Schema.Types.Keys.Where(k => !k.StartsWith("__", StringComparison.Ordinal))));
        Report($"Unknown type \"{name}\".{hint}", named);
    }
}
