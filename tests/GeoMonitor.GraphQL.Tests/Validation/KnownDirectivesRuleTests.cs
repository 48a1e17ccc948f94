using GeoMonitor.GraphQL.Validation.Rules;
using static GeoMonitor.GraphQL.Tests.Validation.RuleHarness;

namespace GeoMonitor.GraphQL.Tests.Validation;

public class KnownDirectivesRuleTests
{
    [Fact]
    public void Known_directives_in_valid_locations_are_valid() => Valid<KnownDirectivesRule>("""
        query Q($v: Int @onVariableDefinition) @onQuery { dog @include(if: true) { name @onField ...F @onFragmentSpread ... @skip(if: false) { barks } } }
        mutation M @onMutation { addDog(name: "x") { name } }
        fragment F on Dog { name }
        """);

    [Fact]
    public void Unknown_directive_is_rejected() =>
        Invalid<KnownDirectivesRule>("{ dog @unknown(directive: \"value\") { name } }", "Unknown directive \"@unknown\".");

    [Fact]
    public void Misplaced_directives_are_rejected() =>
        Invalid<KnownDirectivesRule>("query Q @onMutation { dog @onQuery { name } } mutation M @include(if: true) { addDog(name: \"x\") { name } }",
            "Directive \"@onMutation\" may not be used on QUERY.",
            "Directive \"@onQuery\" may not be used on FIELD.",
            "Directive \"@include\" may not be used on MUTATION.");
}
