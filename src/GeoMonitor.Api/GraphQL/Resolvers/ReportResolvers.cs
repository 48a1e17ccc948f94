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
        .Resolve("Location", "zones", ctx => LayerLookup.Zones(ctx, ((LocationNode)ctx.Source!).ZoneSlugs))
        .Resolve("Location", "truces", ctx => LayerLookup.Truces(ctx, ((LocationNode)ctx.Source!).TruceSlugs))
        .Resolve("Location", "corridors", async ctx =>
        {
            var l = (LocationNode)ctx.Source!;
            var all = await LayerLookup.TableAsync(ctx, "corridors", c => c.CachedCorridors, (c, ct) => c.CorridorsAsync(ct));
            return l.Corridors.Where(c => all.ContainsKey(c.Slug)).Select(c => new LocatedCorridorNode(all[c.Slug], c.Open)).ToList();
        })
        .Resolve("Query", "truceReport", ctx => ReportAsync(ctx, ctx.Value<string>("slug")!, nullWhenMissing: true))
        .Resolve("Truce", "report", ctx => ReportAsync(ctx, ((TruceNode)ctx.Source!).Slug, nullWhenMissing: false))
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
        await using var cmd = GqlRequest.Reader<NpgsqlDataSource>(ctx).CreateCommand(LocateApi.Sql);
        cmd.Parameters.Add(new NpgsqlParameter("lon", NpgsqlDbType.Double) { Value = lon });
        cmd.Parameters.Add(new NpgsqlParameter("lat", NpgsqlDbType.Double) { Value = lat });
        cmd.Parameters.Add(new NpgsqlParameter("at", NpgsqlDbType.TimestampTz) { Value = at });
        using var doc = JsonDocument.Parse((string)(await cmd.ExecuteScalarAsync(ctx.CancellationToken))!);
        var root = doc.RootElement;
        static List<string> Slugs(JsonElement a) => a.EnumerateArray().Select(x => x.GetProperty("slug").GetString()!).ToList();
        var corridors = root.GetProperty("corridors").EnumerateArray()
            .Select(c => (c.GetProperty("slug").GetString()!, c.GetProperty("openAt").GetBoolean())).ToList();
        var bl = root.GetProperty("blueLine");
        var blueLine = bl.ValueKind == JsonValueKind.Object && bl.GetProperty("distanceM").ValueKind == JsonValueKind.Number
            ? new BlueLineNode(bl.GetProperty("distanceM").GetDouble(), bl.GetProperty("side").ValueKind == JsonValueKind.String ? bl.GetProperty("side").GetString() : null)
            : null;
        return new LocationNode(lon, lat, at, Slugs(root.GetProperty("zones")), corridors, Slugs(root.GetProperty("truces")), blueLine);
    }

    /// <summary>The truce report of GET /api/truces/{slug}/report (Features/Truces/TruceReport.cs), as plain values.</summary>
    private static async Task<object?> ReportAsync(ResolveContext ctx, string slug, bool nullWhenMissing)
    {
        var request = GqlRequest.Of(ctx);
        var zone = ctx.Value<string>("zone");
        var statuses = FilterInput.Visible(request.Caller, ctx.Strings("statuses"));
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
