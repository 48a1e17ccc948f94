-- V053: when a layer changes, the incidents whose stored enrichment changes with it (zones, corridors, truces, Blue
-- Line distance and side) reach the changes feed too, so that a mirror holding those fields does not go stale.
--
-- gm_enrich_incidents now writes only the incidents whose derived values differ (same values as V011's; fewer rows
-- rewritten), moves their updated_at (their served representation changed: updatedSince= finds them), and logs each
-- one in incident_rederivations with the incident's current version: one feed position per incident per layer write.
-- Incidents written by the same transaction (an upload, a correction) are not logged: the revision that transaction
-- appends is their change in the feed, and it is served with the incident as it is then.

CREATE TABLE incident_rederivations (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  incident_id  bigint NOT NULL REFERENCES incidents (id),
  version      integer NOT NULL,
  changed_at   timestamptz NOT NULL DEFAULT now(),
  txid         xid8 NOT NULL DEFAULT pg_current_xact_id(),
  change_seq   bigint NOT NULL DEFAULT nextval('gm_change_seq')
);
CREATE INDEX incident_rederivations_feed_ix ON incident_rederivations (txid, change_seq);

CREATE OR REPLACE FUNCTION gm_enrich_incidents(p_ids bigint[]) RETURNS integer
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
  n integer;
BEGIN
  WITH bl AS (
    SELECT geom::geography AS geog, north_side, south_side
    FROM lines WHERE kind = 'blue_line' ORDER BY id LIMIT 1
  ), computed AS (
    SELECT src.id, src.version,
           -- written by this very transaction (xmin is the current transaction's id): its own revision is its feed entry
           src.xmin = pg_current_xact_id()::xid AS fresh,
           COALESCE((SELECT array_agg(z.slug ORDER BY z.slug) FROM zones z
                     WHERE ST_Intersects(z.geom, src.geom) AND z.valid @> src.occurred_at), '{}') AS zone_slugs,
           COALESCE((SELECT array_agg(c.slug ORDER BY c.slug) FROM corridors c
                     WHERE ST_Intersects(c.geom, src.geom)), '{}') AS corridor_slugs,
           COALESCE((SELECT array_agg(t.slug ORDER BY t.slug) FROM truces t
                     WHERE t.during @> src.occurred_at
                       AND (t.scope IS NULL OR EXISTS (
                            SELECT 1 FROM zones z WHERE z.slug = ANY (t.scope) AND ST_Intersects(z.geom, src.geom)))), '{}') AS truce_slugs,
           d.dist,
           CASE
             WHEN d.dist IS NULL THEN NULL
             WHEN d.dist < 0.5 THEN 'on_line'
             WHEN ST_Intersects(d.north_side, src.geom) THEN 'north'
             WHEN ST_Intersects(d.south_side, src.geom) THEN 'south'
           END AS side
    FROM incidents src
    LEFT JOIN LATERAL (SELECT ST_Distance(bl.geog, src.geom::geography) AS dist, bl.north_side, bl.south_side FROM bl) d ON true
    WHERE p_ids IS NULL OR src.id = ANY (p_ids)
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
