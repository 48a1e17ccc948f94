namespace GeoMonitor.GraphQL.Types;

/// <summary>Structural comparisons of type references used by schema and document validation.</summary>
public static class TypeComparators
{
    /// <summary>Whether two type references are the same, wrappers included.</summary>
    public static bool IsEqualType(GraphQLType a, GraphQLType b) => (a, b) switch
    {
        (NonNullType x, NonNullType y) => IsEqualType(x.OfType, y.OfType),
        (ListType x, ListType y) => IsEqualType(x.OfType, y.OfType),
        (NamedType x, NamedType y) => ReferenceEquals(x, y),
        _ => false,
    };

    /// <summary>Whether a value of maybeSubType may be used where superType is expected (covariance, spec 3.6.1 IsValidImplementationFieldType).</summary>
    public static bool IsTypeSubTypeOf(Schema schema, GraphQLType maybeSubType, GraphQLType superType)
    {
        if (ReferenceEquals(maybeSubType, superType)) return true;
        if (superType is NonNullType superNonNull)
        {
            return maybeSubType is NonNullType subNonNull && IsTypeSubTypeOf(schema, subNonNull.OfType, superNonNull.OfType);
        }
        if (maybeSubType is NonNullType sub) return IsTypeSubTypeOf(schema, sub.OfType, superType);
        if (superType is ListType superList)
        {
            return maybeSubType is ListType subList && IsTypeSubTypeOf(schema, subList.OfType, superList.OfType);
        }
        if (maybeSubType is ListType) return false;
        return superType is InterfaceType or UnionType &&
            maybeSubType is ObjectType or InterfaceType &&
            schema.IsSubType((NamedType)superType, (NamedType)maybeSubType);
    }

    /// <summary>Whether two composite types share at least one possible object type.</summary>
    public static bool DoTypesOverlap(Schema schema, NamedType a, NamedType b)
    {
        if (ReferenceEquals(a, b)) return true;
        if (a.IsAbstractType())
        {
            if (b.IsAbstractType()) return schema.GetPossibleTypes(a).Any(t => schema.IsSubType(b, t));
            return schema.IsSubType(a, b);
        }
        if (b.IsAbstractType()) return schema.IsSubType(b, a);
        return false;
    }
}
