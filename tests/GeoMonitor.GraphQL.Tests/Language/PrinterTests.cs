using GeoMonitor.GraphQL.Language;

namespace GeoMonitor.GraphQL.Tests.Language;

public class PrinterTests
{
    private const string KitchenSinkQuery = """"
        query queryName($foo: ComplexType, $site: Site = MOBILE) @onQuery {
          whoever123is: node(id: [123, 456]) {
            id
            ... on User @onInlineFragment {
              field2 {
                id
                alias: field1(first: 10, after: $foo) @include(if: $foo) {
                  id
                  ...frag @onFragmentSpread
                }
              }
            }
            ... @skip(unless: $foo) {
              id
            }
            ... {
              id
            }
          }
        }

        mutation likeStory @onMutation {
          like(story: 123) @onField {
            story {
              id @onField
            }
          }
        }

        subscription StoryLikeSubscription($input: StoryLikeSubscribeInput @onVariableDefinition) @onSubscription {
          storyLikeSubscribe(input: $input) {
            story {
              likers {
                count
              }
            }
          }
        }

        fragment frag on Friend @onFragmentDefinition {
          foo(size: $size, bar: $b, obj: {key: "value", block: """block"""})
        }

        {
          unnamed(truthy: true, falsy: false, nullish: null)
          query
        }

        {
          __typename
        }
        """";

    private const string KitchenSinkSchema = """"
        "This is a description of the schema as a whole."
        schema {
          query: QueryType
          mutation: MutationType
        }

        """
        This is a description
        of the `Foo` type.
        """
        type Foo implements Bar & Baz & Two {
          "Description of the `one` field."
          one: Type
          """This is a description of the `two` field."""
          two(
            """This is a description of the `argument` argument."""
            argument: InputType!
          ): Type
          three(argument: InputType, other: String): Int
          four(argument: String = "string"): String
          five(argument: [String] = ["string", "string"]): String
          six(argument: InputType = {key: "value"}): Type
          seven(argument: Int = null): Type
        }

        type AnnotatedObject @onObject(arg: "value") {
          annotatedField(arg: Type = "default" @onArgumentDefinition): Type @onField
        }

        interface Bar {
          one: Type
          four(argument: String = "string"): String
        }

        interface Baz implements Bar & Two {
          one: Type
        }

        union Feed = Story | Article | Advert

        scalar CustomScalar @specifiedBy(url: "https://example.com")

        enum Site {
          """This is a description of the `DESKTOP` value"""
          DESKTOP
          MOBILE @deprecated(reason: "gone")
        }

        input InputType {
          key: String!
          answer: Int = 42
        }

        extend type Foo @onType

        extend schema @onSchema {
          subscription: SubscriptionType
        }

        directive @include2(if: Boolean!) repeatable on FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT
        """";

    [Fact]
    public void Query_kitchen_sink_prints_back_to_itself() => Assert.Equal(KitchenSinkQuery, Printer.Print(Parser.Parse(KitchenSinkQuery)));

    [Fact]
    public void Schema_kitchen_sink_prints_back_to_itself() => Assert.Equal(KitchenSinkSchema, Printer.Print(Parser.Parse(KitchenSinkSchema)));

    [Fact]
    public void Printing_is_idempotent_and_preserves_the_ast()
    {
        var once = Printer.Print(Parser.Parse("query Q($a:Int=1,$b:[String!]!){a:f(x:$a,y:{z:[1,2]},s:\"q\\\"\\n\")@skip(if:true){...F ...on T{b}}} fragment F on T{c}"));
        Assert.Equal(once, Printer.Print(Parser.Parse(once)));
        Assert.Equal(
            "query Q($a: Int = 1, $b: [String!]!) {\n  a: f(x: $a, y: {z: [1, 2]}, s: \"q\\\"\\n\") @skip(if: true) {\n    ...F\n    ... on T {\n      b\n    }\n  }\n}\n\nfragment F on T {\n  c\n}",
            once);
    }

    [Fact]
    public void Long_argument_lists_wrap() =>
        Assert.Equal(
            "{\n  field(\n    argumentNumberOne: \"aaaaaaaaaaaaaaaaaaaa\"\n    argumentNumberTwo: \"bbbbbbbbbbbbbbbbbbbbbbbbbbbbb\"\n  )\n}",
            Printer.Print(Parser.Parse("{ field(argumentNumberOne: \"aaaaaaaaaaaaaaaaaaaa\", argumentNumberTwo: \"bbbbbbbbbbbbbbbbbbbbbbbbbbbbb\") }")));

    [Fact]
    public void Strings_are_escaped() =>
        Assert.Equal("\"tab\\t quote\\\" back\\\\ bell\\u0007 é\"", Printer.PrintString("tab\t quote\" back\\ bell\u0007 é"));

    [Theory]
    [InlineData("simple")]
    [InlineData("  leading space")]
    [InlineData("trailing quote\"")]
    [InlineData("has \"\"\" inside")]
    [InlineData("multi\nline\n  indented")]
    [InlineData("\n\nleading blank lines are not kept")]
    public void Block_strings_round_trip_their_value(string value)
    {
        var printed = BlockString.Print(value);
        var parsed = (StringValueNode)Parser.ParseValue(printed);
        var expected = value.StartsWith('\n') ? value.TrimStart('\n') : value;
        Assert.Equal(expected, parsed.Value);
    }
}
