using GeoMonitor.GraphQL.Types;
using GeoMonitor.GraphQL.Utilities;

namespace GeoMonitor.GraphQL.Bench;

/// <summary>An in-memory monitoring schema of about the size of the production one: 20 zones, 5 sensors each.</summary>
internal static class BenchSchema
{
    private const string Sdl = """
        interface Node { id: ID! }
        interface Asset implements Node { id: ID! name: String! status: Status! zone: Zone }
        type Zone implements Node { id: ID! name: String! area: Float tags: [String!]! sensors(first: Int = 10, status: Status): [Sensor!]! parent: Zone }
        type Sensor implements Asset & Node { id: ID! name: String! status: Status! zone: Zone kind: Kind! latest: Reading readings(last: Int = 3): [Reading!]! limits: Limits }
        type Reading { at: String! value: Float! unit: Unit! }
        type Limits { min: Float max: Float }
        enum Status { ONLINE OFFLINE MAINTENANCE }
        enum Kind { TEMPERATURE HUMIDITY PRESSURE }
        enum Unit { CELSIUS PERCENT HECTOPASCAL }
        input ZoneFilter { nameContains: String minArea: Float tags: [String!] }
        type Query { zones(first: Int = 20, filter: ZoneFilter): [Zone!]! node(id: ID!): Node }
        """;

    public sealed record Zone(string Id, string Name, double? Area, List<string> Tags, string? ParentId, List<Sensor> Sensors);

    public sealed record Sensor(string Id, string Name, string Status, string ZoneId, string Kind, Limits? Limits);

    public sealed record Limits(double? Min, double? Max);

    public sealed record Reading(string At, double Value, string Unit);

    public static Schema Create()
    {
        var zones = Enumerable.Range(1, 20).Select(z => new Zone(
            $"z{z}", $"Zone {z}", z % 3 == 0 ? null : z * 1.5, ["north", "t" + z], z > 1 ? "z1" : null,
            Enumerable.Range(1, 5).Select(s => new Sensor($"s{z}-{s}", $"Sensor {z}.{s}", s % 4 == 0 ? "MAINTENANCE" : "ONLINE", $"z{z}",
                (s % 3) switch { 0 => "TEMPERATURE", 1 => "HUMIDITY", _ => "PRESSURE" }, s % 2 == 0 ? new Limits(-5, 40) : null)).ToList())).ToList();
        var byId = zones.ToDictionary(z => z.Id);
        var readings = Enumerable.Range(0, 10).Select(i => new Reading($"2024-06-01T12:{i:00}:00Z", 20 + i * 0.5, "CELSIUS")).ToList();
        return SchemaBuilder.FromSdl(Sdl)
            .MapClrType<Zone>("Zone")
            .MapClrType<Sensor>("Sensor")
            .Resolve("Query", "zones", ctx =>
            {
                var filter = ctx.Arguments.GetValueOrDefault("filter") as IReadOnlyDictionary<string, object?>;
                var text = filter?.GetValueOrDefault("nameContains") as string;
                return zones.Where(z => text is null || z.Name.Contains(text, StringComparison.Ordinal)).Take((int)ctx.Arguments["first"]!).ToList();
            })
            .Resolve("Query", "node", ctx => byId.GetValueOrDefault((string)ctx.Arguments["id"]!))
            .Resolve("Zone", "sensors", ctx =>
            {
                var status = ctx.Arguments.GetValueOrDefault("status") as string;
                return ((Zone)ctx.Source!).Sensors.Where(s => status is null || s.Status == status).Take((int)ctx.Arguments["first"]!).ToList();
            })
            .Resolve("Zone", "parent", ctx => ((Zone)ctx.Source!).ParentId is { } p ? byId[p] : null)
            .Resolve("Sensor", "zone", ctx => byId[((Sensor)ctx.Source!).ZoneId])
            .Resolve("Sensor", "latest", _ => readings[0])
            .Resolve("Sensor", "readings", ctx => readings.Take((int)ctx.Arguments["last"]!).ToList())
            .Build();
    }

    /// <summary>About 40 selected fields, with named and inline fragments, aliases, variables and directives.</summary>
    public const string MidSizeQuery = """
        query Dashboard($first: Int!, $filter: ZoneFilter, $withReadings: Boolean = true, $status: Status) {
          zones(first: $first, filter: $filter) {
            ...ZoneSummary
            parent { id name }
            sensors(first: 5, status: $status) {
              ...SensorDetails
              readings(last: 2) @include(if: $withReadings) { at value unit }
              zone { id }
            }
          }
          node(id: "z2") {
            __typename
            id
            ... on Zone { name area tags }
          }
        }

        fragment ZoneSummary on Zone {
          id
          name
          area
          tags
          __typename
        }

        fragment SensorDetails on Sensor {
          id
          name
          status
          kind
          limits { min max }
          latest { at value unit }
          ... on Asset { zone { name } }
          label: name
        }
        """;
}
