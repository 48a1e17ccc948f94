using GeoMonitor.GraphQL.Language;
using GeoMonitor.GraphQL.Types;
using GeoMonitor.GraphQL.Utilities;
using GeoMonitor.GraphQL.Validation;

namespace GeoMonitor.GraphQL.Tests.Validation;

/// <summary>Runs one validation rule against a schema shaped like graphql-js's validation test schema.</summary>
internal static class RuleHarness
{
    public const string Sdl = """
        interface Mammal { mother: Mammal father: Mammal }
        interface Being { name(surname: Boolean): String }
        interface Pet implements Being { name(surname: Boolean): String }
        interface Canine implements Mammal { name(surname: Boolean): String mother: Canine father: Canine }
        enum DogCommand { SIT HEEL DOWN }
        type Dog implements Being & Pet & Mammal & Canine {
          name(surname: Boolean): String
          nickname: String
          barkVolume: Int
          barks: Boolean
          doesKnowCommand(dogCommand: DogCommand): Boolean
          isHouseTrained(atOtherHomes: Boolean = true): Boolean
          isAtLocation(x: Int, y: Int): Boolean
          mother: Dog
          father: Dog
        }
        type Cat implements Being & Pet { name(surname: Boolean): String nickname: String meows: Boolean meowsVolume: Int furColor: FurColor }
        union CatOrDog = Cat | Dog
        type Human implements Being { name(surname: Boolean): String pets: [Pet] relatives: [Human]! iq: Int }
        type Alien implements Being { name(surname: Boolean): String numEyes: Int }
        union DogOrHuman = Dog | Human
        union HumanOrAlien = Human | Alien
        enum FurColor { BROWN BLACK TAN SPOTTED NO_FUR UNKNOWN }
        input ComplexInput {
          requiredField: Boolean!
          nonNullField: Boolean! = false
          intField: Int
          stringField: String
          booleanField: Boolean
          stringListField: [String]
        }
        type ComplicatedArgs {
          intArgField(intArg: Int): String
          nonNullIntArgField(nonNullIntArg: Int!): String
          stringArgField(stringArg: String): String
          booleanArgField(booleanArg: Boolean): String
          enumArgField(enumArg: FurColor): String
          floatArgField(floatArg: Float): String
          idArgField(idArg: ID): String
          stringListArgField(stringListArg: [String]): String
          stringListNonNullArgField(stringListNonNullArg: [String!]): String
          complexArgField(complexArg: ComplexInput): String
          multipleReqs(req1: Int!, req2: Int!): String
          nonNullFieldWithDefault(arg: Int! = 0): String
          multipleOpts(opt1: Int = 0, opt2: Int = 0): String
          multipleOptAndReq(req1: Int!, req2: Int!, opt1: Int = 0, opt2: Int = 0): String
        }
        type QueryRoot {
          human(id: ID): Human
          alien: Alien
          dog: Dog
          cat: Cat
          pet: Pet
          catOrDog: CatOrDog
          dogOrHuman: DogOrHuman
          humanOrAlien: HumanOrAlien
          complicatedArgs: ComplicatedArgs
        }
        type MutationRoot { addDog(name: String!): Dog }
        type SubscriptionRoot { importantEmails: [String] notImportantEmails: [String] newMessage: String }
        schema { query: QueryRoot mutation: MutationRoot subscription: SubscriptionRoot }
        directive @onQuery on QUERY
        directive @onMutation on MUTATION
        directive @onField on FIELD
        directive @onFragmentSpread on FRAGMENT_SPREAD
        directive @onVariableDefinition on VARIABLE_DEFINITION
        directive @repeatable repeatable on FIELD | QUERY
        """;

    public static Schema Schema { get; } = SchemaBuilder.FromSdl(Sdl).Build();

    public static IReadOnlyList<GraphQLError> Errors<TRule>(string query)
        where TRule : ValidationRule, new() =>
        Validator.Validate(Schema, Parser.Parse(query), [() => new TRule()]);

    public static void Valid<TRule>(string query)
        where TRule : ValidationRule, new()
    {
        var errors = Errors<TRule>(query);
        Assert.True(errors.Count == 0, "Expected no errors but got: " + string.Join(" | ", errors));
    }

    /// <summary>Asserts the exact messages (in order), and optionally the first error's first location as "line:column".</summary>
    public static void Invalid<TRule>(string query, params string[] messages)
        where TRule : ValidationRule, new()
    {
        var errors = Errors<TRule>(query);
        Assert.Equal(string.Join("\n", messages), string.Join("\n", errors.Select(e => e.Message)));
    }

    public static string FirstLocation<TRule>(string query)
        where TRule : ValidationRule, new()
    {
        var location = Errors<TRule>(query)[0].Locations![0];
        return $"{location.Line}:{location.Column}";
    }
}
