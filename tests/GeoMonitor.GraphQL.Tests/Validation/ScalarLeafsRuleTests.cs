using GeoMonitor.GraphQL.Validation.Rules;
using static GeoMonitor.GraphQL.Tests.Validation.RuleHarness;

namespace GeoMonitor.GraphQL.Tests.Validation;

public class ScalarLeafsRuleTests
{
    [Fact]
    public void Scalars_without_and_objects_with_selections_are_valid() =>
        Valid<ScalarLeafsRule>("{ dog { name barks doesKnowCommand(dogCommand: SIT) mother { name } } }");

    [Fact]
    public void Object_without_selection_is_rejected() =>
        Invalid<ScalarLeafsRule>("{ dog }", "Field \"dog\" of type \"Dog\" must have a selection of subfields. Did you mean \"dog { ... }\"?");

    [Fact]
    public void Scalar_with_selection_is_rejected() =>
        Invalid<ScalarLeafsRule>("{ dog { barks { sinceWhen } } }", "Field \"barks\" must not have a selection since type \"Boolean\" has no subfields.");

    [Fact]
    public void Enum_with_selection_is_rejected() =>
        Invalid<ScalarLeafsRule>("{ cat { furColor { x } } }", "Field \"furColor\" must not have a selection since type \"FurColor\" has no subfields.");
}
