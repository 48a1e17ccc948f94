using GeoMonitor.GraphQL.Types;
using GeoMonitor.GraphQL.Utilities;

namespace GeoMonitor.GraphQL.Tests.Types;

public class SchemaBuilderTests
{
    private static SchemaException Invalid(string sdl) => Assert.Throws<SchemaException>(() => SchemaBuilder.FromSdl(sdl).Build());

    [Fact]
    public void Builds_every_type_kind_and_applies_extensions()
    {
        var schema = SchemaBuilder.FromSdl("""
            schema { query: Root }
            type Root { a: A }
            interface I { id: ID! }
            type A implements I { id: ID! }
            extend type A { extra(arg: [Int!] = [1, 2]): String @deprecated }
            extend interface I { id2: ID }
            extend type A implements J { id2: ID }
            interface J { id2: ID }
            union U = A
            extend union U = B
            type B { b: Int }
            enum E { X }
            extend enum E { Y }
            input In { f: Int }
            extend input In { g: String = "d" }
            scalar S
            extend scalar S @specifiedBy(url: "https://example.com/s")
            """).AddSdl("extend type Root { u: U e(v: E = Y): E s: S i(in: In): Int }").Build();
        Assert.Equal("Root", schema.Query!.Name);
        Assert.Null(schema.Mutation);
        var a = (ObjectType)schema.GetType("A")!;
        Assert.Equal(["id", "extra", "id2"], a.Fields.Keys);
        Assert.Equal(["I", "J"], a.Interfaces.Select(i => i.Name));
        Assert.Equal("No longer supported", a.Fields["extra"].DeprecationReason);
        Assert.Equal(new List<object?> { 1, 2 }, a.Fields["extra"].Arguments[0].DefaultValue);
        Assert.Equal(["A", "B"], ((UnionType)schema.GetType("U")!).Types.Select(t => t.Name));
        Assert.Equal(["X", "Y"], ((EnumType)schema.GetType("E")!).Values.Select(v => v.Name));
        Assert.Equal("d", ((InputObjectType)schema.GetType("In")!).Fields["g"].DefaultValue);
        Assert.Equal("https://example.com/s", ((ScalarType)schema.GetType("S")!).SpecifiedByUrl);
        Assert.Equal(["A"], schema.GetPossibleTypes(schema.GetType("I")!).Select(t => t.Name));
        Assert.True(schema.IsSubType(schema.GetType("U")!, schema.GetType("B")!));
    }

    [Fact]
    public void Default_root_type_names_are_used_without_a_schema_definition()
    {
        var schema = SchemaBuilder.FromSdl("type Query { a: Int } type Mutation { b: Int } type Subscription { c: Int }").Build();
        Assert.Equal(("Query", "Mutation", "Subscription"), (schema.Query!.Name, schema.Mutation!.Name, schema.Subscription!.Name));
    }

    [Theory]
    [InlineData("type Query { a: Missing }", "Unknown type \"Missing\".")]
    [InlineData("type Query { a: Int } type Query { b: Int }", "There can be only one type named \"Query\".")]
    [InlineData("type Query { a: Int } extend type Nope { b: Int }", "Cannot extend type \"Nope\" because it is not defined.")]
    [InlineData("type Query { a: Int } extend union Query = Query", "Cannot extend non-object type \"Query\".")]
    [InlineData("type Query { a: Int a: String }", "Field \"Query.a\" can only be defined once.")]
    [InlineData("type Query { a(x: Int = \"no\"): Int }", "Query.a(x:) has invalid default value \"no\".")]
    [InlineData("type T { a: Int }", "Query root type must be provided.")]
    [InlineData("type Query { __a: Int }", "Name \"__a\" must not begin with \"__\", which is reserved by GraphQL introspection.")]
    [InlineData("type Query { a: In } input In { b: Int }", "The type of Query.a must be Output Type but got: In.")]
    [InlineData("type Query { a(x: Query): Int }", "The type of Query.a(x:) must be Input Type but got: Query.")]
    [InlineData("type Query { a: U } union U = Query | I interface I { a: U }", "Union type U can only include Object types, it cannot include I.")]
    [InlineData("type Query { a: E } enum E { A A }", "Enum value \"E.A\" can only be defined once.")]
    [InlineData("type Query { a(x: In): Int } input In { self: In! }", "Cannot reference Input Object \"In\" within itself through a series of non-null fields: \"self\".")]
    [InlineData("type Query { a(x: In): Int } input In { f: Int! @deprecated }", "Required input field In.f cannot be deprecated.")]
    [InlineData("type Query { a(x: Int! @deprecated): Int }", "Required argument Query.a(x:) cannot be deprecated.")]
    [InlineData("directive @d(x: Query) on FIELD type Query { a: Int }", "The type of @d(x:) must be Input Type but got: Query.")]
    public void Rejects_invalid_sdl_with_clear_errors(string sdl, string message) => Assert.Contains(message, Invalid(sdl).Errors);

