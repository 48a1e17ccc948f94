-- V032: the verification lifecycle (issue 13; docs/verification.md, Features/Verification/VerificationWorkflow.cs).
--
--   reported → assigned → verified_on_site | could_not_verify → cooling_off → under_independent_review
--            → published_verified | published_disputed | rejected
--
-- The API's table of (state, action, who) → state lives in VerificationWorkflow.cs; this migration holds its shadow,
-- incident_transitions (from, to), and a trigger that refuses any change of incidents.status that is not in it, by any
-- path (REST, GraphQL, psql). A test compares the two tables. The trigger also refuses to leave cooling_off before
-- cooling_off_ends_at (computed from stored timestamps, never from a timer), and stamps the time each state is entered.
-- An INSERT may start an incident in any state: imports of adjudicated data (the sample set, ACLED) arrive published;
-- the API's uploads always insert 'reported'.

ALTER TABLE incidents DROP CONSTRAINT incidents_status_check;

ALTER TABLE incidents
  -- The organisation of the key that uploaded the report (NULL for imports).
  ADD COLUMN reporter_organisation   text REFERENCES organisations (slug) ON UPDATE CASCADE,
  -- The observer team that verifies it on site; a team with incidents cannot be deleted.
  ADD COLUMN assigned_team           text REFERENCES observer_teams (slug) ON UPDATE CASCADE,
  ADD COLUMN verification_outcome    text CHECK (verification_outcome IN ('verified_on_site', 'could_not_verify')),
  ADD COLUMN verified_by             text,
  -- The assigned team's organisation when the verification was recorded: the independent reviewer must be of another.
  ADD COLUMN verifying_organisation  text,
  ADD COLUMN cooling_off_ends_at     timestamptz,
  ADD COLUMN review_started_by       text,
  -- When the present state was entered, and when the milestones the metrics measure were reached (the trigger sets them).
  ADD COLUMN state_entered_at        timestamptz NOT NULL DEFAULT now(),
  ADD COLUMN assigned_at             timestamptz,
  ADD COLUMN verified_at             timestamptz,
  ADD COLUMN published_at            timestamptz;
CREATE INDEX incidents_assigned_team_ix ON incidents (assigned_team) WHERE assigned_team IS NOT NULL;
CREATE INDEX incidents_reporter_organisation_ix ON incidents (reporter_organisation) WHERE reporter_organisation IS NOT NULL;

ALTER TABLE incident_revisions DROP CONSTRAINT incident_revisions_action_check;
ALTER TABLE incident_revisions ADD CONSTRAINT incident_revisions_action_check CHECK (action IN (
  'create', 'review', 'correct', 'delete', 'restore', 'migrate',
  'assign', 'verify', 'cool_off', 'start_review', 'publish', 'note', 'counter_report'));

-- The old statuses move to the lifecycle's (docs/verification.md, "Migrating the old statuses"): verified and disputed
-- were verdicts, so they are published; under_review named no team, so it is reported again. Each moved incident gets a
-- new version and a 'migrate' revision; the tile and subscription triggers stay quiet for this one-off rewrite.
ALTER TABLE incidents DISABLE TRIGGER USER;
UPDATE incidents i SET
  reporter_organisation = (SELECT k.organisation FROM api_keys k WHERE k.name = i.created_by ORDER BY k.id LIMIT 1),
  state_entered_at = i.updated_at;
WITH moved AS (
  UPDATE incidents i SET
    status = CASE o.status WHEN 'verified' THEN 'published_verified' WHEN 'disputed' THEN 'published_disputed' ELSE 'reported' END,
    published_at = CASE WHEN o.status IN ('verified', 'disputed') THEN o.updated_at END,
    version = o.version + 1
  FROM incidents o
  WHERE o.id = i.id AND o.status IN ('verified', 'disputed', 'under_review')
  RETURNING i.id, i.version, o.status AS old_status, i.status AS new_status
)
INSERT INTO incident_revisions (incident_id, version, action, changed_by, changes, note)
SELECT id, version, 'migrate', NULL, jsonb_build_object('status', jsonb_build_object('from', old_status, 'to', new_status)),
       'V032: the statuses of the verification lifecycle replace reported/under_review/verified/disputed'
FROM moved;
ALTER TABLE incidents ENABLE TRIGGER USER;

-- Checked once the old statuses have moved.
ALTER TABLE incidents ADD CONSTRAINT incidents_status_check CHECK (status IN (
  'reported', 'assigned', 'verified_on_site', 'could_not_verify', 'cooling_off', 'under_independent_review',
  'published_verified', 'published_disputed', 'rejected'));

