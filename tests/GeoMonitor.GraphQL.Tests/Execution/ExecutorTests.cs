using System.Text.Json;
using GeoMonitor.GraphQL.Execution;

namespace GeoMonitor.GraphQL.Tests.Execution;

public class ExecutorTests
{
    private static readonly GeoMonitor.GraphQL.Types.Schema Schema = TestSchema.Build();

    private static Task<string> Run(string query, object? variables = null, string? operationName = null) =>
        TestSchema.RunAsync(Schema, query, variables, operationName);

    [Fact]
    public async Task Response_keys_follow_selection_order_with_fragments_merged()
    {
        var json = await Run("{ dog { tricks ...F name ... on Dog { id tricks } alias: name } } fragment F on Dog { id species }");
        Assert.Equal("""{"data":{"dog":{"tricks":["sit","roll"],"id":"d1","species":"DOG","name":"Rex","alias":"Rex"}}}""", json);
    }

    [Fact]
    public async Task Abstract_types_resolve_through_typename_and_type_conditions()
    {
        var json = await Run("{ search(term: \"o\") { __typename ... on Pet { name } ... on Cat { lives } ... on Person { age } } }");
        Assert.Equal(
            """{"data":{"search":[{"__typename":"Dog","name":"Fido"},{"__typename":"Cat","name":"Tom","lives":9},null]}}""",
            json);
    }

    [Fact]
    public async Task Skip_and_include_use_variables()
    {
        var json = await Run(
            "query Q($yes: Boolean!, $no: Boolean = false) { dog { name @skip(if: $yes) id @include(if: $yes) ... @include(if: $no) { tricks } ...F @skip(if: $no) } } fragment F on Dog { species }",
            new { yes = true });
        Assert.Equal("""{"data":{"dog":{"id":"d1","species":"DOG"}}}""", json);
    }

    [Fact]
    public async Task Field_errors_have_message_locations_path_and_extensions()
    {
        var json = await Run("{ dog { name } failing }");
        Assert.Equal(
            """{"errors":[{"message":"boom","locations":[{"line":1,"column":16}],"path":["failing"],"extensions":{"code":"BOOM"}}],"data":{"dog":{"name":"Rex"},"failing":null}}""",
            json);
    }

    [Fact]
    public async Task Null_in_non_null_root_field_nulls_the_data()
    {
        var json = await Run("{ dog { name } failingNonNull }");
        Assert.Equal(
            """{"errors":[{"message":"Cannot return null for non-nullable field Query.failingNonNull.","locations":[{"line":1,"column":16}],"path":["failingNonNull"]}],"data":null}""",
            json);
    }

