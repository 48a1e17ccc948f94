-- V051: what the changes feed (GET /api/changes, docs/api.md "The changes feed") reads.
--
-- A change's position is (txid, change_seq): the writing transaction's id (64-bit, never wraps) and a number from the
-- sequence every feed table shares. Sequence values are taken when a row is inserted, not when its transaction
-- commits, so a transaction that commits late can hold a lower number than one already served. The feed therefore
-- serves, in (txid, change_seq) order, only the changes of transactions whose id is below the xmin of its snapshot:
-- every such transaction has finished, so no change can ever appear below a position already served, and a client that
-- stores the last position never misses or repeats one. The position is plain data: it means the same on every replica
-- of this database and after a restart.

-- Which database issued a position: a token carries it, so a token from another database (another deployment, a
-- logical restore whose transaction ids mean nothing here) is refused instead of silently skipping changes.
CREATE TABLE feed_origin (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  created_at  timestamptz NOT NULL DEFAULT now(),
  one         boolean NOT NULL DEFAULT true UNIQUE CHECK (one)
);
INSERT INTO feed_origin DEFAULT VALUES;

-- Revisions written before this migration all take the migration's transaction id: they come first, in id order.
ALTER TABLE incident_revisions
  ADD COLUMN txid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  ADD COLUMN change_seq bigint NOT NULL DEFAULT nextval('gm_change_seq');
CREATE INDEX incident_revisions_feed_ix ON incident_revisions (txid, change_seq);

-- The status of each version of each incident, whatever wrote it (an upload, a review, a correction, a verification
-- step to come, psql): the feed asks the visibility policy about the version a revision made and the one before it,
-- so that an incident that stops being public reaches an anonymous reader as a tombstone, and nothing else about it.
-- A status change that keeps the version overwrites that version's status.
CREATE TABLE incident_status_history (
  incident_id  bigint NOT NULL REFERENCES incidents (id),
  version      integer NOT NULL,
  status       text NOT NULL,
  PRIMARY KEY (incident_id, version)
);

CREATE FUNCTION gm_incident_status_inserted() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
  INSERT INTO incident_status_history (incident_id, version, status) SELECT id, version, status FROM gm_new
  ON CONFLICT (incident_id, version) DO UPDATE SET status = EXCLUDED.status;
  RETURN NULL;
END $$;

CREATE FUNCTION gm_incident_status_updated() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
  INSERT INTO incident_status_history (incident_id, version, status) VALUES (NEW.id, NEW.version, NEW.status)
  ON CONFLICT (incident_id, version) DO UPDATE SET status = EXCLUDED.status;
  RETURN NULL;
END $$;

-- One statement-level trigger for inserts (a 100,000-row batch pays one call); a row trigger for updates that touch the
-- status or the version, so that re-enrichment (every incident's derived columns after a layer change) costs nothing.
CREATE TRIGGER incidents_status_history_insert AFTER INSERT ON incidents REFERENCING NEW TABLE AS gm_new
  FOR EACH STATEMENT EXECUTE FUNCTION gm_incident_status_inserted();
CREATE TRIGGER incidents_status_history_update AFTER UPDATE OF status, version ON incidents
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.version IS DISTINCT FROM NEW.version)
  EXECUTE FUNCTION gm_incident_status_updated();

-- Incidents stored before this migration: the current version's status is known; an earlier version's is the last
-- status a revision up to it recorded ({"status": {"to": …}}), else the one its create revision carried, else the default.
INSERT INTO incident_status_history (incident_id, version, status)
SELECT id, version, status FROM incidents;
INSERT INTO incident_status_history (incident_id, version, status)
SELECT r.incident_id, r.version, COALESCE(
         (SELECT p.changes -> 'status' ->> 'to' FROM incident_revisions p
          WHERE p.incident_id = r.incident_id AND p.id <= r.id AND jsonb_typeof(p.changes -> 'status') = 'object'
          ORDER BY p.id DESC LIMIT 1),
         (SELECT c.changes ->> 'status' FROM incident_revisions c
          WHERE c.incident_id = r.incident_id AND c.action = 'create' AND jsonb_typeof(c.changes -> 'status') = 'string'
          ORDER BY c.id LIMIT 1),
         'reported')
FROM incident_revisions r
ON CONFLICT (incident_id, version) DO NOTHING;

-- updatedSince= on every incident surface.
CREATE INDEX incidents_updated_ix ON incidents (updated_at);
