-- V050: every version of every line, zone, corridor and truce (docs/api.md, "Layers as they were: asOf and versions").
-- Bitemporal: valid time is the layer's own (zones.valid, truces.during, corridor windows); record time is when the
-- database held the version: [recorded_from, recorded_to), recorded_to NULL while it is the current one. A deletion is a
-- version of its own (change = 'delete', an empty record interval holding the last content), so that the changes feed
-- can announce it and a re-created slug continues the numbering.
--
-- Versions are written by deferred constraint triggers, at commit: a PUT that replaces a corridor and then its windows,
-- or moves a line and then the buffer zones derived from it, is one version of each layer, holding its final state. A
-- write that leaves the content as it was (an identical PUT) makes no version. recorded_from is the clock at commit
-- (one instant for every layer a transaction changes), after the row locks that serialize writes to one layer, so the
-- versions of a slug never overlap (the exclusion constraint says so too). recorded_by is the key of the writer when the API set gm.changed_by for the transaction.
--
-- txid (the writing transaction) and change_seq (one sequence for every table the feed reads) are the changes feed's
-- position; see V051.

CREATE SEQUENCE gm_change_seq;

-- Instants as the read API writes them (UTC, seconds), for the JSON kept with a version.
CREATE FUNCTION gm_utc(t timestamptz) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = public, pg_temp AS $$
  SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
$$;

-- A corridor's opening windows as the read API shows them: [{from, to, note}], oldest first.
CREATE FUNCTION gm_corridor_windows(p_id bigint) RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = public, pg_temp AS $$
  SELECT COALESCE(jsonb_agg(jsonb_build_object('from', gm_utc(lower(w.during)), 'to', gm_utc(upper(w.during)), 'note', w.note)
                            ORDER BY lower(w.during)), '[]'::jsonb)
  FROM corridor_windows w WHERE w.corridor_id = p_id
$$;

-- A corridor's opening windows as one multirange (empty when it has none), for "open at".
CREATE FUNCTION gm_corridor_open(p_id bigint) RETURNS tstzmultirange
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = public, pg_temp AS $$
  SELECT COALESCE(range_agg(w.during), '{}'::tstzmultirange) FROM corridor_windows w WHERE w.corridor_id = p_id
$$;

-- A truce's extensions as the read API shows them: [{announcedAt, previousEnd, newEnd, source}], by new end.
CREATE FUNCTION gm_truce_extensions(p_id bigint) RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = public, pg_temp AS $$
  SELECT COALESCE(jsonb_agg(jsonb_build_object('announcedAt', gm_utc(e.announced_at), 'previousEnd', gm_utc(e.previous_end),
                                               'newEnd', gm_utc(e.new_end), 'source', e.source) ORDER BY e.new_end, e.id), '[]'::jsonb)
  FROM truce_extensions e WHERE e.truce_id = p_id
$$;

-- Who made the change: the key name the API put into the transaction's settings (NULL for psql, migrations, the loader).
CREATE FUNCTION gm_changed_by() RETURNS text
LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
  SELECT NULLIF(current_setting('gm.changed_by', true), '')
$$;

CREATE TABLE line_versions (
  vid            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- the layer as it was (the columns of lines)
  id             bigint NOT NULL,
  slug           text NOT NULL,
  name           text NOT NULL,
  name_ar        text,
  name_he        text,
  kind           text NOT NULL,
  geom           geometry(MultiLineString, 4326) NOT NULL,
  north_side     geometry(MultiPolygon, 4326),
  south_side     geometry(MultiPolygon, 4326),
  source         text NOT NULL,
  method         text,
  approximate    boolean NOT NULL,
  properties     jsonb NOT NULL,
  created_at     timestamptz NOT NULL,
  updated_at     timestamptz NOT NULL,
  -- the version
  version        integer NOT NULL CHECK (version >= 1),
  change         text NOT NULL CHECK (change IN ('create', 'update', 'delete')),
  recorded_from  timestamptz NOT NULL,
  recorded_to    timestamptz CHECK (recorded_to >= recorded_from),
  recorded_by    text,
  txid           xid8 NOT NULL DEFAULT pg_current_xact_id(),
  change_seq     bigint NOT NULL DEFAULT nextval('gm_change_seq'),
  UNIQUE (slug, version),
  EXCLUDE USING gist (slug WITH =, tstzrange(recorded_from, recorded_to) WITH &&)
);

