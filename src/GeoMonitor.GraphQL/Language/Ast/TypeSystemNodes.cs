namespace GeoMonitor.GraphQL.Language;

/// <summary>A type-system definition or extension (spec 3 Type System).</summary>
public abstract record TypeSystemNode : DefinitionNode
{
    /// <summary>Directives applied to the definition.</summary>
    public abstract IReadOnlyList<DirectiveNode> Directives { get; }
}

/// <summary>A schema definition (spec 3.3 Schema).</summary>
/// <param name="Description">Its description.</param>
/// <param name="Directives">Applied directives.</param>
/// <param name="OperationTypes">Root operation types.</param>
public sealed record SchemaDefinitionNode(
    StringValueNode? Description,
    IReadOnlyList<DirectiveNode> Directives,
    IReadOnlyList<OperationTypeDefinitionNode> OperationTypes) : TypeSystemNode
{
    /// <inheritdoc />
    public override IReadOnlyList<DirectiveNode> Directives { get; } = Directives;
}

/// <summary>An extension of the schema definition (spec 3.3.2).</summary>
/// <param name="Directives">Added directives.</param>
/// <param name="OperationTypes">Added root operation types.</param>
public sealed record SchemaExtensionNode(
    IReadOnlyList<DirectiveNode> Directives,
    IReadOnlyList<OperationTypeDefinitionNode> OperationTypes) : TypeSystemNode
{
    /// <inheritdoc />
    public override IReadOnlyList<DirectiveNode> Directives { get; } = Directives;
}

/// <summary>One root operation type entry, such as "query: Query".</summary>
/// <param name="Operation">The operation kind.</param>
/// <param name="Type">The object type for it.</param>
public sealed record OperationTypeDefinitionNode(OperationType Operation, NamedTypeNode Type) : Node;

/// <summary>A named type definition (spec 3.4 Types).</summary>
public abstract record TypeDefinitionNode : TypeSystemNode
{
    /// <summary>The description, if any.</summary>
    public abstract StringValueNode? Description { get; }

    /// <summary>The type name.</summary>
    public abstract NameNode Name { get; }
}

/// <summary>An extension of a named type (spec 3.4.3 Type Extensions).</summary>
public abstract record TypeExtensionNode : TypeSystemNode
{
    /// <summary>The name of the extended type.</summary>
    public abstract NameNode Name { get; }
}

/// <summary>scalar Name (spec 3.5 Scalars).</summary>
/// <param name="Description">Description.</param>
/// <param name="Name">Name.</param>
/// <param name="Directives">Directives, such as @specifiedBy.</param>
public sealed record ScalarTypeDefinitionNode(StringValueNode? Description, NameNode Name, IReadOnlyList<DirectiveNode> Directives)
    : TypeDefinitionNode
{
    /// <inheritdoc />
    public override StringValueNode? Description { get; } = Description;

    /// <inheritdoc />
    public override NameNode Name { get; } = Name;

    /// <inheritdoc />
    public override IReadOnlyList<DirectiveNode> Directives { get; } = Directives;
}

/// <summary>type Name implements I { fields } (spec 3.6 Objects).</summary>
/// <param name="Description">Description.</param>
/// <param name="Name">Name.</param>
/// <param name="Interfaces">Implemented interfaces.</param>
/// <param name="Directives">Directives.</param>
/// <param name="Fields">Field definitions.</param>
public sealed record ObjectTypeDefinitionNode(
    StringValueNode? Description,
    NameNode Name,
    IReadOnlyList<NamedTypeNode> Interfaces,
    IReadOnlyList<DirectiveNode> Directives,
    IReadOnlyList<FieldDefinitionNode> Fields) : TypeDefinitionNode
{
    /// <inheritdoc />
    public override StringValueNode? Description { get; } = Description;

    /// <inheritdoc />
    public override NameNode Name { get; } = Name;

    /// <inheritdoc />
    public override IReadOnlyList<DirectiveNode> Directives { get; } = Directives;
}

