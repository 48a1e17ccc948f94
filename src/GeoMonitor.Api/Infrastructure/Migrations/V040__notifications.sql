-- V040: pre-notifications (docs/truce-mechanisms.md). A party (an organisation) tells the monitor in advance where and
-- when it will move troops, strike, run a convoy or an exercise; the monitor checks the notification against the
-- corridors, other parties' notifications, benchmarked withdrawal zones and truces (Features/Notifications/
-- Deconfliction.cs), and every incident can be asked whether a notification covered it (IncidentFilter.PreNotified).

-- The matching rules, one row. The API writes it from its configuration at start (GeoMonitor:Notifications:*), so that
-- every statement that matches incidents to notifications (lists, exports, OGC, tiles, truce reports, psql) applies the
-- same distance and tolerance without each surface carrying them.
CREATE TABLE notification_settings (
  id                   boolean PRIMARY KEY DEFAULT true CHECK (id),
  -- An incident is pre-notified when a notification's area lies within this many metres of it ...
  match_distance_m     double precision NOT NULL DEFAULT 1000 CHECK (match_distance_m >= 0 AND match_distance_m <= 100000),
  -- ... and its window, widened by this much on both sides, contains the incident's time.
  match_tolerance      interval NOT NULL DEFAULT '1 hour' CHECK (match_tolerance >= interval '0' AND match_tolerance <= interval '30 days'),
  -- A military notification conflicts with an open corridor whose area it crosses or comes within this many metres of.
  corridor_distance_m  double precision NOT NULL DEFAULT 500 CHECK (corridor_distance_m >= 0 AND corridor_distance_m <= 100000),
  updated_at           timestamptz NOT NULL DEFAULT now()
);
INSERT INTO notification_settings DEFAULT VALUES;

CREATE TABLE notifications (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organisation     text NOT NULL REFERENCES organisations (slug) ON UPDATE CASCADE,
  kind             text NOT NULL CHECK (kind IN ('troop_movement', 'strike', 'convoy', 'humanitarian_movement', 'exercise', 'other')),
  -- A route (with width_m) or an area: geom is the area, for a route the route buffered by width_m / 2 in metres.
  route            geometry(MultiLineString, 4326)
                   CHECK (route IS NULL OR (ST_IsValid(route) AND NOT ST_IsEmpty(route) AND gm_in_wgs84_range(route))),
  width_m          double precision CHECK (width_m > 0 AND width_m <= 50000),
  geom             geometry(MultiPolygon, 4326) NOT NULL
                   CHECK (ST_IsValid(geom) AND NOT ST_IsEmpty(geom) AND gm_in_wgs84_range(geom)),
  -- [start, end): both ends given, end after start.
  during           tstzrange NOT NULL CHECK (NOT isempty(during) AND NOT lower_inf(during) AND NOT upper_inf(during)),
  notes            text CHECK (length(notes) <= 4000),
  -- The geometry as it was sent (GeoJSON, or the coordinate texts and their crs), for provenance.
  raw_geometry     jsonb,
  status           text NOT NULL DEFAULT 'filed' CHECK (status IN ('filed', 'acknowledged', 'withdrawn')),
  -- What the deconfliction check found when the notification was filed (recorded, not blocking).
  conflicts        jsonb NOT NULL DEFAULT '[]',
  filed_by         text,
  filed_at         timestamptz NOT NULL DEFAULT now(),
  acknowledged_by  text,
  acknowledged_at  timestamptz,
  acknowledged_note text CHECK (length(acknowledged_note) <= 2000),
  withdrawn_by     text,
  withdrawn_at     timestamptz,
  withdrawn_note   text CHECK (length(withdrawn_note) <= 2000),
  version          integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CHECK ((route IS NULL) = (width_m IS NULL)),
  CHECK (status <> 'acknowledged' OR acknowledged_at IS NOT NULL),
  CHECK (status <> 'withdrawn' OR withdrawn_at IS NOT NULL)
);
-- The deconfliction check and the pre-notified match both ask "overlapping this box and this window": one GiST over
-- both columns answers it in one index scan; the window alone serves lists by time.
CREATE INDEX notifications_geom_during_gix ON notifications USING gist (geom, during);
CREATE INDEX notifications_during_gix ON notifications USING gist (during);
CREATE INDEX notifications_organisation_ix ON notifications (organisation, id);

CREATE FUNCTION gm_notification_area() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
  IF NEW.route IS NOT NULL THEN
    NEW.geom := gm_line_buffer(NEW.route, NEW.width_m / 2.0, 'both');
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER notifications_area BEFORE INSERT OR UPDATE OF route, width_m ON notifications
  FOR EACH ROW EXECUTE FUNCTION gm_notification_area();

-- The status moves one way: filed → acknowledged → withdrawn, or filed → withdrawn; a withdrawn notification stays
-- withdrawn. The use case (NotificationWrites) refuses the same moves first; this keeps psql honest too.
CREATE FUNCTION gm_notification_status() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
  IF OLD.status IS DISTINCT FROM NEW.status AND NOT (
       (OLD.status = 'filed' AND NEW.status IN ('acknowledged', 'withdrawn'))
    OR (OLD.status = 'acknowledged' AND NEW.status = 'withdrawn')) THEN
    RAISE EXCEPTION 'a notification cannot go from % to %', OLD.status, NEW.status USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER notifications_status BEFORE UPDATE OF status ON notifications
  FOR EACH ROW EXECUTE FUNCTION gm_notification_status();

-- Live updates for Subscription.notificationChanged: one NOTIFY per changed notification, after commit.
CREATE FUNCTION gm_notification_events() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM pg_notify('geomonitor_notifications', json_build_object('id', n.id, 'status', n.status, 'version', n.version)::text)
  FROM gm_new n ORDER BY n.id;
  RETURN NULL;
END $$;
CREATE TRIGGER notifications_events_insert AFTER INSERT ON notifications REFERENCING NEW TABLE AS gm_new
  FOR EACH STATEMENT EXECUTE FUNCTION gm_notification_events();
CREATE TRIGGER notifications_events_update AFTER UPDATE ON notifications REFERENCING NEW TABLE AS gm_new
  FOR EACH STATEMENT EXECUTE FUNCTION gm_notification_events();

-- Incident tiles filtered by preNotified depend on the notifications (V007's channel: the listener drops them).
CREATE TRIGGER notifications_tiles AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON notifications
  FOR EACH STATEMENT EXECUTE FUNCTION gm_tiles_notify_layer('notifications');
CREATE TRIGGER notification_settings_tiles AFTER UPDATE ON notification_settings
  FOR EACH STATEMENT EXECUTE FUNCTION gm_tiles_notify_layer('notifications');
