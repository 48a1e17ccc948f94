using GeoMonitor.GraphQL.Execution;
using GeoMonitor.GraphQL.Language;
using GeoMonitor.GraphQL.Types;
using GeoMonitor.GraphQL.Utilities;

namespace GeoMonitor.GraphQL.Validation;

/// <summary>
/// Tracks, while walking a document, which schema type, parent type, field, argument and input type apply at the
/// current node, so rules can ask "what is expected here" without re-deriving it.
/// </summary>
internal sealed class TypeInfo(Schema schema)
{
    private readonly List<GraphQLType?> _types = [];
    private readonly List<NamedType?> _parentTypes = [];
    private readonly List<GraphQLType?> _inputTypes = [];
    private readonly List<FieldDefinition?> _fieldDefs = [];
    private readonly List<object?> _defaultValues = [];

    public Schema Schema => schema;

    /// <summary>The output type at the current position.</summary>
    public GraphQLType? Type => Top(_types);

    /// <summary>The composite type whose selection set is being walked.</summary>
    public NamedType? ParentType => Top(_parentTypes);

    /// <summary>The input type expected at the current position.</summary>
    public GraphQLType? InputType => Top(_inputTypes);

    /// <summary>The input type of the enclosing list or input object.</summary>
    public GraphQLType? ParentInputType => _inputTypes.Count >= 2 ? _inputTypes[^2] : null;

    public FieldDefinition? FieldDef => Top(_fieldDefs);

    /// <summary>The default value of the argument or input field at this position, or <see cref="ValueCoercion.Undefined"/>.</summary>
    public object? DefaultValue => _defaultValues.Count > 0 ? _defaultValues[^1] : ValueCoercion.Undefined;

    public DirectiveDefinition? Directive { get; private set; }

    public InputValueDefinition? Argument { get; private set; }

    public EnumValueDefinition? EnumValue { get; private set; }

    public void Enter(Node node)
    {
        switch (node)
        {
            case SelectionSetNode:
                var named = Type?.GetNamedType();
                _parentTypes.Add(named is not null && named.IsCompositeType() ? named : null);
                break;
            case FieldNode field:
                var fieldDef = ParentType is { } parent ? GetFieldDef(schema, parent, field) : null;
                _fieldDefs.Add(fieldDef);
                _types.Add(fieldDef is not null && fieldDef.Type.IsOutputType() ? fieldDef.Type : null);
                break;
            case DirectiveNode directive:
                Directive = schema.GetDirective(directive.Name.Value);
                break;
            case OperationDefinitionNode op:
                _types.Add(schema.GetRootType(op.Operation));
                break;
            case InlineFragmentNode inline:
                var inlineType = inline.TypeCondition is { } cond ? TypeFromAst.Resolve(schema, cond) : Type?.GetNamedType();
                _types.Add(inlineType is not null && inlineType.IsOutputType() ? inlineType : null);
                break;
            case FragmentDefinitionNode fragment:
                var fragmentType = TypeFromAst.Resolve(schema, fragment.TypeCondition);
                _types.Add(fragmentType is not null && fragmentType.IsOutputType() ? fragmentType : null);
                break;
            case VariableDefinitionNode variable:
                var varType = TypeFromAst.Resolve(schema, variable.Type);
                _inputTypes.Add(varType is not null && varType.IsInputType() ? varType : null);
                break;
            case ArgumentNode argument:
                var argDef = Directive is not null
                    ? Directive.GetArgument(argument.Name.Value)
                    : FieldDef?.GetArgument(argument.Name.Value);
                Argument = argDef;
                _defaultValues.Add(argDef is { HasDefaultValue: true } ? argDef.DefaultValue : ValueCoercion.Undefined);
                _inputTypes.Add(argDef is not null && argDef.Type.IsInputType() ? argDef.Type : null);
                break;
            case ListValueNode:
                var listType = InputType?.GetNullableType();
                var itemType = listType is ListType l ? l.OfType : listType;
                _defaultValues.Add(ValueCoercion.Undefined);
                _inputTypes.Add(itemType is not null && itemType.IsInputType() ? itemType : null);
                break;
            case ObjectFieldNode objectField:
                InputValueDefinition? inputField = null;
                if (InputType?.GetNamedType() is InputObjectType io) io.Fields.TryGetValue(objectField.Name.Value, out inputField);
                _defaultValues.Add(inputField is { HasDefaultValue: true } ? inputField.DefaultValue : ValueCoercion.Undefined);
                _inputTypes.Add(inputField is not null && inputField.Type.IsInputType() ? inputField.Type : null);
                break;
            case EnumValueNode enumValue:
                EnumValue = InputType?.GetNamedType() is EnumType e ? e.GetValue(enumValue.Value) : null;
                break;
        }
    }

    public void Leave(Node node)
    {
        switch (node)
        {
            case SelectionSetNode:
                Pop(_parentTypes);
                break;
            case FieldNode:
                Pop(_fieldDefs);
                Pop(_types);
                break;
            case DirectiveNode:
                Directive = null;
                break;
            case OperationDefinitionNode or InlineFragmentNode or FragmentDefinitionNode:
                Pop(_types);
                break;
            case VariableDefinitionNode:
                Pop(_inputTypes);
                break;
            case ArgumentNode:
                Argument = null;
                Pop(_defaultValues);
                Pop(_inputTypes);
                break;
            case ListValueNode or ObjectFieldNode:
                Pop(_defaultValues);
                Pop(_inputTypes);
                break;
            case EnumValueNode:
                EnumValue = null;
                break;
        }
    }

    /// <summary>The definition of a field on a parent type, including the introspection meta-fields.</summary>
    public static FieldDefinition? GetFieldDef(Schema schema, NamedType parentType, FieldNode field)
    {
        var name = field.Name.Value;
        if (name == "__typename" && parentType.IsCompositeType()) return Introspection.IntrospectionTypes.TypeNameField;
        return parentType is ComplexType complex ? FieldCollector.GetFieldDefinition(schema, complex, name) : null;
    }

    private static T? Top<T>(List<T?> stack) where T : class => stack.Count > 0 ? stack[^1] : null;

    private static void Pop<T>(List<T> stack)
    {
        if (stack.Count > 0) stack.RemoveAt(stack.Count - 1);
    }
}
