/**
 * Translation between etcd's wire shapes (as the etcd3 client decodes them: int64 as strings,
 * bytes as Buffers) and the Store contract, plus the classification of etcd errors.
 */
import type { IKeyValue } from 'etcd3';
import type { KeyValue } from '../store';

/** A key or value on the wire. */
export function bytes(s: string): Buffer {
  return Buffer.from(s, 'utf8');
}

/** The exclusive end of the byte range holding every key with this prefix ("\0" = to the end). */
export function prefixRangeEnd(prefix: string): Buffer {
  const b = Buffer.from(prefix, 'utf8');
  for (let i = b.length - 1; i >= 0; i--) {
    if (b[i]! < 0xff) {
      const end = Buffer.from(b.subarray(0, i + 1));
      end[i]!++;
      return end;
    }
  }
  return Buffer.from([0]); // empty prefix or all 0xff: everything from the key on
}

/** An etcd KeyValue as the contract's KeyValue. */
export function fromEtcdKv(kv: IKeyValue): KeyValue {
  return {
    key: kv.key.toString('utf8'),
    value: kv.value ? kv.value.toString('utf8') : '',
    createRevision: Number(kv.create_revision),
    modRevision: Number(kv.mod_revision),
    version: Number(kv.version),
    lease: Number(kv.lease),
  };
}

/** What an error from etcd means for the request that got it. */
export type ErrorKind =
  | 'compacted'
  | 'future'
  | 'lease-not-found'
  | 'lease-exists'
  /** A definite rejection that did not apply anything (bad request, permission). */
  | 'rejected'
  /** The request may or may not have been applied (timeouts, lost connections, leader changes). */
  | 'ambiguous';

/** Classifies an error from the etcd3 client by etcd's message and the gRPC status code. */
export function classify(err: unknown): ErrorKind {
  const msg = String((err as Error)?.message ?? err);
  if (msg.includes('required revision has been compacted')) return 'compacted';
  if (msg.includes('required revision is a future revision')) return 'future';
  if (msg.includes('requested lease not found')) return 'lease-not-found';
  if (msg.includes('lease already exists')) return 'lease-exists';
  const code = (err as { code?: number }).code;
  const name = (err as Error)?.constructor?.name ?? '';
  if (
    code === 3 ||
    code === 7 ||
    code === 16 ||
    /InvalidArgument|PermissionDenied|Unauthenticated/.test(name)
  ) {
    return 'rejected';
  }
  return 'ambiguous';
}

/** Sleeps ms (real time: these are network backoffs against a real server). */
export function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
