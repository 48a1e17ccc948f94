using GeoMonitor.GraphQL.Execution;
using GeoMonitor.GraphQL.Types;
using GeoMonitor.GraphQL.Utilities;

namespace GeoMonitor.GraphQL.Bench;

/// <summary>
/// A large page of the shape the API serves: 1,000 incident-like objects of 25 fields, with an object field, three
/// lists of small objects found by key (properties of the item, as the API's incidents have them), and a JSON scalar
/// passed through as text. It measures the per-item cost of execution and serialization that a page of the headline
/// query pays.
/// </summary>
internal static class PageSchema
{
    private const string Sdl = """
        scalar GeoJSON
        enum Status { VERIFIED PENDING }
        enum Side { NORTH SOUTH }
        type Ref { slug: String! name: String! }
        type Distance { metres: Float! side: Side }
        type Item {
          id: ID! source: String! externalId: String! occurredAt: String! timePrecision: Int! eventType: String!
          subEventType: String! actor1: String actor2: String fatalities: Int! status: Status! geoPrecision: Int!
          uncertaintyMetres: Float locationName: String notes: String distance: Distance version: Int! updatedAt: String!
          geometry: GeoJSON! zones: [Ref!]! corridors: [Ref!]! truces: [Ref!]!
        }
        type Edge { node: Item! }
        type Page { edges: [Edge!]! }
        type Query { page(first: Int = 1000): Page! streamed(first: Int = 1000): Page! }
        """;

    public const string Query = """
        { page(first: 1000) { edges { node {
            id source externalId occurredAt timePrecision eventType subEventType actor1 actor2 fatalities status geoPrecision
            uncertaintyMetres locationName notes distance { metres side } version updatedAt geometry
            zones { slug } corridors { slug } truces { slug }
        } } } }
        """;

    public sealed record Item(long Id, string Source, string ExternalId, string OccurredAt, int TimePrecision, string EventType,
        string SubEventType, string? Actor1, string? Actor2, int Fatalities, string Status, int GeoPrecision, double? UncertaintyMetres,
        string? LocationName, string? Notes, Distance? Distance, int Version, string UpdatedAt, RawJson Geometry, string[] ZoneSlugs,
        string[] CorridorSlugs, string[] TruceSlugs)
    {
        // Plain properties, as the API's IncidentNode has them: no resolver and no resolve context per field per item.
        public List<Ref> Zones => [.. ZoneSlugs.Select(s => Refs[s])];

        public List<Ref> Corridors => [.. CorridorSlugs.Select(s => Refs[s])];

        public List<Ref> Truces => [.. TruceSlugs.Select(s => Refs[s])];
    }

    private static readonly Dictionary<string, Ref> Refs =
        new[] { "unsc-1701-area", "south-litani", "corridor-a", "truce-2026-04" }.ToDictionary(s => s, s => new Ref(s, s.ToUpperInvariant()));

    public sealed record Distance(double Metres, string? Side);

    public sealed record Ref(string Slug, string Name);

    public sealed record Edge(Item Node);

    public sealed record Page(List<Edge> Edges);

    /// <summary>The same page as a stream (the API's connection of one parent): items executed and written as they come.</summary>
    public sealed record StreamedPage(List<Edge> Rows)
    {
        public IAsyncEnumerable<Edge> Edges => Stream(Rows);

        // Completes each step synchronously, as a data reader does while its buffer holds rows.
        private static async IAsyncEnumerable<Edge> Stream(List<Edge> rows)
        {
            foreach (var row in rows) yield return row;
            await Task.CompletedTask;
        }
    }

    /// <summary>The page query over the streamed page.</summary>
    public static string StreamedQuery => Query.Replace("page(first: 1000)", "streamed(first: 1000)", StringComparison.Ordinal);

    /// <summary>The 1,000 items, made the same way every time (the compare mode gives them to both engines).</summary>
    public static List<Item> Items() => [.. Enumerable.Range(1, 1000).Select(i => new Item(
            i, "bench", $"ext-{i}", "2026-04-20T10:00:00Z", 1, "Explosions/Remote violence", "Shelling/artillery/missile attack",
            "Military Forces of Israel (2022-)", i % 3 == 0 ? null : "Civilians (Lebanon)", i % 5, "VERIFIED", 1, i % 2 == 0 ? 250.0 : null,
            "Bint Jbeil", "Generated for the benchmark; notes of a typical length for a field report.",
            new Distance(1234.5 + i, i % 2 == 0 ? "NORTH" : "SOUTH"), 1, "2026-04-20T12:00:00Z",
            new RawJson($"{{\"type\":\"Point\",\"coordinates\":[35.{i:000000},33.{i:000000}]}}"),
            ["unsc-1701-area", "south-litani"], i % 4 == 0 ? ["corridor-a"] : [], ["truce-2026-04"]))];

    public static Schema Create()
    {
        var page = new Page([.. Items().Select(i => new Edge(i))]);
        return SchemaBuilder.FromSdl(Sdl)
            .Scalar(new ScalarType("GeoJSON"))
            .Resolve("Query", "page", _ => page)
            .Resolve("Query", "streamed", _ => new StreamedPage(page.Edges))
            .MapClrType<StreamedPage>("Page")
            .Build();
    }
}
