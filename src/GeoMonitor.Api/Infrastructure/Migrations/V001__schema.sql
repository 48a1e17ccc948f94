-- V001: the GeoMonitor schema (see ../shared/DESIGN.md, "Data model").
-- Constraints live here, not only in the API, so that no client or script can store bad data.

CREATE EXTENSION IF NOT EXISTS postgis;
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- The bounds check used by every geometry column: PostGIS accepts any double, a monitoring record must not.
-- Every gm_ function pins its search_path: pg_restore runs with an empty one.
CREATE FUNCTION gm_in_wgs84_range(g geometry) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = public, pg_temp AS $$
  SELECT ST_XMin(g) >= -180 AND ST_XMax(g) <= 180 AND ST_YMin(g) >= -90 AND ST_YMax(g) <= 90
$$;

CREATE TABLE lines (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  slug         text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,79}$'),
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  name_ar      text,
  name_he      text,
  kind         text NOT NULL CHECK (kind IN ('blue_line', 'river', 'road', 'boundary', 'other')),
  geom         geometry(MultiLineString, 4326) NOT NULL
               CHECK (ST_IsValid(geom) AND NOT ST_IsEmpty(geom) AND gm_in_wgs84_range(geom)),
  -- The halves of the plane the line separates (left = north for a line drawn west to east, within
  -- 100 km), derived by trigger; they tell which side of the line a point is on without per-row work.
  north_side   geometry(MultiPolygon, 4326),
  south_side   geometry(MultiPolygon, 4326),
  source       text NOT NULL,
  method       text,
  approximate  boolean NOT NULL DEFAULT false,
  properties   jsonb NOT NULL DEFAULT '{}',
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX lines_geom_gix ON lines USING gist (geom);

-- The two halves of the plane that a line separates, in UTM 36N metres, within a box reaching 100 km
-- around it: the line, prolonged straight for 400 km beyond both ends, splits the box in two; the half
-- to the left of the line's first segment is 'north' (for a line drawn west to east: the Lebanese side
-- of the Blue Line). Splitting a box rather than buffering one side keeps a winding line's sides exact.
CREATE FUNCTION gm_line_half_utm(line geometry, side text) RETURNS geometry
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = public, pg_temp AS $$
DECLARE
  l geometry := ST_LineMerge(ST_Transform(line, 32636));
  a geometry; b geometry; y geometry; z geometry; probe geometry;
  ab float8; yz float8;
  result geometry;
BEGIN
  IF GeometryType(l) <> 'LINESTRING' THEN
    SELECT d.geom INTO l FROM ST_Dump(l) d ORDER BY ST_Length(d.geom) DESC LIMIT 1;
  END IF;
  a := ST_PointN(l, 1); b := ST_PointN(l, 2);
  y := ST_PointN(l, ST_NPoints(l) - 1); z := ST_PointN(l, ST_NPoints(l));
  ab := ST_Distance(a, b); yz := ST_Distance(y, z);
  probe := ST_SetSRID(ST_MakePoint((ST_X(a) + ST_X(b)) / 2 - (ST_Y(b) - ST_Y(a)) / ab,
                                   (ST_Y(a) + ST_Y(b)) / 2 + (ST_X(b) - ST_X(a)) / ab), 32636);
  WITH prolonged AS (
    SELECT ST_MakeLine(ARRAY[
             ST_SetSRID(ST_MakePoint(ST_X(a) + (ST_X(a) - ST_X(b)) / ab * 400000, ST_Y(a) + (ST_Y(a) - ST_Y(b)) / ab * 400000), 32636)]
             || ARRAY(SELECT (ST_DumpPoints(l)).geom)
             || ST_SetSRID(ST_MakePoint(ST_X(z) + (ST_X(z) - ST_X(y)) / yz * 400000, ST_Y(z) + (ST_Y(z) - ST_Y(y)) / yz * 400000), 32636)) AS g
  ), parts AS (
    SELECT d.geom FROM prolonged, ST_Dump(ST_Split(ST_Expand(ST_Envelope(l), 100000), prolonged.g)) d
  )
  SELECT ST_Union(geom) INTO result FROM parts
  WHERE ST_Intersects(geom, probe) = (side = 'north');
  RETURN result;
END $$;

-- A buffer of a line in true metres (computed in UTM 36N), on one side or both.
CREATE FUNCTION gm_line_buffer(line geometry, metres double precision, side text) RETURNS geometry
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = public, pg_temp AS $$
  SELECT ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Transform(
    CASE side
      WHEN 'both' THEN ST_Buffer(ST_Transform(line, 32636), metres)
      ELSE ST_Intersection(ST_Buffer(ST_Transform(line, 32636), metres), gm_line_half_utm(line, side))
    END, 4326)), 3))
$$;

CREATE FUNCTION gm_line_sides() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
  NEW.north_side := ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Transform(gm_line_half_utm(NEW.geom, 'north'), 4326)), 3));
  NEW.south_side := ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Transform(gm_line_half_utm(NEW.geom, 'south'), 4326)), 3));
  RETURN NEW;
