using GeoMonitor.GraphQL.Execution;
using GeoMonitor.GraphQL.Language;
using GeoMonitor.GraphQL.Types;
using GeoMonitor.GraphQL.Utilities;

namespace GeoMonitor.GraphQL.Introspection;

/// <summary>
/// The introspection system (spec 4 Introspection): the __Schema, __Type, ... types shared by every schema,
/// and the __schema / __type meta-fields of the query root.
/// </summary>
public static class IntrospectionTypes
{
    private const string Sdl = """
        "A GraphQL Schema defines the capabilities of a GraphQL server. It exposes all available types and directives on the server, as well as the entry points for query, mutation, and subscription operations."
        type __Schema {
          description: String
          "A list of all types supported by this server."
          types: [__Type!]!
          "The type that query operations will be rooted at."
          queryType: __Type!
          "If this server supports mutation, the type that mutation operations will be rooted at."
          mutationType: __Type
          "If this server support subscription, the type that subscription operations will be rooted at."
          subscriptionType: __Type
          "A list of all directives supported by this server."
          directives: [__Directive!]!
        }

        "The fundamental unit of any GraphQL Schema is the type. There are many kinds of types in GraphQL as represented by the `__TypeKind` enum. Depending on the kind of a type, certain fields describe information about that type. Scalar types provide no information beyond a name, description and optional `specifiedByURL`, while Enum types provide their values. Object and Interface types provide the fields they describe. Abstract types, Union and Interface, provide the Object types possible at runtime. List and NonNull types compose other types."
        type __Type {
          kind: __TypeKind!
          name: String
          description: String
          specifiedByURL: String
          fields(includeDeprecated: Boolean = false): [__Field!]
          interfaces: [__Type!]
          possibleTypes: [__Type!]
          enumValues(includeDeprecated: Boolean = false): [__EnumValue!]
          inputFields(includeDeprecated: Boolean = false): [__InputValue!]
          ofType: __Type
        }

        "An enum describing what kind of type a given `__Type` is."
        enum __TypeKind {
          "Indicates this type is a scalar."
          SCALAR
          "Indicates this type is an object. `fields` and `interfaces` are valid fields."
          OBJECT
          "Indicates this type is an interface. `fields`, `interfaces`, and `possibleTypes` are valid fields."
          INTERFACE
          "Indicates this type is a union. `possibleTypes` is a valid field."
          UNION
          "Indicates this type is an enum. `enumValues` is a valid field."
          ENUM
          "Indicates this type is an input object. `inputFields` is a valid field."
          INPUT_OBJECT
          "Indicates this type is a list. `ofType` is a valid field."
          LIST
          "Indicates this type is a non-null. `ofType` is a valid field."
          NON_NULL
        }

        "Object and Interface types are described by a list of Fields, each of which has a name, potentially a list of arguments, and a return type."
        type __Field {
          name: String!
          description: String
          args(includeDeprecated: Boolean = false): [__InputValue!]!
          type: __Type!
          isDeprecated: Boolean!
          deprecationReason: String
        }

        "Arguments provided to Fields or Directives and the input fields of an InputObject are represented as Input Values which describe their type and optionally a default value."
        type __InputValue {
          name: String!
          description: String
          type: __Type!
          "A GraphQL-formatted string representing the default value for this input value."
          defaultValue: String
          isDeprecated: Boolean!
          deprecationReason: String
        }

        "One possible value for a given Enum. Enum values are unique values, not a placeholder for a string or numeric value. However an Enum value is returned in a JSON response as a string."
        type __EnumValue {
          name: String!
          description: String
          isDeprecated: Boolean!
          deprecationReason: String
        }

        "A Directive provides a way to describe alternate runtime execution and type validation behavior in a GraphQL document.\n\nIn some cases, you need to provide options to alter GraphQL's execution behavior in ways field arguments will not suffice, such as conditionally including or skipping a field. Directives provide this by describing additional information to the executor."
        type __Directive {
          name: String!
          description: String
          isRepeatable: Boolean!
          locations: [__DirectiveLocation!]!
          args(includeDeprecated: Boolean = false): [__InputValue!]!
        }

        "A Directive can be adjacent to many parts of the GraphQL language, a __DirectiveLocation describes one such possible adjacencies."
        enum __DirectiveLocation {
          "Location adjacent to a query operation."
          QUERY
          "Location adjacent to a mutation operation."
          MUTATION
          "Location adjacent to a subscription operation."
          SUBSCRIPTION
          "Location adjacent to a field."
          FIELD
          "Location adjacent to a fragment definition."
          FRAGMENT_DEFINITION
          "Location adjacent to a fragment spread."
          FRAGMENT_SPREAD
          "Location adjacent to an inline fragment."
          INLINE_FRAGMENT
          "Location adjacent to a variable definition."
          VARIABLE_DEFINITION
          "Location adjacent to a schema definition."
          SCHEMA
          "Location adjacent to a scalar definition."
          SCALAR
          "Location adjacent to an object type definition."
          OBJECT
          "Location adjacent to a field definition."
          FIELD_DEFINITION
          "Location adjacent to an argument definition."
          ARGUMENT_DEFINITION
          "Location adjacent to an interface definition."
          INTERFACE
          "Location adjacent to a union definition."
          UNION
          "Location adjacent to an enum definition."
          ENUM
          "Location adjacent to an enum value definition."
          ENUM_VALUE
          "Location adjacent to an input object type definition."
          INPUT_OBJECT
          "Location adjacent to an input object field definition."
          INPUT_FIELD_DEFINITION
        }
        """;

