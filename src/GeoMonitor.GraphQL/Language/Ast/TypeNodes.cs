namespace GeoMonitor.GraphQL.Language;

/// <summary>A type reference (spec 2.11 Type References).</summary>
public abstract record TypeNode : Node;

/// <summary>A reference to a named type.</summary>
/// <param name="Name">The type name.</param>
public sealed record NamedTypeNode(NameNode Name) : TypeNode;

/// <summary>A list type reference, [T].</summary>
/// <param name="Type">The item type.</param>
public sealed record ListTypeNode(TypeNode Type) : TypeNode;

/// <summary>A non-null type reference, T!.</summary>
/// <param name="Type">The wrapped type: named or list.</param>
public sealed record NonNullTypeNode(TypeNode Type) : TypeNode;
