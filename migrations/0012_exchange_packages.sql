-- Isolated PCs exchange signed files (docs/exchange-package-format.md): the office sends each unit a 下发包 with what
-- the office owns, the unit sends back a 上报包 with what the unit wrote. Each install has its own identity and key
-- pair, trusts the other side's key once its fingerprint is confirmed, numbers what it sends per receiving unit, and
-- records what it received, so that a package is applied once, in order, or refused.

-- This install: its id and its Ed25519 key pair, made the first time it is needed. `unit_id` is set when a 下发包
-- made this install a unit's own (the office's fields are then read-only here); `office_install_id` names the office.
CREATE TABLE exchange_install (
  id                 INTEGER PRIMARY KEY CHECK (id = 1),
  install_id         TEXT    NOT NULL,
  -- SubjectPublicKeyInfo (DER) and PKCS#8 (DER), base64.
  public_key         TEXT    NOT NULL,
  private_key        TEXT    NOT NULL,
  unit_id            INTEGER REFERENCES units (id),
  office_install_id  TEXT,
  created_at         TEXT    NOT NULL
) STRICT;

-- The other side's installs whose keys a person confirmed (trust on first use): a unit install knows its office, the
-- office knows one install per unit. A package signed by any other key is refused.
CREATE TABLE exchange_peers (
  install_id    TEXT    PRIMARY KEY,
  role          TEXT    NOT NULL CHECK (role IN ('office', 'unit')),
  unit_id       INTEGER NOT NULL REFERENCES units (id),
  public_key    TEXT    NOT NULL,
  fingerprint   TEXT    NOT NULL,
  confirmed_by  TEXT    NOT NULL,
  confirmed_at  TEXT    NOT NULL
) STRICT;
CREATE UNIQUE INDEX exchange_peers_one_per_unit ON exchange_peers (role, unit_id);

-- Every package made here or applied here. `seq` is the sender's number for this receiving unit; `seq_from` the first
-- of the sender's packages whose content it carries; `basis` the receiver's last package the sender had applied.
-- A received package applied over missing ones keeps which in `gap`. `marks` (sent 上报包): the highest row ids of
-- the unit's own records it carried, so that the next one carries only what came after the acknowledged one.
CREATE TABLE exchange_packages (
  id               INTEGER PRIMARY KEY,
  direction        TEXT    NOT NULL CHECK (direction IN ('sent', 'received')),
  kind             TEXT    NOT NULL CHECK (kind IN ('dispatch', 'report')),
  peer_install_id  TEXT,
  unit_id          INTEGER NOT NULL REFERENCES units (id),
  seq              INTEGER NOT NULL CHECK (seq >= 1),
  seq_from         INTEGER NOT NULL CHECK (seq_from >= 1 AND seq_from <= seq),
  basis            INTEGER NOT NULL DEFAULT 0,
  manifest_sha256  TEXT    NOT NULL,
  file_name        TEXT    NOT NULL,
  marks            TEXT    NOT NULL DEFAULT '{}',
  gap              TEXT,
  actor            TEXT    NOT NULL,
  created_at       TEXT    NOT NULL
) STRICT;
CREATE UNIQUE INDEX exchange_packages_by_seq ON exchange_packages (direction, kind, unit_id, seq);

-- What each received record became here, by the sender's install and its own row id: a record that arrives again (in a
-- later package that overlaps, or the same package twice) is recognised and not written twice.
CREATE TABLE exchange_items (
  peer_install_id  TEXT    NOT NULL,
  kind             TEXT    NOT NULL CHECK (kind IN ('report', 'noticeStep')),
  remote_id        INTEGER NOT NULL,
  local_id         INTEGER NOT NULL,
  PRIMARY KEY (peer_install_id, kind, remote_id)
) STRICT, WITHOUT ROWID;
