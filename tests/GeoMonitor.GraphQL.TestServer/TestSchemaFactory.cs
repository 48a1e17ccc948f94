using System.Globalization;
using GeoMonitor.GraphQL.Execution;
using GeoMonitor.GraphQL.Language;
using GeoMonitor.GraphQL.Types;
using GeoMonitor.GraphQL.Utilities;

namespace GeoMonitor.GraphQL.TestServer;

/// <summary>Builds the test schema from schema.graphql; resolvers never fail for well-formed input, as the conformance harness expects.</summary>
public static class TestSchemaFactory
{
    public static Schema Create(Store store)
    {
        var sdl = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "schema.graphql"));
        return SchemaBuilder.FromSdl(sdl)
            .Scalar("DateTime",
                serialize: v => v is DateTimeOffset d ? d.ToString("yyyy-MM-dd'T'HH:mm:ss.fffK", CultureInfo.InvariantCulture) : v.ToString(),
                parseValue: v => v is string s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var d)
                    ? d
                    : throw new GraphQLException($"DateTime cannot represent value: {v}"),
                parseLiteral: (node, _) => node is StringValueNode s && DateTimeOffset.TryParse(s.Value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var d)
                    ? d
                    : throw new GraphQLException($"DateTime cannot represent literal: {Printer.Print(node)}"))
            .BindEnum<AssetStatus>("Status")
            .BindEnum<SensorKind>("SensorKind")
            .MapClrType<Sensor>("Sensor")
            .MapClrType<Camera>("Camera")
            .MapClrType<Zone>("Zone")
            .Resolve("Query", "node", ctx => store.Node(ctx.GetArgument<string>("id")!))
            .Resolve("Query", "zone", ctx => store.Zones.FirstOrDefault(z => z.Id == ctx.GetArgument<string>("id")))
            .Resolve("Query", "zones", ctx => store.Zones.Take(Math.Max(0, ctx.GetArgument<int>("first"))).ToList())
            .Resolve("Query", "assets", ctx => FilterAssets(store, ctx))
            .Resolve("Query", "search", ctx =>
            {
                var term = ctx.GetArgument<string>("term") ?? string.Empty;
                var hits = store.Zones.Cast<object>().Concat(store.Assets)
                    .Where(x => (x is Zone z ? z.Name : ((Asset)x).Name).Contains(term, StringComparison.OrdinalIgnoreCase))
                    .Cast<object?>().Append(null);
                return (ctx.GetArgument<int?>("first") is int first ? hits.Take(Math.Max(0, first)) : hits).ToList();
            })
            .Resolve("Query", "sensor", ctx => store.Assets.OfType<Sensor>().FirstOrDefault(s => s.Id == ctx.GetArgument<string>("id")))
            .Resolve("Query", "average", ctx => ctx.GetArgument<List<object?>>("values") is { Count: > 0 } values
                ? values.Select(v => Convert.ToDouble(v, CultureInfo.InvariantCulture)).Average()
                : null)
            .Resolve("Query", "now", _ => DateTimeOffset.UtcNow)
            .Resolve("Query", "version", _ => "1.0")
            .Resolve("Query", "serverInfo", _ => new { Name = "GeoMonitor GraphQL test server", store.StartedAt })
            .Resolve("Query", "feed", ctx => Feed(store, ctx))
            .Resolve("Query", "strictFeed", ctx => Feed(store, ctx))
            .Resolve("Query", "feedOrNull", ctx => Feed(store, ctx))
            .Resolve("FeedEntry", "label", ctx => ((FeedEntry)ctx.Source!).Seq == FailingItem(ctx) ? null : $"entry {((FeedEntry)ctx.Source!).Seq}")
            .Resolve("Zone", "assetFeed", ctx => Streamed(store.Assets.Where(a => a.ZoneId == ((Zone)ctx.Source!).Id).ToList(), ctx.CancellationToken))
            .Resolve<Zone?>("Sensor", "zone", ctx => ZoneOf(ctx, ((Asset)ctx.Source!).ZoneId))
            .Resolve<Zone?>("Camera", "zone", ctx => ZoneOf(ctx, ((Asset)ctx.Source!).ZoneId))
            .Resolve<Zone?>("Zone", "parent", ctx => ZoneOf(ctx, ((Zone)ctx.Source!).ParentId))
            .Resolve("Zone", "children", ctx => store.Zones.Where(z => z.ParentId == ((Zone)ctx.Source!).Id).ToList())
            .Resolve<List<Asset>>("Zone", "assets", async ctx =>
            {
                // Batched: every zone in the response is served by one call per response level.
                var byZone = await ctx.Loader<string, List<Asset>>("assetsByZone", (ids, _) =>
                    Task.FromResult<IReadOnlyDictionary<string, List<Asset>>>(ids.ToDictionary(id => id, id => store.Assets.Where(a => a.ZoneId == id).ToList())))
                    .LoadAsync(((Zone)ctx.Source!).Id);
                var status = ctx.GetArgument<AssetStatus?>("status");
                return (byZone ?? []).Where(a => status is null || a.Status == status).Take(Math.Max(0, ctx.GetArgument<int>("first"))).ToList();
            })
            .Resolve("Sensor", "readings", ctx =>
            {
                var sensor = (Sensor)ctx.Source!;
                var unit = sensor.Kind switch { SensorKind.Temperature => "CELSIUS", SensorKind.Humidity => "PERCENT", _ => "HECTOPASCAL" };
                var count = Math.Clamp(ctx.GetArgument<int>("last"), 0, 100);
                var seed = int.Parse(sensor.Id, CultureInfo.InvariantCulture);
                return Enumerable.Range(0, count)
                    .Select(i => new Reading(new DateTimeOffset(2024, 6, 1, 12, 0, 0, TimeSpan.Zero).AddMinutes(-10 * i), Math.Round(20 + ((seed * 7 + i * 3) % 11) * 0.5, 2), unit))
                    .ToList();
            })
            .Resolve("Mutation", "addSensor", ctx =>
            {
                var input = ctx.GetArgument<Dictionary<string, object?>>("input")!;
                var limits = input.GetValueOrDefault("limits") is Dictionary<string, object?> l
                    ? new Limits(l.GetValueOrDefault("min") as double?, l.GetValueOrDefault("max") as double?)
                    : null;
                return store.AddSensor((string)input["name"]!, (string)input["zoneId"]!, (SensorKind)input["kind"]!, limits);
            })
            .Resolve("Mutation", "setStatus", ctx => store.SetStatus(ctx.GetArgument<string>("id")!, (AssetStatus)ctx.Arguments["status"]!))
            .Resolve("Mutation", "renameZone", ctx => store.RenameZone(ctx.GetArgument<string>("id")!, ctx.GetArgument<string>("name")!))
            .Subscribe("Subscription", "statusChanged", ctx => Filter(store.StatusChanges(ctx.CancellationToken), ctx.GetArgument<string>("zoneId")))
            .Build();
    }

    /// <summary>Entries produced one by one, with a pause before some of them (rows still on the network).</summary>
    private static IAsyncEnumerable<FeedEntry> Feed(Store store, ResolveContext ctx)
    {
        var assets = store.Assets;
        var t0 = new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var entries = Enumerable.Range(0, Math.Clamp(ctx.GetArgument<int>("first"), 0, 100))
            .Select(i => new FeedEntry(i, t0.AddMinutes(i), i % 3 == 2 ? null : assets[i % assets.Count])).ToList();
        return Streamed(entries, ctx.CancellationToken);
    }

    private static async IAsyncEnumerable<T> Streamed<T>(List<T> items, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (i % 2 == 1) await Task.Yield();
            ct.ThrowIfCancellationRequested();
            yield return items[i];
        }
    }

    /// <summary>The entry whose label fails, from the X-Test-Fail-Item request header; -1 without it.</summary>
    private static int FailingItem(ResolveContext ctx) =>
        ctx.UserContext is HttpContext http && int.TryParse(http.Request.Headers["X-Test-Fail-Item"], out var k) ? k : -1;

    private static List<Asset> FilterAssets(Store store, ResolveContext ctx)
    {
        var filter = ctx.GetArgument<Dictionary<string, object?>>("filter");
        IEnumerable<Asset> assets = store.Assets;
        if (filter is not null)
        {
            if (filter.GetValueOrDefault("status") is List<object?> statuses) assets = assets.Where(a => statuses.Contains(a.Status));
            if (filter.GetValueOrDefault("nameContains") is string text) assets = assets.Where(a => a.Name.Contains(text, StringComparison.OrdinalIgnoreCase));
            if (filter.GetValueOrDefault("zoneId") is string zoneId) assets = assets.Where(a => a.ZoneId == zoneId);
            if (filter.GetValueOrDefault("kinds") is List<object?> { Count: > 0 } kinds) assets = assets.Where(a => a is Sensor s && kinds.Contains(s.Kind));
        }
        return assets.Take(Math.Max(0, ctx.GetArgument<int>("limit"))).ToList();
    }

    private static async Task<Zone?> ZoneOf(ResolveContext ctx, string? zoneId)
    {
        if (zoneId is null) return null;
        var store = (Store)ctx.RootValue!;
        return await ctx.Loader<string, Zone>("zoneById", (ids, _) =>
            Task.FromResult<IReadOnlyDictionary<string, Zone>>(store.Zones.Where(z => ids.Contains(z.Id)).ToDictionary(z => z.Id)))
            .LoadAsync(zoneId);
    }

    private static async IAsyncEnumerable<Asset> Filter(IAsyncEnumerable<Asset> changes, string? zoneId)
    {
        await foreach (var asset in changes)
        {
            if (zoneId is null || asset.ZoneId == zoneId) yield return asset;
        }
    }
}
