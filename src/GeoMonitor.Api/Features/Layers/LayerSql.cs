using System.Buffers;
using System.Text.Json;
using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.Incidents;
using Npgsql;

namespace GeoMonitor.Api.Features.Layers;

/// <summary>
/// The one read of each layer kind (lines, zones, corridors; truces in Features/Truces/TruceSql.cs), for every surface:
/// the REST endpoints serve its rows as they are, the GraphQL API maps the same rows to its nodes (GraphQL/Data/LayerStore.cs).
/// PostGIS writes each feature (ST_AsGeoJSON, 6 decimals, exterior rings counter-clockwise by ST_ForcePolygonCCW as RFC
/// 7946 asks). Filters: @slugs (null = every layer), and per kind @kind and @at; @geometry false leaves the geometries
/// out (null), which a list of attributes does not need (a zone's polygon can be megabytes).
/// </summary>
public static class LayerSql
{
    /// <summary>An instant column as ISO 8601 UTC text (independent of the session's time zone).</summary>
    public static string Utc(string column) => $"to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')";

    /// <summary>Provenance and names, common to every layer (over alias <c>t</c>).</summary>
    private const string Common = """
        'slug', t.slug, 'name', t.name, 'nameAr', t.name_ar, 'nameHe', t.name_he,
        'source', t.source, 'method', t.method, 'approximate', t.approximate
        """;

    /// <summary>Lines as features.</summary>
    public static readonly string Lines = $"""
        SELECT json_build_object('type', 'Feature', 'id', t.slug, 'geometry', CASE WHEN @geometry THEN ST_AsGeoJSON(t.geom, 6, 0)::json END,
          'properties', json_build_object({Common}, 'kind', t.kind,
             'lengthKm', round((ST_Length(t.geom::geography) / 1000)::numeric, 3), 'updatedAt', {Utc("t.updated_at")}))::text
        FROM lines t WHERE (@slugs::text[] IS NULL OR t.slug = ANY (@slugs)) ORDER BY t.slug
        """;

    /// <summary>Zones as features; filters @slugs, @kind, @at (valid at).</summary>
    public static readonly string Zones = $"""
        SELECT json_build_object('type', 'Feature', 'id', t.slug,
          'geometry', CASE WHEN @geometry THEN ST_AsGeoJSON(ST_ForcePolygonCCW(t.geom), 6, 0)::json END,
          'properties', json_build_object({Common}, 'kind', t.kind, 'phase', t.phase, 'deadline', {Utc("t.deadline")},
             'validFrom', {Utc("lower(t.valid)")}, 'validTo', {Utc("upper(t.valid)")},
             'bufferOf', CASE WHEN t.buffer_of_line IS NULL THEN NULL
                              ELSE json_build_object('line', t.buffer_of_line, 'metres', t.buffer_metres, 'side', t.buffer_side) END,
             'areaKm2', round((ST_Area(t.geom::geography) / 1e6)::numeric, 3), 'updatedAt', {Utc("t.updated_at")}))::text
        FROM zones t
        WHERE (@slugs::text[] IS NULL OR t.slug = ANY (@slugs)) AND (@kind::text IS NULL OR t.kind = @kind)
          AND (@at::timestamptz IS NULL OR t.valid @> @at::timestamptz)
        ORDER BY t.slug
        """;

