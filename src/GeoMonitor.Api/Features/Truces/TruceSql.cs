using GeoMonitor.Api.Features.Layers;

namespace GeoMonitor.Api.Features.Truces;

/// <summary>The SQL of the truce endpoints.</summary>
public static class TruceSql
{
    /// <summary>
    /// The one read of truces, for every surface (REST serves the rows, GraphQL maps them to its nodes): JSON objects with
    /// their zones in scope and extension history; filters @slugs (null = every truce), @at (in force at), @asOf (as
    /// recorded at that instant, null = now; the zones in scope as recorded then too).
    /// </summary>
    public static readonly string Truces = $"""
        SELECT json_build_object('slug', t.slug, 'name', t.name,
          'start', {LayerSql.Utc("lower(t.during)")}, 'end', {LayerSql.Utc("upper(t.during)")},
          'originalEnd', {LayerSql.Utc("t.original_end")},
          'durationDays', round((extract(epoch FROM upper(t.during) - lower(t.during)) / 86400)::numeric, 4),
          'parties', t.parties, 'wholeRegion', t.scope IS NULL, 'scope', t.scope,
          'zones', COALESCE((SELECT json_agg(json_build_object('slug', z.slug, 'name', z.name, 'kind', z.kind) ORDER BY z.slug)
                             FROM {LayerJoins.ZonesAt(LayerSql.AsOf)} z WHERE z.slug = ANY (t.scope)), '[]'::json),
          'extensions', t.extensions,
          'source', t.source, 'notes', t.notes, 'updatedAt', {LayerSql.Utc("t.updated_at")},
          'version', t.version, 'recordedFrom', {LayerSql.Utc("t.recorded_from")})::text,
          GREATEST({LayerSql.Recorded("truce_versions")}, {LayerSql.Recorded("zone_versions", "NULL::text[]")}), clock_timestamp()
        FROM {LayerJoins.TrucesAt(LayerSql.AsOf)} t
        WHERE (@slugs::text[] IS NULL OR t.slug = ANY (@slugs)) AND (@at::timestamptz IS NULL OR t.during @> @at::timestamptz)
        ORDER BY lower(t.during), t.slug
        """;

    /// <summary>Truces in force at <paramref name="at"/> (null = any) as recorded at <paramref name="asOf"/>, one JSON text per row.</summary>
    public static Task<LayerRows> TrucesAsync(Npgsql.NpgsqlDataSource db, IReadOnlyCollection<string>? slugs, DateTimeOffset? at, CancellationToken ct,
        DateTimeOffset? asOf = null) =>
        LayerSql.RowsAsync(db, Truces, ct, ("slugs", slugs), ("at", at), ("asOf", asOf));

    /// <summary>The window in force and scope of one truce (@slug).</summary>
    public const string Window = "SELECT slug, name, lower(during), upper(during), scope FROM truces WHERE slug = @slug";

    /// <summary>The truce named by <paramref name="param"/> as recorded at <paramref name="asOf"/>: during, t0 (start) and t1 (end, 'infinity' when open).</summary>
    public static string WindowBySlug(string param, string asOf = LayerJoins.Now) =>
        $"SELECT during, lower(during) AS t0, COALESCE(upper(during), 'infinity') AS t1 FROM {LayerJoins.TrucesAt(asOf)} t WHERE slug = @{param}";

    /// <summary>True when a truce has the slug in <paramref name="param"/> as recorded at <paramref name="asOf"/>.</summary>
    public static string Exists(string param, string asOf = LayerJoins.Now) => LayerJoins.SlugExists(LayerJoins.TrucesTable, param, asOf);

    /// <summary>The start of the truce whose slug is in <paramref name="param"/> as recorded at <paramref name="asOf"/> (null when none).</summary>
    public static string Start(string param, string asOf = LayerJoins.Now) => $"(SELECT lower(during) FROM {LayerJoins.TrucesAt(asOf)} t WHERE slug = {param})";

    /// <summary>The end in force of the truce whose slug is in <paramref name="param"/> as recorded at <paramref name="asOf"/> (null when none or open).</summary>
    public static string End(string param, string asOf = LayerJoins.Now) => $"(SELECT upper(during) FROM {LayerJoins.TrucesAt(asOf)} t WHERE slug = {param})";

    /// <summary>
    /// The slugs (sorted, '{}' when none) of the truces in force at <paramref name="at"/> whose scope covers the point
    /// <paramref name="g"/> (a truce without scope covers the whole region).
    /// </summary>
    public static string SlugsAt(string g, string at) =>
        "COALESCE((SELECT array_agg(t.slug ORDER BY t.slug) FROM truces t"
        + $" WHERE t.during @> {at} AND (t.scope IS NULL OR EXISTS (SELECT 1 FROM zones z WHERE z.slug = ANY (t.scope) AND ST_Intersects(z.geom, {g})))), '{{}}')";

    /// <summary>The truces in force at <paramref name="at"/> covering <paramref name="g"/>, as a JSON array (slug, name, start, end, wholeRegion).</summary>
    public static string InForceAtJson(string g, string at) => $"""
        COALESCE((SELECT json_agg(json_build_object('slug', t.slug, 'name', t.name, 'start', {LayerSql.Utc("lower(t.during)")},
                    'end', {LayerSql.Utc("upper(t.during)")}, 'wholeRegion', t.scope IS NULL) ORDER BY lower(t.during), t.slug)
                  FROM truces t WHERE t.during @> {at} AND (t.scope IS NULL OR EXISTS (
                    SELECT 1 FROM zones z WHERE z.slug = ANY (t.scope) AND ST_Intersects(z.geom, {g})))), '[]'::json)
        """;

    /// <summary>Every truce as the map's time slider draws it (epoch seconds, with its extensions), as a JSON array.</summary>
    public const string MapListJson = """
        (SELECT COALESCE(json_agg(json_build_object('slug', slug, 'name', name,
                  'start', extract(epoch FROM lower(during)), 'end', extract(epoch FROM upper(during)),
                  'originalEnd', extract(epoch FROM original_end), 'scope', scope,
                  'extensions', (SELECT COALESCE(json_agg(json_build_object('announcedAt', extract(epoch FROM e.announced_at),
                                    'previousEnd', extract(epoch FROM e.previous_end), 'newEnd', extract(epoch FROM e.new_end))
                                    ORDER BY e.new_end), '[]') FROM truce_extensions e WHERE e.truce_id = truces.id))
                  ORDER BY lower(during)), '[]') FROM truces)
        """;
}
