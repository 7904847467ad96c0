/**
 * The SQLite schema: one kine-style MVCC table where every write is a new row whose id is the
 * revision, a meta table holding the compacted revision, and a lease table.
 */
import type { Database } from 'better-sqlite3';

/** Bumped when the table shapes change; stored in PRAGMA user_version. */
export const SCHEMA_VERSION = 1;

const DDL = `
CREATE TABLE IF NOT EXISTS kine (
  id              INTEGER PRIMARY KEY AUTOINCREMENT, -- the revision of this write
  name            TEXT    NOT NULL,                  -- the key
  created         INTEGER NOT NULL,                  -- 1: this row (re)created the key
  deleted         INTEGER NOT NULL,                  -- 1: this row is a tombstone
  create_revision INTEGER NOT NULL,                  -- 0 on create rows (their own id is it)
  prev_revision   INTEGER NOT NULL,                  -- id of the key's previous row, 0 if none
  version         INTEGER NOT NULL,                  -- writes since (re)creation; 0 on tombstones
  lease           INTEGER NOT NULL,                  -- 0 = no lease
  value           TEXT    NOT NULL,                  -- '' on tombstones
  old_value       TEXT                               -- the previous row's value (kine habit)
);
CREATE INDEX IF NOT EXISTS kine_name_id_index ON kine (name, id);
CREATE INDEX IF NOT EXISTS kine_id_deleted_index ON kine (id, deleted);
CREATE INDEX IF NOT EXISTS kine_prev_revision_index ON kine (prev_revision);
CREATE INDEX IF NOT EXISTS kine_lease_index ON kine (lease) WHERE lease != 0;
-- Optimistic concurrency: two writers that both read row N cannot both append after it.
CREATE UNIQUE INDEX IF NOT EXISTS kine_name_prev_revision_uindex ON kine (name, prev_revision);
CREATE TABLE IF NOT EXISTS kine_meta (
  key   TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS kine_leases (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,     -- AUTOINCREMENT: an expired id is never reused
  ttl        INTEGER NOT NULL,                      -- seconds
  expires_at INTEGER NOT NULL                       -- clock milliseconds
);
`;

/**
 * Applies pragmas and creates the tables. WAL lets readers run beside the writer;
 * synchronous=NORMAL in WAL mode keeps every committed write across a process crash (a power cut
 * may lose the last few, as with kine's defaults).
 */
export function prepareDatabase(db: Database): void {
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal' && db.name !== ':memory:' && db.name !== '') {
    throw new Error(`could not switch ${db.name} to WAL journaling (got ${String(mode)})`);
  }
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = OFF');
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new Error(
      `${db.name} was written by a newer kubelab (schema ${version} > ${SCHEMA_VERSION}); upgrade kubelab or use a fresh data directory`,
    );
  }
  db.exec(DDL);
  db.pragma(`user_version = ${SCHEMA_VERSION}`);
}
