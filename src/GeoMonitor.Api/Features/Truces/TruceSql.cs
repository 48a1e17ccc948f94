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
          -- Each extension as recorded, with the benchmarks linked to it (Features/Benchmarks).
          'extensions', (SELECT COALESCE(jsonb_agg(x || jsonb_build_object('benchmarks', COALESCE((SELECT jsonb_agg(b.slug ORDER BY b.slug)
                                  FROM benchmarks b JOIN truce_extensions e ON e.id = b.extension_id
                                  WHERE b.truce_id = t.id AND gm_utc(e.new_end) = x->>'newEnd'), '[]'::jsonb))), '[]'::jsonb)
                         FROM jsonb_array_elements(t.extensions) x),
          'source', t.source, 'notes', t.notes, 'updatedAt', {LayerSql.Utc("t.updated_at")},
          'version', t.version, 'recordedFrom', {LayerSql.Utc("t.recorded_from")},
          -- The cooling-off the truce sets for the verification lifecycle (docs/verification.md), as it stands now.
          'coolingOff', (SELECT CASE WHEN c.cooling_off IS NOT NULL THEN 'PT' || trim_scale(round((extract(epoch FROM c.cooling_off) / 3600)::numeric, 6)) || 'H' END
                         FROM truces c WHERE c.id = t.id),
          -- The benchmarks the truce and its extensions depend on, with their state now (Features/Benchmarks).
          'benchmarks', COALESCE((SELECT json_agg(json_build_object('slug', b.slug, 'name', b.name, 'zone', z.slug, 'requiredState', b.required_state,
                                     'dueAt', {LayerSql.Utc("b.due_at")}, 'extension', {LayerSql.Utc("e.new_end")}, 'state', s.state,
                                     'reportedStatus', s.status, 'illustrative', b.illustrative) ORDER BY b.due_at, b.slug)
                                  FROM benchmarks b JOIN zones z ON z.id = b.zone_id LEFT JOIN truce_extensions e ON e.id = b.extension_id
                                  CROSS JOIN LATERAL gm_benchmark_as_of(b.id, b.due_at, now()) s
                                  WHERE b.truce_id = t.id), '[]'::json))::text,
          -- Last-Modified: the versions read, and what is shown but not versioned (cooling-off, benchmarks and their events).
          GREATEST({LayerSql.Recorded("truce_versions")}, {LayerSql.Recorded("zone_versions", "NULL::text[]")},
                   (SELECT max(updated_at) FROM truces), (SELECT max(updated_at) FROM benchmarks), (SELECT max(recorded_at) FROM benchmark_events)),
          clock_timestamp()
        FROM {LayerJoins.TrucesAt(LayerSql.AsOf)} t
        WHERE (@slugs::text[] IS NULL OR t.slug = ANY (@slugs)) AND (@at::timestamptz IS NULL OR t.during @> @at::timestamptz)
        ORDER BY lower(t.during), t.slug
        """;

    /// <summary>Truces in force at <paramref name="at"/> (null = any) as recorded at <paramref name="asOf"/>, one JSON text per row.</summary>
    public static Task<LayerRows> TrucesAsync(Npgsql.NpgsqlDataSource db, IReadOnlyCollection<string>? slugs, DateTimeOffset? at, CancellationToken ct,
        DateTimeOffset? asOf = null) =>
        LayerSql.RowsAsync(db, Truces, ct, ("slugs", slugs), ("at", at), ("asOf", asOf));

    /// <summary>The window in force and scope of one truce (@slug) as recorded at @asOf (null = now).</summary>
    public static readonly string Window = $"SELECT slug, name, lower(during), upper(during), scope FROM {LayerJoins.TrucesAt(LayerSql.AsOf)} t WHERE slug = @slug";

    /// <summary>The truce named by <paramref name="param"/> as recorded at <paramref name="asOf"/>: during, t0 (start) and t1 (end, 'infinity' when open).</summary>
    public static string WindowBySlug(string param, string asOf = LayerJoins.Now) =>
        $"SELECT during, lower(during) AS t0, COALESCE(upper(during), 'infinity') AS t1 FROM {LayerJoins.TrucesAt(asOf)} t WHERE slug = @{param}";

    /// <summary>True when a truce has the slug in <paramref name="param"/> as recorded at <paramref name="asOf"/>.</summary>
    public static string Exists(string param, string asOf = LayerJoins.Now) => LayerJoins.SlugExists(LayerJoins.TrucesTable, param, asOf);

    /// <summary>The start of the truce whose slug is in <paramref name="param"/> as recorded at <paramref name="asOf"/> (null when none).</summary>
    public static string Start(string param, string asOf = LayerJoins.Now) => $"(SELECT lower(during) FROM {LayerJoins.TrucesAt(asOf)} t WHERE slug = {param})";

    /// <summary>The end in force of the truce whose slug is in <paramref name="param"/> as recorded at <paramref name="asOf"/> (null when none or open).</summary>
    public static string End(string param, string asOf = LayerJoins.Now) => $"(SELECT upper(during) FROM {LayerJoins.TrucesAt(asOf)} t WHERE slug = {param})";

    /// <summary>The truces as they are now, read once per statement: a CTE for a WITH list, read by <see cref="SlugsCovering"/>.</summary>
    public const string Cte = "gm_truces AS MATERIALIZED (SELECT slug, during, scope FROM truces)";

    /// <summary>
    /// The slugs (sorted, '{}' when none) of the truces in force at <paramref name="at"/> that cover a point held by the zones
    /// named in <paramref name="anyZones"/> (a text[] expression, NULL when none: LayerJoins.HeldBy's any_zones): a truce
    /// without scope covers the whole region, a scoped one the points of its zones. Needs <see cref="Cte"/>.
    /// </summary>
    public static string SlugsCovering(string anyZones, string at) =>
        "COALESCE((SELECT array_agg(t.slug ORDER BY t.slug) FROM gm_truces t"
        + $" WHERE t.during @> {at} AND (t.scope IS NULL OR t.scope && {anyZones})), '{{}}')";

    /// <summary>
    /// The truces in force at <paramref name="at"/> covering <paramref name="g"/>, as a JSON array (slug, name, start, end,
    /// wholeRegion); truces and their scope zones as recorded at <paramref name="asOf"/> (default: as they are).
    /// </summary>
    public static string InForceAtJson(string g, string at, string asOf = LayerJoins.Now) => $"""
        COALESCE((SELECT json_agg(json_build_object('slug', t.slug, 'name', t.name, 'start', {LayerSql.Utc("lower(t.during)")},
                    'end', {LayerSql.Utc("upper(t.during)")}, 'wholeRegion', t.scope IS NULL) ORDER BY lower(t.during), t.slug)
                  FROM {(asOf == LayerJoins.Now ? "truces" : LayerJoins.TrucesAt(asOf))} t WHERE t.during @> {at} AND (t.scope IS NULL OR EXISTS (
                    SELECT 1 FROM {(asOf == LayerJoins.Now ? "zones" : LayerJoins.ZonesAt(asOf))} z WHERE z.slug = ANY (t.scope) AND ST_Intersects(z.geom, {g})))), '[]'::json)
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
