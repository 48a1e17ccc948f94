using GeoMonitor.GraphQL.Execution;
using GeoMonitor.GraphQL.Utilities;

namespace GeoMonitor.GraphQL.Tests.Execution;

/// <summary>
/// The shortcuts a large page takes: JSON text passed through as it is, member accessors kept per field and source
/// type, subfields remembered per type. Each must give the same response as the general path.
/// </summary>
public class LargeResultTests
{
    private const string Sdl = """
        scalar JSON
        interface Named { name: String! }
        type Point implements Named { name: String! shape: JSON! weight: Int }
        type Region implements Named { name: String! shape: JSON! area: Float }
        type Query { items: [Named!]! raw(text: String!): JSON }
        """;

    private sealed record Point(string Name, RawJson Shape, int? Weight);

    private sealed record Region(string Name, object Shape, double? Area);

    private static readonly GeoMonitor.GraphQL.Types.Schema Schema = SchemaBuilder.FromSdl(Sdl)
        .Scalar(new GeoMonitor.GraphQL.Types.ScalarType("JSON"))
        .MapClrType<Point>("Point")
        .MapClrType<Region>("Region")
        // Alternating CLR types under the same fields: the per-field accessor cache must follow the source's type.
        .Resolve("Query", "items", _ => Enumerable.Range(0, 6).Select(i => i % 2 == 0
            ? (object)new Point($"p{i}", new RawJson($$"""{"type":"Point","coordinates":[35.{{i}},33.{{i}}]}"""), i == 4 ? null : i)
            : new Region($"r{i}", new Dictionary<string, object?> { ["type"] = "Polygon", ["rings"] = i }, i * 1.5)).ToList())
        .Resolve("Query", "raw", ctx => new RawJson((string)ctx.Arguments["text"]!))
        .Build();

    [Fact]
    public async Task Raw_json_is_written_verbatim_and_members_follow_each_source_type()
    {
        var json = await TestSchema.RunAsync(Schema,
            "{ items { __typename name ... on Point { shape weight } ... on Region { shape area } } }");
        Assert.Equal(
            """{"data":{"items":[""" +
            """{"__typename":"Point","name":"p0","shape":{"type":"Point","coordinates":[35.0,33.0]},"weight":0},""" +
            """{"__typename":"Region","name":"r1","shape":{"type":"Polygon","rings":1},"area":1.5},""" +
            """{"__typename":"Point","name":"p2","shape":{"type":"Point","coordinates":[35.2,33.2]},"weight":2},""" +
            """{"__typename":"Region","name":"r3","shape":{"type":"Polygon","rings":3},"area":4.5},""" +
            """{"__typename":"Point","name":"p4","shape":{"type":"Point","coordinates":[35.4,33.4]},"weight":null},""" +
            """{"__typename":"Region","name":"r5","shape":{"type":"Polygon","rings":5},"area":7.5}]}}""",
            json);
    }

    [Fact]
    public async Task Raw_json_that_is_not_one_json_value_is_refused_when_written()
    {
        var result = await GraphQLEngine.ExecuteAsync(Schema, new GraphQLRequest { Query = """{ raw(text: "{\"a\":1} trailing") }""" });
        Assert.ThrowsAny<Exception>(() => result.ToJson());
        var ok = await GraphQLEngine.ExecuteAsync(Schema, new GraphQLRequest { Query = """{ raw(text: "[1, {\"b\": null}]") }""" });
        Assert.Equal("""{"data":{"raw":[1, {"b": null}]}}""", ok.ToJson());
    }
}
