-- V061: gm_enrich_incidents decides zones and corridors through layer_cells (V060) instead of testing every point
-- against every zone whose box holds it. Same values as V053's (the zones valid at the time that hold the point, the
-- corridors holding it, the truces in force whose scope has a zone holding it — at any validity, as before — and the
-- geodesic Blue Line distance and side, unchanged); the same rows written and logged. The batch upload computes the
-- same expressions inline (Features/Layers/LayerJoins.cs, Enrichment); EnrichmentEquivalenceTests compares both with
-- V053's expressions on dense points along every edge.
--
-- The Blue Line is read and cast to geography once (MATERIALIZED): V053's CTE, referenced once, was inlined into the
-- per-row distance, which cast the line again for every incident. Same value, so the same distances.
--
-- work_mem is raised for the call: re-deriving every incident (a layer write) joins and groups a million rows, which
-- PostgreSQL's 4 MB default would spill to disk.

CREATE OR REPLACE FUNCTION gm_enrich_incidents(p_ids bigint[]) RETURNS integer
LANGUAGE plpgsql SET search_path = public, pg_temp SET work_mem = '64MB' AS $$
DECLARE
  n integer;
BEGIN
  WITH bl AS MATERIALIZED (
    SELECT geom::geography AS geog, north_side, south_side
    FROM lines WHERE kind = 'blue_line' ORDER BY id LIMIT 1
  ), src AS (
    SELECT i.id, i.version, i.geom, i.occurred_at,
           -- written by this very transaction (xmin is the current transaction's id): its own revision is its feed entry
           i.xmin = pg_current_xact_id()::xid AS fresh,
           gm_cell_x(ST_X(i.geom)) AS ci, gm_cell_y(ST_Y(i.geom)) AS cj
    FROM incidents i
    WHERE p_ids IS NULL OR i.id = ANY (p_ids)
  ), areas AS MATERIALIZED (
    SELECT 'zone'::text AS layer, id, slug, valid, geom FROM zones
    UNION ALL
    SELECT 'corridor', id, slug, NULL, geom FROM corridors
  ), cell_hits AS MATERIALIZED (
    SELECT s.id, s.geom, s.occurred_at, c.layer, c.id AS area, c.inside
    FROM src s JOIN layer_cells c ON c.i = s.ci AND c.j = s.cj
  ), hits AS (
    SELECT h.id, h.occurred_at, a.layer, a.slug, a.valid
    FROM cell_hits h JOIN areas a ON a.layer = h.layer AND a.id = h.area
    WHERE h.inside OR ST_Intersects(a.geom, h.geom)
  ), held AS (
    SELECT id,
           array_agg(slug ORDER BY slug) FILTER (WHERE layer = 'zone' AND valid @> occurred_at) AS zone_slugs,
           array_agg(slug) FILTER (WHERE layer = 'zone') AS any_zones,
           array_agg(slug ORDER BY slug) FILTER (WHERE layer = 'corridor') AS corridor_slugs
    FROM hits GROUP BY id
  ), tr AS MATERIALIZED (
    SELECT slug, during, scope FROM truces
  ), computed AS (
    SELECT src.id, src.version, src.fresh,
           COALESCE(h.zone_slugs, '{}') AS zone_slugs,
           COALESCE(h.corridor_slugs, '{}') AS corridor_slugs,
           COALESCE((SELECT array_agg(t.slug ORDER BY t.slug) FROM tr t
                     WHERE t.during @> src.occurred_at AND (t.scope IS NULL OR t.scope && h.any_zones)), '{}') AS truce_slugs,
           d.dist,
           CASE
             WHEN d.dist IS NULL THEN NULL
             WHEN d.dist < 0.5 THEN 'on_line'
             WHEN ST_Intersects(d.north_side, src.geom) THEN 'north'
             WHEN ST_Intersects(d.south_side, src.geom) THEN 'south'
           END AS side
    FROM src
    LEFT JOIN held h ON h.id = src.id
    LEFT JOIN LATERAL (SELECT ST_Distance(bl.geog, src.geom::geography) AS dist, bl.north_side, bl.south_side FROM bl) d ON true
  ), changed AS (
    UPDATE incidents i SET
      zone_slugs = c.zone_slugs, corridor_slugs = c.corridor_slugs, truce_slugs = c.truce_slugs,
      blue_line_distance_m = c.dist, blue_line_side = c.side,
      updated_at = CASE WHEN c.fresh THEN i.updated_at ELSE now() END
    FROM computed c
    WHERE c.id = i.id
      AND (i.zone_slugs, i.corridor_slugs, i.truce_slugs, i.blue_line_distance_m, i.blue_line_side)
          IS DISTINCT FROM (c.zone_slugs, c.corridor_slugs, c.truce_slugs, c.dist, c.side)
    RETURNING i.id, c.version, c.fresh
  ), logged AS (
    INSERT INTO incident_rederivations (incident_id, version) SELECT id, version FROM changed WHERE NOT fresh ORDER BY id
  )
  SELECT count(*) INTO n FROM changed;
  RETURN n;
END $$;
