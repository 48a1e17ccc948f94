using GeoMonitor.GraphQL.Validation.Rules;
using static GeoMonitor.GraphQL.Tests.Validation.RuleHarness;

namespace GeoMonitor.GraphQL.Tests.Validation;

public class UniqueVariableNamesRuleTests
{
    [Fact]
    public void Distinct_variables_are_valid() =>
        Valid<UniqueVariableNamesRule>("query A($x: Int, $y: String) { dog { name } } query B($x: Int) { dog { name } }");

    [Fact]
    public void Duplicate_variables_are_rejected() =>
        Invalid<UniqueVariableNamesRule>("query A($x: Int, $x: String, $y: Int, $y: Int) { dog { name } }",
            "There can be only one variable named \"$x\".", "There can be only one variable named \"$y\".");
}
