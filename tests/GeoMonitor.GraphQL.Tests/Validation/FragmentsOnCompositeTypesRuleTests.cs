using GeoMonitor.GraphQL.Validation.Rules;
using static GeoMonitor.GraphQL.Tests.Validation.RuleHarness;

namespace GeoMonitor.GraphQL.Tests.Validation;

public class FragmentsOnCompositeTypesRuleTests
{
    [Fact]
    public void Objects_interfaces_and_unions_are_valid() =>
        Valid<FragmentsOnCompositeTypesRule>("fragment A on Dog { name } fragment B on Pet { name } fragment C on CatOrDog { __typename } fragment D on Dog { ... { name } }");

    [Fact]
    public void Scalar_fragment_is_rejected() =>
        Invalid<FragmentsOnCompositeTypesRule>("fragment F on Boolean { x }", "Fragment \"F\" cannot condition on non composite type \"Boolean\".");

    [Fact]
    public void Enum_inline_fragment_is_rejected() =>
        Invalid<FragmentsOnCompositeTypesRule>("fragment F on Cat { ... on FurColor { x } }", "Fragment cannot condition on non composite type \"FurColor\".");

    [Fact]
    public void Input_object_fragment_is_rejected() =>
        Invalid<FragmentsOnCompositeTypesRule>("fragment F on ComplexInput { x }", "Fragment \"F\" cannot condition on non composite type \"ComplexInput\".");
}
