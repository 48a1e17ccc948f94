namespace GeoMonitor.GraphQL.Types;

/// <summary>The type categories the spec uses for input/output positions and field selection rules.</summary>
public static class TypePredicates
{
    /// <summary>Strips all list and non-null wrappers.</summary>
    public static NamedType GetNamedType(this GraphQLType type)
    {
        while (true)
        {
            switch (type)
            {
                case NamedType named: return named;
                case ListType list: type = list.OfType; break;
                case NonNullType nonNull: type = nonNull.OfType; break;
                default: throw new InvalidOperationException("Unknown type wrapper.");
            }
        }
    }

    /// <summary>Strips one non-null wrapper, if present.</summary>
    public static GraphQLType GetNullableType(this GraphQLType type) => type is NonNullType n ? n.OfType : type;

    /// <summary>Scalars, enums and input objects, possibly wrapped (spec 3.4.2 IsInputType).</summary>
    public static bool IsInputType(this GraphQLType type) =>
        type.GetNamedType() is ScalarType or EnumType or InputObjectType;

    /// <summary>Scalars, objects, interfaces, unions and enums, possibly wrapped (spec 3.4.2 IsOutputType).</summary>
    public static bool IsOutputType(this GraphQLType type) =>
        type.GetNamedType() is ScalarType or ObjectType or InterfaceType or UnionType or EnumType;

    /// <summary>Scalar or enum.</summary>
    public static bool IsLeafType(this GraphQLType type) => type is ScalarType or EnumType;

    /// <summary>Object, interface or union: a type that takes a selection set.</summary>
    public static bool IsCompositeType(this GraphQLType type) => type is ObjectType or InterfaceType or UnionType;

    /// <summary>Interface or union.</summary>
    public static bool IsAbstractType(this GraphQLType type) => type is InterfaceType or UnionType;

    /// <summary>A non-null type with no default would make an argument or input field required.</summary>
    public static bool IsRequired(this InputValueDefinition value) => value.Type is NonNullType && !value.HasDefaultValue;
}
