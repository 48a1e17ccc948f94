using GeoMonitor.GraphQL.Execution;
using GeoMonitor.GraphQL.Types;
using GeoMonitor.GraphQL.Utilities;

namespace GeoMonitor.GraphQL.Tests;

/// <summary>A small pet-shop schema with every type kind, used across the test suite.</summary>
internal static class TestSchema
{
    public const string Sdl = """
        "Anything with an id"
        interface Node { id: ID! }
        interface Pet implements Node { id: ID! name: String! species: Species! owner: Person }
        type Dog implements Pet & Node {
          id: ID!
          name: String!
          species: Species!
          owner: Person
          barkVolume(loud: Boolean = false): Int
          tricks: [String!]!
          nickname: String
        }
        type Cat implements Pet & Node { id: ID! name: String! species: Species! owner: Person lives: Int! meowVolume: Int }
        type Person implements Node {
          id: ID!
          name: String!
          age: Int
          friends: [Person]
          pets(species: Species, first: Int = 10): [Pet!]!
        }
        union SearchResult = Dog | Cat | Person
        enum Species { DOG CAT BIRD @deprecated(reason: "no birds") }
        input PetFilter { species: [Species!] nameContains: String minLives: Int = 0 }
        input Complex { name: String! nested: PetFilter tags: [String] }
        scalar DateTime @specifiedBy(url: "https://tools.ietf.org/html/rfc3339")
        type Query {
          node(id: ID!): Node
          person(id: ID!): Person
          pets(filter: PetFilter, limit: Int = 5): [Pet!]!
          search(term: String!): [SearchResult]!
          dog: Dog
          cat: Cat
          rating(score: Float!): Float
          now: DateTime!
          legacy: String @deprecated(reason: "use pets")
          echo(value: String, int: Int, float: Float, bool: Boolean, id: ID, species: Species, complex: Complex, list: [Int], nn: String!): String
          failing: String
          failingNonNull: String!
        }
        type Mutation { addPet(name: String!, species: Species!): Pet! rename(id: ID!, name: String!): Pet }
        type Subscription { petAdded: Pet! }
        """;

    public static Schema Build(Action<SchemaBuilder>? configure = null)
    {
        var builder = SchemaBuilder.FromSdl(Sdl)
            .Resolve("Query", "person", ctx => Data.People.GetValueOrDefault((string)ctx.Arguments["id"]!))
            .Resolve("Query", "node", ctx => Data.All.FirstOrDefault(n => (string)n["id"]! == (string)ctx.Arguments["id"]!))
            .Resolve("Query", "pets", ctx => Data.Pets.Take((int)ctx.Arguments["limit"]!).ToList())
            .Resolve("Query", "search", ctx => Data.All.Where(x => ((string)x["name"]!).Contains((string)ctx.Arguments["term"]!, StringComparison.OrdinalIgnoreCase)).Cast<object?>().Append(null).ToList())
            .Resolve("Query", "dog", _ => Data.Pets[0])
            .Resolve("Query", "cat", _ => Data.Pets[2])
            .Resolve("Query", "rating", ctx => (double)ctx.Arguments["score"]! / 2)
            .Resolve("Query", "now", _ => "2024-01-01T00:00:00Z")
            .Resolve("Query", "legacy", _ => "old")
            .Resolve("Query", "echo", ctx => string.Join(",", ctx.Arguments.Select(a => $"{a.Key}={Inspect(a.Value)}")))
            .Resolve("Query", "failing", _ => throw new GraphQLException("boom", "BOOM"))
            .Resolve("Query", "failingNonNull", _ => null)
            .Resolve("Dog", "barkVolume", ctx => ctx.Arguments["loud"] is true ? 11 : 3)
            .Resolve("Person", "pets", ctx =>
            {
                var species = ctx.Arguments.GetValueOrDefault("species") as string;
                return ((List<string>)((Dictionary<string, object?>)ctx.Source!)["petIds"]!).Select(id => Data.PetsById[id])
                    .Where(p => species is null || (string)p["species"]! == species)
                    .Take((int)ctx.Arguments["first"]!).ToList();
            })
            .Resolve("Person", "friends", ctx => ((List<string>)((Dictionary<string, object?>)ctx.Source!)["friendIds"]!).Select(id => Data.People.GetValueOrDefault(id)).ToList())
            .Resolve("Mutation", "addPet", ctx => new Dictionary<string, object?>
            {
                ["__typename"] = (string)ctx.Arguments["species"]! == "CAT" ? "Cat" : "Dog",
                ["id"] = "new",
                ["name"] = ctx.Arguments["name"],
                ["species"] = ctx.Arguments["species"],
                ["tricks"] = new List<string>(),
                ["lives"] = 9,
            });
        configure?.Invoke(builder);
        return builder.Build();
    }

    public static string Inspect(object? value) => value switch
    {
        null => "null",
        string s => s,
        IDictionary<string, object?> d => "{" + string.Join(",", d.Select(kv => $"{kv.Key}:{Inspect(kv.Value)}")) + "}",
        System.Collections.IEnumerable e => "[" + string.Join(",", e.Cast<object?>().Select(Inspect)) + "]",
        double d => d.ToString(System.Globalization.CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };

    public static class Data
    {
        public static readonly Dictionary<string, Dictionary<string, object?>> People = new()
        {
            ["p1"] = new() { ["__typename"] = "Person", ["id"] = "p1", ["name"] = "Ada", ["age"] = 36, ["friendIds"] = new List<string> { "p2", "p9" }, ["petIds"] = new List<string> { "d1", "c1" } },
            ["p2"] = new() { ["__typename"] = "Person", ["id"] = "p2", ["name"] = "Linus", ["age"] = null, ["friendIds"] = new List<string> { "p1" }, ["petIds"] = new List<string> { "d2" } },
        };

        public static readonly List<Dictionary<string, object?>> Pets =
        [
            new() { ["__typename"] = "Dog", ["id"] = "d1", ["name"] = "Rex", ["species"] = "DOG", ["owner"] = People["p1"], ["tricks"] = new List<string> { "sit", "roll" } },
            new() { ["__typename"] = "Dog", ["id"] = "d2", ["name"] = "Fido", ["species"] = "DOG", ["owner"] = People["p2"], ["tricks"] = new List<string>() },
            new() { ["__typename"] = "Cat", ["id"] = "c1", ["name"] = "Tom", ["species"] = "CAT", ["owner"] = null, ["lives"] = 9 },
        ];

        public static readonly Dictionary<string, Dictionary<string, object?>> PetsById = Pets.ToDictionary(p => (string)p["id"]!);

        public static readonly List<Dictionary<string, object?>> All = [.. People.Values, .. Pets];
    }

    public static async Task<string> RunAsync(Schema schema, string query, object? variables = null, string? operationName = null)
    {
        var vars = variables is null ? null : System.Text.Json.JsonSerializer.SerializeToElement(variables)
            .EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value);
        var result = await GraphQLEngine.ExecuteAsync(schema, new GraphQLRequest { Query = query, Variables = vars, OperationName = operationName });
        return result.ToJson();
    }
}