/// <summary>interface Name implements I { fields } (spec 3.7 Interfaces).</summary>
/// <param name="Description">Description.</param>
/// <param name="Name">Name.</param>
/// <param name="Interfaces">Implemented interfaces.</param>
/// <param name="Directives">Directives.</param>
/// <param name="Fields">Field definitions.</param>
public sealed record InterfaceTypeDefinitionNode(
    StringValueNode? Description,
    NameNode Name,
    IReadOnlyList<NamedTypeNode> Interfaces,
    IReadOnlyList<DirectiveNode> Directives,
    IReadOnlyList<FieldDefinitionNode> Fields) : TypeDefinitionNode
{
    /// <inheritdoc />
    public override StringValueNode? Description { get; } = Description;

    /// <inheritdoc />
    public override NameNode Name { get; } = Name;

    /// <inheritdoc />
    public override IReadOnlyList<DirectiveNode> Directives { get; } = Directives;
}

/// <summary>A field definition of an object or interface.</summary>
/// <param name="Description">Description.</param>
/// <param name="Name">Name.</param>
/// <param name="Arguments">Argument definitions.</param>
/// <param name="Type">Result type.</param>
/// <param name="Directives">Directives, such as @deprecated.</param>
public sealed record FieldDefinitionNode(
    StringValueNode? Description,
    NameNode Name,
    IReadOnlyList<InputValueDefinitionNode> Arguments,
    TypeNode Type,
    IReadOnlyList<DirectiveNode> Directives) : Node;

/// <summary>An argument or input field definition.</summary>
/// <param name="Description">Description.</param>
/// <param name="Name">Name.</param>
/// <param name="Type">Input type.</param>
/// <param name="DefaultValue">Default value literal, if any.</param>
/// <param name="Directives">Directives.</param>
public sealed record InputValueDefinitionNode(
    StringValueNode? Description,
    NameNode Name,
    TypeNode Type,
    ValueNode? DefaultValue,
    IReadOnlyList<DirectiveNode> Directives) : Node;

/// <summary>union Name = A | B (spec 3.8 Unions).</summary>
/// <param name="Description">Description.</param>
/// <param name="Name">Name.</param>
/// <param name="Directives">Directives.</param>
/// <param name="Types">Member types.</param>
public sealed record UnionTypeDefinitionNode(
    StringValueNode? Description,
    NameNode Name,
    IReadOnlyList<DirectiveNode> Directives,
    IReadOnlyList<NamedTypeNode> Types) : TypeDefinitionNode
{
    /// <inheritdoc />
    public override StringValueNode? Description { get; } = Description;

    /// <inheritdoc />
    public override NameNode Name { get; } = Name;

    /// <inheritdoc />
    public override IReadOnlyList<DirectiveNode> Directives { get; } = Directives;
}

/// <summary>enum Name { VALUES } (spec 3.9 Enums).</summary>
/// <param name="Description">Description.</param>
/// <param name="Name">Name.</param>
/// <param name="Directives">Directives.</param>
/// <param name="Values">Value definitions.</param>
public sealed record EnumTypeDefinitionNode(
    StringValueNode? Description,
    NameNode Name,
    IReadOnlyList<DirectiveNode> Directives,
    IReadOnlyList<EnumValueDefinitionNode> Values) : TypeDefinitionNode
{
    /// <inheritdoc />
    public override StringValueNode? Description { get; } = Description;

    /// <inheritdoc />
    public override NameNode Name { get; } = Name;

    /// <inheritdoc />
    public override IReadOnlyList<DirectiveNode> Directives { get; } = Directives;
}

/// <summary>One enum value definition.</summary>
/// <param name="Description">Description.</param>
/// <param name="Name">The value name.</param>
/// <param name="Directives">Directives, such as @deprecated.</param>
public sealed record EnumValueDefinitionNode(StringValueNode? Description, NameNode Name, IReadOnlyList<DirectiveNode> Directives) : Node;

/// <summary>input Name { fields } (spec 3.10 Input Objects).</summary>
/// <param name="Description">Description.</param>
/// <param name="Name">Name.</param>
/// <param name="Directives">Directives.</param>
/// <param name="Fields">Input field definitions.</param>
public sealed record InputObjectTypeDefinitionNode(
    StringValueNode? Description,
    NameNode Name,
    IReadOnlyList<DirectiveNode> Directives,
    IReadOnlyList<InputValueDefinitionNode> Fields) : TypeDefinitionNode
{
    /// <inheritdoc />
    public override StringValueNode? Description { get; } = Description;

    /// <inheritdoc />
    public override NameNode Name { get; } = Name;

    /// <inheritdoc />
    public override IReadOnlyList<DirectiveNode> Directives { get; } = Directives;
}

