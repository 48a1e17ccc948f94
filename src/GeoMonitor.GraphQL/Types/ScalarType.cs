using GeoMonitor.GraphQL.Language;

namespace GeoMonitor.GraphQL.Types;

/// <summary>Converts a resolved value to its JSON-ready form; throw <see cref="GraphQLException"/> when it cannot be represented.</summary>
public delegate object? ScalarSerializer(object value);

/// <summary>Converts a variable value (from JSON) to the internal value; throw <see cref="GraphQLException"/> when invalid.</summary>
public delegate object? ScalarValueParser(object value);

/// <summary>Converts a literal in a document to the internal value; throw <see cref="GraphQLException"/> when invalid.</summary>
public delegate object? ScalarLiteralParser(ValueNode literal, IReadOnlyDictionary<string, object?>? variables);

/// <summary>A scalar type (spec 3.5 Scalars) defined by its three coercion functions.</summary>
public sealed class ScalarType : NamedType
{
    /// <summary>Creates a scalar. Functions left null pass values through unchanged, which suits JSON-like custom scalars.</summary>
    public ScalarType(
        string name,
        ScalarSerializer? serialize = null,
        ScalarValueParser? parseValue = null,
        ScalarLiteralParser? parseLiteral = null,
        string? description = null,
        string? specifiedByUrl = null)
        : base(name, description)
    {
        Serializer = serialize ?? (v => v);
        ValueParser = parseValue ?? (v => v);
        LiteralParser = parseLiteral ?? ValueFromAstUntyped;
        SpecifiedByUrl = specifiedByUrl;
    }

    /// <summary>The URL of the scalar's specification (@specifiedBy).</summary>
    public string? SpecifiedByUrl { get; internal set; }

    internal ScalarSerializer Serializer { get; }

    internal ScalarValueParser ValueParser { get; }

    internal ScalarLiteralParser LiteralParser { get; }

    /// <summary>Result coercion (spec 3.5 "Result Coercion").</summary>
    public object? Serialize(object value) => Serializer(value);

    /// <summary>Input coercion of a variable value.</summary>
    public object? ParseValue(object value) => ValueParser(value);

    /// <summary>Input coercion of a literal.</summary>
    public object? ParseLiteral(ValueNode literal, IReadOnlyDictionary<string, object?>? variables = null) => LiteralParser(literal, variables);

    /// <summary>Converts any literal to plain .NET values: numbers, strings, booleans, lists, dictionaries; variables are substituted.</summary>
    public static object? ValueFromAstUntyped(ValueNode node, IReadOnlyDictionary<string, object?>? variables) => node switch
    {
        NullValueNode => null,
        IntValueNode i => int.TryParse(i.Value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n)
            ? n
            : double.Parse(i.Value, System.Globalization.CultureInfo.InvariantCulture),
        FloatValueNode f => double.Parse(f.Value, System.Globalization.CultureInfo.InvariantCulture),
        StringValueNode s => s.Value,
        BooleanValueNode b => b.Value,
        EnumValueNode e => e.Value,
        ListValueNode l => l.Values.Select(v => ValueFromAstUntyped(v, variables)).ToList(),
        ObjectValueNode o => o.Fields.ToDictionary(f => f.Name.Value, f => ValueFromAstUntyped(f.Value, variables)),
        VariableNode v => variables is not null && variables.TryGetValue(v.Name.Value, out var value) ? value : null,
        _ => null,
    };
}
