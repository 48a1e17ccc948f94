using GeoMonitor.Api.Features.Common;
using Npgsql;
using NpgsqlTypes;

namespace GeoMonitor.Api.Features.Layers;

/// <summary>
/// The kept versions of a layer (V050): the list GET /api/{lines|zones|corridors|truces}/{slug}/versions serves, each
/// version with what it measures and how it differs from the version before it, and the earliest version a 404 names
/// when asOf comes before a layer existed. Areas and lengths are geodesic (geography); a line's shift is the
/// vertex-based Hausdorff distance in UTM 36N metres; a truce's window moves in days.
/// </summary>
public static class LayerVersions
{
    /// <summary>A kind of layer: its name in messages, its table and the SQL of its version list.</summary>
    public sealed record Kind(string Name, string Table, string VersionsSql);

    private static string Utc(string column) => LayerSql.Utc(column);

    // The columns every version shows; a deletion shows only these.
    private static readonly string Head = $"""
        'version', v.version, 'change', v.change, 'recordedFrom', {Utc("v.recorded_from")},
        'recordedTo', {Utc("CASE WHEN v.change = 'delete' THEN NULL ELSE v.recorded_to END")}, 'recordedBy', v.recorded_by
        """;

    // The version before v that held content (a re-creation is compared with what was deleted).
    private static string Previous(string versions) =>
        $"LEFT JOIN LATERAL (SELECT * FROM {versions} p WHERE p.slug = v.slug AND p.version < v.version AND p.change <> 'delete' ORDER BY p.version DESC LIMIT 1) p ON true";

    private static string List(string versions, string measures, string diff) => $"""
        SELECT CASE WHEN v.change = 'delete' THEN json_build_object({Head})
                    ELSE json_build_object({Head}, {measures},
                           'diff', CASE WHEN p.vid IS NULL THEN NULL ELSE json_build_object('fromVersion', p.version, {diff}) END) END::text
        FROM {versions} v {Previous(versions)}
        WHERE v.slug = @slug
        ORDER BY v.version
        """;

    private static string Km2(string g) => $"round((ST_Area(({g})::geography) / 1e6)::numeric, 3)";

    private static string Km(string g) => $"round((ST_Length(({g})::geography) / 1000)::numeric, 3)";

    private static string Days(string a, string b) => $"round((extract(epoch FROM {a} - {b}) / 86400)::numeric, 4)";

    /// <summary>Lines: lengthKm; diff lengthKm and maxShiftM.</summary>
    public static readonly Kind Line = new("line", LayerJoins.LinesTable, List("line_versions",
        $"'name', v.name, 'kind', v.kind, 'approximate', v.approximate, 'source', v.source, 'lengthKm', {Km("v.geom")}",
        $"'lengthKm', {Km("v.geom")} - {Km("p.geom")}, "
        + "'maxShiftM', round(ST_HausdorffDistance(ST_Transform(v.geom, 32636), ST_Transform(p.geom, 32636))::numeric, 1)"));

    /// <summary>Zones: validity and areaKm2; diff areaKm2, addedKm2 (area now inside that was not) and removedKm2.</summary>
    public static readonly Kind Zone = new("zone", LayerJoins.ZonesTable, List("zone_versions",
        $"'name', v.name, 'kind', v.kind, 'approximate', v.approximate, 'source', v.source, 'validFrom', {Utc("lower(v.valid)")}, "
        + $"'validTo', {Utc("upper(v.valid)")}, 'areaKm2', {Km2("v.geom")}",
        $"'areaKm2', {Km2("v.geom")} - {Km2("p.geom")}, 'addedKm2', {Km2("ST_Difference(v.geom, p.geom)")}, "
        + $"'removedKm2', {Km2("ST_Difference(p.geom, v.geom)")}"));

    /// <summary>Corridors: areaKm2, routeLengthKm, widthM, status, windows; diff areaKm2, routeLengthKm, widthM.</summary>
    public static readonly Kind Corridor = new("corridor", LayerJoins.CorridorsTable, List("corridor_versions",
        $"'name', v.name, 'status', v.status, 'approximate', v.approximate, 'source', v.source, 'widthM', v.width_m, "
        + $"'areaKm2', {Km2("v.geom")}, 'routeLengthKm', {Km("v.route")}, 'windows', v.windows",
        $"'areaKm2', {Km2("v.geom")} - {Km2("p.geom")}, 'routeLengthKm', {Km("v.route")} - {Km("p.route")}, 'widthM', v.width_m - p.width_m"));

    /// <summary>Truces: the window in force (start, end, durationDays); diff startMovedDays, endMovedDays, durationDays.</summary>
    public static readonly Kind Truce = new("truce", LayerJoins.TrucesTable, List("truce_versions",
        $"'name', v.name, 'source', v.source, 'start', {Utc("lower(v.during)")}, 'end', {Utc("upper(v.during)")}, "
        + $"'durationDays', {Days("upper(v.during)", "lower(v.during)")}, 'extensions', v.extensions",
        $"'startMovedDays', {Days("lower(v.during)", "lower(p.during)")}, 'endMovedDays', {Days("upper(v.during)", "upper(p.during)")}, "
        + $"'durationDays', {Days("upper(v.during)", "lower(v.during)")} - {Days("upper(p.during)", "lower(p.during)")}"));

