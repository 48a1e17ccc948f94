// Spec 5.6.1 Values of Correct Type, 5.6.2 Input Object Field Names, 5.6.4 Input Object Required Fields:
// every literal must be coercible to the input type expected where it appears.
using GeoMonitor.GraphQL.Language;
using GeoMonitor.GraphQL.Types;

namespace GeoMonitor.GraphQL.Validation.Rules;

internal sealed class ValuesOfCorrectTypeRule : ValidationRule
{
    // A list or object literal reported as a whole is not descended into, so one mistake gives one error.
    private int _skipDepth;

    public override void Enter(Node node)
    {
        if (_skipDepth > 0)
        {
            if (node is ValueNode or ObjectFieldNode) _skipDepth++;
            return;
        }
        switch (node)
        {
            case ListValueNode list:
                // TypeInfo has already stepped into the item type, so the list's own position is the parent input type.
                if (Context.TypeInfo.ParentInputType?.GetNullableType() is not ListType)
                {
                    CheckLeaf(list);
                    _skipDepth = 1;
                }
                break;
            case ObjectValueNode obj:
                if (Context.TypeInfo.InputType?.GetNamedType() is not InputObjectType inputType)
                {
                    CheckLeaf(obj);
                    _skipDepth = 1;
                    return;
                }
                foreach (var field in inputType.Fields.Values)
                {
                    if (field.IsRequired() && obj.Fields.All(f => f.Name.Value != field.Name))
                        Report($"Field \"{inputType.Name}.{field.Name}\" of required type \"{field.Type}\" was not provided.", obj);
                }
                break;
            case ObjectFieldNode objectField:
                if (Context.TypeInfo.InputType is null && Context.TypeInfo.ParentInputType?.GetNamedType() is InputObjectType parentObject)
                {
                    var hint = Suggestions.DidYouMean(Suggestions.For(objectField.Name.Value, parentObject.Fields.Keys));
                    Report($"Field \"{objectField.Name.Value}\" is not defined by type \"{parentObject.Name}\".{hint}", objectField);
                }
                break;
            case NullValueNode nullValue:
                if (Context.TypeInfo.InputType is NonNullType nonNull)
                    Report($"Expected value of type \"{nonNull}\", found null.", nullValue);
                break;
            case EnumValueNode or IntValueNode or FloatValueNode or StringValueNode or BooleanValueNode:
                CheckLeaf((ValueNode)node);
                break;
        }
    }

    public override void Leave(Node node)
    {
        if (_skipDepth > 0 && node is ValueNode or ObjectFieldNode) _skipDepth--;
    }

    private void CheckLeaf(ValueNode node)
    {
        var locationType = Context.TypeInfo.InputType;
        if (locationType is null) return;
        switch (locationType.GetNamedType())
        {
            case EnumType enumType:
                try
                {
                    enumType.ParseLiteral(node);
                }
                catch (GraphQLException ex)
                {
                    var hint = node is EnumValueNode e ? Suggestions.DidYouMean(Suggestions.For(e.Value, enumType.Values.Select(v => v.Name))) : string.Empty;
                    Report(ex.Message + hint, node);
                }
                break;
            case ScalarType scalar:
                try
                {
                    scalar.ParseLiteral(node, null);
                }
                catch (GraphQLException ex)
                {
                    Report(ex.Message, node);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Report($"Expected value of type \"{locationType}\", found {Printer.Print(node)}; {ex.Message}", node);
                }
                break;
            default:
                Report($"Expected value of type \"{locationType}\", found {Printer.Print(node)}.", node);
                break;
        }
    }
}
