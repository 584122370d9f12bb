-- A closed round's totals per unit (tasks owed, reported, reported late), frozen with it like its snapshots. The
-- dashboard's trend shows every round of the plan; counting the snapshots again on each load read 221,000 rows at
-- province scale (bench/), while these are a few thousand. Written by closeRound in the same transaction.
CREATE TABLE round_unit_totals (
  round_id   BIGINT NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
  unit_id    BIGINT NOT NULL REFERENCES units (id),
  unit_name  TEXT COLLATE "C"    NOT NULL,
  expected   BIGINT NOT NULL,
  reported   BIGINT NOT NULL,
  late       BIGINT NOT NULL,
  PRIMARY KEY (round_id, unit_id)
);

INSERT INTO round_unit_totals (round_id, unit_id, unit_name, expected, reported, late)
SELECT round_id, unit_id, max(unit_name), count(*), sum(reported), sum(reported_late)
FROM round_snapshots
GROUP BY round_id, unit_id;
