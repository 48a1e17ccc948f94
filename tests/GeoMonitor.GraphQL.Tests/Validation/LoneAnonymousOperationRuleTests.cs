using GeoMonitor.GraphQL.Validation.Rules;
using static GeoMonitor.GraphQL.Tests.Validation.RuleHarness;

namespace GeoMonitor.GraphQL.Tests.Validation;

public class LoneAnonymousOperationRuleTests
{
    [Fact]
    public void One_anonymous_operation_with_fragments_is_valid() =>
        Valid<LoneAnonymousOperationRule>("{ dog { ...F } } fragment F on Dog { name }");

    [Fact]
    public void Several_named_operations_are_valid() => Valid<LoneAnonymousOperationRule>("query A { dog { name } } query B { cat { name } }");

    [Fact]
    public void Anonymous_with_another_operation_is_rejected() =>
        Invalid<LoneAnonymousOperationRule>("{ dog { name } } query B { cat { name } } { cat { name } }",
            "This anonymous operation must be the only defined operation.",
            "This anonymous operation must be the only defined operation.");
}
