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
/// out (null), which a list of attributes does not need (a zone's polygon can be megabytes). @asOf (null = now) reads
/// the layers as recorded at that instant (<see cref="LayerJoins.LinesAt"/>); lines take @claim, a party whose
/// positions the disputed points of the line take. Each row also carries the latest record time of what the read
/// covers and the database's clock, from which <see cref="LayerResult"/> makes Last-Modified.
/// </summary>
public static class LayerSql
{
    /// <summary>An instant column as ISO 8601 UTC text (independent of the session's time zone).</summary>
    public static string Utc(string column) => $"to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')";

    /// <summary>The asOf parameter of the layer reads, typed.</summary>
    public const string AsOf = "@asOf::timestamptz";

    /// <summary>Provenance, names and the version, common to every layer (over alias <c>t</c>).</summary>
    private const string Common = """
        'slug', t.slug, 'name', t.name, 'nameAr', t.name_ar, 'nameHe', t.name_he,
        'source', t.source, 'method', t.method, 'approximate', t.approximate
        """;

    private static readonly string Version = $"'version', t.version, 'recordedFrom', {Utc("t.recorded_from")}";

    /// <summary>
    /// The latest record time of the versions of <paramref name="versions"/> a read of @slugs at @asOf covers (every slug
    /// of the kind for a list, so that a deletion counts).
    /// </summary>
    public static string Recorded(string versions, string slugs = "@slugs::text[]") => $"""
        (SELECT max(v.recorded_from) FROM {versions} v
         WHERE ({slugs} IS NULL OR v.slug = ANY ({slugs})) AND ({AsOf} IS NULL OR v.recorded_from <= {AsOf}))
        """;

    /// <summary>Lines as features; @claim (a party, or null) moves the disputed points to that party's positions.</summary>
    public static readonly string Lines = $"""
        SELECT json_build_object('type', 'Feature', 'id', t.slug, 'geometry', CASE WHEN @geometry THEN ST_AsGeoJSON(t.g, 6, 0)::json END,
          'properties', json_build_object({Common}, 'kind', t.kind,
             'lengthKm', round((ST_Length(t.g::geography) / 1000)::numeric, 3), 'updatedAt', {Utc("t.updated_at")}, {Version},
             'claim', @claim::text,
             'claimedDisputes', CASE WHEN @claim::text IS NOT NULL THEN COALESCE((SELECT json_agg(k.dispute ORDER BY k.dispute)
                                  FROM gm_claims_at({AsOf}) k WHERE k.line = t.slug AND k.party = @claim::text), '[]'::json) END))::text,
          GREATEST({Recorded("line_versions")}, CASE WHEN @claim::text IS NOT NULL THEN (SELECT max(d.updated_at) FROM disputes d) END,
                   CASE WHEN @claim::text IS NOT NULL THEN (SELECT max(v.recorded_from) FROM claim_versions v
                                                            WHERE v.party = @claim::text AND ({AsOf} IS NULL OR v.recorded_from <= {AsOf})) END),
          clock_timestamp()
        FROM (SELECT l.*, gm_line_claimed(l.slug, l.geom, @claim::text, {AsOf}) AS g FROM {LayerJoins.LinesAt(AsOf)} l
              WHERE (@slugs::text[] IS NULL OR l.slug = ANY (@slugs))) t
        ORDER BY t.slug
        """;

    /// <summary>Zones as features; filters @slugs, @kind, @at (valid at).</summary>
    public static readonly string Zones = $"""
        SELECT json_build_object('type', 'Feature', 'id', t.slug,
          'geometry', CASE WHEN @geometry THEN ST_AsGeoJSON(ST_ForcePolygonCCW(t.geom), 6, 0)::json END,
          'properties', json_build_object({Common}, 'kind', t.kind, 'phase', t.phase, 'deadline', {Utc("t.deadline")},
             'validFrom', {Utc("lower(t.valid)")}, 'validTo', {Utc("upper(t.valid)")},
             'bufferOf', CASE WHEN t.buffer_of_line IS NULL THEN NULL
                              ELSE json_build_object('line', t.buffer_of_line, 'metres', t.buffer_metres, 'side', t.buffer_side) END,
             'areaKm2', round((ST_Area(t.geom::geography) / 1e6)::numeric, 3), 'updatedAt', {Utc("t.updated_at")}, {Version}))::text,
          {Recorded("zone_versions")}, clock_timestamp()
        FROM {LayerJoins.ZonesAt(AsOf)} t
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
             'windows', t.windows, 'updatedAt', {Utc("t.updated_at")}, {Version}))::text,
          {Recorded("corridor_versions")}, clock_timestamp()
        FROM {LayerJoins.CorridorsAt(AsOf)} t
        WHERE (@slugs::text[] IS NULL OR t.slug = ANY (@slugs))
          AND (@at::timestamptz IS NULL OR {LayerJoins.OpenAt("t.open", "@at::timestamptz")})
        ORDER BY t.slug
        """;

