using GeoMonitor.Api.Features.Layers;

namespace GeoMonitor.Api.Features.Truces;

/// <summary>The SQL of the truce endpoints.</summary>
public static class TruceSql
{
    /// <summary>
    /// The one read of truces, for every surface (REST serves the rows, GraphQL maps them to its nodes): JSON objects with
    /// their zones in scope and extension history; filters @slugs (null = every truce), @at (in force at).
    /// </summary>
    public static readonly string Truces = $"""
        SELECT json_build_object('slug', t.slug, 'name', t.name,
          'start', {LayerSql.Utc("lower(t.during)")}, 'end', {LayerSql.Utc("upper(t.during)")},
          'originalEnd', {LayerSql.Utc("t.original_end")},
          'durationDays', round((extract(epoch FROM upper(t.during) - lower(t.during)) / 86400)::numeric, 4),
          'parties', t.parties, 'wholeRegion', t.scope IS NULL, 'scope', t.scope,
          'zones', COALESCE((SELECT json_agg(json_build_object('slug', z.slug, 'name', z.name, 'kind', z.kind) ORDER BY z.slug)
                             FROM zones z WHERE z.slug = ANY (t.scope)), '[]'::json),
          'extensions', COALESCE((SELECT json_agg(json_build_object('announcedAt', {LayerSql.Utc("e.announced_at")},
                                     'previousEnd', {LayerSql.Utc("e.previous_end")}, 'newEnd', {LayerSql.Utc("e.new_end")}, 'source', e.source,
                                     'benchmarks', COALESCE((SELECT json_agg(b.slug ORDER BY b.slug) FROM benchmarks b WHERE b.extension_id = e.id), '[]'::json))
                                     ORDER BY e.new_end, e.id)
                                  FROM truce_extensions e WHERE e.truce_id = t.id), '[]'::json),
          'source', t.source, 'notes', t.notes,
          'coolingOff', CASE WHEN t.cooling_off IS NOT NULL THEN 'PT' || trim_scale(round((extract(epoch FROM t.cooling_off) / 3600)::numeric, 6)) || 'H' END,
          'updatedAt', {LayerSql.Utc("t.updated_at")},
          -- The benchmarks the truce and its extensions depend on, with their state now (Features/Benchmarks).
          'benchmarks', COALESCE((SELECT json_agg(json_build_object('slug', b.slug, 'name', b.name, 'zone', z.slug, 'requiredState', b.required_state,
                                     'dueAt', {LayerSql.Utc("b.due_at")}, 'extension', {LayerSql.Utc("e.new_end")}, 'state', s.state,
                                     'reportedStatus', s.status, 'illustrative', b.illustrative) ORDER BY b.due_at, b.slug)
                                  FROM benchmarks b JOIN zones z ON z.id = b.zone_id LEFT JOIN truce_extensions e ON e.id = b.extension_id
                                  CROSS JOIN LATERAL gm_benchmark_as_of(b.id, b.due_at, now()) s
                                  WHERE b.truce_id = t.id), '[]'::json))::text
        FROM truces t
        WHERE (@slugs::text[] IS NULL OR t.slug = ANY (@slugs)) AND (@at::timestamptz IS NULL OR t.during @> @at::timestamptz)
        ORDER BY lower(t.during), t.slug
        """;

    /// <summary>Truces in force at <paramref name="at"/> (null = any), one JSON text per row.</summary>
    public static Task<List<string>> TrucesAsync(Npgsql.NpgsqlDataSource db, IReadOnlyCollection<string>? slugs, DateTimeOffset? at, CancellationToken ct) =>
        LayerSql.RowsAsync(db, Truces, ct, ("slugs", slugs), ("at", at));

    /// <summary>The window in force and scope of one truce (@slug).</summary>
    public const string Window = "SELECT slug, name, lower(during), upper(during), scope FROM truces WHERE slug = @slug";

    /// <summary>The truce named by <paramref name="param"/>: during, t0 (start) and t1 (end, 'infinity' when open).</summary>
    public static string WindowBySlug(string param) =>
        $"SELECT during, lower(during) AS t0, COALESCE(upper(during), 'infinity') AS t1 FROM truces WHERE slug = @{param}";

    /// <summary>True when a truce has the slug in <paramref name="param"/>; and its start and end (for a query's time bounds).</summary>
    public static string Exists(string param) => $"EXISTS (SELECT 1 FROM truces WHERE slug = {param})";

    /// <summary>The start of the truce whose slug is in <paramref name="param"/> (null when none).</summary>
    public static string Start(string param) => $"(SELECT lower(during) FROM truces WHERE slug = {param})";

    /// <summary>The end in force of the truce whose slug is in <paramref name="param"/> (null when none or open).</summary>
    public static string End(string param) => $"(SELECT upper(during) FROM truces WHERE slug = {param})";

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

    /// <summary>
    /// The truce in force at incident <paramref name="incidentParam"/> (its enrichment's truce_slugs) with the longest
    /// cooling-off of its own: slug, cooling_off (no row when none sets one).
    /// </summary>
    public static string LongestCoolingOff(string incidentParam) => $"""
        SELECT t.slug, t.cooling_off FROM truces t, incidents i
        WHERE i.id = {incidentParam} AND t.slug = ANY (i.truce_slugs) AND t.cooling_off IS NOT NULL
        ORDER BY t.cooling_off DESC, t.slug LIMIT 1
        """;

    /// <summary>The cooling-off of each truce named in the array <paramref name="slugsParam"/>: slug, cooling_off.</summary>
    public static string CoolingOffBySlugs(string slugsParam) => $"SELECT slug, cooling_off FROM truces WHERE slug = ANY ({slugsParam})";
}
