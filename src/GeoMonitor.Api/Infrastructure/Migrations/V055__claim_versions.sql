-- V055: each party's claim on a disputed point or segment keeps every version, like the layers (V050), and reaches the
-- changes feed (docs/api.md, "Disputed points and each party's claim"). A claim's key is its dispute and party; its
-- version records the line the dispute was about then, so that a line read as of an instant with claim= takes the
-- positions recorded at that instant. Versions are written at commit by deferred constraint triggers (one version per
-- transaction holding its final state; an identical write makes none; a removal is a version of its own, change =
-- 'delete', with an empty record interval), with the shared instant, sequence and guard of V050.

CREATE TABLE claim_versions (
  vid            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- the claim as it was (the columns of dispute_claims, and its dispute's line)
  dispute        text NOT NULL,
  party          text NOT NULL,
  -- the feed's id of a claim, and the key the guard and the exclusion constraint compare (a plain column: a BEFORE
  -- trigger, the guard, sees generated columns as NULL)
  slug           text NOT NULL CHECK (slug = dispute || '/' || party),
  line           text NOT NULL,
  geom           geometry(Geometry, 4326) NOT NULL,
  source         text NOT NULL,
  note           text,
  claimed_by     text,
  claimed_at     timestamptz NOT NULL,
  -- the version
  version        integer NOT NULL CHECK (version >= 1),
  change         text NOT NULL CHECK (change IN ('create', 'update', 'delete')),
  recorded_from  timestamptz NOT NULL,
  recorded_to    timestamptz CHECK (recorded_to >= recorded_from),
  recorded_by    text,
  txid           xid8 NOT NULL DEFAULT pg_current_xact_id(),
  change_seq     bigint NOT NULL DEFAULT nextval('gm_change_seq'),
  UNIQUE (dispute, party, version),
  EXCLUDE USING gist (slug WITH =, tstzrange(recorded_from, recorded_to) WITH &&)
);
CREATE UNIQUE INDEX claim_versions_current_ux ON claim_versions (dispute, party) WHERE recorded_to IS NULL;
CREATE INDEX claim_versions_feed_ix ON claim_versions (txid, change_seq);
CREATE INDEX claim_versions_line_ix ON claim_versions (line, party);

CREATE TRIGGER claim_versions_guard BEFORE UPDATE OR DELETE ON claim_versions FOR EACH ROW EXECUTE FUNCTION gm_versions_guard();
CREATE TRIGGER claim_versions_no_truncate BEFORE TRUNCATE ON claim_versions FOR EACH STATEMENT EXECUTE FUNCTION gm_versions_guard();

CREATE FUNCTION gm_record_claim(p_dispute text, p_party text) RETURNS void LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
  cur record;
  prev claim_versions%ROWTYPE;
  present boolean;
  at timestamptz;
BEGIN
  IF p_dispute IS NULL OR p_party IS NULL THEN RETURN; END IF;
  SELECT * INTO prev FROM claim_versions WHERE dispute = p_dispute AND party = p_party ORDER BY version DESC LIMIT 1;
  SELECT k.*, d.line INTO cur FROM dispute_claims k JOIN disputes d ON d.slug = k.dispute WHERE k.dispute = p_dispute AND k.party = p_party;
  present := FOUND;
  IF present AND prev.change IS DISTINCT FROM 'delete'
     AND (cur.line, cur.geom, cur.source, cur.note) IS NOT DISTINCT FROM (prev.line, prev.geom, prev.source, prev.note)
  THEN RETURN; END IF;
  IF NOT present AND (prev.vid IS NULL OR prev.change = 'delete') THEN RETURN; END IF;
  at := gm_version_instant(prev.recorded_from, prev.txid);
  IF at IS NULL THEN RETURN; END IF;
  UPDATE claim_versions SET recorded_to = at WHERE vid = prev.vid AND recorded_to IS NULL;
  IF present THEN
    INSERT INTO claim_versions (dispute, party, slug, line, geom, source, note, claimed_by, claimed_at, version, change, recorded_from, recorded_by)
    VALUES (cur.dispute, cur.party, cur.dispute || '/' || cur.party, cur.line, cur.geom, cur.source, cur.note, cur.recorded_by, cur.recorded_at, COALESCE(prev.version, 0) + 1,
            CASE WHEN prev.vid IS NULL OR prev.change = 'delete' THEN 'create' ELSE 'update' END, at, gm_changed_by());
  ELSE
    INSERT INTO claim_versions (dispute, party, slug, line, geom, source, note, claimed_by, claimed_at, version, change, recorded_from, recorded_to, recorded_by)
    VALUES (prev.dispute, prev.party, prev.slug, prev.line, prev.geom, prev.source, prev.note, prev.claimed_by, prev.claimed_at, prev.version + 1, 'delete',
            at, at, gm_changed_by());
  END IF;
END $$;

-- A changed claim names its own key (both, when a dispute was renamed); a dispute moved to another line names each of its claims.
CREATE FUNCTION gm_claim_version_due() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
  k record;
