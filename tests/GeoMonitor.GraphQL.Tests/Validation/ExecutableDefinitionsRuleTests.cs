using GeoMonitor.GraphQL.Validation.Rules;
using static GeoMonitor.GraphQL.Tests.Validation.RuleHarness;

namespace GeoMonitor.GraphQL.Tests.Validation;

public class ExecutableDefinitionsRuleTests
{
    [Fact]
    public void Operations_and_fragments_are_allowed() =>
        Valid<ExecutableDefinitionsRule>("query Foo { dog { ...Frag } } fragment Frag on Dog { name }");

    [Fact]
    public void Type_definitions_are_rejected() =>
        Invalid<ExecutableDefinitionsRule>(
            "query Foo { dog { name } } type Cow { name: String } extend type Dog { color: String } schema { query: QueryRoot }",
            "The \"Cow\" definition is not executable.",
            "The \"Dog\" definition is not executable.",
            "The schema definition is not executable.");

    [Fact]
    public void Directive_definitions_are_rejected() =>
        Invalid<ExecutableDefinitionsRule>("{ dog { name } } directive @x on FIELD", "The \"x\" definition is not executable.");
}