CREATE TABLE zone_versions (
  vid             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id              bigint NOT NULL,
  slug            text NOT NULL,
  name            text NOT NULL,
  name_ar         text,
  name_he         text,
  kind            text NOT NULL,
  geom            geometry(MultiPolygon, 4326) NOT NULL,
  phase           integer,
  deadline        timestamptz,
  valid           tstzrange NOT NULL,
  buffer_of_line  text,
  buffer_metres   double precision,
  buffer_side     text,
  source          text NOT NULL,
  method          text,
  approximate     boolean NOT NULL,
  properties      jsonb NOT NULL,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  version         integer NOT NULL CHECK (version >= 1),
  change          text NOT NULL CHECK (change IN ('create', 'update', 'delete')),
  recorded_from   timestamptz NOT NULL,
  recorded_to     timestamptz CHECK (recorded_to >= recorded_from),
  recorded_by     text,
  txid            xid8 NOT NULL DEFAULT pg_current_xact_id(),
  change_seq      bigint NOT NULL DEFAULT nextval('gm_change_seq'),
  UNIQUE (slug, version),
  EXCLUDE USING gist (slug WITH =, tstzrange(recorded_from, recorded_to) WITH &&)
);

CREATE TABLE corridor_versions (
  vid            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id             bigint NOT NULL,
  slug           text NOT NULL,
  name           text NOT NULL,
  name_ar        text,
  name_he        text,
  route          geometry(MultiLineString, 4326) NOT NULL,
  width_m        double precision NOT NULL,
  geom           geometry(MultiPolygon, 4326) NOT NULL,
  status         text NOT NULL,
  operator       text,
  source         text NOT NULL,
  method         text,
  approximate    boolean NOT NULL,
  properties     jsonb NOT NULL,
  created_at     timestamptz NOT NULL,
  updated_at     timestamptz NOT NULL,
  -- the opening windows as they were (corridor_windows rows are not versioned on their own)
  windows        jsonb NOT NULL,
  open           tstzmultirange NOT NULL,
  version        integer NOT NULL CHECK (version >= 1),
  change         text NOT NULL CHECK (change IN ('create', 'update', 'delete')),
  recorded_from  timestamptz NOT NULL,
  recorded_to    timestamptz CHECK (recorded_to >= recorded_from),
  recorded_by    text,
  txid           xid8 NOT NULL DEFAULT pg_current_xact_id(),
  change_seq     bigint NOT NULL DEFAULT nextval('gm_change_seq'),
  UNIQUE (slug, version),
  EXCLUDE USING gist (slug WITH =, tstzrange(recorded_from, recorded_to) WITH &&)
);

CREATE TABLE truce_versions (
  vid            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id             bigint NOT NULL,
  slug           text NOT NULL,
  name           text NOT NULL,
  during         tstzrange NOT NULL,
  original_end   timestamptz,
  parties        text[] NOT NULL,
  scope          text[],
  source         text NOT NULL,
  notes          text,
  properties     jsonb NOT NULL,
  created_at     timestamptz NOT NULL,
  updated_at     timestamptz NOT NULL,
  -- the extension history as it was
  extensions     jsonb NOT NULL,
  version        integer NOT NULL CHECK (version >= 1),
  change         text NOT NULL CHECK (change IN ('create', 'update', 'delete')),
  recorded_from  timestamptz NOT NULL,
  recorded_to    timestamptz CHECK (recorded_to >= recorded_from),
  recorded_by    text,
  txid           xid8 NOT NULL DEFAULT pg_current_xact_id(),
  change_seq     bigint NOT NULL DEFAULT nextval('gm_change_seq'),
  UNIQUE (slug, version),
  EXCLUDE USING gist (slug WITH =, tstzrange(recorded_from, recorded_to) WITH &&)
);

-- One current version per slug (the current reads look it up for their version and recorded_from); the feed reads
-- each table in (txid, change_seq) order; tiles with asOf find versions by their geometry.
CREATE UNIQUE INDEX line_versions_current_ux ON line_versions (slug) WHERE recorded_to IS NULL;
CREATE UNIQUE INDEX zone_versions_current_ux ON zone_versions (slug) WHERE recorded_to IS NULL;
CREATE UNIQUE INDEX corridor_versions_current_ux ON corridor_versions (slug) WHERE recorded_to IS NULL;
CREATE UNIQUE INDEX truce_versions_current_ux ON truce_versions (slug) WHERE recorded_to IS NULL;
CREATE INDEX line_versions_feed_ix ON line_versions (txid, change_seq);
CREATE INDEX zone_versions_feed_ix ON zone_versions (txid, change_seq);
CREATE INDEX corridor_versions_feed_ix ON corridor_versions (txid, change_seq);
CREATE INDEX truce_versions_feed_ix ON truce_versions (txid, change_seq);
CREATE INDEX line_versions_geom_gix ON line_versions USING gist (geom);
CREATE INDEX zone_versions_geom_gix ON zone_versions USING gist (geom);
CREATE INDEX corridor_versions_geom_gix ON corridor_versions USING gist (geom);

