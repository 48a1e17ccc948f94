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
                                     'previousEnd', {LayerSql.Utc("e.previous_end")}, 'newEnd', {LayerSql.Utc("e.new_end")}, 'source', e.source)
                                     ORDER BY e.new_end, e.id)
                                  FROM truce_extensions e WHERE e.truce_id = t.id), '[]'::json),
          'source', t.source, 'notes', t.notes,
          'coolingOff', CASE WHEN t.cooling_off IS NOT NULL THEN 'PT' || trim_scale(round((extract(epoch FROM t.cooling_off) / 3600)::numeric, 6)) || 'H' END,
          'updatedAt', {LayerSql.Utc("t.updated_at")})::text
        FROM truces t
        WHERE (@slug::text IS NULL OR t.slug = @slug) AND (@at::timestamptz IS NULL OR t.during @> @at::timestamptz)
        ORDER BY lower(t.during), t.slug
        """;

    /// <summary>The window in force and scope of one truce (@slug).</summary>
    public const string Window = "SELECT slug, name, lower(during), upper(during), scope FROM truces WHERE slug = @slug";
}
