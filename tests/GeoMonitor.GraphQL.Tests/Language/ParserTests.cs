using GeoMonitor.GraphQL.Language;

namespace GeoMonitor.GraphQL.Tests.Language;

public class ParserTests
{
    private static GraphQLSyntaxError Fails(string text) => Assert.Throws<GraphQLSyntaxError>(() => Parser.Parse(text));

    [Theory]
    [InlineData("{", "Syntax Error: Expected Name, found <EOF>.", 1, 2)]
    [InlineData("", "Syntax Error: Unexpected <EOF>.", 1, 1)]
    [InlineData("{ ...MissingOn }\nfragment MissingOn Type", "Syntax Error: Expected \"on\", found Name \"Type\".", 2, 20)]
    [InlineData("{ field: {} }", "Syntax Error: Expected Name, found \"{\".", 1, 10)]
    [InlineData("notAnOperation Foo { field }", "Syntax Error: Unexpected Name \"notAnOperation\".", 1, 1)]
    [InlineData("...", "Syntax Error: Unexpected \"...\".", 1, 1)]
    [InlineData("{ ...on }", "Syntax Error: Expected Name, found \"}\".", 1, 9)]
    [InlineData("fragment on on on { on }", "Syntax Error: Unexpected Name \"on\".", 1, 10)]
    [InlineData("query Foo($x: Int = $y) { a }", "Syntax Error: Unexpected variable \"$y\" in constant value.", 1, 21)]
    [InlineData("\"desc\" query { a }", "Syntax Error: Unexpected description, descriptions are supported only on type definitions.", 1, 1)]
    [InlineData("type Foo {}", "Syntax Error: Expected Name, found \"}\".", 1, 11)]
    [InlineData("enum E { true }", "Syntax Error: Name \"true\" is reserved and cannot be used for an enum value.", 1, 10)]
    [InlineData("directive @d on UNKNOWN", "Syntax Error: Unexpected Name \"UNKNOWN\".", 1, 17)]
    [InlineData("extend type Foo", "Syntax Error: Unexpected <EOF>.", 1, 16)]
    [InlineData("extend query", "Syntax Error: Unexpected Name \"query\".", 1, 8)]
    [InlineData("{ a(x: ) }", "Syntax Error: Unexpected \")\".", 1, 8)]
    public void Reports_syntax_errors_like_graphql_js(string text, string message, int line, int column)
    {
        var error = Fails(text);
        Assert.Equal(message, error.Message);
        Assert.Equal(new SourceLocation(line, column), error.Locations![0]);
    }

    [Fact]
    public void Parses_operations_with_variables_directives_and_fragments()
    {
        var document = Parser.Parse("""
            query Q($id: ID! = "4", $list: [Int!] @dir) @op {
              alias: node(id: $id) @skip(if: false) { ...F ... on User { name } ... @include(if: true) { id } }
            }
            fragment F on Node { id }
            subscription S { event }
            mutation M { do(input: {a: [1, 2.5, "s", true, null, ENUM, $v]}) }
            """);
        var query = Assert.IsType<OperationDefinitionNode>(document.Definitions[0]);
        Assert.Equal(OperationType.Query, query.Operation);
        Assert.Equal("Q", query.Name!.Value);
        Assert.Equal(2, query.VariableDefinitions.Count);
        Assert.IsType<NonNullTypeNode>(query.VariableDefinitions[0].Type);
        Assert.Equal("4", Assert.IsType<StringValueNode>(query.VariableDefinitions[0].DefaultValue).Value);
        Assert.Equal("dir", query.VariableDefinitions[1].Directives[0].Name.Value);
        var field = Assert.IsType<FieldNode>(query.SelectionSet.Selections[0]);
        Assert.Equal(("alias", "node"), (field.Alias!.Value, field.Name.Value));
        Assert.Collection(field.SelectionSet!.Selections,
            s => Assert.Equal("F", Assert.IsType<FragmentSpreadNode>(s).Name.Value),
            s => Assert.Equal("User", Assert.IsType<InlineFragmentNode>(s).TypeCondition!.Name.Value),
            s => Assert.Null(Assert.IsType<InlineFragmentNode>(s).TypeCondition));
        Assert.IsType<FragmentDefinitionNode>(document.Definitions[1]);
        Assert.Equal(OperationType.Subscription, ((OperationDefinitionNode)document.Definitions[2]).Operation);
        var mutation = (OperationDefinitionNode)document.Definitions[3];
        var list = (ListValueNode)((ObjectValueNode)((FieldNode)mutation.SelectionSet.Selections[0]).Arguments[0].Value).Fields[0].Value;
        Assert.Equal(
            [typeof(IntValueNode), typeof(FloatValueNode), typeof(StringValueNode), typeof(BooleanValueNode), typeof(NullValueNode), typeof(EnumValueNode), typeof(VariableNode)],
            list.Values.Select(v => v.GetType()));
    }

