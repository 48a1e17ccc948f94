using GeoMonitor.Api.Features.Stats;
using System.Text.Json;
using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.Locate;
using GeoMonitor.Api.Features.Truces;
using GeoMonitor.Api.GraphQL.Data;
using GeoMonitor.GraphQL.Execution;
using GeoMonitor.GraphQL.Utilities;
using Npgsql;
using NpgsqlTypes;

namespace GeoMonitor.Api.GraphQL.Resolvers;

/// <summary>locate, truceReport, incidentStats: the REST API's own computations, shaped as GraphQL types.</summary>
public static class ReportResolvers
{
    /// <summary>Binds the resolvers.</summary>
    public static SchemaBuilder BindReports(this SchemaBuilder b) => b
        .Resolve("Query", "locate", LocateAsync)
        .Resolve("Location", "zones", ctx => (LocationNode)ctx.Source! is { AsOf: { } asOf } l
            ? (object)Layers(ctx).ZonesAsync(l.ZoneSlugs, null, null, ctx.CancellationToken, asOf)
            : LayerLookup.Zones(ctx, ((LocationNode)ctx.Source!).ZoneSlugs))
        .Resolve("Location", "truces", ctx => (LocationNode)ctx.Source! is { AsOf: { } asOf } l
            ? (object)Layers(ctx).TrucesAsync(l.TruceSlugs, null, ctx.CancellationToken, asOf)
            : LayerLookup.Truces(ctx, ((LocationNode)ctx.Source!).TruceSlugs))
        .Resolve("Location", "corridors", async ctx =>
        {
            var l = (LocationNode)ctx.Source!;
            var all = l.AsOf is { } asOf
                ? (await Layers(ctx).CorridorsAsync(l.Corridors.Select(c => c.Slug).ToList(), null, ctx.CancellationToken, asOf)).ToDictionary(c => c.Slug)
                : await LayerLookup.TableAsync(ctx, "corridors", c => c.CachedCorridors, (c, ct) => c.CorridorsAsync(ct));
            return l.Corridors.Where(c => all.ContainsKey(c.Slug)).Select(c => new LocatedCorridorNode(all[c.Slug], c.Open)).ToList();
        })
        .Resolve("Query", "truceReport", ctx => ReportAsync(ctx, ctx.Value<string>("slug")!, nullWhenMissing: true, ctx.Struct<DateTimeOffset>("asOf")))
        .Resolve("Truce", "report", ctx => ReportAsync(ctx, ((TruceNode)ctx.Source!).Slug, nullWhenMissing: false, ((TruceNode)ctx.Source!).At?.AsOf))
        .Resolve("ReportWindow", "byEventType", ctx => Counts(ctx.Source, "byEventType"))
        .Resolve("ReportWindow", "byZone", ctx => Counts(ctx.Source, "byZone"))
        .Resolve("ReportChange", "byEventType", ctx => Changes(ctx.Source, "byEventType"))
        .Resolve("ReportChange", "byZone", ctx => Changes(ctx.Source, "byZone"))
        .Resolve("Query", "incidentStats", async ctx =>
        {
            var request = GqlRequest.Of(ctx);
            var translated = FilterInput.Read(ctx.Input("filter"), request.Caller);
            var plan = await FilterInput.EnsureExistAsync(ctx, translated);
            try
            {
                return await request.Service<StatsStore>().CountAsync(translated.Filter, plan, (ctx.Value<string>("bucket") ?? "day").ToLowerInvariant(), ctx.CancellationToken);
            }
            catch (QueryParameterException e)
            {
                throw GqlErrors.Translate(e, "filter.");
            }
        });

