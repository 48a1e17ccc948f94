using GeoMonitor.GraphQL.Validation.Rules;
using static GeoMonitor.GraphQL.Tests.Validation.RuleHarness;

namespace GeoMonitor.GraphQL.Tests.Validation;

public class KnownArgumentNamesRuleTests
{
    [Fact]
    public void Known_field_and_directive_arguments_are_valid() =>
        Valid<KnownArgumentNamesRule>("{ dog { doesKnowCommand(dogCommand: SIT) name @include(if: true) isAtLocation(y: 1, x: 2) } }");

    [Fact]
    public void Unknown_field_argument_is_rejected() =>
        Invalid<KnownArgumentNamesRule>("{ dog { doesKnowCommand(command: SIT) } }",
            "Unknown argument \"command\" on field \"Dog.doesKnowCommand\". Did you mean \"dogCommand\"?");

    [Fact]
    public void Unknown_directive_argument_is_rejected() =>
        Invalid<KnownArgumentNamesRule>("{ dog @skip(unless: true) { name } }", "Unknown argument \"unless\" on directive \"@skip\".");

    [Fact]
    public void Arguments_of_unknown_fields_are_left_to_other_rules() => Valid<KnownArgumentNamesRule>("{ dog { unknown(x: 1) } }");
}
