namespace GeoMonitor.GraphQL.Tests.Execution;

public class VariableCoercionTests
{
    private static readonly GeoMonitor.GraphQL.Types.Schema Schema = TestSchema.Build();

    private static Task<string> Echo(string varDefs, string args, object? variables = null) =>
        TestSchema.RunAsync(Schema, $"query Q{varDefs} {{ echo{args} }}", variables);

    [Fact]
    public async Task Literal_arguments_are_coerced() =>
        Assert.Equal("""{"data":{"echo":"value=s,int=-3,float=2,bool=true,id=7,species=CAT,list=[1,2],nn=x"}}""",
            await Echo("", "(value: \"s\", int: -3, float: 2, bool: true, id: 7, species: CAT, list: [1, 2], nn: \"x\")"));

    [Fact]
    public async Task Absent_optional_arguments_are_absent_and_explicit_null_is_null() =>
        Assert.Equal("""{"data":{"echo":"value=null,nn=x"}}""", await Echo("", "(value: null, nn: \"x\")"));

    [Fact]
    public async Task Variables_replace_arguments_and_missing_ones_are_absent() =>
        Assert.Equal("""{"data":{"echo":"int=5,nn=y"}}""",
            await Echo("($i: Int, $s: String, $n: String!)", "(int: $i, value: $s, nn: $n)", new { i = 5, n = "y" }));

    [Fact]
    public async Task Variable_defaults_apply_only_when_absent()
    {
        Assert.Equal("""{"data":{"echo":"int=9,nn=d"}}""", await Echo("($i: Int = 9, $n: String! = \"d\")", "(int: $i, nn: $n)"));
        Assert.Equal("""{"data":{"echo":"int=null,nn=d"}}""", await Echo("($i: Int = 9, $n: String! = \"d\")", "(int: $i, nn: $n)", new Dictionary<string, object?> { ["i"] = null }));
    }

    [Fact]
    public async Task Single_values_coerce_to_lists() =>
        Assert.Equal("""{"data":{"echo":"list=[4],nn=x"}}""", await Echo("($l: [Int])", "(list: $l, nn: \"x\")", new { l = 4 }));

    [Fact]
    public async Task Input_objects_get_defaults_and_nested_coercion() =>
        Assert.Equal("""{"data":{"echo":"complex={name:n,nested:{species:[DOG],minLives:0},tags:[t]},nn=x"}}""",
            await Echo("($c: Complex)", "(complex: $c, nn: \"x\")", new { c = new { name = "n", nested = new { species = "DOG" }, tags = "t" } }));

    [Fact]
    public async Task Integral_floats_are_accepted_as_int() =>
        Assert.Equal("""{"data":{"echo":"int=3,nn=x"}}""", await Echo("($i: Int)", "(int: $i, nn: \"x\")", new { i = 3.0 }));

    [Theory]
    [InlineData("($i: Int)", "(int: $i, nn: \"x\")", """{"i":"3"}""", "Variable \"$i\" got invalid value \"3\"; Int cannot represent non-integer value: \"3\"")]
    [InlineData("($i: Int)", "(int: $i, nn: \"x\")", """{"i":3000000000}""", "Variable \"$i\" got invalid value 3000000000; Int cannot represent non 32-bit signed integer value: 3000000000")]
    [InlineData("($i: Int)", "(int: $i, nn: \"x\")", """{"i":1.5}""", "Variable \"$i\" got invalid value 1.5; Int cannot represent non-integer value: 1.5")]
    [InlineData("($n: String!)", "(nn: $n)", """{}""", "Variable \"$n\" of required type \"String!\" was not provided.")]
    [InlineData("($n: String!)", "(nn: $n)", """{"n":null}""", "Variable \"$n\" of non-null type \"String!\" must not be null.")]
    [InlineData("($s: Species)", "(species: $s, nn: \"x\")", """{"s":"LION"}""", "Variable \"$s\" got invalid value \"LION\"; Value \"LION\" does not exist in \"Species\" enum.")]
    [InlineData("($c: Complex)", "(complex: $c, nn: \"x\")", """{"c":{"tags":[]}}""", "Variable \"$c\" got invalid value { tags: [] }; Field \"name\" of required type \"String!\" was not provided.")]
    [InlineData("($c: Complex)", "(complex: $c, nn: \"x\")", """{"c":{"name":"a","bogus":1}}""", "Variable \"$c\" got invalid value { name: \"a\", bogus: 1 }; Field \"bogus\" is not defined by type \"Complex\".")]
    [InlineData("($c: Complex)", "(complex: $c, nn: \"x\")", """{"c":{"name":"a","nested":{"species":["DOG",null]}}}""", "Variable \"$c\" got invalid value null at \"c.nested.species[1]\"; Expected non-nullable type \"Species!\" not to be null.")]
    [InlineData("($c: Complex)", "(complex: $c, nn: \"x\")", """{"c":"text"}""", "Variable \"$c\" got invalid value \"text\"; Expected type \"Complex\" to be an object.")]
    public async Task Invalid_variables_are_request_errors(string varDefs, string args, string variablesJson, string message)
    {
        var variables = System.Text.Json.JsonDocument.Parse(variablesJson).RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value);
        var result = await GraphQLEngine.ExecuteAsync(Schema, new GraphQLRequest { Query = $"query Q{varDefs} {{ echo{args} }}", Variables = variables });
        Assert.False(result.HasData);
        Assert.Equal(message, Assert.Single(result.Errors!).Message);
    }

    [Fact]
    public async Task Null_variable_into_non_null_argument_with_default_is_a_field_error()
    {
        var json = await TestSchema.RunAsync(Schema, "query Q($v: String = \"d\") { echo(nn: $v) }", new Dictionary<string, object?> { ["v"] = null });
        Assert.Contains("Argument \\\"nn\\\" of non-null type \\\"String!\\\" must not be null.", json);
        Assert.Contains("\"path\":[\"echo\"]", json);
    }

    [Fact]
    public async Task Argument_defaults_apply_when_variable_is_not_provided() =>
        Assert.Equal("""{"data":{"dog":{"barkVolume":3}}}""", await TestSchema.RunAsync(Schema, "query Q($loud: Boolean) { dog { barkVolume(loud: $loud) } }"));

    [Fact]
    public async Task GetArgument_converts_to_clr_types()
    {
        var schema = TestSchema.Build(b => b.Resolve("Query", "echo", ctx =>
        {
            var complex = ctx.GetArgument<ComplexInput>("complex")!;
            return $"{ctx.GetArgument<long>("int")}|{ctx.GetArgument<double>("float")}|{complex.Name}|{string.Join("+", complex.Tags ?? [])}|{ctx.GetArgument("id", "none")}";
        }));
        Assert.Equal("""{"data":{"echo":"4|4|n|a+b|none"}}""",
            await TestSchema.RunAsync(schema, "{ echo(int: 4, float: 4, complex: {name: \"n\", tags: [\"a\", \"b\"]}, nn: \"x\") }"));
    }

    public sealed class ComplexInput
    {
        public string? Name { get; set; }
        public List<string>? Tags { get; set; }
    }
}