-- History is kept, not rewritten: the only change a version takes is being closed (recorded_to set once).
CREATE FUNCTION gm_versions_guard() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.recorded_to IS NULL AND NEW.recorded_to IS NOT NULL
     AND NEW.vid = OLD.vid AND NEW.version = OLD.version AND NEW.slug = OLD.slug AND NEW.recorded_from = OLD.recorded_from
     AND NEW.change = OLD.change AND NEW.txid = OLD.txid AND NEW.change_seq = OLD.change_seq THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '% keeps every version: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['line_versions', 'zone_versions', 'corridor_versions', 'truce_versions'] LOOP
    EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION gm_versions_guard()', t || '_guard', t);
    EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION gm_versions_guard()', t || '_no_truncate', t);
  END LOOP;
END $$;

-- The record-time bookkeeping every kind shares: the instant of the new version, after closing the current one. One
-- instant per transaction (the clock when its first version is recorded, kept in a transaction-local setting): the
-- layers a transaction changes became visible together, so they share their record time; never before the previous
-- version. NULL when nothing is to be recorded: this transaction already recorded the slug (deferred triggers run at
-- commit and see the final state).
CREATE FUNCTION gm_version_instant(prev_recorded_from timestamptz, prev_txid xid8) RETURNS timestamptz
LANGUAGE plpgsql VOLATILE SET search_path = public, pg_temp AS $$
DECLARE
  t timestamptz;
BEGIN
  IF prev_txid = pg_current_xact_id() THEN RETURN NULL; END IF;
  t := NULLIF(current_setting('gm.recorded_at', true), '')::timestamptz;
  IF t IS NULL THEN
    t := clock_timestamp();
    PERFORM set_config('gm.recorded_at', t::text, true);
  END IF;
  RETURN GREATEST(t, COALESCE(prev_recorded_from, '-infinity'));
END $$;

CREATE FUNCTION gm_record_line(p_slug text) RETURNS void LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
  cur lines%ROWTYPE;
  prev line_versions%ROWTYPE;
  present boolean;
  at timestamptz;
BEGIN
  IF p_slug IS NULL THEN RETURN; END IF;
  SELECT * INTO prev FROM line_versions WHERE slug = p_slug ORDER BY version DESC LIMIT 1;
  SELECT * INTO cur FROM lines WHERE slug = p_slug;
  present := FOUND;
  IF present AND prev.change IS DISTINCT FROM 'delete'
     AND (cur.name, cur.name_ar, cur.name_he, cur.kind, cur.geom, cur.source, cur.method, cur.approximate, cur.properties)
         IS NOT DISTINCT FROM (prev.name, prev.name_ar, prev.name_he, prev.kind, prev.geom, prev.source, prev.method, prev.approximate, prev.properties)
  THEN RETURN; END IF;
  IF NOT present AND (prev.vid IS NULL OR prev.change = 'delete') THEN RETURN; END IF;
  at := gm_version_instant(prev.recorded_from, prev.txid);
  IF at IS NULL THEN RETURN; END IF;
  UPDATE line_versions SET recorded_to = at WHERE vid = prev.vid AND recorded_to IS NULL;
  IF present THEN
    INSERT INTO line_versions (id, slug, name, name_ar, name_he, kind, geom, north_side, south_side, source, method, approximate, properties,
                               created_at, updated_at, version, change, recorded_from, recorded_by)
    VALUES (cur.id, cur.slug, cur.name, cur.name_ar, cur.name_he, cur.kind, cur.geom, cur.north_side, cur.south_side, cur.source, cur.method,
            cur.approximate, cur.properties, cur.created_at, cur.updated_at, COALESCE(prev.version, 0) + 1,
            CASE WHEN prev.vid IS NULL OR prev.change = 'delete' THEN 'create' ELSE 'update' END, at, gm_changed_by());
  ELSE
    INSERT INTO line_versions (id, slug, name, name_ar, name_he, kind, geom, north_side, south_side, source, method, approximate, properties,
                               created_at, updated_at, version, change, recorded_from, recorded_to, recorded_by)
    VALUES (prev.id, prev.slug, prev.name, prev.name_ar, prev.name_he, prev.kind, prev.geom, prev.north_side, prev.south_side, prev.source,
            prev.method, prev.approximate, prev.properties, prev.created_at, prev.updated_at, prev.version + 1, 'delete', at, at, gm_changed_by());
  END IF;
