namespace GeoMonitor.GraphQL.Types;

/// <summary>An object or interface type: a named type with fields that may implement interfaces.</summary>
public abstract class ComplexType : NamedType
{
    private readonly OrderedDictionary<string, FieldDefinition> _fields = new(StringComparer.Ordinal);
    private readonly List<InterfaceType> _interfaces = [];

    /// <summary>Creates the type with no fields yet.</summary>
    protected ComplexType(string name, string? description)
        : base(name, description)
    {
    }

    /// <summary>Fields in definition order.</summary>
    public IReadOnlyDictionary<string, FieldDefinition> Fields => _fields;

    /// <summary>Directly implemented interfaces.</summary>
    public IReadOnlyList<InterfaceType> Interfaces => _interfaces;

    /// <summary>Adds a field; for schema construction.</summary>
    public ComplexType AddField(FieldDefinition field)
    {
        if (!_fields.TryAdd(field.Name, field))
            throw new SchemaException($"Field \"{Name}.{field.Name}\" can only be defined once.");
        return this;
    }

    /// <summary>Adds an implemented interface; for schema construction.</summary>
    public ComplexType AddInterface(InterfaceType type)
    {
        _interfaces.Add(type);
        return this;
    }

    /// <summary>Looks up a field by name.</summary>
    public FieldDefinition? GetField(string name) => _fields.TryGetValue(name, out var f) ? f : null;
}

/// <summary>An object type (spec 3.6 Objects).</summary>
public sealed class ObjectType : ComplexType
{
    /// <summary>Creates an object type; add fields with <see cref="ComplexType.AddField"/>.</summary>
    public ObjectType(string name, string? description = null)
        : base(name, description)
    {
    }

    /// <summary>
    /// Tells whether a value belongs to this type when an interface or union must pick a concrete type
    /// and no type resolver decides; also checked on plain object fields when set.
    /// </summary>
    public Func<object, bool>? IsTypeOf { get; set; }

    /// <summary>CLR types whose instances are values of this type, for abstract type resolution.</summary>
    internal List<Type> ClrTypes { get; } = [];
}

/// <summary>Picks the concrete object type of a value of an interface or union type; return the type's name or the type.</summary>
public delegate object? TypeResolver(object value, Execution.ResolveContext context);

/// <summary>An interface or union: a type whose values are of one of several object types.</summary>
public interface IAbstractType
{
    /// <summary>The type's name.</summary>
    string Name { get; }

    /// <summary>The resolver that picks a concrete type, if one was bound.</summary>
    TypeResolver? ResolveType { get; set; }
}

/// <summary>An interface type (spec 3.7 Interfaces).</summary>
public sealed class InterfaceType : ComplexType, IAbstractType
{
    /// <summary>Creates an interface; add fields with <see cref="ComplexType.AddField"/>.</summary>
    public InterfaceType(string name, string? description = null)
        : base(name, description)
    {
    }

    /// <inheritdoc />
    public TypeResolver? ResolveType { get; set; }
}

/// <summary>A union type (spec 3.8 Unions).</summary>
public sealed class UnionType : NamedType, IAbstractType
{
    private readonly List<ObjectType> _types = [];

    /// <summary>Creates a union; add members with <see cref="AddType"/>.</summary>
    public UnionType(string name, string? description = null)
        : base(name, description)
    {
    }

    /// <summary>Member types in definition order.</summary>
    public IReadOnlyList<ObjectType> Types => _types;

    /// <inheritdoc />
    public TypeResolver? ResolveType { get; set; }

    /// <summary>Adds a member type; for schema construction.</summary>
    public UnionType AddType(ObjectType type)
    {
        _types.Add(type);
        return this;
    }
}
