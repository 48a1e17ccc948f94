namespace GeoMonitor.Api.Features.Layers;

/// <summary>
/// The pieces of SQL by which the rest of the API reaches lines, zones and corridors: the incident query core (a zone's
/// shape, a line's distance band, a corridor and its windows), the enrichment of a point (the zones, corridors and Blue
/// Line relation at a place and time), the existence of a slug, and the map's lists. They are written here, beside the
/// layers' own reads, so that a change to a layer table is one folder's change (truces: Features/Truces/TruceSql.cs).
/// Parameter names and the SQL expressions passed in come from the calling code, never from input.
/// </summary>
public static class LayerJoins
{
    /// <summary>The tables a surface draws or lists every row of (tiles, OGC collections): names, not input.</summary>
    public const string LinesTable = "lines", ZonesTable = "zones", CorridorsTable = "corridors";

    /// <summary>The geometry of the zone named by <paramref name="param"/>: one row (geom).</summary>
    public static string ZoneGeometry(string param) => $"SELECT geom FROM zones WHERE slug = @{param}";

    /// <summary>The union of the zones named by the array <paramref name="param"/>: one row (geom).</summary>
    public static string ZonesUnion(string param) => $"SELECT ST_Union(geom) AS geom FROM zones WHERE slug = ANY (@{param})";

    /// <summary>
    /// The line named by <paramref name="slugParam"/> as geography (geog) and a planar band around it that holds every
    /// point within <paramref name="metresParam"/> (candidates: UTM 36N buffer with a margin for projection scale and arc chords).
    /// </summary>
    public static string LineBand(string slugParam, string metresParam) =>
        $"SELECT geom::geography AS geog, gm_line_buffer(geom, @{metresParam} * 1.02 + 25, 'both') AS candidates FROM lines WHERE slug = @{slugParam}";

    /// <summary>The corridor named by <paramref name="param"/>: one row (id, geom).</summary>
    public static string Corridor(string param) => $"SELECT id, geom FROM corridors WHERE slug = @{param}";

    /// <summary>True when one of the windows of corridor <paramref name="corridorId"/> is open at the instant <paramref name="at"/>.</summary>
    public static string CorridorOpenAt(string corridorId, string at) =>
        $"EXISTS (SELECT 1 FROM corridor_windows w WHERE w.corridor_id = {corridorId} AND w.during @> {at})";

    /// <summary>True when a layer of <paramref name="table"/> (one of the table constants) has the slug in <paramref name="param"/>.</summary>
    public static string SlugExists(string table, string param) =>
        table is LinesTable or ZonesTable or CorridorsTable
            ? $"EXISTS (SELECT 1 FROM {table} WHERE slug = {param})"
            : throw new ArgumentOutOfRangeException(nameof(table), table, "Not a layer table.");

    /// <summary>The Blue Line (the first line of kind blue_line): slug, geog, north_side, south_side.</summary>
    public const string BlueLine = "SELECT slug, geom::geography AS geog, north_side, south_side FROM lines WHERE kind = 'blue_line' ORDER BY id LIMIT 1";

    /// <summary>The slugs (sorted, '{}' when none) of the zones valid at <paramref name="at"/> that hold the point <paramref name="g"/>.</summary>
    public static string ZoneSlugsAt(string g, string at) =>
        $"COALESCE((SELECT array_agg(z.slug ORDER BY z.slug) FROM zones z WHERE ST_Intersects(z.geom, {g}) AND z.valid @> {at}), '{{}}')";

    /// <summary>The slugs (sorted, '{}' when none) of the corridors whose area holds the point <paramref name="g"/>.</summary>
    public static string CorridorSlugsAt(string g) =>
        $"COALESCE((SELECT array_agg(c.slug ORDER BY c.slug) FROM corridors c WHERE ST_Intersects(c.geom, {g})), '{{}}')";

    /// <summary>The zones valid at <paramref name="at"/> holding <paramref name="g"/>, as a JSON array (slug, name, kind, phase, deadline, approximate).</summary>
    public static string ZonesAtJson(string g, string at) => $"""
        COALESCE((SELECT json_agg(json_build_object('slug', z.slug, 'name', z.name, 'kind', z.kind, 'phase', z.phase,
                    'deadline', {LayerSql.Utc("z.deadline")}, 'approximate', z.approximate) ORDER BY z.slug)
                  FROM zones z WHERE ST_Intersects(z.geom, {g}) AND z.valid @> {at}), '[]'::json)
        """;

    /// <summary>The corridors holding <paramref name="g"/>, as a JSON array (slug, name, status, openAt <paramref name="at"/>, approximate).</summary>
    public static string CorridorsAtJson(string g, string at) => $"""
        COALESCE((SELECT json_agg(json_build_object('slug', c.slug, 'name', c.name, 'status', c.status,
                    'openAt', {CorridorOpenAt("c.id", at)}, 'approximate', c.approximate) ORDER BY c.slug)
                  FROM corridors c WHERE ST_Intersects(c.geom, {g})), '[]'::json)
        """;

    /// <summary>Every zone (slug, name, kind) as a JSON array, by kind and name: the map's zone list.</summary>
    public const string ZoneListJson =
        "(SELECT COALESCE(json_agg(json_build_object('slug', slug, 'name', name, 'kind', kind) ORDER BY kind, name), '[]') FROM zones)";

    /// <summary>The geometries of every line and zone (column g), for an extent.</summary>
    public const string LineAndZoneGeometries = "SELECT geom AS g FROM lines UNION ALL SELECT geom FROM zones";

    /// <summary>The validity of the zones as (start, end), null meaning open: the zones collection's temporal extent.</summary>
    public const string ZoneValidityExtent = """
        SELECT CASE WHEN bool_or(lower_inf(valid)) THEN NULL ELSE min(lower(valid)) END,
               CASE WHEN bool_or(upper_inf(valid)) THEN NULL ELSE max(upper(valid)) END FROM zones
        """;

    /// <summary>The opening windows of every corridor as (start, end), null meaning open: the corridors collection's temporal extent.</summary>
    public const string CorridorWindowsExtent =
        "SELECT min(lower(during)), CASE WHEN bool_or(upper_inf(during)) THEN NULL ELSE max(upper(during)) END FROM corridor_windows";

    /// <summary>The windows of corridor t as JSON text [{from, to}] (UTC, half-open).</summary>
    public const string CorridorWindowsJson = """
        (SELECT COALESCE(json_agg(json_build_object(
                  'from', to_char(lower(w.during) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                  'to', CASE WHEN upper_inf(w.during) THEN NULL ELSE to_char(upper(w.during) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') END)
                ORDER BY lower(w.during)), '[]')::text
         FROM corridor_windows w WHERE w.corridor_id = t.id)
        """;

    /// <summary>True when corridor t has no windows, or one meets [@dt_from, @dt_to) (null bounds = open).</summary>
    public const string CorridorTimeCondition = """
        (NOT EXISTS (SELECT 1 FROM corridor_windows w WHERE w.corridor_id = t.id)
         OR EXISTS (SELECT 1 FROM corridor_windows w WHERE w.corridor_id = t.id AND w.during && tstzrange(@dt_from, @dt_to, '[)')))
        """;

    /// <summary>The slugs of the array <paramref name="slugsParam"/> that name no zone, sorted (an empty array when all do).</summary>
    public static string UnknownZones(string slugsParam) =>
        $"ARRAY(SELECT z FROM unnest({slugsParam}::text[]) z WHERE NOT EXISTS (SELECT 1 FROM zones WHERE slug = z) ORDER BY z)";
}
