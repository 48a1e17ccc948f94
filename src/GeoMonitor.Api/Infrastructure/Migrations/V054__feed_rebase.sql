-- V054: a database restored from a logical dump (scripts/restore.sh) onto another server keeps the changes feed's
-- positions as data: transaction ids of the server it was dumped from. If that server had handed out more transaction
-- ids than this one, those positions lie "in the future" here: the feed would never serve them (they are not below its
-- horizon) and new changes would sort before them. gm_feed_rebase, run by the API at every start after the migrations,
-- detects it (a stored position at or above the next transaction id to be handed out) and repairs it: every stored
-- change has committed, so all take one transaction id below any new one (they stay in change_seq order), and the feed
-- gets a new origin, so that tokens issued by the old server are refused with "start again" instead of skipping.
-- Restored on the same server, or on one that had handed out more ids, positions stay valid and nothing is done.

CREATE FUNCTION gm_feed_rebase() RETURNS boolean LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
  next_xid xid8 := pg_snapshot_xmax(pg_current_snapshot());
  t text;
  ahead boolean := false;
BEGIN
  FOREACH t IN ARRAY ARRAY['incident_revisions', 'incident_rederivations', 'line_versions', 'zone_versions', 'corridor_versions', 'truce_versions'] LOOP
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE txid >= $1)', t) INTO ahead USING next_xid;
    EXIT WHEN ahead;
  END LOOP;
  IF NOT ahead THEN RETURN false; END IF;
  -- The history is kept, not rewritten: only the position moves, with the guards lifted for this statement's table.
  FOREACH t IN ARRAY ARRAY['incident_revisions', 'incident_rederivations', 'line_versions', 'zone_versions', 'corridor_versions', 'truce_versions'] LOOP
    EXECUTE format('ALTER TABLE %I DISABLE TRIGGER USER', t);
    EXECUTE format('UPDATE %I SET txid = %L', t, '3');
    EXECUTE format('ALTER TABLE %I ENABLE TRIGGER USER', t);
  END LOOP;
  UPDATE feed_origin SET id = gen_random_uuid(), created_at = now();
  RETURN true;
END $$;
