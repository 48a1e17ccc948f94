-- V020: planner settings for GeoMonitor's workload, on the database itself (so every connection, every tool and every
-- API replica gets them; they apply to sessions opened after this migration).
--
-- jit = off: the API's statements are short (milliseconds of execution) but the planner cannot estimate the
-- selectivity of predicates against shapes computed in CTEs, nor of the "(…) IS TRUE" filters of the time-first plan
-- (IncidentPlan), so their estimated cost passes jit_above_cost and PostgreSQL compiles them with LLVM: measured on the
-- bench database (docs/performance.md, "OGC API vs MapServer"), 15–150 ms of compilation for a 1–5 ms query.
-- max_parallel_workers_per_gather = 0: the same inflated estimates start parallel workers for queries that read a
-- few hundred rows; starting them cost more than the whole query (a 1,000-row page: 65–95 ms with workers and JIT,
-- 4–16 ms without either). The API serves many requests at once, so the cores are better spent on them; long exports
-- stream row by row and do not need workers.
--
-- ALTER DATABASE needs the database's owner: where the API's role is not the owner, this only warns, and an
-- administrator should apply the same two settings (see docs/performance.md).
DO $$
BEGIN
  EXECUTE format('ALTER DATABASE %I SET jit = off', current_database());
  EXECUTE format('ALTER DATABASE %I SET max_parallel_workers_per_gather = 0', current_database());
EXCEPTION WHEN insufficient_privilege THEN
  RAISE WARNING 'GeoMonitor: not the owner of database %, planner settings not applied (set jit = off and max_parallel_workers_per_gather = 0)', current_database();
END $$;
