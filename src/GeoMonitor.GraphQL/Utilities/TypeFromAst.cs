using GeoMonitor.GraphQL.Language;
using GeoMonitor.GraphQL.Types;

namespace GeoMonitor.GraphQL.Utilities;

/// <summary>Resolves a type reference from a document against a schema.</summary>
public static class TypeFromAst
{
    /// <summary>The schema type for a reference, or null when the named type does not exist.</summary>
    public static GraphQLType? Resolve(Schema schema, TypeNode node) => node switch
    {
        NamedTypeNode n => schema.GetType(n.Name.Value),
        ListTypeNode l => Resolve(schema, l.Type) is { } inner ? new ListType(inner) : null,
        NonNullTypeNode nn => Resolve(schema, nn.Type) is { } inner ? new NonNullType(inner) : null,
        _ => null,
    };
}
