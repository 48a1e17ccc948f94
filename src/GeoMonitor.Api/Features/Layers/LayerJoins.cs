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
    public const string LinesTable = "lines", ZonesTable = "zones", CorridorsTable = "corridors", TrucesTable = "truces";

    /// <summary>The asOf of a fragment that reads the layers as they are.</summary>
    public const string Now = "NULL::timestamptz";

    // ---- layers as recorded at an instant (issue 15) ------------------------------------------------------------
    // Every read of a layer table goes through one of these sources, with asOf a timestamptz SQL expression (a parameter,
    // or Now). asOf NULL reads the table itself, so a current read costs what it did (the planner drops the other branch
    // when the parameter is bound); an instant reads the version whose record interval holds it (V050). Both branches
    // have the table's columns plus version and recorded_from (and for corridors windows and open, for truces
    // extensions), so the SQL written over them is the same whichever the instant.

    private const string LineColumns =
        "id, slug, name, name_ar, name_he, kind, geom, north_side, south_side, source, method, approximate, properties, created_at, updated_at";

    private const string ZoneColumns = "id, slug, name, name_ar, name_he, kind, geom, phase, deadline, valid, buffer_of_line, buffer_metres, "
        + "buffer_side, source, method, approximate, properties, created_at, updated_at";

    private const string CorridorColumns = "id, slug, name, name_ar, name_he, route, width_m, geom, status, operator, source, method, approximate, "
        + "properties, created_at, updated_at";

    private const string TruceColumns = "id, slug, name, during, original_end, parties, scope, source, notes, properties, created_at, updated_at";

    /// <summary>The lines as recorded at <paramref name="asOf"/>, as a parenthesised subquery to alias.</summary>
    public static string LinesAt(string asOf) => At("lines", "line_versions", LineColumns, "", "", asOf);

    /// <summary>The zones as recorded at <paramref name="asOf"/>.</summary>
    public static string ZonesAt(string asOf) => At("zones", "zone_versions", ZoneColumns, "", "", asOf);

    /// <summary>The corridors as recorded at <paramref name="asOf"/>, with windows (JSON as served) and open (a multirange).</summary>
    public static string CorridorsAt(string asOf) => At("corridors", "corridor_versions", CorridorColumns,
        ", gm_corridor_windows(b.id) AS windows, gm_corridor_open(b.id) AS open", ", v.windows, v.open", asOf);

    /// <summary>The truces as recorded at <paramref name="asOf"/>, with extensions (JSON as served).</summary>
    public static string TrucesAt(string asOf) => At("truces", "truce_versions", TruceColumns, ", gm_truce_extensions(b.id) AS extensions", ", v.extensions", asOf);

    /// <summary>The source of <paramref name="table"/> (one of the table constants) at <paramref name="asOf"/>.</summary>
    public static string At(string table, string asOf) => table switch
    {
        LinesTable => LinesAt(asOf),
        ZonesTable => ZonesAt(asOf),
        CorridorsTable => CorridorsAt(asOf),
        TrucesTable => TrucesAt(asOf),
        _ => throw new ArgumentOutOfRangeException(nameof(table), table, "Not a layer table."),
    };

    /// <summary>The versions table of <paramref name="table"/> (one of the table constants).</summary>
    public static string VersionsOf(string table) => table switch
    {
        LinesTable => "line_versions",
        ZonesTable => "zone_versions",
        CorridorsTable => "corridor_versions",
        TrucesTable => "truce_versions",
        _ => throw new ArgumentOutOfRangeException(nameof(table), table, "Not a layer table."),
    };

    /// <summary>
    /// The versions of every layer kind as changes for the feed (Features/Changes): txid, seq, kind (line, zone, corridor,
    /// truce), key (the slug), version, action (create, update, delete), at (recorded_from), and two NULL statuses, for
    /// positions after (<paramref name="afterTxid"/>, <paramref name="afterSeq"/>) of transactions below <paramref name="horizon"/>.
    /// </summary>
    public static string VersionChanges(string afterTxid, string afterSeq, string horizon) => string.Join("\nUNION ALL\n",
        new[] { ("line", LinesTable), ("zone", ZonesTable), ("corridor", CorridorsTable), ("truce", TrucesTable) }.Select(k => $"""
            SELECT v.txid, v.change_seq AS seq, '{k.Item1}' AS kind, v.slug AS key, v.version, v.change AS action, v.recorded_from AS at,
                   NULL::text AS status_after, NULL::text AS status_before
            FROM {VersionsOf(k.Item2)} v WHERE (v.txid, v.change_seq) > ({afterTxid}, {afterSeq}) AND v.txid < {horizon}
            """));

    /// <summary>
    /// The layers' versions in the feed's head (Features/Changes/ReadValidators): one row per kind — its name (t), the last
    /// position (txid.change_seq text) of a transaction below <paramref name="horizon"/> (head), and the transactions at
    /// or above it that wrote versions visible to the reading snapshot (above, text[]).
    /// </summary>
    public static string VersionHeads(string horizon) => string.Join("\nUNION ALL\n",
        new[] { ("line", LinesTable), ("zone", ZonesTable), ("corridor", CorridorsTable), ("truce", TrucesTable) }
            .Select(k => Head(k.Item1, VersionsOf(k.Item2), horizon)));

    /// <summary>
    /// The head of one table with feed positions (txid, change_seq and an index on them), as in <see cref="VersionHeads"/>.
    /// <paramref name="name"/> and <paramref name="table"/> come from code, never from input.
    /// </summary>
    public static string Head(string name, string table, string horizon) => $"""
        SELECT '{name}' AS t,
               (SELECT x.txid::text || '.' || x.change_seq FROM {table} x WHERE x.txid < {horizon} ORDER BY x.txid DESC, x.change_seq DESC LIMIT 1) AS head,
               ARRAY(SELECT DISTINCT x.txid::text FROM {table} x WHERE x.txid >= {horizon} ORDER BY 1) AS above
        """;

    private static string At(string table, string versions, string columns, string baseExtra, string versionExtra, string asOf) => $"""
        (SELECT {columns}{baseExtra},
                (SELECT v.version FROM {versions} v WHERE v.slug = b.slug AND v.recorded_to IS NULL) AS version,
                (SELECT v.recorded_from FROM {versions} v WHERE v.slug = b.slug AND v.recorded_to IS NULL) AS recorded_from
         FROM {table} b WHERE {asOf} IS NULL
         UNION ALL
         SELECT {Qualified(columns)}{versionExtra}, v.version, v.recorded_from
         FROM {versions} v WHERE {asOf} IS NOT NULL AND tstzrange(v.recorded_from, v.recorded_to) @> {asOf})
        """;

    private static string Qualified(string columns) => string.Join(", ", columns.Split(", ").Select(c => "v." + c));

    /// <summary>The geometry of the zone named by <paramref name="param"/> as recorded at <paramref name="asOf"/>: one row (geom).</summary>
    public static string ZoneGeometry(string param, string asOf = Now) => $"SELECT geom FROM {ZonesAt(asOf)} z WHERE slug = @{param}";

    /// <summary>The union of the zones named by the array <paramref name="param"/> as recorded at <paramref name="asOf"/>: one row (geom).</summary>
    public static string ZonesUnion(string param, string asOf = Now) => $"SELECT ST_Union(geom) AS geom FROM {ZonesAt(asOf)} z WHERE slug = ANY (@{param})";

    /// <summary>
    /// The line named by <paramref name="slugParam"/> as recorded at <paramref name="asOf"/>, with the positions of the party
    /// <paramref name="claim"/> (a text SQL expression; NULL = none) for its disputed points, as recorded then too (V052, V055:
    /// gm_line_claimed): one row (geom).
    /// </summary>
    public static string LineGeometry(string slugParam, string asOf = Now, string claim = "NULL::text") =>
        $"SELECT gm_line_claimed(l.slug, l.geom, {claim}, {asOf}) AS geom FROM {LinesAt(asOf)} l WHERE l.slug = @{slugParam}";

    /// <summary>
    /// The line named by <paramref name="slugParam"/> (as <see cref="LineGeometry"/>) as geography (geog) and a planar band
    /// around it that holds every point within <paramref name="metresParam"/> (candidates: UTM 36N buffer with a margin for
    /// projection scale and arc chords).
    /// </summary>
    public static string LineBand(string slugParam, string metresParam, string asOf = Now, string claim = "NULL::text") =>
        $"SELECT geom::geography AS geog, gm_line_buffer(geom, @{metresParam} * 1.02 + 25, 'both') AS candidates FROM ({LineGeometry(slugParam, asOf, claim)}) l";

    /// <summary>The corridor named by <paramref name="param"/> as recorded at <paramref name="asOf"/>: one row (id, geom, open).</summary>
    public static string Corridor(string param, string asOf = Now) => $"SELECT id, geom, open FROM {CorridorsAt(asOf)} c WHERE slug = @{param}";

    /// <summary>True when the windows <paramref name="open"/> (a multirange from a corridor source) hold the instant <paramref name="at"/>.</summary>
    public static string OpenAt(string open, string at) => $"COALESCE({open} @> {at}, false)";

    /// <summary>True when one of the windows of corridor <paramref name="corridorId"/> is open at the instant <paramref name="at"/>.</summary>
    public static string CorridorOpenAt(string corridorId, string at) =>
        $"EXISTS (SELECT 1 FROM corridor_windows w WHERE w.corridor_id = {corridorId} AND w.during @> {at})";

    /// <summary>
    /// True when a layer of <paramref name="table"/> (one of the table constants) has the slug in <paramref name="param"/>
    /// as recorded at <paramref name="asOf"/>.
    /// </summary>
    public static string SlugExists(string table, string param, string asOf = Now) => $"EXISTS (SELECT 1 FROM {At(table, asOf)} x WHERE slug = {param})";

    /// <summary>
    /// The Blue Line (the first line of kind blue_line) as recorded at <paramref name="asOf"/> with the positions of
    /// <paramref name="claim"/>: slug, geog, north_side, south_side (the sides recomputed when a claim moved the line).
    /// </summary>
    public static string BlueLineAt(string asOf, string claim) => $"""
        SELECT b.slug, b.geom::geography AS geog,
               CASE WHEN b.claimed THEN ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Transform(gm_line_half_utm(b.geom, 'north'), 4326)), 3)) ELSE b.north_side END AS north_side,
               CASE WHEN b.claimed THEN ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Transform(gm_line_half_utm(b.geom, 'south'), 4326)), 3)) ELSE b.south_side END AS south_side
        FROM (SELECT l.slug, c.geom, NOT ST_OrderingEquals(c.geom, l.geom) AS claimed, l.north_side, l.south_side
              FROM (SELECT * FROM {LinesAt(asOf)} x WHERE kind = 'blue_line' ORDER BY id LIMIT 1) l
              CROSS JOIN LATERAL (SELECT gm_line_claimed(l.slug, l.geom, {claim}, {asOf}) AS geom) c) b
        """;

    /// <summary>The Blue Line (the first line of kind blue_line): slug, geog, north_side, south_side.</summary>
    public const string BlueLine = "SELECT slug, geom::geography AS geog, north_side, south_side FROM lines WHERE kind = 'blue_line' ORDER BY id LIMIT 1";

    /// <summary>
    /// The zones and corridors holding each point of <paramref name="points"/> (a CTE with the columns key, g, at, ci, cj:
    /// a key of the caller's, the point, its time, and its cell, gm_cell_x(lon) and gm_cell_y(lat)), as CTEs to put in a
    /// WITH list. They end in gm_held (key, zone_slugs, any_zones, corridor_slugs): the slugs of the zones valid at the
    /// point's time that hold it, sorted; of every zone holding it, whatever its validity (what a truce's scope asks); of
    /// the corridors holding it, sorted; a point that nothing holds has no row. The layers are read as they are now.
    /// </summary>
    /// <remarks>
    /// Through layer_cells (V060): a cell wholly inside a polygon answers without a geometry test, a cell it does not
    /// reach is not listed, and only a point of an edge cell is tested with ST_Intersects against the polygon — the test
    /// every point took before, so no answer moves (EnrichmentEquivalenceTests). The edge tests come grouped by polygon,
    /// which lets PostGIS reuse its prepared form of the polygon. gm_enrich_incidents (V061) is the same query.
    /// </remarks>
    public static string HeldBy(string points) => $"""
        gm_areas AS MATERIALIZED (
          SELECT 'zone'::text AS layer, id, slug, valid, geom FROM zones
          UNION ALL
          SELECT 'corridor', id, slug, NULL, geom FROM corridors
        ), gm_cell_hits AS MATERIALIZED (
          SELECT p.key, p.g, p.at, c.layer, c.id AS area, c.inside
          FROM {points} p JOIN layer_cells c ON c.i = p.ci AND c.j = p.cj
        ), gm_held AS (
          SELECT h.key,
                 array_agg(a.slug ORDER BY a.slug) FILTER (WHERE a.layer = 'zone' AND a.valid @> h.at) AS zone_slugs,
                 array_agg(a.slug) FILTER (WHERE a.layer = 'zone') AS any_zones,
                 array_agg(a.slug ORDER BY a.slug) FILTER (WHERE a.layer = 'corridor') AS corridor_slugs
          FROM gm_cell_hits h JOIN gm_areas a ON a.layer = h.layer AND a.id = h.area
          WHERE h.inside OR ST_Intersects(a.geom, h.g)
          GROUP BY h.key
        )
        """;

    /// <summary>The zone slugs of a <see cref="HeldBy"/> row aliased <paramref name="held"/> ('{}' when none or no row).</summary>
    public static string ZoneSlugs(string held) => $"COALESCE({held}.zone_slugs, '{{}}')";

    /// <summary>The corridor slugs of a <see cref="HeldBy"/> row aliased <paramref name="held"/> ('{}' when none or no row).</summary>
    public static string CorridorSlugs(string held) => $"COALESCE({held}.corridor_slugs, '{{}}')";

    /// <summary>The cell of a point's longitude and latitude (SQL float8 expressions): "ci, cj" columns for <see cref="HeldBy"/>.</summary>
    public static string CellOf(string lon, string lat) => $"gm_cell_x({lon}) AS ci, gm_cell_y({lat}) AS cj";

    /// <summary>
    /// The zones valid at <paramref name="at"/> holding <paramref name="g"/>, as a JSON array (slug, name, kind, phase,
    /// deadline, approximate); the zones as recorded at <paramref name="asOf"/> (default: as they are).
    /// </summary>
    public static string ZonesAtJson(string g, string at, string asOf = Now) => $"""
        COALESCE((SELECT json_agg(json_build_object('slug', z.slug, 'name', z.name, 'kind', z.kind, 'phase', z.phase,
                    'deadline', {LayerSql.Utc("z.deadline")}, 'approximate', z.approximate) ORDER BY z.slug)
                  FROM {(asOf == Now ? ZonesTable : ZonesAt(asOf))} z WHERE ST_Intersects(z.geom, {g}) AND z.valid @> {at}), '[]'::json)
        """;

    /// <summary>
    /// The corridors holding <paramref name="g"/>, as a JSON array (slug, name, status, openAt <paramref name="at"/>,
    /// approximate); the corridors and their windows as recorded at <paramref name="asOf"/> (default: as they are).
    /// </summary>
    public static string CorridorsAtJson(string g, string at, string asOf = Now) => $"""
        COALESCE((SELECT json_agg(json_build_object('slug', c.slug, 'name', c.name, 'status', c.status,
                    'openAt', {(asOf == Now ? CorridorOpenAt("c.id", at) : OpenAt("c.open", at))}, 'approximate', c.approximate) ORDER BY c.slug)
                  FROM {(asOf == Now ? CorridorsTable : CorridorsAt(asOf))} c WHERE ST_Intersects(c.geom, {g})), '[]'::json)
        """;

    /// <summary>Every zone (slug, name, kind) as a JSON array, by kind and name: the map's zone list.</summary>
    public const string ZoneListJson =
        "(SELECT COALESCE(json_agg(json_build_object('slug', slug, 'name', name, 'kind', kind) ORDER BY kind, name), '[]') FROM zones)";

    /// <summary>The earliest record time of any version of a line, zone or corridor, as Unix seconds (null when none): where the map's asOf begins.</summary>
    public const string EarliestRecorded = """
        (SELECT extract(epoch FROM min(t))::float8 FROM (SELECT min(recorded_from) AS t FROM line_versions UNION ALL SELECT min(recorded_from) FROM zone_versions
                                                 UNION ALL SELECT min(recorded_from) FROM corridor_versions) r)
        """;

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

    /// <summary>The windows of corridor t (a <see cref="CorridorsAt"/> source) as JSON text [{from, to}] (UTC, half-open).</summary>
    public const string CorridorWindowsJson = """
        (SELECT COALESCE(jsonb_agg(jsonb_build_object('from', w.e -> 'from', 'to', w.e -> 'to') ORDER BY w.n), '[]')::text
         FROM jsonb_array_elements(t.windows) WITH ORDINALITY w(e, n))
        """;

    /// <summary>True when corridor t (a <see cref="CorridorsAt"/> source) has no windows, or one meets [@dt_from, @dt_to) (null bounds = open).</summary>
    public const string CorridorTimeCondition = "(isempty(t.open) OR t.open && tstzrange(@dt_from, @dt_to, '[)'))";

    /// <summary>The slugs of the array <paramref name="slugsParam"/> that name no zone, sorted (an empty array when all do).</summary>
    public static string UnknownZones(string slugsParam) =>
        $"ARRAY(SELECT z FROM unnest({slugsParam}::text[]) z WHERE NOT EXISTS (SELECT 1 FROM zones WHERE slug = z) ORDER BY z)";
}
