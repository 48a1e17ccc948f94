-- V011: gm_enrich_incidents computed the geodesic distance to the Blue Line twice per row (once for the
-- distance, once to tell 'on_line'); it now computes it once, in a lateral subquery. Same results.
CREATE OR REPLACE FUNCTION gm_enrich_incidents(p_ids bigint[]) RETURNS integer
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
  n integer;
BEGIN
  WITH bl AS (
    SELECT geom::geography AS geog, north_side, south_side
    FROM lines WHERE kind = 'blue_line' ORDER BY id LIMIT 1
  )
  UPDATE incidents i SET
    zone_slugs = COALESCE((SELECT array_agg(z.slug ORDER BY z.slug) FROM zones z
                           WHERE ST_Intersects(z.geom, i.geom) AND z.valid @> i.occurred_at), '{}'),
    corridor_slugs = COALESCE((SELECT array_agg(c.slug ORDER BY c.slug) FROM corridors c
                               WHERE ST_Intersects(c.geom, i.geom)), '{}'),
    truce_slugs = COALESCE((SELECT array_agg(t.slug ORDER BY t.slug) FROM truces t
                            WHERE t.during @> i.occurred_at
                              AND (t.scope IS NULL OR EXISTS (
                                   SELECT 1 FROM zones z WHERE z.slug = ANY (t.scope) AND ST_Intersects(z.geom, i.geom)))), '{}'),
    blue_line_distance_m = d.dist,
    blue_line_side = CASE
                       WHEN d.dist IS NULL THEN NULL
                       WHEN d.dist < 0.5 THEN 'on_line'
                       WHEN ST_Intersects(d.north_side, i.geom) THEN 'north'
                       WHEN ST_Intersects(d.south_side, i.geom) THEN 'south'
                     END
  FROM incidents src
  LEFT JOIN LATERAL (SELECT ST_Distance(bl.geog, src.geom::geography) AS dist, bl.north_side, bl.south_side FROM bl) d ON true
  WHERE src.id = i.id AND (p_ids IS NULL OR i.id = ANY (p_ids));
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;