    [Fact]
    public async Task Null_propagates_to_the_nearest_nullable_parent()
    {
        var schema = TestSchema.Build(b => b.Resolve("Dog", "name", ctx => (string?)((IDictionary<string, object?>)ctx.Source!)["id"] == "d2" ? null : "ok"));
        var json = await TestSchema.RunAsync(schema, "{ pets { id name } person(id: \"p2\") { pets { name } name } }");
        using var doc = JsonDocument.Parse(json);
        // Dog.name is String!, the item Pet!, the list [Pet!]! and Query.pets non-null too: the null reaches the root.
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("data").ValueKind);
        // One error, as graphql-js 16.15 gives: the failure ends the list and the root object at once, so neither the
        // third pet nor the sibling field person (whose d2 would fail too) is executed.
        var errors = doc.RootElement.GetProperty("errors");
        Assert.Equal(1, errors.GetArrayLength());
        Assert.Equal("""["pets",1,"name"]""", errors[0].GetProperty("path").GetRawText());
    }

    [Fact]
    public async Task Null_stops_at_nullable_field()
    {
        var schema = TestSchema.Build(b => b.Resolve("Dog", "name", _ => null));
        var json = await TestSchema.RunAsync(schema, "{ dog { id name } cat { name } }");
        Assert.Equal(
            """{"errors":[{"message":"Cannot return null for non-nullable field Dog.name.","locations":[{"line":1,"column":12}],"path":["dog","name"]}],"data":{"dog":null,"cat":{"name":"Tom"}}}""",
            json);
    }

    [Fact]
    public async Task Null_item_in_list_of_nullable_items_stays_local()
    {
        var schema = TestSchema.Build(b => b.Resolve("Person", "friends", _ => new object?[] { null, new Dictionary<string, object?> { ["name"] = null } }));
        var json = await TestSchema.RunAsync(schema, "{ person(id: \"p1\") { friends { name } } }");
        Assert.Equal(
            """{"errors":[{"message":"Cannot return null for non-nullable field Person.name.","locations":[{"line":1,"column":32}],"path":["person","friends",1,"name"]}],"data":{"person":{"friends":[null,null]}}}""",
            json);
    }

    [Fact]
    public async Task Result_coercion_errors_are_field_errors()
    {
        var schema = TestSchema.Build(b => b.Resolve("Person", "age", _ => 3_000_000_000L).Resolve("Dog", "barkVolume", _ => "loud"));
        var json = await TestSchema.RunAsync(schema, "{ person(id: \"p1\") { age } dog { barkVolume } }");
        Assert.Contains("Int cannot represent non 32-bit signed integer value: 3000000000", json);
        Assert.Contains("Int cannot represent non-integer value: \\\"loud\\\"", json);
        Assert.Contains("\"data\":{\"person\":{\"age\":null},\"dog\":{\"barkVolume\":null}}", json);
    }

    [Fact]
    public async Task Non_iterable_for_list_is_a_field_error()
    {
        var schema = TestSchema.Build(b => b.Resolve("Person", "friends", _ => 5));
        var json = await TestSchema.RunAsync(schema, "{ person(id: \"p1\") { friends { name } } }");
        Assert.Contains("Expected Iterable, but did not find one for field \\\"Person.friends\\\".", json);
    }

    [Fact]
    public async Task Unresolvable_abstract_type_is_a_field_error()
    {
        var schema = TestSchema.Build(b => b.Resolve("Query", "node", _ => new { id = "x" }));
        var json = await TestSchema.RunAsync(schema, "{ node(id: \"x\") { id } }");
        Assert.Contains("Abstract type \\\"Node\\\" must resolve to an Object type at runtime for field \\\"Query.node\\\"", json);
    }

    [Fact]
    public async Task Resolver_exceptions_become_errors_with_the_exception_message()
    {
        var schema = TestSchema.Build(b => b.Resolve("Query", "legacy", _ => throw new InvalidOperationException("db down")));
        var json = await TestSchema.RunAsync(schema, "{ legacy }");
        Assert.Equal("""{"errors":[{"message":"db down","locations":[{"line":1,"column":3}],"path":["legacy"]}],"data":{"legacy":null}}""", json);
    }

    [Fact]
    public async Task Async_resolvers_are_awaited_and_siblings_overlap()
    {
        // Each resolver waits until both have started: run one after the other, they would time out.
        var started = 0;
        var bothStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task<string> Resolve(string value)
        {
            if (Interlocked.Increment(ref started) == 2) bothStarted.SetResult();
            await bothStarted.Task.WaitAsync(TimeSpan.FromSeconds(5));
            await Task.Delay(10);
            return value;
        }
        var schema = TestSchema.Build(b => b
            .Resolve("Query", "legacy", _ => Resolve("slow"))
            .Resolve("Query", "now", _ => Resolve("2024-01-01")));
        Assert.Equal("""{"data":{"legacy":"slow","now":"2024-01-01"}}""", await TestSchema.RunAsync(schema, "{ legacy now }"));
    }

    [Fact]
    public async Task Resolver_returning_a_task_as_object_is_awaited()
    {
        var schema = TestSchema.Build(b => b.Resolve("Query", "legacy", _ => Task.FromResult("from task")));
        Assert.Equal("""{"data":{"legacy":"from task"}}""", await TestSchema.RunAsync(schema, "{ legacy }"));
    }

    [Fact]
    public async Task Mutation_fields_run_serially_in_order()
    {
        var log = new List<string>();
        var schema = TestSchema.Build(b => b.Resolve<object?>("Mutation", "rename", async ctx =>
        {
            var name = (string)ctx.Arguments["name"]!;
            log.Add("start " + name);
            await Task.Delay(name == "first" ? 100 : 1);
            log.Add("end " + name);
            return new Dictionary<string, object?> { ["__typename"] = "Cat", ["id"] = "c", ["name"] = name };
        }));
        var json = await TestSchema.RunAsync(schema, "mutation { b: rename(id: \"1\", name: \"first\") { name } a: rename(id: \"1\", name: \"second\") { name } }");
        Assert.Equal("""{"data":{"b":{"name":"first"},"a":{"name":"second"}}}""", json);
        Assert.Equal(["start first", "end first", "start second", "end second"], log);
    }

    [Fact]
    public async Task Default_resolver_reads_clr_properties_ignoring_case_and_json_elements()
    {
        var schema = TestSchema.Build(b => b
            .Resolve("Query", "dog", _ => new ClrDog { ID = "d9", NAME = "Clr", Species = "DOG", Tricks = ["x"] })
            .MapClrType<ClrDog>("Dog")
            .Resolve("Query", "cat", _ => JsonDocument.Parse("""{"__typename":"Cat","id":"c9","name":"Json","species":"CAT","lives":7,"owner":null}""").RootElement));
        var json = await TestSchema.RunAsync(schema, "{ dog { id name species tricks } cat { name lives owner { name } } node(id: \"p1\") { id } }");
        Assert.Equal("""{"data":{"dog":{"id":"d9","name":"Clr","species":"DOG","tricks":["x"]},"cat":{"name":"Json","lives":7,"owner":null},"node":{"id":"p1"}}}""", json);
    }

    [Fact]
    public async Task Abstract_types_resolve_through_clr_mapping_type_resolvers_and_isTypeOf()
    {
        var viaResolver = TestSchema.Build(b => b
            .Resolve("Query", "node", _ => new ClrDog { ID = "d" })
            .ResolveType("Node", (v, _) => v is ClrDog ? "Dog" : null));
        Assert.Equal("""{"data":{"node":{"__typename":"Dog"}}}""", await TestSchema.RunAsync(viaResolver, "{ node(id: \"1\") { __typename } }"));
        var viaIsTypeOf = TestSchema.Build(b => b
            .Resolve("Query", "node", _ => new ClrDog { ID = "d" })
            .IsTypeOf("Dog", v => v is ClrDog)
            .IsTypeOf("Cat", _ => false)
            .IsTypeOf("Person", _ => false));
        Assert.Equal("""{"data":{"node":{"__typename":"Dog"}}}""", await TestSchema.RunAsync(viaIsTypeOf, "{ node(id: \"1\") { __typename } }"));
        var wrongType = TestSchema.Build(b => b.Resolve("Query", "node", _ => new ClrDog()).ResolveType("Node", (_, _) => "SearchResult"));
        Assert.Contains("was resolved to a non-object type \\\"SearchResult\\\"", await TestSchema.RunAsync(wrongType, "{ node(id: \"1\") { __typename } }"));
    }

    [Fact]
    public async Task Clr_enums_bind_to_graphql_enums()
    {
        var schema = TestSchema.Build(b => b
            .BindEnum<PetKind>("Species")
            .Resolve("Query", "dog", _ => new Dictionary<string, object?> { ["name"] = "x", ["species"] = PetKind.Dog })
            .Resolve("Query", "echo", ctx => ctx.Arguments["species"] is PetKind k ? "clr:" + k : "not bound"));
        Assert.Equal("""{"data":{"dog":{"species":"DOG"},"echo":"clr:Cat"}}""", await TestSchema.RunAsync(schema, "{ dog { species } echo(species: CAT, nn: \"x\") }"));
    }

    [Fact]
    public async Task Custom_scalars_use_their_coercion_functions()
    {
        var schema = TestSchema.Build(b => b
            .Scalar("DateTime",
                v => ((DateTimeOffset)v).ToUnixTimeSeconds(),
                v => DateTimeOffset.FromUnixTimeSeconds(Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture)),
                (node, _) => DateTimeOffset.FromUnixTimeSeconds(long.Parse(((GeoMonitor.GraphQL.Language.IntValueNode)node).Value, System.Globalization.CultureInfo.InvariantCulture)))
            .Resolve("Query", "now", _ => DateTimeOffset.FromUnixTimeSeconds(42)));
        Assert.Equal("""{"data":{"now":42}}""", await TestSchema.RunAsync(schema, "{ now }"));
    }

    [Fact]
    public async Task Operation_name_selects_the_operation()
    {
        Assert.Equal("""{"data":{"dog":{"name":"Rex"}}}""", await Run("query A { cat { name } } query B { dog { name } }", operationName: "B"));
        Assert.Equal("""{"errors":[{"message":"Must provide operation name if query contains multiple operations."}]}""", await Run("query A { cat { name } } query B { dog { name } }"));
        Assert.Equal("""{"errors":[{"message":"Unknown operation named \"C\"."}]}""", await Run("query A { cat { name } }", operationName: "C"));
    }

    [Fact]
    public async Task Missing_root_type_is_a_request_error() =>
        Assert.Contains("Schema is not configured to execute mutation operation.",
            await TestSchema.RunAsync(GeoMonitor.GraphQL.Utilities.SchemaBuilder.FromSdl("type Query { a: Int }").Build(), "mutation { a }"));

    [Fact]
    public async Task Results_expose_data_as_ordered_dictionaries()
    {
        var result = await GraphQLEngine.ExecuteAsync(Schema, new GraphQLRequest { Query = "{ dog { name id } }" });
        var dog = (IReadOnlyDictionary<string, object?>)result.Data!["dog"]!;
        Assert.Equal(["name", "id"], dog.Keys);
        Assert.Equal("Rex", dog["name"]);
        Assert.True(result.HasData);
        Assert.Null(result.Errors);
    }

    public sealed class ClrDog
    {
        public string? ID { get; init; }
        public string? NAME { get; init; }
        public string? Species { get; init; }
        public List<string> Tricks { get; init; } = [];
    }

    public enum PetKind { Dog, Cat, Bird }
}

