using GeoMonitor.GraphQL.Validation.Rules;
using static GeoMonitor.GraphQL.Tests.Validation.RuleHarness;

namespace GeoMonitor.GraphQL.Tests.Validation;

public class ProvidedRequiredArgumentsRuleTests
{
    [Fact]
    public void Required_arguments_given_or_defaulted_are_valid() =>
        Valid<ProvidedRequiredArgumentsRule>("{ complicatedArgs { multipleReqs(req1: 1, req2: 2) nonNullFieldWithDefault multipleOpts } }");

    [Fact]
    public void Missing_required_argument_is_rejected() =>
        Invalid<ProvidedRequiredArgumentsRule>("{ complicatedArgs { multipleReqs(req2: 2) } }",
            "Field \"multipleReqs\" argument \"req1\" of type \"Int!\" is required, but it was not provided.");

    [Fact]
    public void Missing_required_directive_argument_is_rejected() =>
        Invalid<ProvidedRequiredArgumentsRule>("{ dog @include { name } }",
            "Directive \"@include\" argument \"if\" of type \"Boolean!\" is required, but it was not provided.");
}