    /// <summary>Corridors as features (geometry: the corridor's area; the route is a property); filters @slugs, @at (open at).</summary>
    public static readonly string Corridors = $"""
        SELECT json_build_object('type', 'Feature', 'id', t.slug,
          'geometry', CASE WHEN @geometry THEN ST_AsGeoJSON(ST_ForcePolygonCCW(t.geom), 6, 0)::json END,
          'properties', json_build_object({Common}, 'widthM', t.width_m, 'status', t.status, 'operator', t.operator,
             'route', CASE WHEN @geometry THEN ST_AsGeoJSON(t.route, 6, 0)::json END,
             'windows', COALESCE((SELECT json_agg(json_build_object('from', {Utc("lower(w.during)")}, 'to', {Utc("upper(w.during)")}, 'note', w.note)
                                                 ORDER BY lower(w.during)) FROM corridor_windows w WHERE w.corridor_id = t.id), '[]'::json),
             'updatedAt', {Utc("t.updated_at")}))::text
        FROM corridors t
        WHERE (@slugs::text[] IS NULL OR t.slug = ANY (@slugs))
          AND (@at::timestamptz IS NULL OR EXISTS (SELECT 1 FROM corridor_windows w WHERE w.corridor_id = t.id AND w.during @> @at::timestamptz))
        ORDER BY t.slug
        """;

    /// <summary>Lines (every line when <paramref name="slugs"/> is null), one feature text per row.</summary>
    public static Task<List<string>> LinesAsync(NpgsqlDataSource db, IReadOnlyCollection<string>? slugs, bool geometry, CancellationToken ct) =>
        RowsAsync(db, Lines, ct, ("slugs", slugs), ("geometry", geometry));

    /// <summary>Zones of <paramref name="kind"/> valid at <paramref name="at"/> (each null = any), one feature text per row.</summary>
    public static Task<List<string>> ZonesAsync(NpgsqlDataSource db, IReadOnlyCollection<string>? slugs, string? kind, DateTimeOffset? at, bool geometry,
        CancellationToken ct) =>
        RowsAsync(db, Zones, ct, ("slugs", slugs), ("kind", kind), ("at", at), ("geometry", geometry));

    /// <summary>Corridors open at <paramref name="at"/> (null = any), one feature text per row.</summary>
    public static Task<List<string>> CorridorsAsync(NpgsqlDataSource db, IReadOnlyCollection<string>? slugs, DateTimeOffset? at, bool geometry,
        CancellationToken ct) =>
        RowsAsync(db, Corridors, ct, ("slugs", slugs), ("at", at), ("geometry", geometry));

    /// <summary>Runs a layer query with the named parameters (null values allowed) and returns one JSON text per row.</summary>
    public static async Task<List<string>> RowsAsync(NpgsqlDataSource db, string sql, CancellationToken ct, params (string Name, object? Value)[] args)
    {
        await using var cmd = db.CreateCommand(sql);
        foreach (var (name, value) in args)
            cmd.Parameters.Add(value switch
            {
                DateTimeOffset t => new NpgsqlParameter(name, NpgsqlTypes.NpgsqlDbType.TimestampTz) { Value = t.UtcDateTime },
                IReadOnlyCollection<string> list => new NpgsqlParameter(name, NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text) { Value = list.ToArray() },
                null when name == "slugs" => new NpgsqlParameter(name, NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text) { Value = DBNull.Value },
                null => new NpgsqlParameter(name, NpgsqlTypes.NpgsqlDbType.Text) { Value = DBNull.Value },
                _ => new NpgsqlParameter(name, value),
            });
        var rows = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) rows.Add(r.GetString(0));
        return rows;
    }

    /// <summary>The rows wrapped into a FeatureCollection.</summary>
    public static LayerResult Collection(List<string> features)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, IncidentStreamResult.JsonOptions))
        {
            w.WriteStartObject();
            w.WriteString("type", "FeatureCollection");
            w.WriteNumber("numberReturned", features.Count);
            w.WriteStartArray("features");
            foreach (var f in features) w.WriteRawValue(f, skipInputValidation: true);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return new LayerResult(buffer.WrittenSpan.ToArray(), "application/geo+json");
    }

    /// <summary>The single row as a Feature, or a 404 naming <c>slug</c>.</summary>
    public static LayerResult Single(List<string> features, string what, string slug) =>
        features.Count == 1
            ? new LayerResult(System.Text.Encoding.UTF8.GetBytes(features[0]), "application/geo+json")
            : throw new ResourceNotFoundException("slug", $"No {what} with slug '{slug}'.");
}
