namespace GeoMonitor.GraphQL.Language;

/// <summary>Where a directive may appear (spec 3.13 DirectiveLocations).</summary>
public enum DirectiveLocation
{
    /// <summary>QUERY</summary>
    Query,

    /// <summary>MUTATION</summary>
    Mutation,

    /// <summary>SUBSCRIPTION</summary>
    Subscription,

    /// <summary>FIELD</summary>
    Field,

    /// <summary>FRAGMENT_DEFINITION</summary>
    FragmentDefinition,

    /// <summary>FRAGMENT_SPREAD</summary>
    FragmentSpread,

    /// <summary>INLINE_FRAGMENT</summary>
    InlineFragment,

    /// <summary>VARIABLE_DEFINITION</summary>
    VariableDefinition,

    /// <summary>SCHEMA</summary>
    Schema,

    /// <summary>SCALAR</summary>
    Scalar,

    /// <summary>OBJECT</summary>
    Object,

    /// <summary>FIELD_DEFINITION</summary>
    FieldDefinition,

    /// <summary>ARGUMENT_DEFINITION</summary>
    ArgumentDefinition,

    /// <summary>INTERFACE</summary>
    Interface,

    /// <summary>UNION</summary>
    Union,

    /// <summary>ENUM</summary>
    Enum,

    /// <summary>ENUM_VALUE</summary>
    EnumValue,

    /// <summary>INPUT_OBJECT</summary>
    InputObject,

    /// <summary>INPUT_FIELD_DEFINITION</summary>
    InputFieldDefinition,
}

/// <summary>Conversions between <see cref="DirectiveLocation"/> and the spec's SCREAMING_CASE names.</summary>
public static class DirectiveLocationNames
{
    private static readonly string[] Names =
    [
        "QUERY", "MUTATION", "SUBSCRIPTION", "FIELD", "FRAGMENT_DEFINITION", "FRAGMENT_SPREAD", "INLINE_FRAGMENT",
        "VARIABLE_DEFINITION", "SCHEMA", "SCALAR", "OBJECT", "FIELD_DEFINITION", "ARGUMENT_DEFINITION", "INTERFACE",
        "UNION", "ENUM", "ENUM_VALUE", "INPUT_OBJECT", "INPUT_FIELD_DEFINITION",
    ];

    /// <summary>The spec name, such as "FIELD_DEFINITION".</summary>
    public static string ToSpecName(this DirectiveLocation location) => Names[(int)location];

    /// <summary>Parses a spec name.</summary>
    public static bool TryParse(string name, out DirectiveLocation location)
    {
        var i = Array.IndexOf(Names, name);
        location = (DirectiveLocation)Math.Max(i, 0);
        return i >= 0;
    }
}
