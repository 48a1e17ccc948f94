-- V060: zones and corridors cut once into grid cells, so that the enrichment of a point (docs/uploads.md, "How a point
-- is enriched") decides most zones and corridors without testing the point against a whole polygon.
--
-- The grid is fixed: cells of 1/200 degree (about 470 m east–west by 555 m north–south at 33° N), cell (i, j) holding the longitudes
-- [i/200 − 180, (i+1)/200 − 180] and the latitudes [j/200 − 90, (j+1)/200 − 90]. For each zone and corridor,
-- layer_cells holds every cell the polygon reaches: 'inside' when the cell, grown by a margin of 1e-7 degree on every
-- side, lies wholly inside the polygon and touches none of its edges; otherwise (the grown cell meets an edge) an edge
-- cell, where the point is tested against the polygon itself with the same ST_Intersects as before. A cell that is
-- not listed lies wholly outside. So the answer never moves:
--   - a point of an inside cell is inside the polygon, at least the margin away from any edge (ST_Intersects, whose
--     point-in-polygon test can only err within about 1e-15 degree of an edge, says true there);
--   - a point of no listed cell is at least the margin away from the polygon, outside (ST_Intersects says false);
--   - a point of an edge cell is tested exactly as before.
-- The margin also covers the rounding of the cell number floor((lon + 180) * 200) at a cell's border (about 1e-13
-- degree): a point is always inside the grown box of the cell its coordinates compute to.
--
-- The cells serve the layers as they are now (zones, corridors), never a version: reads with asOf keep using the
-- versioned geometry (V050). Triggers keep them in step with every write of a zone or corridor geometry — the layer
-- admin API, the geodata loader, a buffer zone following its line, psql — in the writing transaction; a restored dump
-- carries them with the layers (pg_restore creates triggers after the data).

-- The cell of a longitude / latitude. Plain SQL without a SET clause so that the planner inlines them into the
-- enrichment queries (a SET clause would make every row call a function); they use built-in operators only.
CREATE FUNCTION gm_cell_x(lon double precision) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT floor((lon + 180) * 200)::integer $$;

CREATE FUNCTION gm_cell_y(lat double precision) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT floor((lat + 90) * 200)::integer $$;

-- A cell grown by the margin, as a polygon.
CREATE FUNCTION gm_cell_box(i integer, j integer) RETURNS geometry
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = public, pg_temp AS $$
  SELECT ST_MakeEnvelope(i / 200.0 - 180 - 1e-7, j / 200.0 - 90 - 1e-7, (i + 1) / 200.0 - 180 + 1e-7, (j + 1) / 200.0 - 90 + 1e-7, 4326)
$$;

-- The cells of a polygon: edge cells (inside = false) are those whose grown box an edge of any ring meets (a segment
-- whose extent spans at most 2 × 2 cells marks all of them without a test: more edge cells, never fewer). Between two
-- edge cells of a row lies a run of cells whose grown boxes overlap one another and meet no edge, so the whole run is
-- on one side: one point-in-polygon test at the first cell's centre (at least the margin from any edge) decides it.
-- Cells left of a row's first edge cell and right of its last are outside (the run reaches the far outside without
-- crossing an edge), and a row without edge cells does not meet the polygon.
CREATE FUNCTION gm_area_cells(area geometry) RETURNS TABLE (i integer, j integer, inside boolean)
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = public, pg_temp AS $$
  WITH span AS (
    SELECT d.geom AS s,
           gm_cell_x(ST_XMin(d.geom) - 1e-7) AS i0, gm_cell_x(ST_XMax(d.geom) + 1e-7) AS i1,
           gm_cell_y(ST_YMin(d.geom) - 1e-7) AS j0, gm_cell_y(ST_YMax(d.geom) + 1e-7) AS j1
    FROM ST_DumpSegments(area) d
  ), edge AS (
    SELECT DISTINCT ci AS i, cj AS j
    FROM span, generate_series(span.i0, span.i1) ci, generate_series(span.j0, span.j1) cj
    WHERE (span.i1 - span.i0 <= 1 AND span.j1 - span.j0 <= 1) OR ST_Intersects(span.s, gm_cell_box(ci, cj))
  ), gaps AS (
    SELECT e.j, e.i + 1 AS i0, lead(e.i) OVER (PARTITION BY e.j ORDER BY e.i) - 1 AS i1 FROM edge e
  ), filled AS (
    SELECT g.j, g.i0, g.i1 FROM gaps g
    WHERE g.i1 >= g.i0 AND ST_Intersects(area, ST_SetSRID(ST_MakePoint((g.i0 + 0.5) / 200.0 - 180, (g.j + 0.5) / 200.0 - 90), 4326))
  )
  SELECT e.i, e.j, false FROM edge e
  UNION ALL
  SELECT ci, f.j, true FROM filled f, generate_series(f.i0, f.i1) ci
$$;

CREATE TABLE layer_cells (
  layer   text NOT NULL CHECK (layer IN ('zone', 'corridor')),
  id      bigint NOT NULL,          -- zones.id or corridors.id
  i       integer NOT NULL,
  j       integer NOT NULL,
  inside  boolean NOT NULL,
  PRIMARY KEY (layer, id, i, j)
);
-- The enrichment of one point (a single upload) looks its cell up here; a batch joins by hash.
CREATE INDEX layer_cells_cell_ix ON layer_cells (i, j);

-- Rebuilds the cells of the zone or corridor written (TG_ARGV[0] names the layer), unless its geometry is unchanged.
CREATE FUNCTION gm_layer_cells() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM layer_cells WHERE layer = TG_ARGV[0];
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.id = OLD.id AND ST_AsEWKB(NEW.geom) = ST_AsEWKB(OLD.geom) THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM layer_cells WHERE layer = TG_ARGV[0] AND id = OLD.id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO layer_cells (layer, id, i, j, inside) SELECT TG_ARGV[0], NEW.id, c.i, c.j, c.inside FROM gm_area_cells(NEW.geom) c;
  END IF;
  RETURN NULL;
END $$;

-- AFTER triggers see the geometry as stored (a corridor's area is computed from its route by a BEFORE trigger).
CREATE TRIGGER zones_cells AFTER INSERT OR UPDATE OR DELETE ON zones FOR EACH ROW EXECUTE FUNCTION gm_layer_cells('zone');
CREATE TRIGGER zones_cells_truncate AFTER TRUNCATE ON zones FOR EACH STATEMENT EXECUTE FUNCTION gm_layer_cells('zone');
CREATE TRIGGER corridors_cells AFTER INSERT OR UPDATE OR DELETE ON corridors FOR EACH ROW EXECUTE FUNCTION gm_layer_cells('corridor');
CREATE TRIGGER corridors_cells_truncate AFTER TRUNCATE ON corridors FOR EACH STATEMENT EXECUTE FUNCTION gm_layer_cells('corridor');

INSERT INTO layer_cells (layer, id, i, j, inside)
SELECT 'zone', z.id, c.i, c.j, c.inside FROM zones z, gm_area_cells(z.geom) c
UNION ALL
SELECT 'corridor', k.id, c.i, c.j, c.inside FROM corridors k, gm_area_cells(k.geom) c;
