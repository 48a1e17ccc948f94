using System.Text.Json;
using GeoMonitor.GraphQL.Limits;

namespace GeoMonitor.GraphQL.Tests.Introspection;

public class IntrospectionTests
{
    private static readonly GeoMonitor.GraphQL.Types.Schema Schema = TestSchema.Build();

    private static async Task<JsonElement> Query(string query)
    {
        var result = await GraphQLEngine.ExecuteAsync(Schema, new GraphQLRequest { Query = query });
        Assert.Null(result.Errors);
        return JsonDocument.Parse(result.ToJson()).RootElement.GetProperty("data");
    }

    private static JsonElement Type(JsonElement data, string name) =>
        data.GetProperty("__schema").GetProperty("types").EnumerateArray().Single(t => t.GetProperty("name").GetString() == name);

    [Fact]
    public async Task Full_introspection_query_runs_within_default_limits()
    {
        var result = await GraphQLEngine.ExecuteAsync(Schema, new GraphQLRequest { Query = IntrospectionQuery.Text },
            new ExecutionOptions { Limits = GraphQLLimits.Default });
        Assert.Null(result.Errors);
        var data = JsonDocument.Parse(result.ToJson()).RootElement.GetProperty("data").GetProperty("__schema");
        Assert.Equal("Query", data.GetProperty("queryType").GetProperty("name").GetString());
        Assert.Equal("Mutation", data.GetProperty("mutationType").GetProperty("name").GetString());
        Assert.Equal("Subscription", data.GetProperty("subscriptionType").GetProperty("name").GetString());
        var names = data.GetProperty("types").EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "Query", "Dog", "Pet", "Node", "SearchResult", "Species", "PetFilter", "DateTime", "String", "Boolean", "Int", "Float", "ID",
            "__Schema", "__Type", "__TypeKind", "__Field", "__InputValue", "__EnumValue", "__Directive", "__DirectiveLocation" }, names);
    }

    [Fact]
    public async Task Interfaces_possible_types_and_interface_inheritance_are_exposed()
    {
        var data = await Query(IntrospectionQuery.Text);
        Assert.Equal(["Pet", "Node"], Type(data, "Dog").GetProperty("interfaces").EnumerateArray().Select(i => i.GetProperty("name").GetString()));
        Assert.Equal(["Node"], Type(data, "Pet").GetProperty("interfaces").EnumerateArray().Select(i => i.GetProperty("name").GetString()));
        Assert.Equal(["Dog", "Cat"], Type(data, "Pet").GetProperty("possibleTypes").EnumerateArray().Select(i => i.GetProperty("name").GetString()));
        Assert.Equal(["Dog", "Cat", "Person"], Type(data, "SearchResult").GetProperty("possibleTypes").EnumerateArray().Select(i => i.GetProperty("name").GetString()));
        Assert.Equal(JsonValueKind.Null, Type(data, "Dog").GetProperty("possibleTypes").ValueKind);
        Assert.Equal(JsonValueKind.Null, Type(data, "Species").GetProperty("fields").ValueKind);
    }

    [Fact]
    public async Task Type_references_unwrap_through_ofType()
    {
        var data = await Query("{ __type(name: \"Dog\") { fields { name type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }");
        var tricks = data.GetProperty("__type").GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "tricks");
        Assert.Equal("""{"kind":"NON_NULL","name":null,"ofType":{"kind":"LIST","name":null,"ofType":{"kind":"NON_NULL","name":null,"ofType":{"kind":"SCALAR","name":"String"}}}}""",
            tricks.GetProperty("type").GetRawText());
    }

    [Fact]
    public async Task Deprecated_members_are_hidden_unless_asked_for()
    {
        var data = await Query("""
            {
              q: __type(name: "Query") { fields { name } all: fields(includeDeprecated: true) { name isDeprecated deprecationReason } }
              e: __type(name: "Species") { enumValues { name } all: enumValues(includeDeprecated: true) { name isDeprecated deprecationReason } }
            }
            """);
        Assert.DoesNotContain("legacy", data.GetProperty("q").GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("name").GetString()));
        var legacy = data.GetProperty("q").GetProperty("all").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "legacy");
        Assert.True(legacy.GetProperty("isDeprecated").GetBoolean());
        Assert.Equal("use pets", legacy.GetProperty("deprecationReason").GetString());
        Assert.Equal(["DOG", "CAT"], data.GetProperty("e").GetProperty("enumValues").EnumerateArray().Select(v => v.GetProperty("name").GetString()));
        Assert.Equal(3, data.GetProperty("e").GetProperty("all").GetArrayLength());
    }

    [Fact]
    public async Task Deprecated_arguments_and_input_fields_need_includeDeprecated()
    {
        var schema = GeoMonitor.GraphQL.Utilities.SchemaBuilder.FromSdl("""
            type Query { f(old: Int @deprecated(reason: "x"), new: Int): Int }
            input I { a: Int b: Int @deprecated }
            type Mutation { m(i: I): Int }
            """).Build();
        var result = await GraphQLEngine.ExecuteAsync(schema, new GraphQLRequest { Query = """
            {
              q: __type(name: "Query") { fields { args { name } all: args(includeDeprecated: true) { name isDeprecated deprecationReason } } }
              i: __type(name: "I") { inputFields { name } all: inputFields(includeDeprecated: true) { name deprecationReason } }
            }
            """ });
        Assert.Equal(
            """{"data":{"q":{"fields":[{"args":[{"name":"new"}],"all":[{"name":"old","isDeprecated":true,"deprecationReason":"x"},{"name":"new","isDeprecated":false,"deprecationReason":null}]}]},"i":{"inputFields":[{"name":"a"}],"all":[{"name":"a","deprecationReason":null},{"name":"b","deprecationReason":"No longer supported"}]}}}""",
            result.ToJson());
    }

    [Fact]
    public async Task Directives_scalars_and_default_values_are_described()
    {
        var data = await Query(IntrospectionQuery.Text);
        var directives = data.GetProperty("__schema").GetProperty("directives").EnumerateArray().ToDictionary(d => d.GetProperty("name").GetString()!);
        Assert.Equal(["include", "skip", "deprecated", "specifiedBy"], directives.Keys);
        Assert.Equal(["FIELD", "FRAGMENT_SPREAD", "INLINE_FRAGMENT"], directives["skip"].GetProperty("locations").EnumerateArray().Select(l => l.GetString()));
        Assert.False(directives["skip"].GetProperty("isRepeatable").GetBoolean());
        Assert.Equal("\"No longer supported\"", directives["deprecated"].GetProperty("args")[0].GetProperty("defaultValue").GetString());
        Assert.Equal("https://tools.ietf.org/html/rfc3339", Type(data, "DateTime").GetProperty("specifiedByURL").GetString());
        var filter = Type(data, "PetFilter").GetProperty("inputFields").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!);
        Assert.Equal("0", filter["minLives"].GetProperty("defaultValue").GetString());
        Assert.Equal(JsonValueKind.Null, filter["nameContains"].GetProperty("defaultValue").ValueKind);
        var person = Type(data, "Person").GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "pets");
        Assert.Equal("10", person.GetProperty("args")[1].GetProperty("defaultValue").GetString());
        Assert.Equal("Anything with an id", Type(data, "Node").GetProperty("description").GetString());
    }

    [Fact]
    public async Task Repeatable_directives_are_flagged()
    {
        var schema = GeoMonitor.GraphQL.Utilities.SchemaBuilder.FromSdl("directive @tag(name: String!) repeatable on FIELD_DEFINITION type Query { a: Int @tag(name: \"x\") @tag(name: \"y\") }").Build();
        var result = await GraphQLEngine.ExecuteAsync(schema, new GraphQLRequest { Query = "{ __schema { directives { name isRepeatable } } }" });
        Assert.Contains("{\"name\":\"tag\",\"isRepeatable\":true}", result.ToJson());
    }

    [Fact]
    public async Task Typename_and_unknown_type_lookups()
    {
        var data = await Query("{ __typename dog { __typename } t: __type(name: \"Nope\") { name } }");
        Assert.Equal("""{"__typename":"Query","dog":{"__typename":"Dog"},"t":null}""", data.GetRawText());
    }
}
