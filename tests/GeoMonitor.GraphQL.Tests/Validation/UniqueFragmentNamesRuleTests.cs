using GeoMonitor.GraphQL.Validation.Rules;
using static GeoMonitor.GraphQL.Tests.Validation.RuleHarness;

namespace GeoMonitor.GraphQL.Tests.Validation;

public class UniqueFragmentNamesRuleTests
{
    [Fact]
    public void Distinct_fragments_are_valid() =>
        Valid<UniqueFragmentNamesRule>("{ dog { ...A ...B } } fragment A on Dog { name } fragment B on Dog { barks }");

    [Fact]
    public void Duplicate_fragment_is_rejected() =>
        Invalid<UniqueFragmentNamesRule>("{ dog { ...A } } fragment A on Dog { name } fragment A on Dog { barks }",
            "There can be only one fragment named \"A\".");
}
