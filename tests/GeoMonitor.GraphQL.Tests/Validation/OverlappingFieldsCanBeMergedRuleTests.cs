using GeoMonitor.GraphQL.Validation.Rules;
using static GeoMonitor.GraphQL.Tests.Validation.RuleHarness;

namespace GeoMonitor.GraphQL.Tests.Validation;

public class OverlappingFieldsCanBeMergedRuleTests
{
    [Fact]
    public void Identical_fields_and_args_merge() =>
        Valid<OverlappingFieldsCanBeMergedRule>("{ dog { name name doesKnowCommand(dogCommand: SIT) doesKnowCommand(dogCommand: SIT) } }");

    [Fact]
    public void Different_args_with_different_aliases_are_valid() =>
        Valid<OverlappingFieldsCanBeMergedRule>("{ dog { a: doesKnowCommand(dogCommand: SIT) b: doesKnowCommand(dogCommand: HEEL) } }");

    [Fact]
    public void Object_argument_order_does_not_matter() =>
        Valid<OverlappingFieldsCanBeMergedRule>(
            "{ complicatedArgs { complexArgField(complexArg: {requiredField: true, intField: 1}) complexArgField(complexArg: {intField: 1, requiredField: true}) } }");

    [Fact]
    public void Different_fields_on_mutually_exclusive_object_types_are_valid() =>
        Valid<OverlappingFieldsCanBeMergedRule>("{ catOrDog { ... on Dog { name: nickname } ... on Cat { name } } }");

    [Fact]
    public void Same_alias_for_different_fields_is_rejected() =>
        Invalid<OverlappingFieldsCanBeMergedRule>("{ dog { name: nickname name } }",
            "Fields \"name\" conflict because \"nickname\" and \"name\" are different fields. Use different aliases on the fields to fetch both if this was intentional.");

    [Fact]
    public void Differing_arguments_are_rejected() =>
        Invalid<OverlappingFieldsCanBeMergedRule>("{ dog { doesKnowCommand(dogCommand: SIT) doesKnowCommand(dogCommand: HEEL) } }",
            "Fields \"doesKnowCommand\" conflict because they have differing arguments. Use different aliases on the fields to fetch both if this was intentional.");

    [Fact]
    public void Missing_argument_on_one_side_is_rejected() =>
        Invalid<OverlappingFieldsCanBeMergedRule>("{ dog { doesKnowCommand doesKnowCommand(dogCommand: HEEL) } }",
            "Fields \"doesKnowCommand\" conflict because they have differing arguments. Use different aliases on the fields to fetch both if this was intentional.");

    [Fact]
    public void Conflicting_return_shapes_are_rejected_even_on_exclusive_types() =>
        Invalid<OverlappingFieldsCanBeMergedRule>("{ catOrDog { ... on Dog { x: barkVolume } ... on Cat { x: nickname } } }",
            "Fields \"x\" conflict because they return conflicting types \"Int\" and \"String\". Use different aliases on the fields to fetch both if this was intentional.");

    [Fact]
    public void Conflicts_through_fragments_are_found() =>
        Invalid<OverlappingFieldsCanBeMergedRule>("{ dog { ...A ...B } } fragment A on Dog { x: name } fragment B on Dog { x: barks }",
            "Fields \"x\" conflict because \"name\" and \"barks\" are different fields. Use different aliases on the fields to fetch both if this was intentional.");

    [Fact]
    public void Subfield_conflicts_are_reported_with_their_path()
    {
        var errors = Errors<OverlappingFieldsCanBeMergedRule>("{ dog { mother { x: name } } dog { mother { x: nickname } } }");
        var error = Assert.Single(errors);
        Assert.Equal(
            "Fields \"dog\" conflict because subfields \"mother\" conflict because subfields \"x\" conflict because \"name\" and \"nickname\" are different fields. Use different aliases on the fields to fetch both if this was intentional.",
            error.Message);
        Assert.Equal(6, error.Locations!.Count);
    }

    [Fact]
    public void List_and_non_list_shapes_conflict() =>
        Invalid<OverlappingFieldsCanBeMergedRule>("{ humanOrAlien { ... on Human { x: relatives { name } } ... on Alien { x: name } } }",
            "Fields \"x\" conflict because they return conflicting types \"[Human]!\" and \"String\". Use different aliases on the fields to fetch both if this was intentional.");

    [Fact]
    public void Interface_parents_are_not_exclusive() =>
        Invalid<OverlappingFieldsCanBeMergedRule>("{ pet { ... on Being { x: name } ... on Pet { x: name(surname: true) } } }",
            "Fields \"x\" conflict because they have differing arguments. Use different aliases on the fields to fetch both if this was intentional.");

    [Fact]
    public void Recursive_fragments_terminate() =>
        Valid<OverlappingFieldsCanBeMergedRule>("{ dog { ...A } } fragment A on Dog { name ...B } fragment B on Dog { name ...A }");
}

public class OverlappingFieldsScalingTests
{
    [Fact]
    public void Thousands_of_repeated_fields_validate_quickly()
    {
        var query = "{ " + string.Join(" ", Enumerable.Repeat("dog { name mother { name } }", 2000)) + " }";
        var watch = System.Diagnostics.Stopwatch.StartNew();
        RuleHarness.Valid<GeoMonitor.GraphQL.Validation.Rules.OverlappingFieldsCanBeMergedRule>(query);
        Assert.True(watch.ElapsedMilliseconds < 3000, $"took {watch.ElapsedMilliseconds} ms");
    }
}