    /// <summary>Query.locate: the statement of GET /api/locate (Features/Locate/LocateApi.cs), read into slugs.</summary>
    private static async Task<LocationNode> LocateAsync(ResolveContext ctx)
    {
        var lon = ctx.Double("lon");
        var lat = ctx.Double("lat");
        var at = (ctx.Struct<DateTimeOffset>("at") ?? DateTimeOffset.UtcNow).UtcDateTime;
        await using var cmd = LocateApi.Command(GqlRequest.Reader<NpgsqlDataSource>(ctx), lon, lat, at, ctx.Struct<DateTimeOffset>("asOf"));
        using var doc = JsonDocument.Parse((string)(await cmd.ExecuteScalarAsync(ctx.CancellationToken))!);
        var root = doc.RootElement;
        static List<string> Slugs(JsonElement a) => a.EnumerateArray().Select(x => x.GetProperty("slug").GetString()!).ToList();
        var corridors = root.GetProperty("corridors").EnumerateArray()
            .Select(c => (c.GetProperty("slug").GetString()!, c.GetProperty("openAt").GetBoolean())).ToList();
        var bl = root.GetProperty("blueLine");
        var blueLine = bl.ValueKind == JsonValueKind.Object && bl.GetProperty("distanceM").ValueKind == JsonValueKind.Number
            ? new BlueLineNode(bl.GetProperty("distanceM").GetDouble(), bl.GetProperty("side").ValueKind == JsonValueKind.String ? bl.GetProperty("side").GetString() : null)
            : null;
        return new LocationNode(lon, lat, at, Slugs(root.GetProperty("zones")), corridors, Slugs(root.GetProperty("truces")), blueLine,
            ctx.Struct<DateTimeOffset>("asOf"));
    }

    private static LayerStore Layers(ResolveContext ctx) => GqlRequest.Reader<LayerStore>(ctx);

    /// <summary>
    /// The truce report of GET /api/truces/{slug}/report (Features/Truces/TruceReport.cs), as plain values; as recorded at
    /// asOf when asked (Query.truceReport's argument, or the truce node's own asOf).
    /// </summary>
    private static async Task<object?> ReportAsync(ResolveContext ctx, string slug, bool nullWhenMissing, DateTimeOffset? asOf)
    {
        var request = GqlRequest.Of(ctx);
        var zone = ctx.Value<string>("zone");
        var statuses = FilterInput.Visible(request.Caller, ctx.Strings("statuses"));
        if (asOf is not null)
        {
            // Layers as recorded at another instant are not in the cache: the stores' own checks answer, as REST's.
            try
            {
                if (zone is not null)
                    await request.Service<Features.Incidents.IncidentStore>().EnsureSlugsExistAsync(new Features.Incidents.Query.IncidentFilter { Zone = zone, AsOf = asOf },
                        ctx.CancellationToken);
                return Plain(JsonSerializer.SerializeToElement(await TruceReport.BuildAsync(GqlRequest.Reader<NpgsqlDataSource>(ctx), slug, zone, statuses,
                    Features.Incidents.IncidentVisibility.Audience(request.Caller), ctx.CancellationToken, asOf)));
            }
            catch (ResourceNotFoundException e) when (nullWhenMissing && e.Parameter == "slug")
            {
                return null;
            }
            catch (ResourceNotFoundException e)
            {
                throw GqlErrors.Translate(e, "");
            }
        }
        if (zone is not null)
        {
            var exists = await LayerLookup.InfoAsync(ctx, "zones", zone);
            if (!exists.Exists) throw GqlErrors.Error(GqlErrors.NotFound, $"No zone with slug '{zone}'.", "zone");
        }
        if (nullWhenMissing && !(await LayerLookup.InfoAsync(ctx, "truces", slug)).Exists) return null;
        try
        {
            var report = await TruceReport.BuildAsync(GqlRequest.Reader<NpgsqlDataSource>(ctx), slug, zone, statuses,
                Features.Incidents.IncidentVisibility.Audience(request.Caller), ctx.CancellationToken);
            return Plain(JsonSerializer.SerializeToElement(report));
        }
        catch (ResourceNotFoundException) when (nullWhenMissing)
        {
            return null; // deleted between the check and the report
        }
    }

    private static List<object> Counts(object? window, string name) =>
        Dict(window, name).Select(kv => (object)new KeyCountNode(kv.Key, kv.Value)).ToList();

    private static List<object> Changes(object? change, string name) =>
        Dict(change, name).Select(kv => (object)new KeyChangeNode(kv.Key, kv.Value)).ToList();

    private static IEnumerable<KeyValuePair<string, object?>> Dict(object? source, string name) =>
        source is IReadOnlyDictionary<string, object?> d && d.GetValueOrDefault(name) is IReadOnlyDictionary<string, object?> inner
            ? inner.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            : [];

    /// <summary>A JSON tree as dictionaries, lists, strings, longs, doubles, booleans and nulls (what the default resolver reads).</summary>
    private static object? Plain(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => (IReadOnlyDictionary<string, object?>)e.EnumerateObject().ToDictionary(p => p.Name, p => Plain(p.Value), StringComparer.Ordinal),
        JsonValueKind.Array => e.EnumerateArray().Select(Plain).ToList(),
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.TryGetInt64(out var l) ? l : e.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
