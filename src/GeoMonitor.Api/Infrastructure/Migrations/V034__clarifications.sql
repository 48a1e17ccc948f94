-- V034: the clarification hotline log (issue 13; docs/verification.md, "The hotline"). A party asks about an incident,
-- or about a place and a time; a duty officer answers; the request is closed. Response time = answered_at - asked_at.
-- Every new request and every change of status is announced on channel geomonitor_clarifications after commit
-- ({"id": 7, "action": "requested" | "answered" | "closed"}), so a duty officer's screen updates live on every instance.
CREATE TABLE clarifications (
  id                        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  asked_by                  text NOT NULL,
  asked_by_organisation     text NOT NULL REFERENCES organisations (slug) ON UPDATE CASCADE,
  asked_at                  timestamptz NOT NULL DEFAULT now(),
  incident_id               bigint REFERENCES incidents (id),
  geom                      geometry(Point, 4326) CHECK (geom IS NULL OR (ST_IsValid(geom) AND gm_in_wgs84_range(geom))),
  about_time                timestamptz,
  question                  text NOT NULL CHECK (length(question) BETWEEN 1 AND 4000),
  status                    text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered', 'closed')),
  answer                    text CHECK (answer IS NULL OR length(answer) BETWEEN 1 AND 4000),
  answered_by               text,
  answered_by_organisation  text,
  answered_at               timestamptz,
  closed_by                 text,
  closed_at                 timestamptz,
  close_note                text,
  -- About an incident, or about a place at a time.
  CHECK ((incident_id IS NOT NULL) <> (geom IS NOT NULL)),
  CHECK ((geom IS NULL) = (about_time IS NULL)),
  CHECK ((answered_at IS NULL) = (answer IS NULL)),
  CHECK (status <> 'answered' OR answered_at IS NOT NULL),
  CHECK ((status = 'closed') = (closed_at IS NOT NULL))
);
CREATE INDEX clarifications_status_ix ON clarifications (status, asked_at);
CREATE INDEX clarifications_organisation_ix ON clarifications (asked_by_organisation, asked_at);
CREATE INDEX clarifications_incident_ix ON clarifications (incident_id) WHERE incident_id IS NOT NULL;

CREATE FUNCTION gm_clarification_events() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM pg_notify('geomonitor_clarifications', json_build_object('id', NEW.id, 'action', 'requested')::text);
  ELSIF NEW.status IS DISTINCT FROM OLD.status THEN
    PERFORM pg_notify('geomonitor_clarifications', json_build_object('id', NEW.id, 'action', NEW.status)::text);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER clarifications_events AFTER INSERT OR UPDATE ON clarifications
  FOR EACH ROW EXECUTE FUNCTION gm_clarification_events();