    static IntrospectionTypes()
    {
        var builder = new SdlTypeBuilder([Parser.Parse(new Source(Sdl, "introspection"), new ParserOptions { NoLocation = true })]);
        builder.Build();
        if (builder.Errors.Count > 0) throw new SchemaException(builder.Errors);
        var types = builder.Types;
        T Get<T>(string name) where T : NamedType => (T)types[name];
        SchemaType = Get<ObjectType>("__Schema");
        TypeType = Get<ObjectType>("__Type");
        var fieldType = Get<ObjectType>("__Field");
        var inputValueType = Get<ObjectType>("__InputValue");
        var enumValueType = Get<ObjectType>("__EnumValue");
        var directiveType = Get<ObjectType>("__Directive");

        Bind(SchemaType, new()
        {
            ["description"] = c => S(c).Description,
            ["types"] = c => S(c).Types.Values,
            ["queryType"] = c => S(c).Query,
            ["mutationType"] = c => S(c).Mutation,
            ["subscriptionType"] = c => S(c).Subscription,
            ["directives"] = c => S(c).Directives,
        });
        Bind(TypeType, new()
        {
            ["kind"] = c => Kind((GraphQLType)c.Source!),
            ["name"] = c => (c.Source as NamedType)?.Name,
            ["description"] = c => (c.Source as NamedType)?.Description,
            ["specifiedByURL"] = c => (c.Source as ScalarType)?.SpecifiedByUrl,
            ["fields"] = c => (c.Source as ComplexType)?.Fields.Values.Where(f => IncludeDeprecated(c) || !f.IsDeprecated).ToList(),
            ["interfaces"] = c => (c.Source as ComplexType)?.Interfaces,
            ["possibleTypes"] = c => c.Source is UnionType or InterfaceType ? c.Schema.GetPossibleTypes((NamedType)c.Source) : null,
            ["enumValues"] = c => (c.Source as EnumType)?.Values.Where(v => IncludeDeprecated(c) || !v.IsDeprecated).ToList(),
            ["inputFields"] = c => (c.Source as InputObjectType)?.Fields.Values.Where(f => IncludeDeprecated(c) || !f.IsDeprecated).ToList(),
            ["ofType"] = c => c.Source switch
            {
                ListType l => l.OfType,
                NonNullType n => n.OfType,
                _ => null,
            },
        });
        Bind(fieldType, new()
        {
            ["name"] = c => ((FieldDefinition)c.Source!).Name,
            ["description"] = c => ((FieldDefinition)c.Source!).Description,
            ["args"] = c => ((FieldDefinition)c.Source!).Arguments.Where(a => IncludeDeprecated(c) || !a.IsDeprecated).ToList(),
            ["type"] = c => ((FieldDefinition)c.Source!).Type,
            ["isDeprecated"] = c => ((FieldDefinition)c.Source!).IsDeprecated,
            ["deprecationReason"] = c => ((FieldDefinition)c.Source!).DeprecationReason,
        });
        Bind(inputValueType, new()
        {
            ["name"] = c => ((InputValueDefinition)c.Source!).Name,
            ["description"] = c => ((InputValueDefinition)c.Source!).Description,
            ["type"] = c => ((InputValueDefinition)c.Source!).Type,
            ["defaultValue"] = c => c.Source is InputValueDefinition { HasDefaultValue: true } v
                ? Printer.Print(AstFromValue.Convert(v.DefaultValue, v.Type) ?? v.DefaultValueLiteral!)
                : null,
            ["isDeprecated"] = c => ((InputValueDefinition)c.Source!).IsDeprecated,
            ["deprecationReason"] = c => ((InputValueDefinition)c.Source!).DeprecationReason,
        });
        Bind(enumValueType, new()
        {
            ["name"] = c => ((EnumValueDefinition)c.Source!).Name,
            ["description"] = c => ((EnumValueDefinition)c.Source!).Description,
            ["isDeprecated"] = c => ((EnumValueDefinition)c.Source!).IsDeprecated,
            ["deprecationReason"] = c => ((EnumValueDefinition)c.Source!).DeprecationReason,
        });
        Bind(directiveType, new()
        {
            ["name"] = c => ((DirectiveDefinition)c.Source!).Name,
            ["description"] = c => ((DirectiveDefinition)c.Source!).Description,
            ["isRepeatable"] = c => ((DirectiveDefinition)c.Source!).IsRepeatable,
            ["locations"] = c => ((DirectiveDefinition)c.Source!).Locations.Select(l => l.ToSpecName()).ToList(),
            ["args"] = c => ((DirectiveDefinition)c.Source!).Arguments.Where(a => IncludeDeprecated(c) || !a.IsDeprecated).ToList(),
        });

        All = [.. types.Values.Where(t => t.Name.StartsWith("__", StringComparison.Ordinal))];
        SchemaField = new FieldDefinition("__schema", new NonNullType(SchemaType), "Access the current type schema of this server.")
        {
            Resolver = c => new ValueTask<object?>(c.Schema),
        };
        TypeField = new FieldDefinition("__type", TypeType, "Request the type information of a single type.")
        {
            Resolver = c => new ValueTask<object?>(c.Schema.GetType((string)c.Arguments["name"]!)),
        };
        TypeField.AddArgument(new InputValueDefinition("name", new NonNullType(BuiltInScalars.String)));
        TypeNameField = new FieldDefinition("__typename", new NonNullType(BuiltInScalars.String), "The name of the current Object type at runtime.");
    }