END $$;

CREATE FUNCTION gm_record_zone(p_slug text) RETURNS void LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
  cur zones%ROWTYPE;
  prev zone_versions%ROWTYPE;
  present boolean;
  at timestamptz;
BEGIN
  IF p_slug IS NULL THEN RETURN; END IF;
  SELECT * INTO prev FROM zone_versions WHERE slug = p_slug ORDER BY version DESC LIMIT 1;
  SELECT * INTO cur FROM zones WHERE slug = p_slug;
  present := FOUND;
  IF present AND prev.change IS DISTINCT FROM 'delete'
     AND (cur.name, cur.name_ar, cur.name_he, cur.kind, cur.geom, cur.phase, cur.deadline, cur.valid, cur.buffer_of_line, cur.buffer_metres,
          cur.buffer_side, cur.source, cur.method, cur.approximate, cur.properties)
         IS NOT DISTINCT FROM (prev.name, prev.name_ar, prev.name_he, prev.kind, prev.geom, prev.phase, prev.deadline, prev.valid,
          prev.buffer_of_line, prev.buffer_metres, prev.buffer_side, prev.source, prev.method, prev.approximate, prev.properties)
  THEN RETURN; END IF;
  IF NOT present AND (prev.vid IS NULL OR prev.change = 'delete') THEN RETURN; END IF;
  at := gm_version_instant(prev.recorded_from, prev.txid);
  IF at IS NULL THEN RETURN; END IF;
  UPDATE zone_versions SET recorded_to = at WHERE vid = prev.vid AND recorded_to IS NULL;
  IF present THEN
    INSERT INTO zone_versions (id, slug, name, name_ar, name_he, kind, geom, phase, deadline, valid, buffer_of_line, buffer_metres, buffer_side,
                               source, method, approximate, properties, created_at, updated_at, version, change, recorded_from, recorded_by)
    VALUES (cur.id, cur.slug, cur.name, cur.name_ar, cur.name_he, cur.kind, cur.geom, cur.phase, cur.deadline, cur.valid, cur.buffer_of_line,
            cur.buffer_metres, cur.buffer_side, cur.source, cur.method, cur.approximate, cur.properties, cur.created_at, cur.updated_at,
            COALESCE(prev.version, 0) + 1, CASE WHEN prev.vid IS NULL OR prev.change = 'delete' THEN 'create' ELSE 'update' END, at, gm_changed_by());
  ELSE
    INSERT INTO zone_versions (id, slug, name, name_ar, name_he, kind, geom, phase, deadline, valid, buffer_of_line, buffer_metres, buffer_side,
                               source, method, approximate, properties, created_at, updated_at, version, change, recorded_from, recorded_to, recorded_by)
    VALUES (prev.id, prev.slug, prev.name, prev.name_ar, prev.name_he, prev.kind, prev.geom, prev.phase, prev.deadline, prev.valid,
            prev.buffer_of_line, prev.buffer_metres, prev.buffer_side, prev.source, prev.method, prev.approximate, prev.properties,
            prev.created_at, prev.updated_at, prev.version + 1, 'delete', at, at, gm_changed_by());
  END IF;
END $$;

CREATE FUNCTION gm_record_corridor(p_slug text) RETURNS void LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
  cur corridors%ROWTYPE;
  prev corridor_versions%ROWTYPE;
  present boolean;
  cur_windows jsonb;
  cur_open tstzmultirange;
  at timestamptz;
