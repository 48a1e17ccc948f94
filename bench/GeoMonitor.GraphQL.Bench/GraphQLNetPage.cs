using System.Text.Json;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Validation;
using GraphQL.SystemTextJson;
using GraphQL.Types;

namespace GeoMonitor.GraphQL.Bench;

/// <summary>
/// The page of <see cref="PageSchema"/> (1,000 incident-like items × 25 fields, a nested object, three lists of small
/// objects found by key, a GeoJSON geometry) served by GraphQL.NET 8 (NuGet GraphQL + GraphQL.SystemTextJson), for the
/// compare mode. Code-first graph types with expression fields, GraphQL.NET's usual and fastest style; the same items
/// and the same query text. The geometry is parsed into a JsonElement once, when the data is made, so that writing it
/// is a copy, as this engine's RawJson is.
/// </summary>
internal static class GraphQLNetPage
{
    public sealed record Item(PageSchema.Item Data, JsonElement Geometry);

    public sealed record Edge(Item Node);

    public sealed record Page(List<Edge> Edges);

    private static readonly Dictionary<string, PageSchema.Ref> Refs =
        new[] { "unsc-1701-area", "south-litani", "corridor-a", "truce-2026-04" }.ToDictionary(s => s, s => new PageSchema.Ref(s, s.ToUpperInvariant()));

    /// <summary>The schema, over the same items as <see cref="PageSchema.Create"/>.</summary>
    public static ISchema Create()
    {
        var page = new Page([.. PageSchema.Items().Select(i => new Edge(new Item(i, JsonDocument.Parse(i.Geometry.Json).RootElement.Clone())))]);
        var schema = new Schema { Query = new QueryType(page) };
        schema.Initialize();
        return schema;
    }

    /// <summary>
    /// GraphQL.NET's executer with the serial strategy for queries (its default runs sibling fields as parallel tasks,
    /// which costs more when every resolver is synchronous, as here); the compare mode reports the faster of the two.
    /// </summary>
    public static IDocumentExecuter SerialExecuter() => new DocumentExecuter(new GraphQLDocumentBuilder(), new DocumentValidator(),
        new DefaultExecutionStrategySelector([new ExecutionStrategyRegistration(new SerialExecutionStrategy(), GraphQLParser.AST.OperationType.Query)]),
        []);

    /// <summary>Runs the page query (parse, validate, execute).</summary>
    public static Task<ExecutionResult> ExecuteAsync(IDocumentExecuter executer, ISchema schema) =>
        executer.ExecuteAsync(o =>
        {
            o.Schema = schema;
            o.Query = PageSchema.Query;
        });

    private sealed class QueryType : ObjectGraphType
    {
        public QueryType(Page page)
        {
            Name = "Query";
            Field<NonNullGraphType<PageType>>("page").Argument<IntGraphType>("first", a => a.DefaultValue = 1000).Resolve(_ => page);
        }
    }

    private sealed class PageType : ObjectGraphType<Page>
    {
        public PageType()
        {
            Name = "Page";
            Field<NonNullGraphType<ListGraphType<NonNullGraphType<EdgeType>>>>("edges").Resolve(ctx => ctx.Source.Edges);
        }
    }

    private sealed class EdgeType : ObjectGraphType<Edge>
    {
        public EdgeType()
        {
            Name = "Edge";
            Field<NonNullGraphType<ItemType>>("node").Resolve(ctx => ctx.Source.Node);
        }
    }

    private sealed class RefType : ObjectGraphType<PageSchema.Ref>
    {
        public RefType()
        {
            Name = "Ref";
            Field(x => x.Slug);
            Field(x => x.Name);
        }
    }

    private sealed class DistanceType : ObjectGraphType<PageSchema.Distance>
    {
        public DistanceType()
        {
            Name = "Distance";
            Field(x => x.Metres);
            Field<SideType>("side").Resolve(ctx => ctx.Source.Side);
        }
    }

