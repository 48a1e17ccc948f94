using GeoMonitor.GraphQL.Validation.Rules;
using static GeoMonitor.GraphQL.Tests.Validation.RuleHarness;

namespace GeoMonitor.GraphQL.Tests.Validation;

public class VariablesInAllowedPositionRuleTests
{
    [Theory]
    [InlineData("query Q($v: Boolean) { complicatedArgs { booleanArgField(booleanArg: $v) } }")]
    [InlineData("query Q($v: Boolean!) { complicatedArgs { booleanArgField(booleanArg: $v) } }")]
    [InlineData("query Q($v: Int = 1) { complicatedArgs { nonNullIntArgField(nonNullIntArg: $v) } }")]
    [InlineData("query Q($v: Int) { complicatedArgs { nonNullFieldWithDefault(arg: $v) } }")]
    [InlineData("query Q($v: String) { complicatedArgs { stringListArgField(stringListArg: [$v]) } }")]
    [InlineData("query Q($v: [String!]) { complicatedArgs { stringListArgField(stringListArg: $v) } }")]
    [InlineData("query Q($v: Boolean!) { dog @include(if: $v) { name } }")]
    [InlineData("query Q($v: Boolean = true) { dog @include(if: $v) { name } }")]
    [InlineData("query Q($v: Boolean!) { complicatedArgs { complexArgField(complexArg: {requiredField: $v}) } }")]
    public void Compatible_positions_are_valid(string query) => Valid<VariablesInAllowedPositionRule>(query);

    [Fact]
    public void Nullable_into_non_null_is_rejected() =>
        Invalid<VariablesInAllowedPositionRule>("query Q($v: Int) { complicatedArgs { nonNullIntArgField(nonNullIntArg: $v) } }",
            "Variable \"$v\" of type \"Int\" used in position expecting type \"Int!\".");

    [Fact]
    public void Explicit_null_default_does_not_make_it_non_null() =>
        Invalid<VariablesInAllowedPositionRule>("query Q($v: Boolean = null) { dog @include(if: $v) { name } }",
            "Variable \"$v\" of type \"Boolean\" used in position expecting type \"Boolean!\".");

    [Fact]
    public void Wrong_type_and_list_shape_are_rejected() =>
        Invalid<VariablesInAllowedPositionRule>("query Q($a: String, $b: [String]) { complicatedArgs { intArgField(intArg: $a) stringListNonNullArgField(stringListNonNullArg: $b) } }",
            "Variable \"$a\" of type \"String\" used in position expecting type \"Int\".",
            "Variable \"$b\" of type \"[String]\" used in position expecting type \"[String!]\".");

    [Fact]
    public void Uses_inside_fragments_are_checked() =>
        Invalid<VariablesInAllowedPositionRule>("query Q($v: Int) { complicatedArgs { ...F } } fragment F on ComplicatedArgs { nonNullIntArgField(nonNullIntArg: $v) }",
            "Variable \"$v\" of type \"Int\" used in position expecting type \"Int!\".");
}
