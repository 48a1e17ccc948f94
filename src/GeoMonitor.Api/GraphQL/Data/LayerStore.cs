using System.Globalization;
using System.Text.Json;
using GeoMonitor.Api.Features.Layers;
using GeoMonitor.Api.Features.Truces;
using Npgsql;

namespace GeoMonitor.Api.GraphQL.Data;

/// <summary>
/// The layer reads of the GraphQL API: the REST API's reads (Features/Layers/LayerSql.cs, Features/Truces/TruceSql.cs),
/// the same SQL and the same values, mapped to the GraphQL nodes. Attribute lists leave the geometry out (a zone list is
/// a few rows; its polygons can be megabytes); geometry is read by slugs when a query selects it.
/// </summary>
public sealed class LayerStore(NpgsqlDataSource db)
{
    /// <summary>Lines (all when <paramref name="slugs"/> is null).</summary>
    public async Task<List<LineNode>> LinesAsync(IReadOnlyCollection<string>? slugs, CancellationToken ct) =>
        Map(await LayerSql.LinesAsync(db, slugs, geometry: false, ct), p => new LineNode(
            Str(p, "slug")!, Str(p, "name")!, Str(p, "nameAr"), Str(p, "nameHe"), Str(p, "kind")!, p.GetProperty("lengthKm").GetDouble(),
            Str(p, "source")!, Str(p, "method"), p.GetProperty("approximate").GetBoolean(), Time(p, "updatedAt")!.Value));

    /// <summary>Zones (all when <paramref name="slugs"/> is null), of a kind, valid at an instant.</summary>
    public async Task<List<ZoneNode>> ZonesAsync(IReadOnlyCollection<string>? slugs, string? kind, DateTimeOffset? at, CancellationToken ct) =>
        Map(await LayerSql.ZonesAsync(db, slugs, kind, at, geometry: false, ct), p => new ZoneNode(
            Str(p, "slug")!, Str(p, "name")!, Str(p, "nameAr"), Str(p, "nameHe"), Str(p, "kind")!,
            p.GetProperty("phase").ValueKind == JsonValueKind.Number ? p.GetProperty("phase").GetInt32() : null,
            Time(p, "deadline"), Time(p, "validFrom"), Time(p, "validTo"),
            p.GetProperty("bufferOf") is { ValueKind: JsonValueKind.Object } b
                ? new ZoneBufferNode(Str(b, "line")!, b.GetProperty("metres").GetDouble(), Str(b, "side"))
                : null,
            p.GetProperty("areaKm2").GetDouble(), Str(p, "source")!, Str(p, "method"), p.GetProperty("approximate").GetBoolean(),
            Time(p, "updatedAt")!.Value));

    /// <summary>Corridors (all when <paramref name="slugs"/> is null), open at an instant.</summary>
    public async Task<List<CorridorNode>> CorridorsAsync(IReadOnlyCollection<string>? slugs, DateTimeOffset? openAt, CancellationToken ct) =>
        Map(await LayerSql.CorridorsAsync(db, slugs, openAt, geometry: false, ct), p => new CorridorNode(
            Str(p, "slug")!, Str(p, "name")!, Str(p, "nameAr"), Str(p, "nameHe"), p.GetProperty("widthM").GetDouble(), Str(p, "status")!,
            Str(p, "operator"), Str(p, "source")!, Str(p, "method"), p.GetProperty("approximate").GetBoolean(),
            p.GetProperty("windows").EnumerateArray().Select(w => new CorridorWindowNode(Time(w, "from")!.Value, Time(w, "to"), Str(w, "note"))).ToList(),
            Time(p, "updatedAt")!.Value));

    /// <summary>Truces (all when <paramref name="slugs"/> is null), in force at an instant.</summary>
    public async Task<List<TruceNode>> TrucesAsync(IReadOnlyCollection<string>? slugs, DateTimeOffset? activeAt, CancellationToken ct)
    {
        var list = new List<TruceNode>();
        foreach (var row in await TruceSql.TrucesAsync(db, slugs, activeAt, ct))
        {
            using var doc = JsonDocument.Parse(row);
            var t = doc.RootElement;
            list.Add(new TruceNode(Str(t, "slug")!, Str(t, "name")!, Time(t, "start")!.Value, Time(t, "end"), Time(t, "originalEnd"),
                t.GetProperty("durationDays").ValueKind == JsonValueKind.Number ? t.GetProperty("durationDays").GetDouble() : null,
                [.. t.GetProperty("parties").EnumerateArray().Select(x => x.GetString()!)],
                t.GetProperty("scope").ValueKind == JsonValueKind.Array ? [.. t.GetProperty("scope").EnumerateArray().Select(x => x.GetString()!)] : null,
                t.GetProperty("extensions").EnumerateArray().Select(e => new TruceExtensionNode(
                    Time(e, "announcedAt"), Time(e, "previousEnd"), Time(e, "newEnd")!.Value, Str(e, "source"))).ToList(),
                Str(t, "source")!, Str(t, "notes"), Time(t, "updatedAt")!.Value));
        }
        return list;
    }

    /// <summary>The layers whose geometry can be asked for.</summary>
    public enum GeometryKind
    {
        /// <summary>lines.geom</summary>
        Line,
        /// <summary>zones.geom (rings counter-clockwise)</summary>
        Zone,
        /// <summary>corridors.geom, the area (rings counter-clockwise)</summary>
        CorridorArea,
        /// <summary>corridors.route</summary>
        CorridorRoute,
    }

    /// <summary>GeoJSON text (6 decimals) of the named layers' geometry, by slug: the geometry of the features REST serves.</summary>
    public async Task<IReadOnlyDictionary<string, string>> GeometriesAsync(GeometryKind kind, IReadOnlyCollection<string> slugs, CancellationToken ct)
    {
        var rows = kind switch
        {
            GeometryKind.Line => await LayerSql.LinesAsync(db, slugs, geometry: true, ct),
            GeometryKind.Zone => await LayerSql.ZonesAsync(db, slugs, null, null, geometry: true, ct),
            _ => await LayerSql.CorridorsAsync(db, slugs, null, geometry: true, ct),
        };
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            using var doc = JsonDocument.Parse(row);
            var f = doc.RootElement;
            var geometry = kind == GeometryKind.CorridorRoute ? f.GetProperty("properties").GetProperty("route") : f.GetProperty("geometry");
            result[f.GetProperty("id").GetString()!] = geometry.GetRawText();
        }
        return result;
    }

    // Each row is a feature: the node is made from its properties.
    private static List<T> Map<T>(List<string> rows, Func<JsonElement, T> node)
    {
        var list = new List<T>(rows.Count);
        foreach (var row in rows)
        {
            using var doc = JsonDocument.Parse(row);
            list.Add(node(doc.RootElement.GetProperty("properties")));
        }
        return list;
    }

    private static string? Str(JsonElement o, string name) => o.GetProperty(name) is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;

    private static DateTime? Time(JsonElement o, string name) =>
        Str(o, name) is { } s ? DateTime.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal) : null;
}
