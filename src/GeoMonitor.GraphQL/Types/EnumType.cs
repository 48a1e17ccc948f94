using GeoMonitor.GraphQL.Language;

namespace GeoMonitor.GraphQL.Types;

/// <summary>One value of an enum type.</summary>
public sealed class EnumValueDefinition
{
    /// <summary>Creates a value whose internal value defaults to its name.</summary>
    public EnumValueDefinition(string name, object? value = null, string? description = null)
    {
        Name = name;
        Value = value ?? name;
        Description = description;
    }

    /// <summary>The name clients see.</summary>
    public string Name { get; }

    /// <summary>The value resolvers receive and return, such as a CLR enum member; the name by default.</summary>
    public object Value { get; internal set; }

    /// <summary>Description for introspection.</summary>
    public string? Description { get; set; }

    /// <summary>Why it is deprecated; null when it is not.</summary>
    public string? DeprecationReason { get; set; }

    /// <summary>Whether it is deprecated.</summary>
    public bool IsDeprecated => DeprecationReason is not null;

    /// <summary>The SDL node it came from.</summary>
    public EnumValueDefinitionNode? AstNode { get; internal set; }
}

/// <summary>An enum type (spec 3.9 Enums).</summary>
public sealed class EnumType : NamedType
{
    private readonly OrderedDictionary<string, EnumValueDefinition> _values = new(StringComparer.Ordinal);

    /// <summary>Creates an enum; add values with <see cref="AddValue"/>.</summary>
    public EnumType(string name, string? description = null)
        : base(name, description)
    {
    }

    /// <summary>Values in definition order.</summary>
    public IReadOnlyCollection<EnumValueDefinition> Values => _values.Values;

    /// <summary>Adds a value; for schema construction.</summary>
    public EnumType AddValue(EnumValueDefinition value)
    {
        if (!_values.TryAdd(value.Name, value))
            throw new SchemaException($"Enum value \"{Name}.{value.Name}\" can only be defined once.");
        return this;
    }

    /// <summary>Finds a value by name.</summary>
    public EnumValueDefinition? GetValue(string name) => _values.TryGetValue(name, out var v) ? v : null;

    // A page of N objects serializes the same few values N times: remember how each string or CLR enum member maps.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<object, string> _serialized = new();
    private const int SerializedCacheLimit = 1024;

    /// <summary>Result coercion: maps an internal value (or a name, or a CLR enum member of the same name) to the value's name.</summary>
    public string Serialize(object value)
    {
        if ((value is string || value is Enum) && _serialized.TryGetValue(value, out var known)) return known;
        var name = SerializeUncached(value);
        if ((value is string || value is Enum) && _serialized.Count < SerializedCacheLimit) _serialized.TryAdd(value, name);
        return name;
    }

    private string SerializeUncached(object value)
    {
        foreach (var v in _values.Values)
        {
            if (Equals(v.Value, value)) return v.Name;
        }
        var text = value switch
        {
            string s => s,
            Enum e => e.ToString(),
            System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.String } j => j.GetString(),
            _ => null,
        };
        if (text is not null)
        {
            if (_values.ContainsKey(text)) return text;
            var loose = Normalize(text);
            foreach (var v in _values.Values)
            {
                if (Normalize(v.Name) == loose) return v.Name;
            }
        }
        throw new GraphQLException($"Enum \"{Name}\" cannot represent value: {Inspect.Value(value)}");
    }

    /// <summary>Input coercion of a variable value: the value's name as a string.</summary>
    public object ParseValue(object value)
    {
        if (value is not string s)
            throw new GraphQLException($"Enum \"{Name}\" cannot represent non-string value: {Inspect.Value(value)}.");
        return GetValue(s)?.Value ?? throw new GraphQLException($"Value \"{s}\" does not exist in \"{Name}\" enum.");
    }

    /// <summary>Input coercion of a literal: an enum value (not a string).</summary>
    public object ParseLiteral(ValueNode literal)
    {
        if (literal is not EnumValueNode e)
            throw new GraphQLException($"Enum \"{Name}\" cannot represent non-enum value: {Printer.Print(literal)}.");
        return GetValue(e.Value)?.Value ?? throw new GraphQLException($"Value \"{e.Value}\" does not exist in \"{Name}\" enum.");
    }

    /// <summary>CLR names are PascalCase and GraphQL names SCREAMING_CASE; compare them without case or underscores.</summary>
    private static string Normalize(string name) => name.Replace("_", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
}
