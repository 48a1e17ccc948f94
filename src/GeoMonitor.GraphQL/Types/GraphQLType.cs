using GeoMonitor.GraphQL.Language;

namespace GeoMonitor.GraphQL.Types;

/// <summary>Any GraphQL type: a named type or a list/non-null wrapper (spec 3.4 Types).</summary>
public abstract class GraphQLType
{
    /// <summary>The type as written in GraphQL, such as "[Zone!]!".</summary>
    public abstract override string ToString();
}

/// <summary>A type with a name: scalar, object, interface, union, enum or input object.</summary>
public abstract class NamedType : GraphQLType
{
    /// <summary>Creates a named type.</summary>
    protected NamedType(string name, string? description)
    {
        Name = name;
        Description = description;
    }

    /// <summary>The type's name.</summary>
    public string Name { get; }

    /// <summary>Its description, shown by introspection.</summary>
    public string? Description { get; internal set; }

    /// <summary>The SDL definition it was built from, if any.</summary>
    public TypeDefinitionNode? AstNode { get; internal set; }

    /// <summary>SDL extensions applied to it.</summary>
    public IReadOnlyList<TypeExtensionNode> ExtensionAstNodes { get; internal set; } = [];

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>A list of another type, [T].</summary>
public sealed class ListType : GraphQLType
{
    /// <summary>Wraps a type in a list.</summary>
    public ListType(GraphQLType ofType) => OfType = ofType;

    /// <summary>The item type.</summary>
    public GraphQLType OfType { get; }

    /// <inheritdoc />
    public override string ToString() => $"[{OfType}]";
}

/// <summary>A non-null variant of another type, T!.</summary>
public sealed class NonNullType : GraphQLType
{
    /// <summary>Wraps a nullable type.</summary>
    public NonNullType(GraphQLType ofType)
    {
        if (ofType is NonNullType) throw new ArgumentException("A non-null type cannot wrap another non-null type.", nameof(ofType));
        OfType = ofType;
    }

    /// <summary>The wrapped, nullable type.</summary>
    public GraphQLType OfType { get; }

    /// <inheritdoc />
    public override string ToString() => $"{OfType}!";
}