END $$;
CREATE TRIGGER lines_sides BEFORE INSERT OR UPDATE OF geom ON lines
  FOR EACH ROW EXECUTE FUNCTION gm_line_sides();

CREATE TABLE zones (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  slug            text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,79}$'),
  name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  name_ar         text,
  name_he         text,
  kind            text NOT NULL CHECK (kind IN ('buffer', 'withdrawal', 'valley', 'area_of_operations', 'security', 'retained_post', 'other')),
  geom            geometry(MultiPolygon, 4326) NOT NULL
                  CHECK (ST_IsValid(geom) AND NOT ST_IsEmpty(geom) AND gm_in_wgs84_range(geom)),
  phase           integer CHECK (phase > 0),
  deadline        timestamptz,
  valid           tstzrange NOT NULL DEFAULT '(,)' CHECK (NOT isempty(valid)),
  -- A buffer zone remembers what it was derived from, so it can be recomputed when its line changes.
  buffer_of_line  text REFERENCES lines (slug) ON UPDATE CASCADE ON DELETE SET NULL,
  buffer_metres   double precision CHECK (buffer_metres > 0 AND buffer_metres <= 200000),
  buffer_side     text CHECK (buffer_side IN ('north', 'south', 'both')),
  source          text NOT NULL,
  method          text,
  approximate     boolean NOT NULL DEFAULT false,
  properties      jsonb NOT NULL DEFAULT '{}',
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX zones_geom_gix ON zones USING gist (geom);

CREATE TABLE corridors (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  slug         text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,79}$'),
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  name_ar      text,
  name_he      text,
  route        geometry(MultiLineString, 4326) NOT NULL
               CHECK (ST_IsValid(route) AND NOT ST_IsEmpty(route) AND gm_in_wgs84_range(route)),
  width_m      double precision NOT NULL CHECK (width_m > 0 AND width_m <= 50000),
  -- The corridor's area: the route buffered by width_m / 2 in metres, derived by trigger.
  geom         geometry(MultiPolygon, 4326) NOT NULL CHECK (ST_IsValid(geom)),
  status       text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'suspended', 'planned')),
  operator     text,
  source       text NOT NULL,
  method       text,
  approximate  boolean NOT NULL DEFAULT false,
  properties   jsonb NOT NULL DEFAULT '{}',
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX corridors_geom_gix ON corridors USING gist (geom);

CREATE FUNCTION gm_corridor_area() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
  NEW.geom := gm_line_buffer(NEW.route, NEW.width_m / 2.0, 'both');
  RETURN NEW;
END $$;
CREATE TRIGGER corridors_area BEFORE INSERT OR UPDATE OF route, width_m ON corridors
  FOR EACH ROW EXECUTE FUNCTION gm_corridor_area();

CREATE TABLE corridor_windows (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  corridor_id  bigint NOT NULL REFERENCES corridors (id) ON DELETE CASCADE,
  during       tstzrange NOT NULL CHECK (NOT isempty(during) AND lower(during) IS NOT NULL),
  note         text,
  EXCLUDE USING gist (corridor_id WITH =, during WITH &&)
);

CREATE TABLE truces (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  slug          text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,79}$'),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  -- The window in force: [start, end after the last extension).
  during        tstzrange NOT NULL CHECK (NOT isempty(during) AND lower(during) IS NOT NULL),
  original_end  timestamptz,
  parties       text[] NOT NULL DEFAULT '{}',
  scope         text[],          -- zone slugs; NULL = the whole monitored region
  source        text NOT NULL,
  notes         text,
  properties    jsonb NOT NULL DEFAULT '{}',
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX truces_during_gix ON truces USING gist (during);

