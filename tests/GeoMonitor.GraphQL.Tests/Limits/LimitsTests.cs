using GeoMonitor.GraphQL.Language;
using GeoMonitor.GraphQL.Limits;

namespace GeoMonitor.GraphQL.Tests.Limits;

public class LimitsTests
{
    private static readonly GeoMonitor.GraphQL.Types.Schema Schema = TestSchema.Build();

    private static GraphQLError Rejected(string query, GraphQLLimits limits, object? variables = null)
    {
        var vars = variables is null ? null : System.Text.Json.JsonSerializer.SerializeToElement(variables).EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value);
        var prepared = GraphQLEngine.Prepare(Schema, new GraphQLRequest { Query = query, Variables = vars }, limits);
        Assert.Null(prepared.Operation);
        return Assert.Single(prepared.Errors!);
    }

    [Fact]
    public void Depth_limit_is_checked_before_execution()
    {
        var error = Rejected("{ person(id: \"p1\") { friends { friends { friends { name } } } } }", GraphQLLimits.None with { MaxDepth = 4 });
        Assert.Equal("Query depth 5 exceeds the maximum allowed depth of 4.", error.Message);
        Assert.Equal(LimitErrorCodes.TooDeep, error.Extensions!["code"]);
        Assert.NotNull(GraphQLEngine.Prepare(Schema, new GraphQLRequest { Query = "{ person(id: \"p1\") { friends { friends { name } } } }" }, GraphQLLimits.None with { MaxDepth = 4 }).Operation);
    }

    [Fact]
    public void Depth_counts_through_fragments()
    {
        var error = Rejected("{ person(id: \"p1\") { ...A } } fragment A on Person { friends { ...B } } fragment B on Person { friends { name } }", GraphQLLimits.None with { MaxDepth = 3 });
        Assert.Equal("Query depth 4 exceeds the maximum allowed depth of 3.", error.Message);
    }

    [Fact]
    public void List_fields_multiply_cost_by_page_size_argument_or_default()
    {
        var limits = GraphQLLimits.None with { MaxCost = 100, DefaultListSize = 10 };
        // person (1) + pets(first: 50): 1 + 50 * (name 1) = 52 -> fits; with friends (default 10) x pets(first: 50) it does not.
        Assert.NotNull(GraphQLEngine.Prepare(Schema, new GraphQLRequest { Query = "{ person(id: \"p1\") { pets(first: 50) { name } } }" }, limits).Operation);
        var error = Rejected("{ person(id: \"p1\") { friends { pets(first: 50) { name } } } }", limits);
        Assert.Equal("Query cost 512 exceeds the maximum allowed cost of 100.", error.Message);
        Assert.Equal(LimitErrorCodes.TooCostly, error.Extensions!["code"]);
    }

    [Fact]
    public void Page_size_can_come_from_a_variable()
    {
        var error = Rejected("query Q($n: Int) { pets(limit: $n) { name owner { friends { name } } } }", GraphQLLimits.None with { MaxCost = 1000 }, new { n = 500 });
        Assert.StartsWith("Query cost ", error.Message);
    }

    [Fact]
    public void Document_size_is_limited()
    {
        var error = Rejected("{ dog { name } }" + new string(' ', 200), GraphQLLimits.None with { MaxDocumentLength = 100 });
        Assert.Equal("Document of 216 characters exceeds the maximum of 100.", error.Message);
        Assert.Equal(LimitErrorCodes.DocumentTooLarge, error.Extensions!["code"]);
    }

    [Fact]
    public void Token_count_is_limited_while_parsing()
    {
        var query = "{ " + string.Join(" ", Enumerable.Repeat("__typename", 100)) + " }";
        var error = Rejected(query, GraphQLLimits.None with { MaxTokens = 50 });
        Assert.Equal("Syntax Error: Document contains more than 50 tokens. Parsing aborted.", error.Message);
        Assert.Equal(LimitErrorCodes.TooManyTokens, error.Extensions!["code"]);
    }

    [Fact]
    public void Complexity_is_measured_per_operation()
    {
        var document = Parser.Parse("{ pets(limit: 3) { name owner { name } } }");
        var operation = (OperationDefinitionNode)document.Definitions[0];
        var complexity = OperationComplexity.Measure(Schema, operation, new Dictionary<string, FragmentDefinitionNode>(), null, GraphQLLimits.Default);
        Assert.Equal(new OperationComplexity(3, 1 + 3 * (1 + 1 + 1)), complexity);
    }

    [Fact]
    public void A_connections_page_size_sizes_its_edges()
    {
        // Relay connections are objects, not lists: `first` on the connection must size the `edges` list below it,
        // or nested pages would be costed at the default list size and a 1000 × 1000 query would slip through.
        var schema = Utilities.SchemaBuilder.FromSdl("""
            type Query { items(first: Int): ItemConnection! }
            type ItemConnection { edges: [ItemEdge!]! total: Int }
            type ItemEdge { node: Item! }
            type Item { id: ID! children(first: Int): ItemConnection! }
            """).Build();
        var document = Parser.Parse("{ items(first: 100) { total edges { node { id children(first: 50) { edges { node { id } } } } } } }");
        var operation = (OperationDefinitionNode)document.Definitions[0];
        var complexity = OperationComplexity.Measure(schema, operation, new Dictionary<string, FragmentDefinitionNode>(), null, GraphQLLimits.Default);
        // items 1 + total 1 + edges (1 + 100 × (node 1 + id 1 + children (1 + edges (1 + 50 × (node 1 + id 1)))))
        Assert.Equal(1 + 1 + 1 + 100L * (1 + 1 + 1 + 1 + 50 * 2), complexity.Cost);
    }

    [Fact]
    public void Fragment_bombs_do_not_explode_the_measurement()
    {
        var fragments = string.Concat(Enumerable.Range(0, 30).Select(i => $"fragment F{i} on Person {{ ...F{i + 1} ...F{i + 1} }} "));
        var query = "{ person(id: \"p1\") { ...F0 } } " + fragments + "fragment F30 on Person { name }";
        var error = Rejected(query, GraphQLLimits.None with { MaxCost = 10_000 });
        Assert.StartsWith("Query cost ", error.Message);
    }
}

public class IntrospectionDepthTests
{
    [Fact]
    public void Nested_introspection_lists_are_limited()
    {
        var schema = TestSchema.Build();
        var query = "{ __schema { types { fields { type { fields { type { fields { type { fields { name } } } } } } } } } }";
        var prepared = GraphQLEngine.Prepare(schema, new GraphQLRequest { Query = query }, GraphQLLimits.Default);
        var error = Assert.Single(prepared.Errors!);
        Assert.Equal(LimitErrorCodes.IntrospectionTooDeep, error.Extensions!["code"]);
        Assert.Equal("Introspection lists are nested 4 deep; the maximum is 3.", error.Message);
    }
}