    [Theory]
    [InlineData("type Query implements I { b: Int } interface I { a: Int }", "Interface field I.a expected but Query does not provide it.")]
    [InlineData("type Query implements I { a: String } interface I { a: Int }", "Interface field I.a expects type Int but Query.a is type String.")]
    [InlineData("type Query implements I { a: Int } interface I { a(x: Int): Int }", "Interface field argument I.a(x:) expected but Query.a does not provide it.")]
    [InlineData("type Query implements I { a(x: String): Int } interface I { a(x: Int): Int }", "Interface field argument I.a(x:) expects type Int but Query.a(x:) is type String.")]
    [InlineData("type Query implements I { a(y: Int!): Int } interface I { a: Int }", "Object field Query.a includes required argument y that is missing from the Interface field I.a.")]
    [InlineData("type Query implements I { a: Int } interface I implements J { a: Int } interface J { a: Int }", "Type Query must implement J because it is implemented by I.")]
    [InlineData("type Query { a: I } interface I implements I { a: Int }", "Type I cannot implement itself because it would create a circular reference.")]
    [InlineData("type Query implements I & I { a: Int } interface I { a: Int }", "Type Query can only implement I once.")]
    public void Checks_interface_implementations(string sdl, string message) => Assert.Contains(message, Invalid(sdl).Errors);

    [Fact]
    public void Covariant_field_types_are_valid_implementations()
    {
        var schema = SchemaBuilder.FromSdl("""
            type Query implements Node { id: ID! self: Query! list: [Query!]! }
            interface Node { id: ID self: Node list: [Node] }
            """).Build();
        Assert.NotNull(schema);
    }

    [Fact]
    public void Bindings_to_unknown_names_fail_the_build()
    {
        var error = Assert.Throws<SchemaException>(() => SchemaBuilder.FromSdl("type Query { a: Int } enum E { X } type Mutation { m: E }")
            .Resolve("Query", "b", _ => 1)
            .Resolve("Nope", "a", _ => 1)
            .ResolveType("Query", (_, _) => null)
            .EnumValue("E", "Y", 1)
            .Build());
        Assert.Equal(
            [
                "Cannot bind resolver: type \"Query\" has no field \"b\".",
                "Cannot bind resolver: \"Nope\" is not an object or interface type in the schema.",
                "Cannot bind type resolver: \"Query\" is not an interface or union in the schema.",
                "Cannot bind enum value: \"E\" has no value \"Y\".",
            ],
            error.Errors);
    }

    [Fact]
    public void Syntax_errors_in_sdl_surface_as_syntax_errors() =>
        Assert.Throws<GeoMonitor.GraphQL.Language.GraphQLSyntaxError>(() => SchemaBuilder.FromSdl("type Query {").Build());

    [Fact]
    public void Executable_definitions_are_not_allowed_in_sdl() =>
        Assert.Contains("The operation definition is not allowed in a schema definition.", Invalid("type Query { a: Int } { a }").Errors);
}