CREATE TABLE truce_extensions (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  truce_id      bigint NOT NULL REFERENCES truces (id) ON DELETE CASCADE,
  announced_at  timestamptz,
  previous_end  timestamptz,
  new_end       timestamptz NOT NULL,
  source        text,
  recorded_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE acled_event_types (
  event_type      text NOT NULL,
  sub_event_type  text NOT NULL,
  PRIMARY KEY (event_type, sub_event_type)
);
INSERT INTO acled_event_types (event_type, sub_event_type) VALUES
  ('Battles', 'Government regains territory'), ('Battles', 'Non-state actor overtakes territory'), ('Battles', 'Armed clash'),
  ('Protests', 'Excessive force against protesters'), ('Protests', 'Protest with intervention'), ('Protests', 'Peaceful protest'),
  ('Riots', 'Violent demonstration'), ('Riots', 'Mob violence'),
  ('Explosions/Remote violence', 'Chemical weapon'), ('Explosions/Remote violence', 'Air/drone strike'),
  ('Explosions/Remote violence', 'Suicide bomb'), ('Explosions/Remote violence', 'Shelling/artillery/missile attack'),
  ('Explosions/Remote violence', 'Remote explosive/landmine/IED'), ('Explosions/Remote violence', 'Grenade'),
  ('Violence against civilians', 'Sexual violence'), ('Violence against civilians', 'Attack'),
  ('Violence against civilians', 'Abduction/forced disappearance'),
  ('Strategic developments', 'Agreement'), ('Strategic developments', 'Arrests'),
  ('Strategic developments', 'Change to group/activity'), ('Strategic developments', 'Disrupted weapons use'),
  ('Strategic developments', 'Headquarters or base established'), ('Strategic developments', 'Looting/property destruction'),
  ('Strategic developments', 'Non-violent transfer of territory'), ('Strategic developments', 'Other');

CREATE TABLE api_keys (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  role         text NOT NULL CHECK (role IN ('reader', 'reporter', 'reviewer', 'admin')),
  key_hash     bytea NOT NULL UNIQUE,   -- SHA-256 of the key; the key itself is never stored
  key_prefix   text NOT NULL,           -- first characters, to tell keys apart in listings
  created_at   timestamptz NOT NULL DEFAULT now(),
  revoked_at   timestamptz
);

CREATE TABLE incidents (
  id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source                text NOT NULL CHECK (length(source) BETWEEN 1 AND 200),
  external_id           text NOT NULL CHECK (length(external_id) BETWEEN 1 AND 200),
  occurred_at           timestamptz NOT NULL,
  time_precision        smallint NOT NULL DEFAULT 1 CHECK (time_precision BETWEEN 1 AND 3),
  geom                  geometry(Point, 4326) NOT NULL
                        CHECK (ST_IsValid(geom) AND NOT ST_IsEmpty(geom) AND gm_in_wgs84_range(geom)),
  geo_precision         smallint NOT NULL DEFAULT 1 CHECK (geo_precision BETWEEN 1 AND 3),
  uncertainty_m         double precision CHECK (uncertainty_m >= 0),
  event_type            text NOT NULL,
  sub_event_type        text NOT NULL,
  actor1                text,
  actor2                text,
  fatalities            integer NOT NULL DEFAULT 0 CHECK (fatalities >= 0),
  location_name         text,
  notes                 text,
  raw_coordinate        text,
  raw_crs               text,
  status                text NOT NULL DEFAULT 'reported'
                        CHECK (status IN ('reported', 'under_review', 'verified', 'disputed', 'rejected')),
  version               integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  -- Enrichment computed at write time by gm_enrich_incidents and recomputed when a layer changes.
  zone_slugs            text[] NOT NULL DEFAULT '{}',
  corridor_slugs        text[] NOT NULL DEFAULT '{}',
  truce_slugs           text[] NOT NULL DEFAULT '{}',
  blue_line_distance_m  double precision,
  blue_line_side        text CHECK (blue_line_side IN ('north', 'south', 'on_line')),
  created_by            text,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_by            text,
  updated_at            timestamptz NOT NULL DEFAULT now(),
  UNIQUE (source, external_id),
  FOREIGN KEY (event_type, sub_event_type) REFERENCES acled_event_types (event_type, sub_event_type)
);
CREATE INDEX incidents_geom_gix ON incidents USING gist (geom);
CREATE INDEX incidents_occurred_ix ON incidents (occurred_at, id);
CREATE INDEX incidents_status_ix ON incidents (status);

CREATE TABLE incident_revisions (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  incident_id  bigint NOT NULL REFERENCES incidents (id),
  version      integer NOT NULL,
  action       text NOT NULL CHECK (action IN ('create', 'review', 'correct', 'delete', 'restore')),
  changed_by   text,
  changed_at   timestamptz NOT NULL DEFAULT now(),
  changes      jsonb NOT NULL DEFAULT '{}',
  note         text
);
CREATE INDEX incident_revisions_incident_ix ON incident_revisions (incident_id, id);

-- The audit trail is append-only: the database itself refuses to rewrite history.
CREATE FUNCTION gm_revisions_append_only() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
  RAISE EXCEPTION 'incident_revisions is append-only: % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER incident_revisions_no_update BEFORE UPDATE OR DELETE ON incident_revisions
  FOR EACH ROW EXECUTE FUNCTION gm_revisions_append_only();
CREATE TRIGGER incident_revisions_no_truncate BEFORE TRUNCATE ON incident_revisions
  FOR EACH STATEMENT EXECUTE FUNCTION gm_revisions_append_only();

-- Recomputes the stored enrichment of the given incidents (all when p_ids is NULL):
-- zones valid at occurred_at that contain the point, corridors containing it, truces in force
-- (whole-region truces, or truces whose scope zones contain the point), and the geodesic distance
-- and side of the Blue Line.
CREATE FUNCTION gm_enrich_incidents(p_ids bigint[]) RETURNS integer
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
  n integer;
BEGIN
  WITH bl AS (
    SELECT geom, geom::geography AS geog, north_side, south_side
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
    blue_line_distance_m = (SELECT ST_Distance(bl.geog, i.geom::geography) FROM bl),
    blue_line_side = (SELECT CASE
                         WHEN ST_Distance(bl.geog, i.geom::geography) < 0.5 THEN 'on_line'
                         WHEN ST_Intersects(bl.north_side, i.geom) THEN 'north'
                         WHEN ST_Intersects(bl.south_side, i.geom) THEN 'south'
                       END FROM bl)
  WHERE p_ids IS NULL OR i.id = ANY (p_ids);
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;