    /// <summary>The eight introspection types.</summary>
    public static IReadOnlyList<NamedType> All { get; }

    /// <summary>__Schema.</summary>
    public static ObjectType SchemaType { get; }

    /// <summary>__Type.</summary>
    public static ObjectType TypeType { get; }

    /// <summary>The __schema meta-field of the query root (spec 4.2).</summary>
    public static FieldDefinition SchemaField { get; }

    /// <summary>The __type(name:) meta-field of the query root.</summary>
    public static FieldDefinition TypeField { get; }

    /// <summary>The __typename meta-field available on every object, interface and union.</summary>
    public static FieldDefinition TypeNameField { get; }

    private static Schema S(ResolveContext c) => (Schema)c.Source!;

    private static bool IncludeDeprecated(ResolveContext c) => c.Arguments.TryGetValue("includeDeprecated", out var v) && v is true;

    private static string Kind(GraphQLType type) => type switch
    {
        ScalarType => "SCALAR",
        ObjectType => "OBJECT",
        InterfaceType => "INTERFACE",
        UnionType => "UNION",
        EnumType => "ENUM",
        InputObjectType => "INPUT_OBJECT",
        ListType => "LIST",
        _ => "NON_NULL",
    };

    private static void Bind(ObjectType type, Dictionary<string, Func<ResolveContext, object?>> resolvers)
    {
        foreach (var (name, resolve) in resolvers)
        {
            var field = type.GetField(name) ?? throw new InvalidOperationException($"No field {type.Name}.{name}.");
            field.Resolver = c => new ValueTask<object?>(resolve(c));
        }
    }
}