    private sealed class StatusType : EnumerationGraphType
    {
        public StatusType()
        {
            Name = "Status";
            Add("VERIFIED", "VERIFIED");
            Add("PENDING", "PENDING");
        }
    }

    private sealed class SideType : EnumerationGraphType
    {
        public SideType()
        {
            Name = "Side";
            Add("NORTH", "NORTH");
            Add("SOUTH", "SOUTH");
        }
    }

    private sealed class GeoJsonType : ScalarGraphType
    {
        public GeoJsonType() => Name = "GeoJSON";

        public override object? ParseValue(object? value) => throw new NotSupportedException("output only");

        public override object? Serialize(object? value) => value;
    }

    private sealed class ItemType : ObjectGraphType<Item>
    {
        public ItemType()
        {
            Name = "Item";
            Field<NonNullGraphType<IdGraphType>>("id").Resolve(ctx => ctx.Source.Data.Id);
            Field<NonNullGraphType<StringGraphType>>("source").Resolve(ctx => ctx.Source.Data.Source);
            Field<NonNullGraphType<StringGraphType>>("externalId").Resolve(ctx => ctx.Source.Data.ExternalId);
            Field<NonNullGraphType<StringGraphType>>("occurredAt").Resolve(ctx => ctx.Source.Data.OccurredAt);
            Field<NonNullGraphType<IntGraphType>>("timePrecision").Resolve(ctx => ctx.Source.Data.TimePrecision);
            Field<NonNullGraphType<StringGraphType>>("eventType").Resolve(ctx => ctx.Source.Data.EventType);
            Field<NonNullGraphType<StringGraphType>>("subEventType").Resolve(ctx => ctx.Source.Data.SubEventType);
            Field<StringGraphType>("actor1").Resolve(ctx => ctx.Source.Data.Actor1);
            Field<StringGraphType>("actor2").Resolve(ctx => ctx.Source.Data.Actor2);
            Field<NonNullGraphType<IntGraphType>>("fatalities").Resolve(ctx => ctx.Source.Data.Fatalities);
            Field<NonNullGraphType<StatusType>>("status").Resolve(ctx => ctx.Source.Data.Status);
            Field<NonNullGraphType<IntGraphType>>("geoPrecision").Resolve(ctx => ctx.Source.Data.GeoPrecision);
            Field<FloatGraphType>("uncertaintyMetres").Resolve(ctx => ctx.Source.Data.UncertaintyMetres);
            Field<StringGraphType>("locationName").Resolve(ctx => ctx.Source.Data.LocationName);
            Field<StringGraphType>("notes").Resolve(ctx => ctx.Source.Data.Notes);
            Field<DistanceType>("distance").Resolve(ctx => ctx.Source.Data.Distance);
            Field<NonNullGraphType<IntGraphType>>("version").Resolve(ctx => ctx.Source.Data.Version);
            Field<NonNullGraphType<StringGraphType>>("updatedAt").Resolve(ctx => ctx.Source.Data.UpdatedAt);
            Field<NonNullGraphType<GeoJsonType>>("geometry").Resolve(ctx => ctx.Source.Geometry);
            Field<NonNullGraphType<ListGraphType<NonNullGraphType<RefType>>>>("zones").Resolve(ctx => ctx.Source.Data.ZoneSlugs.Select(s => Refs[s]).ToList());
            Field<NonNullGraphType<ListGraphType<NonNullGraphType<RefType>>>>("corridors").Resolve(ctx => ctx.Source.Data.CorridorSlugs.Select(s => Refs[s]).ToList());
            Field<NonNullGraphType<ListGraphType<NonNullGraphType<RefType>>>>("truces").Resolve(ctx => ctx.Source.Data.TruceSlugs.Select(s => Refs[s]).ToList());
        }
    }

    /// <summary>The JSON writer GraphQL.NET's ASP.NET integration uses.</summary>
    public static readonly GraphQLSerializer Serializer = new();
}
