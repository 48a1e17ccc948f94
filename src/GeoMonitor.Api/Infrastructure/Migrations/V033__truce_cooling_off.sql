-- V033: a truce may set its own cooling-off period (issue 13): the hold between an on-site verification and the start
-- of the independent review of an incident that happened under it. NULL = the configured default
-- (GeoMonitor:Verification:CoolingOff, 24 h). Bounded so that a typo cannot hold a finding for years.
ALTER TABLE truces ADD COLUMN cooling_off interval
  CHECK (cooling_off >= interval '0' AND cooling_off <= interval '30 days');