/// <summary>directive @name(args) repeatable on LOCATIONS (spec 3.13 Directives).</summary>
/// <param name="Description">Description.</param>
/// <param name="Name">Name, without "@".</param>
/// <param name="Arguments">Argument definitions.</param>
/// <param name="Repeatable">Whether it may appear more than once per location.</param>
/// <param name="Locations">Allowed locations.</param>
public sealed record DirectiveDefinitionNode(
    StringValueNode? Description,
    NameNode Name,
    IReadOnlyList<InputValueDefinitionNode> Arguments,
    bool Repeatable,
    IReadOnlyList<NameNode> Locations) : TypeSystemNode
{
    /// <inheritdoc />
    public override IReadOnlyList<DirectiveNode> Directives => [];
}

/// <summary>extend scalar Name @dir.</summary>
/// <param name="Name">Extended type.</param>
/// <param name="Directives">Added directives.</param>
public sealed record ScalarTypeExtensionNode(NameNode Name, IReadOnlyList<DirectiveNode> Directives) : TypeExtensionNode
{
    /// <inheritdoc />
    public override NameNode Name { get; } = Name;

    /// <inheritdoc />
    public override IReadOnlyList<DirectiveNode> Directives { get; } = Directives;
}

/// <summary>extend type Name implements I @dir { fields }.</summary>
/// <param name="Name">Extended type.</param>
/// <param name="Interfaces">Added interfaces.</param>
/// <param name="Directives">Added directives.</param>
/// <param name="Fields">Added fields.</param>
public sealed record ObjectTypeExtensionNode(
    NameNode Name,
    IReadOnlyList<NamedTypeNode> Interfaces,
    IReadOnlyList<DirectiveNode> Directives,
    IReadOnlyList<FieldDefinitionNode> Fields) : TypeExtensionNode
{
    /// <inheritdoc />
    public override NameNode Name { get; } = Name;

    /// <inheritdoc />
    public override IReadOnlyList<DirectiveNode> Directives { get; } = Directives;
}

/// <summary>extend interface Name implements I @dir { fields }.</summary>
/// <param name="Name">Extended type.</param>
/// <param name="Interfaces">Added interfaces.</param>
/// <param name="Directives">Added directives.</param>
/// <param name="Fields">Added fields.</param>
public sealed record InterfaceTypeExtensionNode(
    NameNode Name,
    IReadOnlyList<NamedTypeNode> Interfaces,
    IReadOnlyList<DirectiveNode> Directives,
    IReadOnlyList<FieldDefinitionNode> Fields) : TypeExtensionNode
{
    /// <inheritdoc />
    public override NameNode Name { get; } = Name;

    /// <inheritdoc />
    public override IReadOnlyList<DirectiveNode> Directives { get; } = Directives;
}

/// <summary>extend union Name @dir = A | B.</summary>
/// <param name="Name">Extended type.</param>
/// <param name="Directives">Added directives.</param>
/// <param name="Types">Added members.</param>
public sealed record UnionTypeExtensionNode(NameNode Name, IReadOnlyList<DirectiveNode> Directives, IReadOnlyList<NamedTypeNode> Types)
    : TypeExtensionNode
{
    /// <inheritdoc />
    public override NameNode Name { get; } = Name;

    /// <inheritdoc />
    public override IReadOnlyList<DirectiveNode> Directives { get; } = Directives;
}

/// <summary>extend enum Name @dir { VALUES }.</summary>
/// <param name="Name">Extended type.</param>
/// <param name="Directives">Added directives.</param>
/// <param name="Values">Added values.</param>
public sealed record EnumTypeExtensionNode(NameNode Name, IReadOnlyList<DirectiveNode> Directives, IReadOnlyList<EnumValueDefinitionNode> Values)
    : TypeExtensionNode
{
    /// <inheritdoc />
    public override NameNode Name { get; } = Name;

    /// <inheritdoc />
    public override IReadOnlyList<DirectiveNode> Directives { get; } = Directives;
}

/// <summary>extend input Name @dir { fields }.</summary>
/// <param name="Name">Extended type.</param>
/// <param name="Directives">Added directives.</param>
/// <param name="Fields">Added fields.</param>
public sealed record InputObjectTypeExtensionNode(NameNode Name, IReadOnlyList<DirectiveNode> Directives, IReadOnlyList<InputValueDefinitionNode> Fields)
    : TypeExtensionNode
{
    /// <inheritdoc />
    public override NameNode Name { get; } = Name;

    /// <inheritdoc />
    public override IReadOnlyList<DirectiveNode> Directives { get; } = Directives;
}
