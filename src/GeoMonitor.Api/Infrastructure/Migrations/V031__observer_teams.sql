-- V031: neutral observer teams (issue 13; docs/verification.md). A team belongs to one organisation, covers zones (by
-- slug: an incident whose enrichment lists one of them is in the team's area) and has members (API key names, keys of
-- the team's own organisation, checked when the team is written). The verification lifecycle assigns incidents to a team
-- and lets only its members record the on-site verification.
CREATE TABLE observer_teams (
  slug          text PRIMARY KEY CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,79}$'),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  organisation  text NOT NULL REFERENCES organisations (slug) ON UPDATE CASCADE,
  zones         text[] NOT NULL DEFAULT '{}' CHECK (array_position(zones, NULL) IS NULL),
  members       text[] NOT NULL DEFAULT '{}' CHECK (array_position(members, NULL) IS NULL),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX observer_teams_organisation ON observer_teams (organisation);
