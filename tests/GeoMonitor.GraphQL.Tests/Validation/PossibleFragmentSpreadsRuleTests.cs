using GeoMonitor.GraphQL.Validation.Rules;
using static GeoMonitor.GraphQL.Tests.Validation.RuleHarness;

namespace GeoMonitor.GraphQL.Tests.Validation;

public class PossibleFragmentSpreadsRuleTests
{
    [Fact]
    public void Overlapping_types_are_valid() => Valid<PossibleFragmentSpreadsRule>("""
        fragment ObjWithinIface on Pet { ... on Dog { barks } }
        fragment IfaceWithinUnion on CatOrDog { ... on Pet { name } }
        fragment UnionWithinObj on Dog { ... on CatOrDog { __typename } }
        fragment Spread on Dog { ...PetFrag }
        fragment PetFrag on Pet { name }
        """);

    [Fact]
    public void Object_into_unrelated_object_is_rejected() =>
        Invalid<PossibleFragmentSpreadsRule>("fragment F on Dog { ... on Cat { meows } }",
            "Fragment cannot be spread here as objects of type \"Dog\" can never be of type \"Cat\".");

    [Fact]
    public void Named_spread_into_unrelated_union_is_rejected() =>
        Invalid<PossibleFragmentSpreadsRule>("fragment F on HumanOrAlien { ...DogFrag } fragment DogFrag on Dog { barks }",
            "Fragment \"DogFrag\" cannot be spread here as objects of type \"HumanOrAlien\" can never be of type \"Dog\".");

    [Fact]
    public void Interface_into_non_implementing_object_is_rejected() =>
        Invalid<PossibleFragmentSpreadsRule>("fragment F on Human { ... on Pet { name } }",
            "Fragment cannot be spread here as objects of type \"Human\" can never be of type \"Pet\".");
}
