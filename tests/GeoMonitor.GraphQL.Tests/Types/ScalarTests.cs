using GeoMonitor.GraphQL.Language;
using GeoMonitor.GraphQL.Types;

namespace GeoMonitor.GraphQL.Tests.Types;

public class ScalarTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(1L, 1)]
    [InlineData(2.0, 2)]
    [InlineData(true, 1)]
    [InlineData("12", 12)]
    [InlineData(-2147483648L, int.MinValue)]
    public void Int_serializes_whole_numbers(object value, int expected) => Assert.Equal(expected, BuiltInScalars.Int.Serialize(value));

    [Theory]
    [InlineData(2147483648L, "Int cannot represent non 32-bit signed integer value: 2147483648")]
    [InlineData(1.5, "Int cannot represent non-integer value: 1.5")]
    [InlineData("abc", "Int cannot represent non-integer value: \"abc\"")]
    public void Int_rejects_other_values(object value, string message) =>
        Assert.Equal(message, Assert.Throws<GraphQLException>(() => BuiltInScalars.Int.Serialize(value)).Message);

    [Fact]
    public void Int_literals_outside_32_bits_are_rejected()
    {
        Assert.Equal(int.MaxValue, BuiltInScalars.Int.ParseLiteral(new IntValueNode("2147483647")));
        Assert.Throws<GraphQLException>(() => BuiltInScalars.Int.ParseLiteral(new IntValueNode("-2147483649")));
        Assert.Throws<GraphQLException>(() => BuiltInScalars.Int.ParseValue(true));
    }

    [Fact]
    public void Float_string_boolean_and_id_follow_the_spec()
    {
        Assert.Equal(3.0, BuiltInScalars.Float.ParseLiteral(new IntValueNode("3")));
        Assert.Equal(1.5, BuiltInScalars.Float.ParseValue(1.5));
        Assert.Throws<GraphQLException>(() => BuiltInScalars.Float.ParseValue("1.5"));
        Assert.Throws<GraphQLException>(() => BuiltInScalars.Float.Serialize(double.NaN));
        Assert.Equal("true", BuiltInScalars.String.Serialize(true));
        Assert.Throws<GraphQLException>(() => BuiltInScalars.String.ParseValue(1));
        Assert.Equal(true, BuiltInScalars.Boolean.Serialize(1));
        Assert.Throws<GraphQLException>(() => BuiltInScalars.Boolean.ParseValue(1));
        Assert.Equal("5", BuiltInScalars.ID.ParseValue(5L));
        Assert.Equal("5", BuiltInScalars.ID.ParseLiteral(new IntValueNode("5")));
        Assert.Equal("a", BuiltInScalars.ID.Serialize("a"));
        Assert.Throws<GraphQLException>(() => BuiltInScalars.ID.ParseLiteral(new FloatValueNode("1.5")));
    }

    [Fact]
    public void Enums_map_names_and_internal_values()
    {
        var e = new EnumType("Color").AddValue(new EnumValueDefinition("RED", ConsoleColor.Red)).AddValue(new EnumValueDefinition("DARK_BLUE"));
        Assert.Equal("RED", e.Serialize(ConsoleColor.Red));
        Assert.Equal("DARK_BLUE", e.Serialize("DarkBlue"));
        Assert.Equal(ConsoleColor.Red, e.ParseValue("RED"));
        Assert.Equal(ConsoleColor.Red, e.ParseLiteral(new EnumValueNode("RED")));
        Assert.Equal("Enum \"Color\" cannot represent value: \"GREEN\"", Assert.Throws<GraphQLException>(() => e.Serialize("GREEN")).Message);
        Assert.Throws<GraphQLException>(() => e.ParseLiteral(new StringValueNode("RED")));
    }
}

public class IntRangeTests
{
    [Theory]
    [InlineData(1e20, "Int cannot represent non 32-bit signed integer value: 1E+20")]
    [InlineData(3000000000L, "Int cannot represent non 32-bit signed integer value: 3000000000")]
    [InlineData(2.5, "Int cannot represent non-integer value: 2.5")]
    public void Out_of_range_and_fractional_inputs_get_distinct_messages(object value, string message) =>
        Assert.Equal(message, Assert.Throws<GraphQLException>(() => GeoMonitor.GraphQL.Types.BuiltInScalars.Int.ParseValue(value)).Message);
}
