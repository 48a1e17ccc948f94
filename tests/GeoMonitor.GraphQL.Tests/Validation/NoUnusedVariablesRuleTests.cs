using GeoMonitor.GraphQL.Validation.Rules;
using static GeoMonitor.GraphQL.Tests.Validation.RuleHarness;

namespace GeoMonitor.GraphQL.Tests.Validation;

public class NoUnusedVariablesRuleTests
{
    [Fact]
    public void Variables_used_directly_or_in_fragments_are_valid() =>
        Valid<NoUnusedVariablesRule>("query Q($a: Int, $b: Int, $c: Boolean!) { dog { isAtLocation(x: $a) ...F } } fragment F on Dog { isAtLocation(y: $b) @skip(if: $c) }");

    [Fact]
    public void Unused_variables_are_rejected() =>
        Invalid<NoUnusedVariablesRule>("query Q($a: Int, $b: Int) { dog { isAtLocation(x: $a) } } query ($c: Int) { dog { name } }",
            "Variable \"$b\" is never used in operation \"Q\".", "Variable \"$c\" is never used.");
}
