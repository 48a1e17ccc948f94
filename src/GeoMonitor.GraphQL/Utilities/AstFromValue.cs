using System.Collections;
using System.Globalization;
using System.Text.RegularExpressions;
using GeoMonitor.GraphQL.Language;
using GeoMonitor.GraphQL.Types;

namespace GeoMonitor.GraphQL.Utilities;

/// <summary>Produces a literal for an internal input value, e.g. to show a default value in introspection.</summary>
public static partial class AstFromValue
{
    [GeneratedRegex("^-?(?:0|[1-9][0-9]*)$")]
    private static partial Regex IntegerPattern();

    /// <summary>The literal for value as the given type, or null when the value cannot be represented.</summary>
    public static ValueNode? Convert(object? value, GraphQLType type)
    {
        if (type is NonNullType nonNull)
        {
            var inner = Convert(value, nonNull.OfType);
            return inner is NullValueNode ? null : inner;
        }
        if (value is null) return new NullValueNode();
        switch (type)
        {
            case ListType list:
                if (value is IEnumerable items && value is not string && value is not IDictionary && value is not IReadOnlyDictionary<string, object?>)
                {
                    var nodes = new List<ValueNode>();
                    foreach (var item in items)
                    {
                        var node = Convert(item, list.OfType);
                        if (node is not null) nodes.Add(node);
                    }
                    return new ListValueNode(nodes);
                }
                return Convert(value, list.OfType);
            case InputObjectType input:
                var fields = new List<ObjectFieldNode>();
                foreach (var field in input.Fields.Values)
                {
                    var (found, fieldValue) = value switch
                    {
                        IReadOnlyDictionary<string, object?> r => (r.TryGetValue(field.Name, out var v), v),
                        IDictionary<string, object?> d => (d.TryGetValue(field.Name, out var v), v),
                        _ => (false, null),
                    };
                    if (!found) continue;
                    var node = Convert(fieldValue, field.Type);
                    if (node is not null) fields.Add(new ObjectFieldNode(new NameNode(field.Name), node));
                }
                return new ObjectValueNode(fields);
            case EnumType enumType:
                try
                {
                    return new EnumValueNode(enumType.Serialize(value));
                }
                catch (GraphQLException)
                {
                    return null;
                }
            case ScalarType scalar:
                object? serialized;
                try
                {
                    serialized = scalar.Serialize(value);
                }
                catch (GraphQLException)
                {
                    return null;
                }
                return serialized switch
                {
                    null => null,
                    bool b => new BooleanValueNode(b),
                    string s when scalar.Name == "ID" && IntegerPattern().IsMatch(s) => new IntValueNode(s),
                    string s => new StringValueNode(s),
                    _ when Inspect.IsNumber(serialized) => NumberNode(serialized),
                    _ => null,
                };
            default:
                return null;
        }
    }

    private static ValueNode NumberNode(object number)
    {
        var text = number switch
        {
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            float f => f.ToString("R", CultureInfo.InvariantCulture),
            IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
            _ => number.ToString() ?? "0",
        };
        return IntegerPattern().IsMatch(text) ? new IntValueNode(text) : new FloatValueNode(text.Replace("E+", "e", StringComparison.Ordinal).Replace("E", "e", StringComparison.Ordinal));
    }
}
