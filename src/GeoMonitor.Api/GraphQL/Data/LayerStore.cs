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
    /// <summary>Lines (all when <paramref name="slugs"/> is null), as recorded at <paramref name="asOf"/> (null = now), with <paramref name="claim"/>'s positions.</summary>
    public async Task<List<LineNode>> LinesAsync(IReadOnlyCollection<string>? slugs, CancellationToken ct, DateTimeOffset? asOf = null, string? claim = null) =>
        Map(await LayerSql.LinesAsync(db, slugs, geometry: false, ct, asOf, claim), p => new LineNode(
            Str(p, "slug")!, Str(p, "name")!, Str(p, "nameAr"), Str(p, "nameHe"), Str(p, "kind")!, p.GetProperty("lengthKm").GetDouble(),
            Str(p, "source")!, Str(p, "method"), p.GetProperty("approximate").GetBoolean(), Time(p, "updatedAt")!.Value, At(p, asOf), claim));

    /// <summary>Zones (all when <paramref name="slugs"/> is null), of a kind, valid at an instant, as recorded at <paramref name="asOf"/>.</summary>
    public async Task<List<ZoneNode>> ZonesAsync(IReadOnlyCollection<string>? slugs, string? kind, DateTimeOffset? at, CancellationToken ct, DateTimeOffset? asOf = null) =>
        Map(await LayerSql.ZonesAsync(db, slugs, kind, at, geometry: false, ct, asOf), p => new ZoneNode(
            Str(p, "slug")!, Str(p, "name")!, Str(p, "nameAr"), Str(p, "nameHe"), Str(p, "kind")!,
            p.GetProperty("phase").ValueKind == JsonValueKind.Number ? p.GetProperty("phase").GetInt32() : null,
            Time(p, "deadline"), Time(p, "validFrom"), Time(p, "validTo"),
            p.GetProperty("bufferOf") is { ValueKind: JsonValueKind.Object } b
                ? new ZoneBufferNode(Str(b, "line")!, b.GetProperty("metres").GetDouble(), Str(b, "side"))
                : null,
            p.GetProperty("areaKm2").GetDouble(), Str(p, "source")!, Str(p, "method"), p.GetProperty("approximate").GetBoolean(),
            Time(p, "updatedAt")!.Value, At(p, asOf)));

    /// <summary>Corridors (all when <paramref name="slugs"/> is null), open at an instant, as recorded at <paramref name="asOf"/>.</summary>
    public async Task<List<CorridorNode>> CorridorsAsync(IReadOnlyCollection<string>? slugs, DateTimeOffset? openAt, CancellationToken ct, DateTimeOffset? asOf = null) =>
        Map(await LayerSql.CorridorsAsync(db, slugs, openAt, geometry: false, ct, asOf), p => new CorridorNode(
            Str(p, "slug")!, Str(p, "name")!, Str(p, "nameAr"), Str(p, "nameHe"), p.GetProperty("widthM").GetDouble(), Str(p, "status")!,
            Str(p, "operator"), Str(p, "source")!, Str(p, "method"), p.GetProperty("approximate").GetBoolean(),
            p.GetProperty("windows").EnumerateArray().Select(w => new CorridorWindowNode(Time(w, "from")!.Value, Time(w, "to"), Str(w, "note"))).ToList(),
            Time(p, "updatedAt")!.Value, At(p, asOf)));

    /// <summary>Truces (all when <paramref name="slugs"/> is null), in force at an instant, as recorded at <paramref name="asOf"/>.</summary>
    public async Task<List<TruceNode>> TrucesAsync(IReadOnlyCollection<string>? slugs, DateTimeOffset? activeAt, CancellationToken ct, DateTimeOffset? asOf = null)
    {
        var list = new List<TruceNode>();
        foreach (var row in (await TruceSql.TrucesAsync(db, slugs, activeAt, ct, asOf)).Features)
        {
            using var doc = JsonDocument.Parse(row);
            var t = doc.RootElement;
            list.Add(new TruceNode(Str(t, "slug")!, Str(t, "name")!, Time(t, "start")!.Value, Time(t, "end"), Time(t, "originalEnd"),
                t.GetProperty("durationDays").ValueKind == JsonValueKind.Number ? t.GetProperty("durationDays").GetDouble() : null,
                [.. t.GetProperty("parties").EnumerateArray().Select(x => x.GetString()!)],
                t.GetProperty("scope").ValueKind == JsonValueKind.Array ? [.. t.GetProperty("scope").EnumerateArray().Select(x => x.GetString()!)] : null,
                t.GetProperty("extensions").EnumerateArray().Select(e => new TruceExtensionNode(
                    Time(e, "announcedAt"), Time(e, "previousEnd"), Time(e, "newEnd")!.Value, Str(e, "source"))).ToList(),
                Str(t, "source")!, Str(t, "notes"), Time(t, "updatedAt")!.Value, At(t, asOf)));
        }
        return list;
    }

    /// <summary>Whether a claim may be attributed to <paramref name="party"/>.</summary>
    public Task<bool> KnownPartyAsync(string party, CancellationToken ct) => Features.Disputes.ClaimParties.KnownAsync(db, party, ct);

    /// <summary>Why <paramref name="slug"/> has no version at <paramref name="asOf"/> (see <see cref="LayerVersions.MissingAtAsync"/>).</summary>
    public Task<Features.Common.ResourceNotFoundException> MissingAtAsync(string table, string slug, DateTimeOffset? asOf, CancellationToken ct) =>
        LayerVersions.MissingAtAsync(db, table, slug, asOf, "slug", ct);

    /// <summary>The kept versions of a layer (the list the REST versions endpoint serves), oldest first.</summary>
    public async Task<List<LayerVersionNode>> VersionsAsync(LayerVersions.Kind kind, string slug, CancellationToken ct)
    {
        var list = new List<LayerVersionNode>();
        foreach (var row in (await LayerVersions.ListAsync(db, kind, slug, ct)).Features)
        {
            using var doc = JsonDocument.Parse(row);
            var v = doc.RootElement;
            list.Add(new LayerVersionNode(v.GetProperty("version").GetInt32(), Str(v, "change")!, Time(v, "recordedFrom")!.Value, Time(v, "recordedTo"),
                Str(v, "recordedBy"), Num(v, "lengthKm"), Num(v, "areaKm2"), Num(v, "routeLengthKm"), Num(v, "widthM"), Time(v, "validFrom"),
                Time(v, "validTo"), Time(v, "start"), Time(v, "end"), Num(v, "durationDays"),
                v.TryGetProperty("diff", out var d) && d.ValueKind == JsonValueKind.Object
                    ? new LayerVersionDiffNode(d.GetProperty("fromVersion").GetInt32(), Num(d, "lengthKm"), Num(d, "maxShiftM"), Num(d, "areaKm2"),
                        Num(d, "addedKm2"), Num(d, "removedKm2"), Num(d, "routeLengthKm"), Num(d, "widthM"), Num(d, "startMovedDays"),
                        Num(d, "endMovedDays"), Num(d, "durationDays"))
                    : null));
        }
        return list;
    }

    /// <summary>
    /// Disputes (of <paramref name="line"/>, or named by <paramref name="slugs"/>; null = all) with their claims as recorded
    /// at <paramref name="asOf"/> (null: now), as GET /api/disputes serves them.
    /// </summary>
    public async Task<List<DisputeNode>> DisputesAsync(IReadOnlyCollection<string>? slugs, string? line, CancellationToken ct, DateTimeOffset? asOf = null)
    {
        var list = new List<DisputeNode>();
        foreach (var row in (await Features.Disputes.DisputeStore.ListAsync(db, slugs, line, ct, asOf)).Features)
        {
            using var doc = JsonDocument.Parse(row);
            var d = doc.RootElement;
            list.Add(new DisputeNode(Str(d, "slug")!, Str(d, "name")!, Str(d, "line")!, Str(d, "kind")!, Str(d, "source")!, Str(d, "note"),
                d.GetProperty("positionsHeld").GetBoolean(),
                d.GetProperty("claims").EnumerateArray().Select(k => new ClaimNode(Str(k, "party")!, k.GetProperty("position").GetRawText(),
                    Str(k, "source")!, Str(k, "note"), Time(k, "recordedAt")!.Value, Str(k, "recordedBy"),
                    k.GetProperty("version").ValueKind == JsonValueKind.Number ? k.GetProperty("version").GetInt32() : null, Time(k, "recordedFrom"))).ToList(),
                d.GetProperty("separations").EnumerateArray().Select(x => new ClaimSeparationNode(
                    [.. x.GetProperty("parties").EnumerateArray().Select(p => p.GetString()!)], x.GetProperty("metres").GetDouble())).ToList(),
                Num(d, "maxSeparationM"), Time(d, "updatedAt")!.Value));
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

    /// <summary>
    /// GeoJSON text (6 decimals) of the named layers' geometry, by slug, as recorded at <paramref name="asOf"/> (lines with
    /// <paramref name="claim"/>'s positions): the geometry of the features REST serves.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> GeometriesAsync(GeometryKind kind, IReadOnlyCollection<string> slugs, CancellationToken ct,
        DateTimeOffset? asOf = null, string? claim = null)
    {
        var rows = kind switch
        {
            GeometryKind.Line => await LayerSql.LinesAsync(db, slugs, geometry: true, ct, asOf, claim),
            GeometryKind.Zone => await LayerSql.ZonesAsync(db, slugs, null, null, geometry: true, ct, asOf),
            _ => await LayerSql.CorridorsAsync(db, slugs, null, geometry: true, ct, asOf),
        };
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in rows.Features)
        {
            using var doc = JsonDocument.Parse(row);
            var f = doc.RootElement;
            var geometry = kind == GeometryKind.CorridorRoute ? f.GetProperty("properties").GetProperty("route") : f.GetProperty("geometry");
            result[f.GetProperty("id").GetString()!] = geometry.GetRawText();
        }
        return result;
    }

    // Each row is a feature: the node is made from its properties.
    private static List<T> Map<T>(LayerRows rows, Func<JsonElement, T> node)
    {
        var list = new List<T>(rows.Features.Count);
        foreach (var row in rows.Features)
        {
            using var doc = JsonDocument.Parse(row);
            list.Add(node(doc.RootElement.GetProperty("properties")));
        }
        return list;
    }

    private static LayerAt At(JsonElement p, DateTimeOffset? asOf) =>
        new(p.GetProperty("version") is { ValueKind: JsonValueKind.Number } v ? v.GetInt32() : null, Time(p, "recordedFrom"), asOf);

    private static double? Num(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    private static string? Str(JsonElement o, string name) => o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static DateTime? Time(JsonElement o, string name) =>
        Str(o, name) is { } s ? DateTime.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal) : null;
}