BEGIN
  IF TG_TABLE_NAME = 'disputes' THEN
    FOR k IN SELECT dispute, party FROM dispute_claims WHERE dispute = NEW.slug LOOP
      PERFORM gm_record_claim(k.dispute, k.party);
    END LOOP;
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN PERFORM gm_record_claim(OLD.dispute, OLD.party); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM gm_record_claim(NEW.dispute, NEW.party); END IF;
  RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER dispute_claims_versions AFTER INSERT OR UPDATE OR DELETE ON dispute_claims
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION gm_claim_version_due();
CREATE CONSTRAINT TRIGGER disputes_line_versions AFTER UPDATE OF line ON disputes
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD.line IS DISTINCT FROM NEW.line) EXECUTE FUNCTION gm_claim_version_due();

-- Claims stored before this migration: their first version is what they hold now, recorded from when they were recorded.
INSERT INTO claim_versions (dispute, party, slug, line, geom, source, note, claimed_by, claimed_at, version, change, recorded_from)
SELECT k.dispute, k.party, k.dispute || '/' || k.party, d.line, k.geom, k.source, k.note, k.recorded_by, k.recorded_at, 1, 'create', k.recorded_at
FROM dispute_claims k JOIN disputes d ON d.slug = k.dispute;

-- The claims as recorded at p_as_of (NULL: as they are), with their line: the one source every read of claims uses, so
-- that a read as of an instant is the same SQL as a current one.
CREATE FUNCTION gm_claims_at(p_as_of timestamptz)
RETURNS TABLE (dispute text, party text, line text, geom geometry, source text, note text, claimed_by text, claimed_at timestamptz,
               version integer, recorded_from timestamptz)
LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
  SELECT k.dispute, k.party, d.line, k.geom, k.source, k.note, k.recorded_by, k.recorded_at,
         (SELECT v.version FROM claim_versions v WHERE v.dispute = k.dispute AND v.party = k.party AND v.recorded_to IS NULL),
         (SELECT v.recorded_from FROM claim_versions v WHERE v.dispute = k.dispute AND v.party = k.party AND v.recorded_to IS NULL)
  FROM dispute_claims k JOIN disputes d ON d.slug = k.dispute
  WHERE p_as_of IS NULL
  UNION ALL
  SELECT v.dispute, v.party, v.line, v.geom, v.source, v.note, v.claimed_by, v.claimed_at, v.version, v.recorded_from
  FROM claim_versions v
  WHERE p_as_of IS NOT NULL AND tstzrange(v.recorded_from, v.recorded_to) @> p_as_of
$$;

-- V052's gm_line_claimed with the claims as recorded at p_as_of (NULL: as they are); the three-argument form reads them now.
CREATE FUNCTION gm_line_claimed(p_line text, p_geom geometry, p_party text, p_as_of timestamptz) RETURNS geometry
LANGUAGE plpgsql STABLE SET search_path = public, pg_temp AS $$
DECLARE
  part geometry;
  parts geometry[] := '{}';
  pts geometry[];
  near geometry[];
  claims geometry[];
  c record;
  n integer;
  at float8;
BEGIN
  IF p_party IS NULL OR p_geom IS NULL THEN RETURN p_geom; END IF;
  claims := ARRAY(SELECT k.geom FROM gm_claims_at(p_as_of) k WHERE k.line = p_line AND k.party = p_party);
  IF cardinality(claims) = 0 THEN RETURN p_geom; END IF;
  FOR part IN SELECT (ST_Dump(p_geom)).geom LOOP
    near := ARRAY(SELECT u.g FROM unnest(claims) AS u(g)
                  WHERE NOT EXISTS (SELECT 1 FROM ST_Dump(p_geom) o WHERE ST_Distance(o.geom, u.g) < ST_Distance(part, u.g)));
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

CREATE OR REPLACE FUNCTION gm_line_claimed(p_line text, p_geom geometry, p_party text) RETURNS geometry
LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$ SELECT gm_line_claimed(p_line, p_geom, p_party, NULL::timestamptz) $$;

-- V054's repair of restored positions covers the claims' versions too.
CREATE OR REPLACE FUNCTION gm_feed_rebase() RETURNS boolean LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
  next_xid xid8 := pg_snapshot_xmax(pg_current_snapshot());
  t text;
  ahead boolean := false;
  feed text[] := ARRAY['incident_revisions', 'incident_rederivations', 'line_versions', 'zone_versions', 'corridor_versions', 'truce_versions',
                       'claim_versions'];
BEGIN
  FOREACH t IN ARRAY feed LOOP
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE txid >= $1)', t) INTO ahead USING next_xid;
    EXIT WHEN ahead;
  END LOOP;
  IF NOT ahead THEN RETURN false; END IF;
  FOREACH t IN ARRAY feed LOOP
    EXECUTE format('ALTER TABLE %I DISABLE TRIGGER USER', t);
    EXECUTE format('UPDATE %I SET txid = %L', t, '3');
    EXECUTE format('ALTER TABLE %I ENABLE TRIGGER USER', t);
  END LOOP;
  UPDATE feed_origin SET id = gen_random_uuid(), created_at = now();
  RETURN true;
END $$;