    [Fact]
    public void Records_locations()
    {
        var document = Parser.Parse("{\n  user {\n    name\n  }\n}");
        var user = (FieldNode)((OperationDefinitionNode)document.Definitions[0]).SelectionSet.Selections[0];
        Assert.Equal(new SourceLocation(2, 3), user.Location!.StartLocation);
        Assert.Equal((4, 23), (user.Location.Start, user.Location.End));
        var name = (FieldNode)user.SelectionSet!.Selections[0];
        Assert.Equal(new SourceLocation(3, 5), name.Location!.StartLocation);
    }

    [Fact]
    public void NoLocation_option_skips_locations() =>
        Assert.Null(Parser.Parse("{ a }", new ParserOptions { NoLocation = true }).Location);

    [Fact]
    public void Keywords_are_valid_names() =>
        Parser.Parse("query query { fragment on: query subscription mutation type(type: null, true: false) { id } }");

    [Fact]
    public void Parses_type_system_definitions_and_extensions()
    {
        var document = Parser.Parse(""""
            "Schema description"
            schema @a { query: Q mutation: M }
            extend schema @b { subscription: S }
            "Scalar" scalar Date @specifiedBy(url: "x")
            extend scalar Date @c
            """
            Block description
            """
            type T implements & A & B @d {
              "field" f("arg" a: Int = 1 @deprecated, b: [String!]!): String @deprecated(reason: "no")
            }
            extend type T implements C { g: Int }
            interface A implements B { f(a: Int, b: [String!]!): String }
            extend interface A @e
            union U = | T | X
            extend union U = Y
            enum E { "v" ONE @deprecated TWO }
            extend enum E { THREE }
            input I { a: Int = 2 @deprecated b: I }
            extend input I { c: String }
            directive @rep(a: Int) repeatable on FIELD | QUERY
            directive @once on | SCALAR
            """");
        Assert.Equal(16, document.Definitions.Count);
        var type = Assert.IsType<ObjectTypeDefinitionNode>(document.Definitions[4]);
        Assert.Equal("Block description", type.Description!.Value);
        Assert.True(type.Description.Block);
        Assert.Equal(["A", "B"], type.Interfaces.Select(i => i.Name.Value));
        Assert.Equal("arg", type.Fields[0].Arguments[0].Description!.Value);
        var union = Assert.IsType<UnionTypeDefinitionNode>(document.Definitions[8]);
        Assert.Equal(["T", "X"], union.Types.Select(t => t.Name.Value));
        var directive = Assert.IsType<DirectiveDefinitionNode>(document.Definitions[14]);
        Assert.True(directive.Repeatable);
        Assert.Equal(["FIELD", "QUERY"], directive.Locations.Select(l => l.Value));
        Assert.False(Assert.IsType<DirectiveDefinitionNode>(document.Definitions[15]).Repeatable);
        Assert.IsType<InputObjectTypeExtensionNode>(document.Definitions[13]);
    }

    [Fact]
    public void ParseValue_and_ParseType_parse_fragments_of_the_grammar()
    {
        Assert.IsType<ListValueNode>(Parser.ParseValue("[1, $v, {a: \"b\"}]"));
        var type = Assert.IsType<NonNullTypeNode>(Parser.ParseType("[String!]!"));
        Assert.IsType<ListTypeNode>(type.Type);
        Assert.Throws<GraphQLSyntaxError>(() => Parser.ParseType("[String"));
    }

    [Fact]
    public void Deeply_nested_documents_parse()
    {
        var text = string.Concat(Enumerable.Repeat("{ a ", 200)) + string.Concat(Enumerable.Repeat("}", 200));
        Assert.Single(Parser.Parse(text).Definitions);
    }
}

public class ParserNestingTests
{
    [Theory]
    [InlineData("", "{ a ", " }", "")]
    [InlineData("{ f(x: ", "[", "]", ") }")]
    [InlineData("{ f(x: ", "{a: ", "}", ") }")]
    [InlineData("query($v: ", "[", "]", ") { a }")]
    public void Hostile_nesting_is_a_syntax_error_not_a_stack_overflow(string prefix, string open, string close, string suffix)
    {
        var middle = open == "[" && suffix.Contains("{ a }", StringComparison.Ordinal) ? "Int" : open == "{a: " ? "1" : string.Empty;
        var text = prefix + string.Concat(Enumerable.Repeat(open, 100_000)) + middle + string.Concat(Enumerable.Repeat(close, 100_000)) + suffix;
        var error = Assert.Throws<GraphQLSyntaxError>(() => Parser.Parse(text));
        Assert.Equal("Syntax Error: Document is nested more than 256 levels deep.", error.Message);
    }
}
