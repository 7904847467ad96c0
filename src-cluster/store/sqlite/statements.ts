/**
 * Prepared statements over the kine table and the mapping from rows to KeyValues/WatchEvents.
 * Everything here is synchronous (better-sqlite3); the store wraps it in transactions.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { KeyValue, WatchEvent } from '../store';

/** One row of the kine table. */
export interface Row {
  id: number;
  name: string;
  created: number;
  deleted: number;
  create_revision: number;
  prev_revision: number;
  version: number;
  lease: number;
  value: string;
}

/** A row joined with its predecessor (p_* columns are null when there is none). */
interface EventRow extends Row {
  p_id: number | null;
  p_created: number | null;
  p_deleted: number | null;
  p_create_revision: number | null;
  p_version: number | null;
  p_lease: number | null;
  p_value: string | null;
}

/** The KeyValue a live row stands for. */
export function rowToKv(row: Row): KeyValue {
  return {
    key: row.name,
    value: row.value,
    createRevision: row.created ? row.id : row.create_revision,
    modRevision: row.id,
    version: row.version,
    lease: row.lease,
  };
}

/** A tombstone's event form: key and the deletion's revision only. */
export function tombstoneKv(key: string, rev: number): KeyValue {
  return { key, value: '', createRevision: 0, modRevision: rev, version: 0, lease: 0 };
}

function eventFromRow(r: EventRow): WatchEvent {
  const prevKv =
    r.p_id !== null && !r.p_deleted
      ? rowToKv({
          id: r.p_id,
          name: r.name,
          created: r.p_created!,
          deleted: 0,
          create_revision: r.p_create_revision!,
          prev_revision: 0,
          version: r.p_version!,
          lease: r.p_lease!,
          value: r.p_value!,
        })
      : null;
  if (r.deleted) return { type: 'delete', kv: tombstoneKv(r.name, r.id), prevKv };
  return { type: 'put', kv: rowToKv(r), prevKv };
}

/** A new row to append; id is assigned by SQLite and becomes the revision. */
export interface NewRow {
  name: string;
  created: number;
  deleted: number;
  create_revision: number;
  prev_revision: number;
  version: number;
  lease: number;
  value: string;
  old_value: string | null;
}

/** Range bounds for a prefix read: [from, end) with end null = unbounded. */
export interface Range {
  from: string;
  end: string | null;
}

export class Statements {
  private readonly latestStmt: Statement<[string], Row>;
  private readonly atStmt: Statement<[string, number], Row>;
  private readonly listStmt: Statement<[Range & { rev: number; limit: number }], Row>;
  private readonly countStmt: Statement<[Range & { rev: number }], { n: number }>;
  private readonly insertStmt: Statement<[NewRow]>;
  private readonly seqStmt: Statement<[], { seq: number }>;
  private readonly metaGetStmt: Statement<[string], { value: number }>;
  private readonly metaSetStmt: Statement<[string, number]>;
  private readonly historyStmt: Statement<[Range & { from_rev: number }], EventRow>;
  private readonly leaseNamesStmt: Statement<[number], { name: string }>;
  private readonly compactStmt: Statement<[{ lo: number; hi: number }]>;
  private readonly leaseInsertStmt: Statement<[number, number]>;
  private readonly leaseExistsStmt: Statement<[number], { id: number }>;
  private readonly leaseDeleteStmt: Statement<[number]>;
  private readonly leaseAllStmt: Statement<[], { id: number; expires_at: number }>;

