using GeoMonitor.GraphQL.Validation.Rules;
using static GeoMonitor.GraphQL.Tests.Validation.RuleHarness;

namespace GeoMonitor.GraphQL.Tests.Validation;

public class UniqueArgumentNamesRuleTests
{
    [Fact]
    public void Distinct_arguments_are_valid() =>
        Valid<UniqueArgumentNamesRule>("{ dog { isAtLocation(x: 1, y: 2) @skip(if: false) } }");

    [Fact]
    public void Same_argument_on_different_fields_is_valid() =>
        Valid<UniqueArgumentNamesRule>("{ dog { a: isAtLocation(x: 1) b: isAtLocation(x: 2) } }");

    [Fact]
    public void Duplicate_field_argument_is_rejected() =>
        Invalid<UniqueArgumentNamesRule>("{ dog { isAtLocation(x: 1, x: 2) } }", "There can be only one argument named \"x\".");

    [Fact]
    public void Duplicate_directive_argument_is_rejected() =>
        Invalid<UniqueArgumentNamesRule>("{ dog @skip(if: true, if: false) { name } }", "There can be only one argument named \"if\".");
}
