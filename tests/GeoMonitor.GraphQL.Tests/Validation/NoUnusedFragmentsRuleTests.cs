using GeoMonitor.GraphQL.Validation.Rules;
using static GeoMonitor.GraphQL.Tests.Validation.RuleHarness;

namespace GeoMonitor.GraphQL.Tests.Validation;

public class NoUnusedFragmentsRuleTests
{
    [Fact]
    public void Fragments_used_directly_or_indirectly_are_valid() =>
        Valid<NoUnusedFragmentsRule>("{ human(id: 4) { ...A } } fragment A on Human { name ...B } fragment B on Human { relatives { ...A } }");

    [Fact]
    public void Unreferenced_fragments_are_rejected() =>
        Invalid<NoUnusedFragmentsRule>("{ dog { ...A } } fragment A on Dog { name } fragment Unused on Dog { barks } fragment Unused2 on Dog { ...Unused }",
            "Fragment \"Unused\" is never used.", "Fragment \"Unused2\" is never used.");
}