  constructor(readonly db: Database) {
    this.leaseInsertStmt = db.prepare('INSERT INTO kine_leases (ttl, expires_at) VALUES (?, ?)');
    this.leaseExistsStmt = db.prepare('SELECT id FROM kine_leases WHERE id = ?');
    this.leaseDeleteStmt = db.prepare('DELETE FROM kine_leases WHERE id = ?');
    this.leaseAllStmt = db.prepare('SELECT id, expires_at FROM kine_leases');
    this.latestStmt = db.prepare('SELECT * FROM kine WHERE name = ? ORDER BY id DESC LIMIT 1');
    this.atStmt = db.prepare(
      'SELECT * FROM kine WHERE name = ? AND id <= ? ORDER BY id DESC LIMIT 1',
    );
    const newest = `SELECT MAX(id) AS id FROM kine
      WHERE name >= @from AND (@end IS NULL OR name < @end) AND id <= @rev GROUP BY name`;
    this.listStmt = db.prepare(
      `SELECT k.* FROM kine k JOIN (${newest}) m ON k.id = m.id
       WHERE k.deleted = 0 ORDER BY k.name LIMIT @limit`,
    );
    this.countStmt = db.prepare(
      `SELECT COUNT(*) AS n FROM kine k JOIN (${newest}) m ON k.id = m.id WHERE k.deleted = 0`,
    );
    this.insertStmt = db.prepare(
      `INSERT INTO kine (name, created, deleted, create_revision, prev_revision, version, lease, value, old_value)
       VALUES (@name, @created, @deleted, @create_revision, @prev_revision, @version, @lease, @value, @old_value)`,
    );
    this.seqStmt = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'kine'");
    this.metaGetStmt = db.prepare('SELECT value FROM kine_meta WHERE key = ?');
    this.metaSetStmt = db.prepare('INSERT OR REPLACE INTO kine_meta (key, value) VALUES (?, ?)');
    this.historyStmt = db.prepare(
      `SELECT k.*, p.id AS p_id, p.created AS p_created, p.deleted AS p_deleted,
              p.create_revision AS p_create_revision, p.version AS p_version, p.lease AS p_lease,
              p.value AS p_value
       FROM kine k LEFT JOIN kine p ON p.id = k.prev_revision AND k.prev_revision != 0
       WHERE k.id >= @from_rev AND k.name >= @from AND (@end IS NULL OR k.name < @end)
       ORDER BY k.id`,
    );
    this.leaseNamesStmt = db.prepare(
      'SELECT DISTINCT name FROM kine WHERE lease = ? ORDER BY name',
    );
    // Superseded rows (a newer row of the key at or below hi points at them) and tombstones at or
    // below hi; lo only narrows the scan to the revisions not yet compacted.
    this.compactStmt = db.prepare(
      `DELETE FROM kine WHERE id IN (
         SELECT prev_revision FROM kine WHERE prev_revision != 0 AND id > @lo AND id <= @hi
         UNION SELECT id FROM kine WHERE deleted != 0 AND id > @lo AND id <= @hi)`,
    );
  }

  /** Records a lease; returns its id. */
  insertLease(ttlSeconds: number, expiresAt: number): number {
    return Number(this.leaseInsertStmt.run(ttlSeconds, expiresAt).lastInsertRowid);
  }

  leaseExists(id: number): boolean {
    return this.leaseExistsStmt.get(id) !== undefined;
  }

  deleteLease(id: number): void {
    this.leaseDeleteStmt.run(id);
  }

  /** Every granted, not yet expired lease (to re-arm timers on open). */
  leases(): { id: number; expires_at: number }[] {
    return this.leaseAllStmt.all();
  }

  /** The newest row of key, tombstones included (what the next write must chain onto). */
  latest(key: string): Row | undefined {
    return this.latestStmt.get(key);
  }

  /** The key's live value at rev, or null if it did not exist then. */
  at(key: string, rev: number): KeyValue | null {
    const row = this.atStmt.get(key, rev);
    return row && !row.deleted ? rowToKv(row) : null;
  }

  /** Live keys in [from, end) at rev, in key order; limit <= 0 means all. */
  list(range: Range, rev: number, limit: number): KeyValue[] {
    return this.listStmt.all({ ...range, rev, limit: limit > 0 ? limit : -1 }).map(rowToKv);
  }

  count(range: Range, rev: number): number {
    return this.countStmt.get({ ...range, rev })!.n;
  }

  /** Appends a row and returns its id (the new revision). */
  insert(row: NewRow): number {
    return Number(this.insertStmt.run(row).lastInsertRowid);
  }

  /** The highest revision ever assigned (survives compaction deleting the newest rows). */
  currentRevision(): number {
    return this.seqStmt.get()?.seq ?? 0;
  }

  meta(key: string): number {
    return this.metaGetStmt.get(key)?.value ?? 0;
  }

  setMeta(key: string, value: number): void {
    this.metaSetStmt.run(key, value);
  }

  /** Every event with revision >= fromRev under the range, in revision order. */
  history(range: Range, fromRev: number): WatchEvent[] {
    return this.historyStmt.all({ ...range, from_rev: fromRev }).map(eventFromRow);
  }

  /** Keys that have ever carried the lease (the caller checks which still do). */
  namesWithLease(lease: number): string[] {
    return this.leaseNamesStmt.all(lease).map((r) => r.name);
  }

  /** Deletes history made obsolete by the revisions in (lo, hi]. */
  compactRange(lo: number, hi: number): void {
    this.compactStmt.run({ lo, hi });
  }
}
