using GeoMonitor.GraphQL.Validation.Rules;
using static GeoMonitor.GraphQL.Tests.Validation.RuleHarness;

namespace GeoMonitor.GraphQL.Tests.Validation;

public class UniqueOperationNamesRuleTests
{
    [Fact]
    public void Distinct_names_are_valid() =>
        Valid<UniqueOperationNamesRule>("query Foo { dog { name } } query Bar { dog { name } } mutation Baz { addDog(name: \"x\") { name } }");

    [Fact]
    public void Anonymous_operation_is_valid() => Valid<UniqueOperationNamesRule>("{ dog { name } }");

    [Fact]
    public void Duplicate_names_are_rejected_even_across_kinds()
    {
        Invalid<UniqueOperationNamesRule>("query Foo { dog { name } } mutation Foo { addDog(name: \"x\") { name } }",
            "There can be only one operation named \"Foo\".");
        Assert.Equal("1:7", FirstLocation<UniqueOperationNamesRule>("query Foo { dog { name } } query Foo { cat { name } }"));
    }
}