    /// <summary>Lines (every line when <paramref name="slugs"/> is null) as recorded at <paramref name="asOf"/>, with <paramref name="claim"/>'s positions.</summary>
    public static Task<LayerRows> LinesAsync(NpgsqlDataSource db, IReadOnlyCollection<string>? slugs, bool geometry, CancellationToken ct,
        DateTimeOffset? asOf = null, string? claim = null) =>
        RowsAsync(db, Lines, ct, ("slugs", slugs), ("geometry", geometry), ("asOf", asOf), ("claim", claim));

    /// <summary>Zones of <paramref name="kind"/> valid at <paramref name="at"/> (each null = any) as recorded at <paramref name="asOf"/>.</summary>
    public static Task<LayerRows> ZonesAsync(NpgsqlDataSource db, IReadOnlyCollection<string>? slugs, string? kind, DateTimeOffset? at, bool geometry,
        CancellationToken ct, DateTimeOffset? asOf = null) =>
        RowsAsync(db, Zones, ct, ("slugs", slugs), ("kind", kind), ("at", at), ("geometry", geometry), ("asOf", asOf));

    /// <summary>Corridors open at <paramref name="at"/> (null = any) as recorded at <paramref name="asOf"/>.</summary>
    public static Task<LayerRows> CorridorsAsync(NpgsqlDataSource db, IReadOnlyCollection<string>? slugs, DateTimeOffset? at, bool geometry,
        CancellationToken ct, DateTimeOffset? asOf = null) =>
        RowsAsync(db, Corridors, ct, ("slugs", slugs), ("at", at), ("geometry", geometry), ("asOf", asOf));

    /// <summary>
    /// Runs a layer query with the named parameters (null values allowed): one JSON text per row in column 0; columns 1
    /// and 2 (the latest record time covered and the database's clock) are taken from the first row.
    /// </summary>
    public static async Task<LayerRows> RowsAsync(NpgsqlDataSource db, string sql, CancellationToken ct, params (string Name, object? Value)[] args)
    {
        await using var cmd = db.CreateCommand(sql);
        foreach (var (name, value) in args)
            cmd.Parameters.Add(value switch
            {
                DateTimeOffset t => new NpgsqlParameter(name, NpgsqlTypes.NpgsqlDbType.TimestampTz) { Value = t.UtcDateTime },
                IReadOnlyCollection<string> list => new NpgsqlParameter(name, NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text) { Value = list.ToArray() },
                null when name == "slugs" => new NpgsqlParameter(name, NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text) { Value = DBNull.Value },
                null when name is "asOf" or "at" => new NpgsqlParameter(name, NpgsqlTypes.NpgsqlDbType.TimestampTz) { Value = DBNull.Value },
                null => new NpgsqlParameter(name, NpgsqlTypes.NpgsqlDbType.Text) { Value = DBNull.Value },
                _ => new NpgsqlParameter(name, value),
            });
        var rows = new List<string>();
        DateTime? recorded = null;
        DateTime? now = null;
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            rows.Add(r.GetString(0));
            if (now is null && r.FieldCount >= 3)
            {
                recorded = r.IsDBNull(1) ? null : DateTime.SpecifyKind(r.GetDateTime(1), DateTimeKind.Utc);
                now = DateTime.SpecifyKind(r.GetDateTime(2), DateTimeKind.Utc);
            }
        }
        return new LayerRows(rows, recorded, now);
    }

    /// <summary>The rows wrapped into a FeatureCollection.</summary>
    public static LayerResult Collection(LayerRows rows)
    {
        var features = rows.Features;
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
        return new LayerResult(buffer.WrittenSpan.ToArray(), "application/geo+json", rows.LastModified);
    }

    /// <summary>The single row as a Feature, or a 404 naming <c>slug</c>.</summary>
    public static LayerResult Single(LayerRows rows, string what, string slug) =>
        rows.Features.Count == 1
            ? new LayerResult(System.Text.Encoding.UTF8.GetBytes(rows.Features[0]), "application/geo+json", rows.LastModified)
            : throw new ResourceNotFoundException("slug", $"No {what} with slug '{slug}'.");
}

/// <summary>The rows of a layer read, and when what they cover was last recorded.</summary>
/// <param name="Features">One JSON text per row.</param>
/// <param name="LastRecorded">The latest record time of the versions the read covers; null when it read no row.</param>
/// <param name="DatabaseNow">The database's clock at the read; null when it read no row.</param>
public sealed record LayerRows(List<string> Features, DateTime? LastRecorded, DateTime? DatabaseNow)
{
    /// <summary>
    /// How long after a change Last-Modified is first sent. HTTP dates have whole seconds: sent sooner, a second change in
    /// the same second (or one committing while this read ran, recorded a moment earlier) would carry the same date and be
    /// answered 304 to If-Modified-Since. The ETag covers those seconds.
    /// </summary>
    public static readonly TimeSpan Settled = TimeSpan.FromSeconds(2);

    /// <summary>The Last-Modified to send: the last record time once it has settled, else none.</summary>
    public DateTime? LastModified => LastRecorded is { } t && DatabaseNow is { } now && now - t >= Settled ? t : null;
}
