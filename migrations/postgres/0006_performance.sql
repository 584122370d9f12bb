-- 0006: indexes found missing by the query-plan tests (src-main/db/query-plans.test.ts) on a province-sized
-- database (bench/): each serves a query a page runs on every visit.

-- The 督办单 of a plan: the dashboard counts the open ones by level, the 督办 page lists a plan's notices.
CREATE INDEX supervision_notices_by_plan ON supervision_notices (plan_id, state);

-- A unit's tracked problems (问题台账 filtered by 责任单位), open ones first.
CREATE INDEX problems_by_owner ON problems (owner_unit_id, state);

-- The dashboard's trend counts each closed round's frozen rows by unit. Covering, so that it reads the index and not
-- the rows with their report texts (221,000 rows at province scale: 155 ms → 54 ms, bench/).
CREATE INDEX round_snapshots_by_unit ON round_snapshots (round_id, unit_id, reported, reported_late, unit_name);
