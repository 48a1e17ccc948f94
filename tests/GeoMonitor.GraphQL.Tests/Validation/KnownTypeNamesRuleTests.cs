using GeoMonitor.GraphQL.Validation.Rules;
using static GeoMonitor.GraphQL.Tests.Validation.RuleHarness;

namespace GeoMonitor.GraphQL.Tests.Validation;

public class KnownTypeNamesRuleTests
{
    [Fact]
    public void Known_types_are_valid() =>
        Valid<KnownTypeNamesRule>("query Q($var: String, $required: [Int!]!, $c: ComplexInput) { dog { ... on Dog { name } ...F } } fragment F on Pet { name }");

    [Fact]
    public void Unknown_types_are_rejected() =>
        Invalid<KnownTypeNamesRule>("query Q($var: JumbledUpLetters) { dog { ... on Badger { name } ...F } } fragment F on Peat { name }",
            "Unknown type \"JumbledUpLetters\".",
            "Unknown type \"Badger\".",
            "Unknown type \"Peat\". Did you mean \"Pet\" or \"Cat\"?");
}
