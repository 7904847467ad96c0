/**
 * LIST with upstream semantics (k8s-internals §1.2): resourceVersion unset/"0"/NotOlderThan/Exact,
 * limit + continue at one snapshot revision (continue token = base64url JSON {v, rv, start}),
 * remainingItemCount only without selectors, selectors applied while filling a page.
 */
import type { StoredObject } from '../../api/object';
import { CompactedError } from '../../store/store';
import { badRequest, expired, timeout } from '../status';
import { decodeFromStorage } from './object-meta';
import type { ObjectFilter } from './filter';
import type { Registry } from './registry';

export interface ListOptions {
  filter: ObjectFilter;
  limit?: number;
  continueToken?: string;
  resourceVersion?: string;
  resourceVersionMatch?: string;
}

export interface ListPage {
  items: StoredObject[];
  resourceVersion: string;
  continueToken?: string;
  remainingItemCount?: number;
}

interface ContinueToken {
  v: string;
  rv: number;
  start: string;
}

export function encodeContinue(rv: number, start: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start })).toString('base64url');
}

function decodeContinue(token: string): ContinueToken {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw badRequest('continue key is not valid: the token could not be decoded');
  }
  const t = parsed as Partial<ContinueToken>;
  if (t?.v !== 'meta.k8s.io/v1')
    throw badRequest(
      'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
    );
  if (typeof t.rv !== 'number' || t.rv === 0 || t.rv < -1)
    throw badRequest(
      'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
    );
  if (typeof t.start !== 'string' || t.start === '' || t.start.split('/').includes('..')) {
    throw badRequest('continue key is not valid: the start key is not valid');
  }
  return t as ContinueToken;
}

function parseRV(rv: string): number {
  if (!/^\d+$/.test(rv)) throw badRequest(`invalid resource version: ${JSON.stringify(rv)}`);
  return Number(rv);
}

const CONTINUE_EXPIRED =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

/** Waits (up to 3 s, like the watch cache) for the store to reach a revision a client has seen. */
async function waitForRevision(reg: Registry, rv: number): Promise<void> {
  const deadline = Date.now() + 3000;
  for (;;) {
    const cur = await reg.store.currentRevision();
    if (cur >= rv) return;
    if (Date.now() > deadline) {
      throw timeout(`Too large resource version: ${rv}, current: ${cur}`, 1);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function listObjects(
  reg: Registry,
  namespace: string | undefined,
  opts: ListOptions,
): Promise<ListPage> {
  const prefix = reg.prefix(namespace);
  const limit = opts.limit && opts.limit > 0 ? opts.limit : 0;
  let revision = 0;
  let startKey: string | undefined;

  if (opts.continueToken) {
    if (opts.resourceVersion && opts.resourceVersion !== '0') {
      throw badRequest('specifying resource version is not allowed when using continue');
    }
    const t = decodeContinue(opts.continueToken);
    // rv -1: an "inconsistent continue" handed out with a 410, read at the current revision.
    revision = t.rv === -1 ? 0 : t.rv;
    startKey = prefix + t.start;
  } else if (opts.resourceVersion && opts.resourceVersion !== '0') {
    const rv = parseRV(opts.resourceVersion);
    const exact =
      opts.resourceVersionMatch === 'Exact' || (!opts.resourceVersionMatch && limit > 0);
    if (
      opts.resourceVersionMatch &&
      !['Exact', 'NotOlderThan'].includes(opts.resourceVersionMatch)
    ) {
      throw badRequest(`resourceVersionMatch: Unsupported value: "${opts.resourceVersionMatch}"`);
    }
    if (exact) revision = rv;
    else await waitForRevision(reg, rv);
  } else if (opts.resourceVersionMatch) {
    throw badRequest('resourceVersionMatch is forbidden unless resourceVersion is provided');
  }

  const items: StoredObject[] = [];
  let more = false;
  let remaining = 0;
  let lastKey: string | undefined;
  // Fill the page: read storage pages at one revision until `limit` objects matched or the end.
  fill: for (;;) {
    let res;
    try {
      res = await reg.store.list(prefix, {
        ...(revision > 0 ? { revision } : {}),
        ...(limit ? { limit } : {}),
        ...(startKey ? { startKey } : {}),
      });
    } catch (err) {
      if (err instanceof CompactedError) {
        if (opts.continueToken) {
          // The fresh token continues from the same key at the current revision (rv -1).
          throw expired(CONTINUE_EXPIRED, encodeContinue(-1, startKey!.slice(prefix.length)));
        }
        throw expired('The resourceVersion for the provided list is too old.');
      }
      throw err;
    }
    revision = res.revision;
    for (let i = 0; i < res.kvs.length; i++) {
      const kv = res.kvs[i]!;
      lastKey = kv.key;
      const obj = reg.present(decodeFromStorage(kv));
      if (!opts.filter.matches(obj)) continue;
      items.push(obj);
      if (limit && items.length === limit) {
        const after = res.kvs.length - 1 - i;
        more = after > 0 || res.more;
        remaining = after + res.remaining;
        break fill;
      }
    }
    if (!res.more || res.kvs.length === 0) break;
    startKey = res.kvs.at(-1)!.key + '\u0000';
  }

  const page: ListPage = { items, resourceVersion: String(revision) };
  if (more && lastKey) {
    page.continueToken = encodeContinue(revision, lastKey.slice(prefix.length) + '\u0000');
    if (opts.filter.empty) page.remainingItemCount = remaining;
  }
  return page;
}