BEGIN
  IF p_slug IS NULL THEN RETURN; END IF;
  SELECT * INTO prev FROM corridor_versions WHERE slug = p_slug ORDER BY version DESC LIMIT 1;
  SELECT * INTO cur FROM corridors WHERE slug = p_slug;
  present := FOUND;
  IF present THEN
    cur_windows := gm_corridor_windows(cur.id);
    cur_open := gm_corridor_open(cur.id);
  END IF;
  IF present AND prev.change IS DISTINCT FROM 'delete'
     AND (cur.name, cur.name_ar, cur.name_he, cur.route, cur.width_m, cur.status, cur.operator, cur.source, cur.method, cur.approximate,
          cur.properties, cur_windows, cur_open)
         IS NOT DISTINCT FROM (prev.name, prev.name_ar, prev.name_he, prev.route, prev.width_m, prev.status, prev.operator, prev.source,
          prev.method, prev.approximate, prev.properties, prev.windows, prev.open)
  THEN RETURN; END IF;
  IF NOT present AND (prev.vid IS NULL OR prev.change = 'delete') THEN RETURN; END IF;
  at := gm_version_instant(prev.recorded_from, prev.txid);
  IF at IS NULL THEN RETURN; END IF;
  UPDATE corridor_versions SET recorded_to = at WHERE vid = prev.vid AND recorded_to IS NULL;
  IF present THEN
    INSERT INTO corridor_versions (id, slug, name, name_ar, name_he, route, width_m, geom, status, operator, source, method, approximate, properties,
                                   created_at, updated_at, windows, open, version, change, recorded_from, recorded_by)
    VALUES (cur.id, cur.slug, cur.name, cur.name_ar, cur.name_he, cur.route, cur.width_m, cur.geom, cur.status, cur.operator, cur.source,
            cur.method, cur.approximate, cur.properties, cur.created_at, cur.updated_at, cur_windows, cur_open, COALESCE(prev.version, 0) + 1,
            CASE WHEN prev.vid IS NULL OR prev.change = 'delete' THEN 'create' ELSE 'update' END, at, gm_changed_by());
  ELSE
    INSERT INTO corridor_versions (id, slug, name, name_ar, name_he, route, width_m, geom, status, operator, source, method, approximate, properties,
                                   created_at, updated_at, windows, open, version, change, recorded_from, recorded_to, recorded_by)
    VALUES (prev.id, prev.slug, prev.name, prev.name_ar, prev.name_he, prev.route, prev.width_m, prev.geom, prev.status, prev.operator,
            prev.source, prev.method, prev.approximate, prev.properties, prev.created_at, prev.updated_at, prev.windows, prev.open,
            prev.version + 1, 'delete', at, at, gm_changed_by());
  END IF;
END $$;

CREATE FUNCTION gm_record_truce(p_slug text) RETURNS void LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
  cur truces%ROWTYPE;
  prev truce_versions%ROWTYPE;
  present boolean;
  cur_extensions jsonb;
  at timestamptz;
BEGIN
  IF p_slug IS NULL THEN RETURN; END IF;
  SELECT * INTO prev FROM truce_versions WHERE slug = p_slug ORDER BY version DESC LIMIT 1;
  SELECT * INTO cur FROM truces WHERE slug = p_slug;
  present := FOUND;
  IF present THEN cur_extensions := gm_truce_extensions(cur.id); END IF;
  IF present AND prev.change IS DISTINCT FROM 'delete'
     AND (cur.name, cur.during, cur.original_end, cur.parties, cur.scope, cur.source, cur.notes, cur.properties, cur_extensions)
         IS NOT DISTINCT FROM (prev.name, prev.during, prev.original_end, prev.parties, prev.scope, prev.source, prev.notes, prev.properties,
          prev.extensions)
  THEN RETURN; END IF;
  IF NOT present AND (prev.vid IS NULL OR prev.change = 'delete') THEN RETURN; END IF;
  at := gm_version_instant(prev.recorded_from, prev.txid);
  IF at IS NULL THEN RETURN; END IF;
  UPDATE truce_versions SET recorded_to = at WHERE vid = prev.vid AND recorded_to IS NULL;
  IF present THEN
    INSERT INTO truce_versions (id, slug, name, during, original_end, parties, scope, source, notes, properties, created_at, updated_at,
                                extensions, version, change, recorded_from, recorded_by)
    VALUES (cur.id, cur.slug, cur.name, cur.during, cur.original_end, cur.parties, cur.scope, cur.source, cur.notes, cur.properties,
            cur.created_at, cur.updated_at, cur_extensions, COALESCE(prev.version, 0) + 1,
            CASE WHEN prev.vid IS NULL OR prev.change = 'delete' THEN 'create' ELSE 'update' END, at, gm_changed_by());
  ELSE
    INSERT INTO truce_versions (id, slug, name, during, original_end, parties, scope, source, notes, properties, created_at, updated_at,
                                extensions, version, change, recorded_from, recorded_to, recorded_by)
    VALUES (prev.id, prev.slug, prev.name, prev.during, prev.original_end, prev.parties, prev.scope, prev.source, prev.notes, prev.properties,
            prev.created_at, prev.updated_at, prev.extensions, prev.version + 1, 'delete', at, at, gm_changed_by());
  END IF;
