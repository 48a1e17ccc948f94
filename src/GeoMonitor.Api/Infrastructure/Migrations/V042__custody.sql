-- V042: custody (docs/truce-mechanisms.md): which force holds which zone over which period, each record sourced.
-- A record names a zone (so /api/locate can answer for a point), or, where the sources give no geometry, a site by name
-- only (the five IDF posts kept after 18 February 2025): such a record is listed but never located.
CREATE TABLE custody (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  slug          text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,79}$'),
  zone_id       bigint REFERENCES zones (id),
  site          text CHECK (length(site) BETWEEN 1 AND 200),
  force         text NOT NULL CHECK (force IN ('idf', 'laf', 'unifil', 'international_coalition', 'none', 'organisation')),
  organisation  text REFERENCES organisations (slug) ON UPDATE CASCADE,
  -- Forces present alongside the holder by the same arrangement (UNSC 1701: the LAF with UNIFIL).
  supported_by  text[] NOT NULL DEFAULT '{}' CHECK (supported_by <@ ARRAY['idf', 'laf', 'unifil', 'international_coalition']),
  -- [from, to): half-open, so a handover at T ends one record and starts the next at the same instant.
  during        tstzrange NOT NULL CHECK (NOT isempty(during) AND NOT lower_inf(during)),
  source        text NOT NULL CHECK (length(source) BETWEEN 1 AND 4000),
  notes         text CHECK (length(notes) <= 4000),
  illustrative  boolean NOT NULL DEFAULT false,
  properties    jsonb NOT NULL DEFAULT '{}',
  recorded_by   text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  CHECK ((zone_id IS NULL) <> (site IS NULL)),
  CHECK ((force = 'organisation') = (organisation IS NOT NULL)),
  -- One holder at a time per zone (and per named site).
  CONSTRAINT custody_zone_no_overlap EXCLUDE USING gist (zone_id WITH =, during WITH &&) WHERE (zone_id IS NOT NULL),
  CONSTRAINT custody_site_no_overlap EXCLUDE USING gist (site WITH =, during WITH &&) WHERE (site IS NOT NULL)
);
CREATE INDEX custody_during_gix ON custody USING gist (during);

