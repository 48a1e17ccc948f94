using GeoMonitor.GraphQL.Validation.Rules;
using static GeoMonitor.GraphQL.Tests.Validation.RuleHarness;

namespace GeoMonitor.GraphQL.Tests.Validation;

public class FieldsOnCorrectTypeRuleTests
{
    [Fact]
    public void Known_fields_aliases_and_typename_are_valid() =>
        Valid<FieldsOnCorrectTypeRule>("{ dog { name tName: name __typename } catOrDog { __typename ... on Dog { barks } } pet { name } }");

    [Fact]
    public void Meta_fields_on_query_root_are_valid() => Valid<FieldsOnCorrectTypeRule>("{ __schema { queryType { name } } __type(name: \"Dog\") { name } }");

    [Fact]
    public void Unknown_field_is_rejected_with_a_suggestion() =>
        Invalid<FieldsOnCorrectTypeRule>("{ dog { nickName } }", "Cannot query field \"nickName\" on type \"Dog\". Did you mean \"nickname\" or \"name\"?");

    [Fact]
    public void Field_on_union_points_to_inline_fragments() =>
        Invalid<FieldsOnCorrectTypeRule>("{ catOrDog { name } }",
            "Cannot query field \"name\" on type \"CatOrDog\". Did you mean to use an inline fragment on \"Cat\" or \"Dog\"?");

    [Fact]
    public void Unknown_field_nested_in_fragment_is_rejected() =>
        Invalid<FieldsOnCorrectTypeRule>("fragment F on Pet { ... on Dog { meows } }", "Cannot query field \"meows\" on type \"Dog\".");
}
