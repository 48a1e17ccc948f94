using GeoMonitor.GraphQL.Validation.Rules;
using static GeoMonitor.GraphQL.Tests.Validation.RuleHarness;

namespace GeoMonitor.GraphQL.Tests.Validation;

public class VariablesAreInputTypesRuleTests
{
    [Fact]
    public void Input_types_are_valid() =>
        Valid<VariablesAreInputTypesRule>("query Q($a: String, $b: [Boolean!]!, $c: ComplexInput, $d: FurColor) { dog { name } }");

    [Fact]
    public void Output_types_are_rejected() =>
        Invalid<VariablesAreInputTypesRule>("query Q($a: Dog, $b: [[CatOrDog!]]!, $c: Pet) { dog { name } }",
            "Variable \"$a\" cannot be non-input type \"Dog\".",
            "Variable \"$b\" cannot be non-input type \"[[CatOrDog!]]!\".",
            "Variable \"$c\" cannot be non-input type \"Pet\".");
}