    /// <summary>The kind whose table is <paramref name="table"/>.</summary>
    public static Kind Of(string table) => table switch
    {
        LayerJoins.LinesTable => Line,
        LayerJoins.ZonesTable => Zone,
        LayerJoins.CorridorsTable => Corridor,
        LayerJoins.TrucesTable => Truce,
        _ => throw new ArgumentOutOfRangeException(nameof(table), table, "Not a layer table."),
    };

    /// <summary>The versions of <paramref name="slug"/>, oldest first (empty when the slug never existed).</summary>
    public static async Task<LayerRows> ListAsync(NpgsqlDataSource db, Kind kind, string slug, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(kind.VersionsSql);
        cmd.Parameters.Add(new NpgsqlParameter("slug", NpgsqlDbType.Text) { Value = slug });
        var rows = new List<string>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct)) rows.Add(r.GetString(0));
        var (recorded, now) = await LastRecordedAsync(db, kind, slug, ct);
        return new LayerRows(rows, recorded, now);
    }

    /// <summary>The latest record time of <paramref name="slug"/>'s versions, and the database's clock.</summary>
    private static async Task<(DateTime? Recorded, DateTime Now)> LastRecordedAsync(NpgsqlDataSource db, Kind kind, string slug, CancellationToken ct)
    {
        // The table name comes from the fixed kinds above, never from input.
        await using var cmd = db.CreateCommand($"SELECT max(recorded_from), clock_timestamp() FROM {LayerJoins.VersionsOf(kind.Table)} WHERE slug = $1");
        cmd.Parameters.AddWithValue(slug);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return (r.IsDBNull(0) ? null : DateTime.SpecifyKind(r.GetDateTime(0), DateTimeKind.Utc), DateTime.SpecifyKind(r.GetDateTime(1), DateTimeKind.Utc));
    }

    /// <summary>The first version of <paramref name="slug"/> (number and record time), or null when it never existed.</summary>
    public static async Task<(int Version, DateTime RecordedFrom)?> EarliestAsync(NpgsqlDataSource db, string table, string slug, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"SELECT version, recorded_from FROM {LayerJoins.VersionsOf(table)} WHERE slug = $1 ORDER BY version LIMIT 1");
        cmd.Parameters.AddWithValue(slug);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return null;
        return (r.GetInt32(0), DateTime.SpecifyKind(r.GetDateTime(1), DateTimeKind.Utc));
    }

    /// <summary>
    /// Why a versioned thing (<paramref name="described"/>: "The zone 'x'") has no version at <paramref name="asOf"/>, given
    /// its <paramref name="first"/> version: it never existed (<paramref name="never"/>), asOf comes before its first
    /// version (a 404 naming it and when it was recorded), or it had been deleted by then (its versions at
    /// <paramref name="versionsPath"/>). The one wording of layers and claims.
    /// </summary>
    public static ResourceNotFoundException MissingAt(string described, (int Version, DateTime RecordedFrom)? first, DateTimeOffset? asOf,
        string versionsPath, ResourceNotFoundException never)
    {
        if (asOf is not { } at || first is not { } f) return never;
        var stamp = Common.Iso8601.Format(at.UtcDateTime);
        var firstStamp = Common.Iso8601.Format(f.RecordedFrom);
        var earliest = new Dictionary<string, object?> { ["earliestVersion"] = f.Version, ["earliestRecordedAt"] = firstStamp };
        return at.UtcDateTime < f.RecordedFrom
            ? new ResourceNotFoundException("asOf",
                $"{described} did not exist at {stamp}: its earliest version ({f.Version}) was recorded at {firstStamp}; ask asOf={firstStamp} or later.", earliest)
            : new ResourceNotFoundException("asOf", $"{described} did not exist at {stamp}: it had been deleted (its versions: {versionsPath}).", earliest);
    }

    /// <summary>
    /// Why <paramref name="slug"/> has no version at <paramref name="asOf"/>: it never existed (a plain 404), asOf comes
    /// before its first version (a 404 naming that version and when it was recorded), or it was deleted by then.
    /// </summary>
    public static async Task<ResourceNotFoundException> MissingAtAsync(NpgsqlDataSource db, string table, string slug, DateTimeOffset? asOf,
        string parameter, CancellationToken ct)
    {
        var what = Of(table).Name;
        return MissingAt($"The {what} '{slug}'", asOf is null ? null : await EarliestAsync(db, table, slug, ct), asOf, $"/api/{table}/{slug}/versions",
            new ResourceNotFoundException(parameter, $"No {what} with slug '{slug}'."));
    }
}
