-- V041: benchmarks of a phased withdrawal (docs/truce-mechanisms.md). A benchmark ties a zone to a state it must reach
-- by a due date (idf_withdrawn, laf_deployed, handed_to_custody, weapons_cleared, or free text), optionally to the truce
-- and the extension that depend on it; what happened is a series of dated status events with evidence and a source,
-- so that "met, overdue or pending as of D" is a question over the events dated up to D.
CREATE TABLE benchmarks (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  slug           text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,79}$'),
  name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  -- A zone with benchmarks is not deleted from under them (LayerWrites names them as dependents).
  zone_id        bigint NOT NULL REFERENCES zones (id),
  required_state text NOT NULL CHECK (length(required_state) BETWEEN 1 AND 200),
  -- The party bound by it (an organisation), whose notifications of the kinds in `forbids` conflict with the zone
  -- from the due date on.
  party          text REFERENCES organisations (slug) ON UPDATE CASCADE,
  forbids        text[] NOT NULL DEFAULT '{}'
                 CHECK (forbids <@ ARRAY['troop_movement', 'strike', 'convoy', 'humanitarian_movement', 'exercise', 'other']),
  due_at         timestamptz NOT NULL,
  truce_id       bigint REFERENCES truces (id),
  extension_id   bigint REFERENCES truce_extensions (id),
  source         text NOT NULL CHECK (length(source) BETWEEN 1 AND 4000),
  notes          text,
  illustrative   boolean NOT NULL DEFAULT false,
  properties     jsonb NOT NULL DEFAULT '{}',
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  CHECK (extension_id IS NULL OR truce_id IS NOT NULL)
);
CREATE INDEX benchmarks_zone_ix ON benchmarks (zone_id);
CREATE INDEX benchmarks_truce_ix ON benchmarks (truce_id);
CREATE INDEX benchmarks_party_ix ON benchmarks (party);

-- An extension belongs to the benchmark's truce.
CREATE FUNCTION gm_benchmark_extension_check() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
  IF NEW.extension_id IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM truce_extensions e WHERE e.id = NEW.extension_id AND e.truce_id = NEW.truce_id) THEN
    RAISE EXCEPTION 'extension % is not an extension of truce %', NEW.extension_id, NEW.truce_id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER benchmarks_extension BEFORE INSERT OR UPDATE OF truce_id, extension_id ON benchmarks
  FOR EACH ROW EXECUTE FUNCTION gm_benchmark_extension_check();

CREATE TABLE benchmark_events (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  benchmark_id  bigint NOT NULL REFERENCES benchmarks (id) ON DELETE CASCADE,
  -- When the status changed in the world (not when it was recorded): "as of D" counts the events dated up to D.
  at            timestamptz NOT NULL,
  status        text NOT NULL CHECK (status IN ('pending', 'met', 'partially_met', 'not_met')),
  -- {"incidents": [ids], "findings": [text], "links": [URL]}
  evidence      jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(evidence) = 'object'),
  source        text NOT NULL CHECK (length(source) BETWEEN 1 AND 4000),
  note          text CHECK (length(note) <= 4000),
  illustrative  boolean NOT NULL DEFAULT false,
  recorded_by   text,
  recorded_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX benchmark_events_ix ON benchmark_events (benchmark_id, at, id);

-- The one definition of a benchmark's state as of an instant: the status of its last event dated at or before as_of
-- (pending when there is none); met when that status is met, otherwise overdue from the due date on (the due instant
-- itself included), pending before it.
CREATE FUNCTION gm_benchmark_as_of(b_id bigint, due timestamptz, as_of timestamptz,
                                   OUT state text, OUT status text, OUT since timestamptz)
LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
  SELECT CASE WHEN e.status = 'met' THEN 'met' WHEN as_of >= due THEN 'overdue' ELSE 'pending' END,
         COALESCE(e.status, 'pending'), e.at
  FROM (SELECT 1) one
  LEFT JOIN LATERAL (SELECT x.status, x.at FROM benchmark_events x
                     WHERE x.benchmark_id = b_id AND x.at <= as_of ORDER BY x.at DESC, x.id DESC LIMIT 1) e ON true
$$;
