-- 0017: a unit's 督办 反馈 may carry files (the stamped scan of its reply), kept as 佐证材料 are: the file in the data
-- folder's attachments/ under a generated name, its original name, size and sha256 here, tied to the 反馈 step.
CREATE TABLE notice_attachments (
  id             INTEGER PRIMARY KEY,
  step_id        INTEGER NOT NULL REFERENCES notice_steps (id) ON DELETE CASCADE,
  stored_name    TEXT    NOT NULL UNIQUE,
  original_name  TEXT    NOT NULL,
  size           INTEGER NOT NULL CHECK (size >= 0),
  sha256         TEXT    NOT NULL,
  created_at     TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;
CREATE INDEX notice_attachments_by_step ON notice_attachments (step_id);