END $$;

-- The deferred triggers: each changed row names the slug(s) whose version is due (both, when a slug was renamed).
CREATE FUNCTION gm_layer_version_due() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
  slugs text[];
  s text;
BEGIN
  CASE TG_TABLE_NAME
    WHEN 'corridor_windows' THEN
      slugs := ARRAY(SELECT slug FROM corridors WHERE id IN (CASE WHEN TG_OP <> 'INSERT' THEN OLD.corridor_id END,
                                                              CASE WHEN TG_OP <> 'DELETE' THEN NEW.corridor_id END));
    WHEN 'truce_extensions' THEN
      slugs := ARRAY(SELECT slug FROM truces WHERE id IN (CASE WHEN TG_OP <> 'INSERT' THEN OLD.truce_id END,
                                                           CASE WHEN TG_OP <> 'DELETE' THEN NEW.truce_id END));
    ELSE
      slugs := ARRAY[CASE WHEN TG_OP <> 'INSERT' THEN OLD.slug END, CASE WHEN TG_OP <> 'DELETE' THEN NEW.slug END];
  END CASE;
  FOREACH s IN ARRAY slugs LOOP
    CASE TG_ARGV[0]
      WHEN 'line' THEN PERFORM gm_record_line(s);
      WHEN 'zone' THEN PERFORM gm_record_zone(s);
      WHEN 'corridor' THEN PERFORM gm_record_corridor(s);
      ELSE PERFORM gm_record_truce(s);
    END CASE;
  END LOOP;
  RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER lines_versions AFTER INSERT OR UPDATE OR DELETE ON lines
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION gm_layer_version_due('line');
CREATE CONSTRAINT TRIGGER zones_versions AFTER INSERT OR UPDATE OR DELETE ON zones
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION gm_layer_version_due('zone');
CREATE CONSTRAINT TRIGGER corridors_versions AFTER INSERT OR UPDATE OR DELETE ON corridors
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION gm_layer_version_due('corridor');
CREATE CONSTRAINT TRIGGER corridor_windows_versions AFTER INSERT OR UPDATE OR DELETE ON corridor_windows
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION gm_layer_version_due('corridor');
CREATE CONSTRAINT TRIGGER truces_versions AFTER INSERT OR UPDATE OR DELETE ON truces
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION gm_layer_version_due('truce');
CREATE CONSTRAINT TRIGGER truce_extensions_versions AFTER INSERT OR UPDATE OR DELETE ON truce_extensions
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION gm_layer_version_due('truce');

-- Layers stored before this migration: their first version is the content they have now, recorded from their last
-- change (what came before it was overwritten and is not known).
INSERT INTO line_versions (id, slug, name, name_ar, name_he, kind, geom, north_side, south_side, source, method, approximate, properties,
                           created_at, updated_at, version, change, recorded_from)
SELECT id, slug, name, name_ar, name_he, kind, geom, north_side, south_side, source, method, approximate, properties, created_at, updated_at,
       1, 'create', updated_at FROM lines;
INSERT INTO zone_versions (id, slug, name, name_ar, name_he, kind, geom, phase, deadline, valid, buffer_of_line, buffer_metres, buffer_side,
                           source, method, approximate, properties, created_at, updated_at, version, change, recorded_from)
SELECT id, slug, name, name_ar, name_he, kind, geom, phase, deadline, valid, buffer_of_line, buffer_metres, buffer_side, source, method,
       approximate, properties, created_at, updated_at, 1, 'create', updated_at FROM zones;
INSERT INTO corridor_versions (id, slug, name, name_ar, name_he, route, width_m, geom, status, operator, source, method, approximate, properties,
                               created_at, updated_at, windows, open, version, change, recorded_from)
SELECT id, slug, name, name_ar, name_he, route, width_m, geom, status, operator, source, method, approximate, properties, created_at, updated_at,
       gm_corridor_windows(id), gm_corridor_open(id), 1, 'create', updated_at FROM corridors;
INSERT INTO truce_versions (id, slug, name, during, original_end, parties, scope, source, notes, properties, created_at, updated_at,
                            extensions, version, change, recorded_from)
SELECT id, slug, name, during, original_end, parties, scope, source, notes, properties, created_at, updated_at,
       gm_truce_extensions(id), 1, 'create', updated_at FROM truces;
