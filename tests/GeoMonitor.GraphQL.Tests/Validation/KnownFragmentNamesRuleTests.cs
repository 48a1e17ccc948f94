using GeoMonitor.GraphQL.Validation.Rules;
using static GeoMonitor.GraphQL.Tests.Validation.RuleHarness;

namespace GeoMonitor.GraphQL.Tests.Validation;

public class KnownFragmentNamesRuleTests
{
    [Fact]
    public void Defined_fragments_are_valid() => Valid<KnownFragmentNamesRule>("{ dog { ...A } } fragment A on Dog { name }");

    [Fact]
    public void Undefined_fragment_is_rejected()
    {
        Invalid<KnownFragmentNamesRule>("{ dog { ...Missing ... on Dog { ...AlsoMissing } } }",
            "Unknown fragment \"Missing\".", "Unknown fragment \"AlsoMissing\".");
        Assert.Equal("1:12", FirstLocation<KnownFragmentNamesRule>("{ dog { ...Missing } }"));
    }
}
