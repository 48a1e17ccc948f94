-- V007: tells the API's tile cache which tiles went stale (see docs/tiles.md). Every write to a layer, by any path
-- (REST, GraphQL, the geodata loader, psql), sends a NOTIFY on channel gm_tiles after commit:
--   'incidents:lon,lat;lon,lat;…'  the points of the incidents written (old and new positions), when at most 100;
--   'incidents'                    when more, or on TRUNCATE: every incident tile is stale;
--   'lines' | 'zones' | 'corridors' | 'truces'  a layer changed (incident tiles filtered by it are stale too).
-- Statement-level triggers with transition tables: one notification per statement, not per row.

CREATE FUNCTION gm_tiles_notify_incidents() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
  n integer;
  pts text;
BEGIN
  -- Only the branch for TG_OP runs, so each refers to the transition tables its trigger declares.
  IF TG_OP = 'INSERT' THEN
    SELECT count(*), string_agg(round(ST_X(geom)::numeric, 6) || ',' || round(ST_Y(geom)::numeric, 6), ';')
      INTO n, pts FROM (SELECT geom FROM gm_new LIMIT 101) s;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT count(*), string_agg(round(ST_X(geom)::numeric, 6) || ',' || round(ST_Y(geom)::numeric, 6), ';')
      INTO n, pts FROM (SELECT geom FROM gm_old LIMIT 101) s;
  ELSE
    SELECT count(*), string_agg(round(ST_X(geom)::numeric, 6) || ',' || round(ST_Y(geom)::numeric, 6), ';')
      INTO n, pts FROM (SELECT geom FROM gm_new UNION ALL SELECT geom FROM gm_old LIMIT 101) s;
  END IF;
  IF n = 0 THEN RETURN NULL; END IF;
  PERFORM pg_notify('gm_tiles', CASE WHEN n > 100 THEN 'incidents' ELSE 'incidents:' || pts END);
  RETURN NULL;
END $$;

CREATE FUNCTION gm_tiles_notify_layer() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM pg_notify('gm_tiles', TG_ARGV[0]);
  RETURN NULL;
END $$;

CREATE TRIGGER incidents_tiles_insert AFTER INSERT ON incidents REFERENCING NEW TABLE AS gm_new
  FOR EACH STATEMENT EXECUTE FUNCTION gm_tiles_notify_incidents();
CREATE TRIGGER incidents_tiles_update AFTER UPDATE ON incidents REFERENCING OLD TABLE AS gm_old NEW TABLE AS gm_new
  FOR EACH STATEMENT EXECUTE FUNCTION gm_tiles_notify_incidents();
CREATE TRIGGER incidents_tiles_delete AFTER DELETE ON incidents REFERENCING OLD TABLE AS gm_old
  FOR EACH STATEMENT EXECUTE FUNCTION gm_tiles_notify_incidents();
CREATE TRIGGER incidents_tiles_truncate AFTER TRUNCATE ON incidents
  FOR EACH STATEMENT EXECUTE FUNCTION gm_tiles_notify_layer('incidents');

CREATE TRIGGER lines_tiles AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON lines
  FOR EACH STATEMENT EXECUTE FUNCTION gm_tiles_notify_layer('lines');
CREATE TRIGGER zones_tiles AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON zones
  FOR EACH STATEMENT EXECUTE FUNCTION gm_tiles_notify_layer('zones');
CREATE TRIGGER corridors_tiles AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON corridors
  FOR EACH STATEMENT EXECUTE FUNCTION gm_tiles_notify_layer('corridors');
CREATE TRIGGER corridor_windows_tiles AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON corridor_windows
  FOR EACH STATEMENT EXECUTE FUNCTION gm_tiles_notify_layer('corridors');
CREATE TRIGGER truces_tiles AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON truces
  FOR EACH STATEMENT EXECUTE FUNCTION gm_tiles_notify_layer('truces');
CREATE TRIGGER truce_extensions_tiles AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON truce_extensions
  FOR EACH STATEMENT EXECUTE FUNCTION gm_tiles_notify_layer('truces');
