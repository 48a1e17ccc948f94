using System.Collections;
using System.Text.Json;
using GeoMonitor.GraphQL.Language;
using GeoMonitor.GraphQL.Types;

namespace GeoMonitor.GraphQL.Execution;

/// <summary>
/// Input coercion (spec 3.5 "Input Coercion" of each type, 6.1.2 CoerceVariableValues, 6.4.1 CoerceArgumentValues).
/// Coerced values are plain CLR values: int, double, string, bool, enum internal values, lists and dictionaries.
/// </summary>
internal static class ValueCoercion
{
    /// <summary>Marks "no value" (absent or invalid), which differs from null in GraphQL.</summary>
    public static readonly object Undefined = new();

    public static Dictionary<string, object?> CoerceVariableValues(
        Schema schema,
        IReadOnlyList<VariableDefinitionNode> definitions,
        IReadOnlyDictionary<string, object?>? inputs,
        List<GraphQLError> errors)
    {
        var coerced = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var def in definitions)
        {
            var name = def.Variable.Name.Value;
            var type = Utilities.TypeFromAst.Resolve(schema, def.Type);
            if (type is null || !type.IsInputType())
            {
                errors.Add(GraphQLError.At($"Variable \"${name}\" expected value of type \"{Printer.Print(def.Type)}\" which cannot be used as an input type.", def.Type));
                continue;
            }
            if (inputs is null || !inputs.TryGetValue(name, out var value))
            {
                if (def.DefaultValue is not null)
                {
                    coerced[name] = ValueFromAst(def.DefaultValue, type, null);
                }
                else if (type is NonNullType)
                {
                    errors.Add(GraphQLError.At($"Variable \"${name}\" of required type \"{type}\" was not provided.", def));
                }
                continue;
            }
            value = JsonInput.ToClr(value);
            if (value is null && type is NonNullType)
            {
                errors.Add(GraphQLError.At($"Variable \"${name}\" of non-null type \"{type}\" must not be null.", def));
                continue;
            }
            coerced[name] = CoerceInputValue(value, type, [], (path, invalid, message) =>
            {
                var at = path.Count > 0 ? $" at \"{name}{PrintPath(path)}\"" : string.Empty;
                errors.Add(GraphQLError.At($"Variable \"${name}\" got invalid value {Inspect.Value(invalid)}{at}; {message}", def));
            });
            if (errors.Count >= 50) break;
        }
        return coerced;
    }

    public delegate void InputError(IReadOnlyList<object> path, object? invalidValue, string message);

    /// <summary>Coerces an external (JSON-derived) value to a type, reporting each problem through onError.</summary>
    public static object? CoerceInputValue(object? value, GraphQLType type, List<object> path, InputError onError)
    {
        value = JsonInput.ToClr(value);
        if (type is NonNullType nonNull)
        {
            if (value is not null) return CoerceInputValue(value, nonNull.OfType, path, onError);
            onError(path.ToList(), value, $"Expected non-nullable type \"{type}\" not to be null.");
            return Undefined;
        }
        if (value is null) return null;
        switch (type)
        {
            case ListType list:
                if (value is IEnumerable items && value is not string && value is not IDictionary && !IsStringDictionary(value))
                {
                    var result = new List<object?>();
                    var i = 0;
                    foreach (var item in items)
                    {
                        path.Add(i++);
                        result.Add(CoerceInputValue(item, list.OfType, path, onError));
                        path.RemoveAt(path.Count - 1);
                    }
                    return result;
                }
                // Spec 3.11 input coercion: a single value where a list is expected becomes a list of one.
                return new List<object?> { CoerceInputValue(value, list.OfType, path, onError) };
            case InputObjectType io:
                if (AsDictionary(value) is not { } dict)
                {
                    onError(path.ToList(), value, $"Expected type \"{io.Name}\" to be an object.");
                    return Undefined;
                }
                var coerced = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var field in io.Fields.Values)
                {
                    if (!dict.TryGetValue(field.Name, out var fieldValue))
                    {
                        if (field.HasDefaultValue) coerced[field.Name] = field.DefaultValue;
                        else if (field.Type is NonNullType)
                            onError(path.ToList(), value, $"Field \"{field.Name}\" of required type \"{field.Type}\" was not provided.");
                        continue;
                    }
                    path.Add(field.Name);
                    coerced[field.Name] = CoerceInputValue(fieldValue, field.Type, path, onError);
                    path.RemoveAt(path.Count - 1);
                }
                foreach (var key in dict.Keys)
                {
                    if (!io.Fields.ContainsKey(key))
                        onError(path.ToList(), value, $"Field \"{key}\" is not defined by type \"{io.Name}\".");
                }
                return coerced;
            case ScalarType scalar:
                try
                {
                    return scalar.ParseValue(value);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    onError(path.ToList(), value, ex.Message);
                    return Undefined;
                }
            case EnumType e:
                try
                {
                    return e.ParseValue(value);
                }
                catch (GraphQLException ex)
                {
                    onError(path.ToList(), value, ex.Message);
                    return Undefined;
                }
            default:
                onError(path.ToList(), value, $"Type \"{type}\" is not an input type.");
                return Undefined;
        }
    }

    /// <summary>Spec "ValueFromAST"-style coercion of a literal; returns <see cref="Undefined"/> when the literal is invalid.</summary>
    public static object? ValueFromAst(ValueNode? node, GraphQLType type, IReadOnlyDictionary<string, object?>? variables)
    {
        if (node is null) return Undefined;
        if (node is VariableNode v)
        {
            if (variables is null || !variables.TryGetValue(v.Name.Value, out var value)) return Undefined;
            if (value is null && type is NonNullType) return Undefined;
            return value;
        }
        if (type is NonNullType nonNull)
        {
            return node is NullValueNode ? Undefined : ValueFromAst(node, nonNull.OfType, variables);
        }
        if (node is NullValueNode) return null;
        switch (type)
        {
            case ListType list:
                if (node is ListValueNode listNode)
                {
                    var items = new List<object?>(listNode.Values.Count);
                    foreach (var itemNode in listNode.Values)
                    {
                        if (IsMissingVariable(itemNode, variables))
                        {
                            if (list.OfType is NonNullType) return Undefined;
                            items.Add(null);
                            continue;
                        }
                        var item = ValueFromAst(itemNode, list.OfType, variables);
                        if (item == Undefined) return Undefined;
                        items.Add(item);
                    }
                    return items;
                }
                var single = ValueFromAst(node, list.OfType, variables);
                return single == Undefined ? Undefined : new List<object?> { single };
            case InputObjectType io:
                if (node is not ObjectValueNode obj) return Undefined;
                var coerced = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var field in io.Fields.Values)
                {
                    ObjectFieldNode? fieldNode = null;
                    foreach (var f in obj.Fields)
                    {
                        if (f.Name.Value == field.Name)
                        {
                            fieldNode = f;
                            break;
                        }
                    }
                    if (fieldNode is null || IsMissingVariable(fieldNode.Value, variables))
                    {
                        if (field.HasDefaultValue) coerced[field.Name] = field.DefaultValue;
                        else if (field.Type is NonNullType) return Undefined;
                        continue;
                    }
                    var fieldValue = ValueFromAst(fieldNode.Value, field.Type, variables);
                    if (fieldValue == Undefined) return Undefined;
                    coerced[field.Name] = fieldValue;
                }
                foreach (var f in obj.Fields)
                {
                    if (!io.Fields.ContainsKey(f.Name.Value)) return Undefined;
                }
                return coerced;
            case EnumType e:
                try
                {
                    return e.ParseLiteral(node);
                }
                catch (GraphQLException)
                {
                    return Undefined;
                }
            case ScalarType s:
                try
                {
                    return s.ParseLiteral(node, variables);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    return Undefined;
                }
            default:
                return Undefined;
        }
    }

    /// <summary>Spec 6.4.1 CoerceArgumentValues; throws a located error for the first bad argument.</summary>
    public static IReadOnlyDictionary<string, object?> CoerceArgumentValues(
        IReadOnlyList<InputValueDefinition> definitions,
        Node node,
        IReadOnlyList<ArgumentNode> argumentNodes,
        IReadOnlyDictionary<string, object?>? variables)
    {
        if (definitions.Count == 0) return EmptyArguments;
        var coerced = new Dictionary<string, object?>(definitions.Count, StringComparer.Ordinal);
        foreach (var def in definitions)
        {
            ArgumentNode? argNode = null;
            foreach (var a in argumentNodes)
            {
                if (a.Name.Value == def.Name)
                {
                    argNode = a;
                    break;
                }
            }
            if (argNode is null)
            {
                if (def.HasDefaultValue) coerced[def.Name] = def.DefaultValue;
                else if (def.Type is NonNullType)
                    throw Located($"Argument \"{def.Name}\" of required type \"{def.Type}\" was not provided.", node);
                continue;
            }
            var valueNode = argNode.Value;
            var isNull = valueNode is NullValueNode;
            if (valueNode is VariableNode variable)
            {
                var varName = variable.Name.Value;
                if (variables is null || !variables.TryGetValue(varName, out var varValue))
                {
                    if (def.HasDefaultValue) coerced[def.Name] = def.DefaultValue;
                    else if (def.Type is NonNullType)
                        throw Located($"Argument \"{def.Name}\" of required type \"{def.Type}\" was provided the variable \"${varName}\" which was not provided a runtime value.", valueNode);
                    continue;
                }
                isNull = varValue is null;
            }
            if (isNull && def.Type is NonNullType)
                throw Located($"Argument \"{def.Name}\" of non-null type \"{def.Type}\" must not be null.", valueNode);
            var value = ValueFromAst(valueNode, def.Type, variables);
            if (value == Undefined)
                throw Located($"Argument \"{def.Name}\" has invalid value {Printer.Print(valueNode)}.", valueNode);
            coerced[def.Name] = value;
        }
        return coerced;
    }

    public static readonly IReadOnlyDictionary<string, object?> EmptyArguments = new Dictionary<string, object?>();

    private static bool IsMissingVariable(ValueNode node, IReadOnlyDictionary<string, object?>? variables) =>
        node is VariableNode v && (variables is null || !variables.ContainsKey(v.Name.Value));

    private static GraphQLException Located(string message, Node node) =>
        new(message) { Locations = node.Location is null ? null : [node.Location.StartLocation] };

    private static bool IsStringDictionary(object value) =>
        value is IReadOnlyDictionary<string, object?> || value is IDictionary<string, object?>;

    private static IReadOnlyDictionary<string, object?>? AsDictionary(object value) => value switch
    {
        IReadOnlyDictionary<string, object?> r => r,
        IDictionary<string, object?> d => d.AsReadOnly(),
        IDictionary legacy => legacy.Keys.Cast<object>().ToDictionary(k => k.ToString()!, k => legacy[k]),
        _ => null,
    };

    private static string PrintPath(IReadOnlyList<object> path) =>
        string.Concat(path.Select(p => p is int i ? $"[{i}]" : $".{p}"));
}

/// <summary>Normalizes JSON input (System.Text.Json elements) to the plain CLR values coercion works on.</summary>
public static class JsonInput
{
    /// <summary>Converts a JsonElement tree to dictionaries, lists, strings, longs, doubles, bools and nulls; other values pass through.</summary>
    public static object? ToClr(object? value) => value is JsonElement e ? FromElement(e) : value;

    /// <summary>Converts one JsonElement.</summary>
    public static object? FromElement(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().Aggregate(
            new Dictionary<string, object?>(StringComparer.Ordinal),
            (d, p) => { d[p.Name] = FromElement(p.Value); return d; }),
        JsonValueKind.Array => e.EnumerateArray().Select(FromElement).ToList(),
        JsonValueKind.String => e.GetString(),
        // Numbers beyond double's range become infinities, which every scalar then rejects as a normal input error.
        JsonValueKind.Number => e.TryGetInt64(out var l) ? l
            : e.TryGetDouble(out var d) ? d
            : double.Parse(e.GetRawText(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
