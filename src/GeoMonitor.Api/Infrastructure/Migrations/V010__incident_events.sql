-- V010: live incident events for GraphQL subscriptions (and any other in-process listener, e.g. the tile cache).
-- Every write to incidents, by any path (REST single and batch uploads, GraphQL mutations, reviews, corrections, psql),
-- sends one NOTIFY per incident on channel geomonitor_incidents after commit, so every API instance hears every change:
--   {"id": 42, "action": "reported",  "status": "reported", "version": 1}   a new incident
--   {"id": 42, "action": "reviewed",  "status": "verified", "version": 2}   its status changed
--   {"id": 42, "action": "corrected", "status": "reported", "version": 3}   a new version with the same status
-- Statement-level triggers with transition tables: one trigger call per statement (a 100,000-row batch pays for one),
-- one notification per incident; re-enrichment (UPDATE of the derived columns) sends nothing.

CREATE FUNCTION gm_incident_events() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM pg_notify('geomonitor_incidents',
                      json_build_object('id', n.id, 'action', 'reported', 'status', n.status, 'version', n.version)::text)
    FROM gm_new n ORDER BY n.id;
  ELSE
    PERFORM pg_notify('geomonitor_incidents',
                      json_build_object('id', n.id,
                                        'action', CASE WHEN o.status IS DISTINCT FROM n.status THEN 'reviewed' ELSE 'corrected' END,
                                        'status', n.status, 'version', n.version)::text)
    FROM gm_new n JOIN gm_old o ON o.id = n.id
    WHERE o.status IS DISTINCT FROM n.status OR o.version IS DISTINCT FROM n.version
    ORDER BY n.id;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER incidents_events_insert AFTER INSERT ON incidents REFERENCING NEW TABLE AS gm_new
  FOR EACH STATEMENT EXECUTE FUNCTION gm_incident_events();
CREATE TRIGGER incidents_events_update AFTER UPDATE ON incidents REFERENCING OLD TABLE AS gm_old NEW TABLE AS gm_new
  FOR EACH STATEMENT EXECUTE FUNCTION gm_incident_events();
