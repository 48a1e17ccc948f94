using GeoMonitor.GraphQL.Validation.Rules;
using static GeoMonitor.GraphQL.Tests.Validation.RuleHarness;

namespace GeoMonitor.GraphQL.Tests.Validation;

public class UniqueDirectivesPerLocationRuleTests
{
    [Fact]
    public void Different_and_repeatable_directives_are_valid() =>
        Valid<UniqueDirectivesPerLocationRule>("{ dog @skip(if: false) @include(if: true) { name @repeatable @repeatable } }");

    [Fact]
    public void Same_directive_on_different_nodes_is_valid() =>
        Valid<UniqueDirectivesPerLocationRule>("{ dog @onField { name @onField } }");

    [Fact]
    public void Duplicate_non_repeatable_directive_is_rejected() =>
        Invalid<UniqueDirectivesPerLocationRule>("{ dog { name @skip(if: true) @skip(if: false) } }",
            "The directive \"@skip\" can only be used once at this location.");
}