CREATE TABLE incident_transitions (
  from_state  text NOT NULL,
  to_state    text NOT NULL,
  PRIMARY KEY (from_state, to_state),
  CHECK (from_state <> to_state)
);
INSERT INTO incident_transitions (from_state, to_state) VALUES
  ('reported', 'assigned'),
  ('assigned', 'verified_on_site'), ('assigned', 'could_not_verify'),
  ('verified_on_site', 'cooling_off'), ('could_not_verify', 'cooling_off'),
  ('cooling_off', 'under_independent_review'),
  ('under_independent_review', 'published_verified'), ('under_independent_review', 'published_disputed'),
  ('under_independent_review', 'rejected'),
  -- The reporter's correction after verification: back to the team (or to reported when none was ever assigned).
  ('verified_on_site', 'assigned'), ('could_not_verify', 'assigned'), ('cooling_off', 'assigned'),
  ('under_independent_review', 'assigned'), ('published_verified', 'assigned'), ('published_disputed', 'assigned'),
  ('rejected', 'assigned'),
  ('verified_on_site', 'reported'), ('could_not_verify', 'reported'), ('cooling_off', 'reported'),
  ('under_independent_review', 'reported'), ('published_verified', 'reported'), ('published_disputed', 'reported'),
  ('rejected', 'reported');

-- The table is the lifecycle: changing it is a migration, not a statement.
CREATE FUNCTION gm_transitions_fixed() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
  RAISE EXCEPTION 'incident_transitions is the verification lifecycle; change it with a migration (% refused)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER incident_transitions_fixed BEFORE INSERT OR UPDATE OR DELETE ON incident_transitions
  FOR EACH ROW EXECUTE FUNCTION gm_transitions_fixed();
CREATE TRIGGER incident_transitions_no_truncate BEFORE TRUNCATE ON incident_transitions
  FOR EACH STATEMENT EXECUTE FUNCTION gm_transitions_fixed();

CREATE FUNCTION gm_incident_transition() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
  IF NEW.status IS NOT DISTINCT FROM OLD.status THEN RETURN NEW; END IF;
  IF NOT EXISTS (SELECT 1 FROM incident_transitions t WHERE t.from_state = OLD.status AND t.to_state = NEW.status) THEN
    RAISE EXCEPTION 'incident %: % → % is not a transition of the verification lifecycle', OLD.id, OLD.status, NEW.status
      USING ERRCODE = 'check_violation', CONSTRAINT = 'incident_transitions';
  END IF;
  IF OLD.status = 'cooling_off' AND NEW.status = 'under_independent_review' AND now() < OLD.cooling_off_ends_at THEN
    RAISE EXCEPTION 'incident %: cooling off until %', OLD.id, OLD.cooling_off_ends_at
      USING ERRCODE = 'check_violation', CONSTRAINT = 'incident_cooling_off';
  END IF;
  IF NEW.status = 'cooling_off' AND NEW.cooling_off_ends_at IS NULL THEN
    RAISE EXCEPTION 'incident %: cooling_off needs cooling_off_ends_at', OLD.id USING ERRCODE = 'check_violation', CONSTRAINT = 'incident_cooling_off';
  END IF;
  IF NEW.status = 'assigned' AND NEW.assigned_team IS NULL THEN
    RAISE EXCEPTION 'incident %: assigned needs a team', OLD.id USING ERRCODE = 'check_violation', CONSTRAINT = 'incident_assigned_team';
  END IF;
  NEW.state_entered_at := now();
  IF NEW.status = 'assigned' THEN
    NEW.assigned_at := COALESCE(OLD.assigned_at, now());
  ELSIF NEW.status IN ('verified_on_site', 'could_not_verify') THEN
    NEW.verified_at := now();
  ELSIF NEW.status IN ('published_verified', 'published_disputed') THEN
    NEW.published_at := now();
  END IF;
  -- Back before verification (a correction): what the verification and the verdict said covered the old content.
  IF NEW.status IN ('reported', 'assigned') THEN
    NEW.verification_outcome := NULL;
    NEW.verified_by := NULL;
    NEW.verifying_organisation := NULL;
    NEW.verified_at := NULL;
    NEW.cooling_off_ends_at := NULL;
    NEW.review_started_by := NULL;
    NEW.published_at := NULL;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER incidents_transition BEFORE UPDATE OF status ON incidents
  FOR EACH ROW EXECUTE FUNCTION gm_incident_transition();

-- Public incidents are most incidents; the queue (everything else) is what reviewers and teams list.
CREATE INDEX incidents_queue_ix ON incidents (status, state_entered_at)
  WHERE status NOT IN ('published_verified', 'published_disputed', 'rejected');