public class DocumentCacheTests
{
    [Fact]
    public void Repeated_queries_reuse_the_parsed_document_and_its_validation()
    {
        var schema = TestSchema.Build();
        var first = GraphQLEngine.Prepare(schema, new GraphQLRequest { Query = "{ dog { name } }" });
        var second = GraphQLEngine.Prepare(schema, new GraphQLRequest { Query = "{ dog { name } }" });
        Assert.Same(first.Operation!.Document, second.Operation!.Document);
        var uncached = GraphQLEngine.Prepare(schema, new GraphQLRequest { Query = "{ dog { name } }" }, useDocumentCache: false);
        Assert.NotSame(first.Operation.Document, uncached.Operation!.Document);
        var invalid = GraphQLEngine.Prepare(schema, new GraphQLRequest { Query = "{ dog { nope } }" });
        var invalidAgain = GraphQLEngine.Prepare(schema, new GraphQLRequest { Query = "{ dog { nope } }" });
        Assert.Equal(invalid.Errors!.Single().Message, invalidAgain.Errors!.Single().Message);
        // A stricter token limit is not bypassed by a document cached under a looser one.
        var strict = GraphQLEngine.Prepare(schema, new GraphQLRequest { Query = "{ dog { name } }" }, GeoMonitor.GraphQL.Limits.GraphQLLimits.Default with { MaxTokens = 3 });
        Assert.Equal("MAX_TOKENS_EXCEEDED", strict.Errors!.Single().Extensions!["code"]);
    }
}
