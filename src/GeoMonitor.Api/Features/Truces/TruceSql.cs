using GeoMonitor.Api.Features.Layers;

namespace GeoMonitor.Api.Features.Truces;

/// <summary>The SQL of the truce endpoints.</summary>
public static class TruceSql
{
    /// <summary>Truces as JSON objects with their zones in scope and extension history; filters @slug, @at (in force at).</summary>
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
          'source', t.source, 'notes', t.notes, 'updatedAt', {LayerSql.Utc("t.updated_at")},
          -- The benchmarks the truce and its extensions depend on, with their state now (Features/Benchmarks).
          'benchmarks', COALESCE((SELECT json_agg(json_build_object('slug', b.slug, 'name', b.name, 'zone', z.slug, 'requiredState', b.required_state,
                                     'dueAt', {LayerSql.Utc("b.due_at")}, 'extension', {LayerSql.Utc("e.new_end")}, 'state', s.state,
                                     'reportedStatus', s.status, 'illustrative', b.illustrative) ORDER BY b.due_at, b.slug)
                                  FROM benchmarks b JOIN zones z ON z.id = b.zone_id LEFT JOIN truce_extensions e ON e.id = b.extension_id
                                  CROSS JOIN LATERAL gm_benchmark_as_of(b.id, b.due_at, now()) s
                                  WHERE b.truce_id = t.id), '[]'::json))::text
        FROM truces t
        WHERE (@slug::text IS NULL OR t.slug = @slug) AND (@at::timestamptz IS NULL OR t.during @> @at::timestamptz)
        ORDER BY lower(t.during), t.slug
        """;

    /// <summary>The window in force and scope of one truce (@slug).</summary>
    public const string Window = "SELECT slug, name, lower(during), upper(during), scope FROM truces WHERE slug = @slug";
}
