using GeoMonitor.GraphQL.Validation.Rules;
using static GeoMonitor.GraphQL.Tests.Validation.RuleHarness;

namespace GeoMonitor.GraphQL.Tests.Validation;

public class ValuesOfCorrectTypeRuleTests
{
    [Theory]
    [InlineData("intArgField(intArg: 2)")]
    [InlineData("floatArgField(floatArg: 2)")]
    [InlineData("floatArgField(floatArg: 1.5e3)")]
    [InlineData("idArgField(idArg: 1)")]
    [InlineData("idArgField(idArg: \"x\")")]
    [InlineData("enumArgField(enumArg: NO_FUR)")]
    [InlineData("intArgField(intArg: null)")]
    [InlineData("stringListArgField(stringListArg: \"single\")")]
    [InlineData("stringListArgField(stringListArg: [\"a\", null])")]
    [InlineData("complexArgField(complexArg: {requiredField: true, stringListField: [\"x\"]})")]
    [InlineData("stringArgField(stringArg: \"\"\"block\"\"\")")]
    public void Coercible_literals_are_valid(string field) => Valid<ValuesOfCorrectTypeRule>($"{{ complicatedArgs {{ {field} }} }}");

    [Theory]
    [InlineData("intArgField(intArg: \"3\")", "Int cannot represent non-integer value: \"3\"")]
    [InlineData("intArgField(intArg: 3.5)", "Int cannot represent non-integer value: 3.5")]
    [InlineData("intArgField(intArg: 2147483648)", "Int cannot represent non 32-bit signed integer value: 2147483648")]
    [InlineData("stringArgField(stringArg: 1)", "String cannot represent a non string value: 1")]
    [InlineData("booleanArgField(booleanArg: TRUE)", "Boolean cannot represent a non boolean value: TRUE")]
    [InlineData("idArgField(idArg: 1.0)", "ID cannot represent a non-string and non-integer value: 1.0")]
    [InlineData("enumArgField(enumArg: \"BROWN\")", "Enum \"FurColor\" cannot represent non-enum value: \"BROWN\".")]
    [InlineData("enumArgField(enumArg: PURPLE)", "Value \"PURPLE\" does not exist in \"FurColor\" enum.")]
    [InlineData("nonNullIntArgField(nonNullIntArg: null)", "Expected value of type \"Int!\", found null.")]
    [InlineData("stringListNonNullArgField(stringListNonNullArg: [\"a\", null])", "Expected value of type \"String!\", found null.")]
    [InlineData("intArgField(intArg: [1])", "Int cannot represent non-integer value: [1]")]
    [InlineData("complexArgField(complexArg: {intField: 4})", "Field \"ComplexInput.requiredField\" of required type \"Boolean!\" was not provided.")]
    [InlineData("complexArgField(complexArg: {requiredField: true, unknownField: 1})", "Field \"unknownField\" is not defined by type \"ComplexInput\".")]
    [InlineData("complexArgField(complexArg: \"x\")", "Expected value of type \"ComplexInput\", found \"x\".")]
    public void Wrong_literals_are_rejected(string field, string message) =>
        Invalid<ValuesOfCorrectTypeRule>($"{{ complicatedArgs {{ {field} }} }}", message);

    [Fact]
    public void Variable_defaults_are_checked() =>
        Invalid<ValuesOfCorrectTypeRule>("query Q($a: Int = \"one\", $b: ComplexInput = {requiredField: 1}) { dog { name } }",
            "Int cannot represent non-integer value: \"one\"",
            "Boolean cannot represent a non boolean value: 1");

    [Fact]
    public void Directive_arguments_are_checked() =>
        Invalid<ValuesOfCorrectTypeRule>("{ dog @include(if: \"yes\") { name } }", "Boolean cannot represent a non boolean value: \"yes\"");
}
