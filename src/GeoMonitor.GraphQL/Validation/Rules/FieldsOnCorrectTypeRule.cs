// Spec 5.3.1 Field Selections: every selected field must be defined on the type it is selected on.
using GeoMonitor.GraphQL.Language;
using GeoMonitor.GraphQL.Types;

namespace GeoMonitor.GraphQL.Validation.Rules;

internal sealed class FieldsOnCorrectTypeRule : ValidationRule
{
    public override void Enter(Node node)
    {
        if (node is not FieldNode field) return;
        var type = Context.TypeInfo.ParentType;
        if (type is null || Context.TypeInfo.FieldDef is not null) return;
        var name = field.Name.Value;
        var schema = Context.Schema;
        // Prefer pointing at types that do have the field, as an inline fragment is usually what was meant.
        var typeSuggestions = type.IsAbstractType()
            ? schema.GetPossibleTypes(type).Where(t => t.GetField(name) is not null).Select(t => t.Name).Order(StringComparer.Ordinal).ToList()
            : [];
        var hint = typeSuggestions.Count > 0
            ? Suggestions.DidYouMean(typeSuggestions, "Did you mean to use an inline fragment on")
            : type is ComplexType complex ? Suggestions.DidYouMean(Suggestions.For(name, complex.Fields.Keys)) : string.Empty;
        Report($"Cannot query field \"{name}\" on type \"{type.Name}\".{hint}", field);
    }
}
