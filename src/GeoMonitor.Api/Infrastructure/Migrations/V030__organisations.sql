-- Organisations: every API key belongs to one (a party's liaison, the UN mission, an NGO, a newsroom). The verification
-- lifecycle decides who may see and move an incident by organisation: an independent review is one by an organisation
-- that neither reported the incident nor verified it.
CREATE TABLE organisations (
  slug        text PRIMARY KEY CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,79}$'),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- The slug an organisation made for a key gets: its name in lower case, runs of other characters as '-'.
CREATE FUNCTION gm_key_organisation(name text, id bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT COALESCE(NULLIF(left(trim(both '-' FROM regexp_replace(lower(name), '[^a-z0-9]+', '-', 'g')), 80), ''), 'key-' || id)
$$;

ALTER TABLE api_keys ADD COLUMN organisation text REFERENCES organisations (slug);

-- Keys made before organisations existed each get an organisation named after themselves.
INSERT INTO organisations (slug, name)
SELECT DISTINCT ON (gm_key_organisation(name, id)) gm_key_organisation(name, id), name FROM api_keys ORDER BY gm_key_organisation(name, id), id
ON CONFLICT (slug) DO NOTHING;
UPDATE api_keys SET organisation = gm_key_organisation(name, id);
ALTER TABLE api_keys ALTER COLUMN organisation SET NOT NULL;
CREATE INDEX api_keys_organisation ON api_keys (organisation);
