-- The shared server (`--shared`): accounts with roles, their sessions, log-in attempts for lockout, the answers to
-- repeated requests, and the audit trail (操作日志). The single-seat modes leave the account tables empty.

-- One person's log-in. A unit account (单位填报人, 单位审核人) is bound to one unit; the office's accounts to the office's
-- unit row; 系统管理员 and 领导 to none. The password is kept only as an scrypt hash (salt and parameters inside).
CREATE TABLE accounts (
  id                   INTEGER PRIMARY KEY,
  login                TEXT    NOT NULL COLLATE NOCASE UNIQUE,
  name                 TEXT    NOT NULL,
  role                 TEXT    NOT NULL CHECK (role IN ('admin', 'office', 'unit', 'reviewer', 'leader')),
  unit_id              INTEGER REFERENCES units (id),
  password_hash        TEXT    NOT NULL,
  -- Set for a password someone else chose (a new account, an admin's reset): the next log-in must change it.
  must_change_password INTEGER NOT NULL DEFAULT 1 CHECK (must_change_password IN (0, 1)),
  -- Set by too many failed log-ins; cleared by the lock's end, a successful log-in after it, or the admin's unlock.
  locked_until         TEXT,
  disabled_at          TEXT,
  created_at           TEXT    NOT NULL,
  updated_at           TEXT    NOT NULL
) STRICT;

-- A logged-in browser. The cookie holds a random token; only its sha256 is stored, so a copy of the database does not
-- log anyone in. Idle and absolute timeouts are checked against these times on every call.
CREATE TABLE sessions (
  token_hash    TEXT    PRIMARY KEY,
  account_id    INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  address       TEXT    NOT NULL,
  created_at    TEXT    NOT NULL,
  last_seen_at  TEXT    NOT NULL,
  ended_at      TEXT
) STRICT;
CREATE INDEX sessions_account ON sessions (account_id);

-- Every log-in attempt, good or bad: the lockout per client address counts the recent failures here.
CREATE TABLE login_attempts (
  id         INTEGER PRIMARY KEY,
  login      TEXT    NOT NULL,
  address    TEXT    NOT NULL,
  ok         INTEGER NOT NULL CHECK (ok IN (0, 1)),
  -- Set when the admin unlocks the address or the account: these failures no longer count.
  cleared    INTEGER NOT NULL DEFAULT 0 CHECK (cleared IN (0, 1)),
  at         TEXT    NOT NULL
) STRICT;
CREATE INDEX login_attempts_address ON login_attempts (address, at);
CREATE INDEX login_attempts_login ON login_attempts (login, at);

-- The first answer to a creating call, by who sent it, the channel and the request id the client made up for one user
-- action: a repeat (a double-click, a retry after a lost answer) gets this answer instead of a second record.
CREATE TABLE request_results (
  actor_key   TEXT NOT NULL,
  channel     TEXT NOT NULL,
  request_id  TEXT NOT NULL,
  result      TEXT NOT NULL,
  at          TEXT NOT NULL,
  PRIMARY KEY (actor_key, channel, request_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX request_results_at ON request_results (at);

-- 操作日志: one row per write, log-in (also failed), log-out and account change. Append-only: each row's hash covers its
-- own fields and the previous row's hash, so a changed, inserted or deleted row breaks the chain (`--verify-audit`).
CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY,
  at          TEXT    NOT NULL,
  account_id  INTEGER,
  who         TEXT    NOT NULL,
  role        TEXT,
  unit_id     INTEGER,
  unit_name   TEXT,
  address     TEXT    NOT NULL,
  channel     TEXT    NOT NULL,
  outcome     TEXT    NOT NULL CHECK (outcome IN ('ok', 'refused', 'failed')),
  targets     TEXT    NOT NULL,
  summary     TEXT    NOT NULL,
  prev_hash   TEXT    NOT NULL,
  hash        TEXT    NOT NULL UNIQUE
) STRICT;
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_unit ON audit_log (unit_id, at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, '操作日志只能追加，不能修改');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, '操作日志只能追加，不能删除');
END;
