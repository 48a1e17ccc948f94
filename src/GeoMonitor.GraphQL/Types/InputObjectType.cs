namespace GeoMonitor.GraphQL.Types;

/// <summary>An input object type (spec 3.10 Input Objects). Coerced values are dictionaries keyed by field name.</summary>
public sealed class InputObjectType : NamedType
{
    private readonly OrderedDictionary<string, InputValueDefinition> _fields = new(StringComparer.Ordinal);

    /// <summary>Creates an input object; add fields with <see cref="AddField"/>.</summary>
    public InputObjectType(string name, string? description = null)
        : base(name, description)
    {
    }

    /// <summary>Fields in definition order.</summary>
    public IReadOnlyDictionary<string, InputValueDefinition> Fields => _fields;

    /// <summary>Adds a field; for schema construction.</summary>
    public InputObjectType AddField(InputValueDefinition field)
    {
        if (!_fields.TryAdd(field.Name, field))
            throw new SchemaException($"Input field \"{Name}.{field.Name}\" can only be defined once.");
        return this;
    }
}
