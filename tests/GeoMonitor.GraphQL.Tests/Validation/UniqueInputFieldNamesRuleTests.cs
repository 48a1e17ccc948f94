using GeoMonitor.GraphQL.Validation.Rules;
using static GeoMonitor.GraphQL.Tests.Validation.RuleHarness;

namespace GeoMonitor.GraphQL.Tests.Validation;

public class UniqueInputFieldNamesRuleTests
{
    [Fact]
    public void Distinct_fields_are_valid() =>
        Valid<UniqueInputFieldNamesRule>("{ complicatedArgs { complexArgField(complexArg: {requiredField: true, intField: 1}) } }");

    [Fact]
    public void Same_name_in_nested_objects_is_valid() =>
        Valid<UniqueInputFieldNamesRule>("{ field(arg: { f: true, nested: { f: true } }) }");

    [Fact]
    public void Duplicate_field_is_rejected() =>
        Invalid<UniqueInputFieldNamesRule>("{ complicatedArgs { complexArgField(complexArg: {intField: 1, intField: 2}) } }",
            "There can be only one input field named \"intField\".");
}
