using GeoMonitor.GraphQL.Validation.Rules;
using static GeoMonitor.GraphQL.Tests.Validation.RuleHarness;

namespace GeoMonitor.GraphQL.Tests.Validation;

public class NoFragmentCyclesRuleTests
{
    [Fact]
    public void Acyclic_fragments_are_valid() =>
        Valid<NoFragmentCyclesRule>("fragment A on Dog { ...B ...B } fragment B on Dog { name } fragment C on Dog { mother { ...B } }");

    [Fact]
    public void Direct_self_spread_is_rejected() =>
        Invalid<NoFragmentCyclesRule>("fragment A on Dog { ...A }", "Cannot spread fragment \"A\" within itself.");

    [Fact]
    public void Indirect_cycle_is_rejected_once() =>
        Invalid<NoFragmentCyclesRule>("fragment A on Dog { ...B } fragment B on Dog { ...C } fragment C on Dog { mother { ...A } }",
            "Cannot spread fragment \"A\" within itself via \"B\", \"C\".");
}
