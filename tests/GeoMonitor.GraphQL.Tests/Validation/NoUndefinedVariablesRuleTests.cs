using GeoMonitor.GraphQL.Validation.Rules;
using static GeoMonitor.GraphQL.Tests.Validation.RuleHarness;

namespace GeoMonitor.GraphQL.Tests.Validation;

public class NoUndefinedVariablesRuleTests
{
    [Fact]
    public void Variables_defined_for_all_uses_are_valid() =>
        Valid<NoUndefinedVariablesRule>("query Q($a: Int, $b: Boolean!) { dog { isAtLocation(x: $a) ...F } } fragment F on Dog { name @include(if: $b) }");

    [Fact]
    public void Undefined_variable_is_rejected() =>
        Invalid<NoUndefinedVariablesRule>("query Q($a: Int) { dog { isAtLocation(x: $a, y: $b) } }", "Variable \"$b\" is not defined by operation \"Q\".");

    [Fact]
    public void Undefined_variable_in_fragment_is_reported_per_operation() =>
        Invalid<NoUndefinedVariablesRule>("query A { dog { ...F } } query B($x: Int) { dog { ...F } } { dog { ...F } } fragment F on Dog { isAtLocation(x: $x) }",
            "Variable \"$x\" is not defined by operation \"A\".", "Variable \"$x\" is not defined.");
}
