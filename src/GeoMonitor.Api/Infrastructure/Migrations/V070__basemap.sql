-- V070: the basemap the built-in map draws under the data (docs/geodata.md, "Basemap"): land, coastlines and country
-- boundaries of Natural Earth 1:10m clipped to the region, and the sourced places of the gazetteer as labels.
-- Derived reference data: BasemapLoader replaces a file's rows whole when the file's checksum changes, so these
-- tables carry no edit history and no slugs an admin edits.

-- One row per loaded file: what was loaded, from where, at which scale, and its checksum.
CREATE TABLE basemap_files (
  file         text PRIMARY KEY CHECK (file IN ('basemap.geojson', 'places.geojson')),
  sha256       text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  source       text NOT NULL,
  scale        text,
  region       box2d,
  loaded_at    timestamptz NOT NULL DEFAULT now()
);

-- Country polygons (the land), clipped to the region.
CREATE TABLE basemap_land (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name         text NOT NULL,
  iso_n3       text,
  geom         geometry(MultiPolygon, 4326) NOT NULL CHECK (ST_IsValid(geom) AND NOT ST_IsEmpty(geom)),
  source       text NOT NULL
);
CREATE INDEX basemap_land_geom_gix ON basemap_land USING gist (geom);

-- Coastlines (an arc one country uses) and country boundaries (an arc two countries share).
CREATE TABLE basemap_lines (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind         text NOT NULL CHECK (kind IN ('coastline', 'boundary')),
  name         text NOT NULL,
  geom         geometry(MultiLineString, 4326) NOT NULL CHECK (ST_IsValid(geom) AND NOT ST_IsEmpty(geom)),
  source       text NOT NULL
);
CREATE INDEX basemap_lines_geom_gix ON basemap_lines USING gist (geom);

-- Labels: the gazetteer's places. (Country names are drawn from basemap_land's polygons.)
CREATE TABLE basemap_places (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  slug         text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,79}$'),
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  name_ar      text,
  name_he      text,
  side         text,
  status       text,
  source       text NOT NULL,
  note         text,
  geom         geometry(Point, 4326) NOT NULL CHECK (gm_in_wgs84_range(geom))
);
CREATE INDEX basemap_places_geom_gix ON basemap_places USING gist (geom);
