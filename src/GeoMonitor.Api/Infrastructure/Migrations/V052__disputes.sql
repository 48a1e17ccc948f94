-- V052: disputed points and segments of a line, and each party's version of them (docs/api.md, "Disputed points and
-- each party's claim"). A dispute is a record about a line (e.g. one of the Blue Line's 13 reserved points); a claim is
-- one party's position for it (a point, or a segment for a disputed stretch) with the source that publishes it. A
-- dispute may hold no claim at all: where no sourced position exists the record says so and holds none.

CREATE TABLE disputes (
  slug        text PRIMARY KEY CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,79}$'),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  line        text NOT NULL REFERENCES lines (slug) ON UPDATE CASCADE,
  kind        text NOT NULL CHECK (kind IN ('point', 'segment')),
  source      text NOT NULL CHECK (length(source) BETWEEN 1 AND 2000),
  note        text CHECK (length(note) <= 4000),
  properties  jsonb NOT NULL DEFAULT '{}',
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX disputes_line_ix ON disputes (line);

-- The parties a claim may be attributed to besides organisations (organisations.slug): the states and the UN mission.
CREATE FUNCTION gm_claim_parties() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY['israel', 'lebanon', 'unifil'] $$;

CREATE TABLE dispute_claims (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dispute      text NOT NULL REFERENCES disputes (slug) ON UPDATE CASCADE ON DELETE CASCADE,
  party        text NOT NULL,
  geom         geometry(Geometry, 4326) NOT NULL
               CHECK (GeometryType(geom) IN ('POINT', 'LINESTRING') AND ST_IsValid(geom) AND NOT ST_IsEmpty(geom) AND gm_in_wgs84_range(geom)),
  source       text NOT NULL CHECK (length(source) BETWEEN 1 AND 2000),
  note         text CHECK (length(note) <= 4000),
  recorded_by  text,
  recorded_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (dispute, party)
);

-- A claim's party is one of gm_claim_parties() or an organisation, and its geometry fits the dispute (a point for a
-- point, a line for a segment): the API refuses both with a 422 first; this keeps psql and scripts to the same rule.
CREATE FUNCTION gm_claim_check() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
  IF NOT (NEW.party = ANY (gm_claim_parties())) AND NOT EXISTS (SELECT 1 FROM organisations WHERE slug = NEW.party) THEN
    RAISE EXCEPTION 'unknown party %', NEW.party USING ERRCODE = 'check_violation', CONSTRAINT = 'dispute_claims_party';
  END IF;
  IF (SELECT kind FROM disputes WHERE slug = NEW.dispute) IS DISTINCT FROM (CASE GeometryType(NEW.geom) WHEN 'POINT' THEN 'point' ELSE 'segment' END) THEN
    RAISE EXCEPTION 'a claim''s geometry must fit its dispute''s kind' USING ERRCODE = 'check_violation', CONSTRAINT = 'dispute_claims_kind';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER dispute_claims_check BEFORE INSERT OR UPDATE ON dispute_claims FOR EACH ROW EXECUTE FUNCTION gm_claim_check();

-- Line p_geom (of slug p_line) with party p_party's positions for its disputed points and segments, claim by claim in the
-- part of the line nearest to it: a point claim moves the vertex nearest to it to the claimed position (a line drawn
-- through border points has a vertex at each disputed point); a segment claim replaces the stretch between the places
-- of the line nearest to its two ends. Without a party, or without claims, the line as it is; the direction of every
-- part is kept (the Blue Line's left is its Lebanese side).
CREATE FUNCTION gm_line_claimed(p_line text, p_geom geometry, p_party text) RETURNS geometry
LANGUAGE plpgsql STABLE SET search_path = public, pg_temp AS $$
DECLARE
  part geometry;
  parts geometry[] := '{}';
  pts geometry[];
  near geometry[];
  c record;
  n integer;
  at float8;
BEGIN
  IF p_party IS NULL OR p_geom IS NULL
     OR NOT EXISTS (SELECT 1 FROM dispute_claims k JOIN disputes d ON d.slug = k.dispute WHERE d.line = p_line AND k.party = p_party) THEN
    RETURN p_geom;
  END IF;
  FOR part IN SELECT (ST_Dump(p_geom)).geom LOOP
    near := ARRAY(SELECT k.geom FROM dispute_claims k JOIN disputes d ON d.slug = k.dispute
                  WHERE d.line = p_line AND k.party = p_party
                    AND NOT EXISTS (SELECT 1 FROM ST_Dump(p_geom) o WHERE ST_Distance(o.geom, k.geom) < ST_Distance(part, k.geom)));
    FOR c IN SELECT geom FROM unnest(near) AS geom WHERE GeometryType(geom) = 'POINT' ORDER BY ST_X(geom), ST_Y(geom) LOOP
      SELECT (dp).path[1] INTO n FROM (SELECT ST_DumpPoints(part) AS dp) s ORDER BY ST_Distance((dp).geom, c.geom), (dp).path[1] LIMIT 1;
      part := ST_SetPoint(part, n - 1, c.geom);
    END LOOP;
    pts := '{}';
    at := 0;
    FOR c IN
      SELECT CASE WHEN f0 <= f1 THEN geom ELSE ST_Reverse(geom) END AS geom, LEAST(f0, f1) AS f0, GREATEST(f0, f1) AS f1
      FROM (SELECT geom, ST_LineLocatePoint(part, ST_StartPoint(geom)) AS f0, ST_LineLocatePoint(part, ST_EndPoint(geom)) AS f1
            FROM unnest(near) AS geom WHERE GeometryType(geom) = 'LINESTRING') s
      ORDER BY 2, 3
    LOOP
      IF c.f0 > at THEN pts := pts || ARRAY(SELECT (ST_DumpPoints(ST_LineSubstring(part, at, c.f0))).geom); END IF;
      pts := pts || ARRAY(SELECT (ST_DumpPoints(c.geom)).geom);
      at := GREATEST(at, c.f1);
    END LOOP;
    IF at < 1 THEN pts := pts || ARRAY(SELECT (ST_DumpPoints(ST_LineSubstring(part, at, 1))).geom); END IF;
    parts := parts || ST_RemoveRepeatedPoints(ST_MakeLine(pts));
  END LOOP;
  RETURN ST_Multi(ST_Collect(parts));
END $$;
