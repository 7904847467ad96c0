/**
 * WATCH for one resource (k8s-internals §1.3): start-point semantics, selector transitions turned
 * into ADDED/DELETED, bookmarks, 410 Expired for compacted history. Delivery to the client (HTTP
 * framing, slow-client cut-off) is the caller's sink; this file decides which events exist.
 */
import type { StoredObject } from '../../api/object';
import { groupVersion } from '../../api/resources';
import type { Clock } from '../../../src-shared/util/clock';
import { CompactedError, type Watch, type WatchEvent } from '../../store/store';
import { badRequest, expired, toApiStatusError, type ApiStatusError } from '../status';
import { decodeAtRevision, decodeFromStorage } from './object-meta';
import type { ObjectFilter } from './filter';
import type { Registry } from './registry';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';

export interface WatchSink {
  /** Delivers one event. Must not block: a sink that cannot keep up ends the watch itself. */
  send(type: WatchEventType, object: StoredObject): void;
  /** Delivers an ERROR event with this Status, after which the stream ends. */
  error(err: ApiStatusError): void;
}

export interface WatchOptions {
  filter: ObjectFilter;
  resourceVersion?: string;
  allowWatchBookmarks?: boolean;
  sendInitialEvents?: boolean;
  /** How often an idle watch gets a BOOKMARK (upstream: 1 minute). */
  bookmarkIntervalMs?: number;
  clock: Clock;
}

export interface ActiveWatch {
  stop(): void;
}

function parseRV(rv: string): number {
  if (!/^\d+$/.test(rv)) throw badRequest(`invalid resource version: ${JSON.stringify(rv)}`);
  return Number(rv);
}

export async function watchObjects(
  reg: Registry,
  namespace: string | undefined,
  opts: WatchOptions,
  sink: WatchSink,
): Promise<ActiveWatch> {
  const prefix = reg.prefix(namespace);
  const matches = (o: StoredObject) => opts.filter.matches(o);
  let lastRV = 0;
  let stopped = false;
  let storeWatch: Watch | undefined;
  let cancelBookmark: (() => void) | undefined;

  const bookmark = (annotations?: Record<string, string>) => {
    sink.send('BOOKMARK', {
      kind: reg.info.kind,
      apiVersion: groupVersion(reg.info),
      metadata: { resourceVersion: String(lastRV), ...(annotations ? { annotations } : {}) },
    });
  };
  const scheduleBookmark = () => {
    if (!opts.allowWatchBookmarks || stopped) return;
    cancelBookmark = opts.clock.setTimeout(() => {
      if (stopped) return;
      bookmark();
      scheduleBookmark();
    }, opts.bookmarkIntervalMs ?? 60_000);
  };

  let startRev: number;
  const rv = opts.resourceVersion;
  const initial = opts.sendInitialEvents ?? (!rv || rv === '0');
  if (initial) {
    // "Get state and start at most recent": synthetic ADDED for what exists, then live events.
    const list = await reg.store.list(prefix);
    for (const kv of list.kvs) {
      const obj = reg.present(decodeFromStorage(kv));
      if (matches(obj)) sink.send('ADDED', obj);
    }
    lastRV = list.revision;
    startRev = list.revision + 1;
    if (opts.sendInitialEvents && opts.allowWatchBookmarks) {
      bookmark({ 'k8s.io/initial-events-end': 'true' });
    }
  } else {
    const x = parseRV(rv!);
    lastRV = x;
    startRev = x + 1;
  }

  const onEvent = (ev: WatchEvent) => {
    if (stopped) return;
    lastRV = ev.kv.modRevision;
    const prev = ev.prevKv ? reg.present(decodeFromStorage(ev.prevKv)) : null;
    const prevMatched = prev !== null && matches(prev);
    if (ev.type === 'delete') {
      if (prevMatched && ev.prevKv) {
        sink.send('DELETED', reg.present(decodeAtRevision(ev.prevKv, ev.kv.modRevision)));
      }
      return;
    }
    const cur = reg.present(decodeFromStorage(ev.kv));
    const curMatched = matches(cur);
    if (curMatched && prevMatched) sink.send('MODIFIED', cur);
    else if (curMatched) sink.send('ADDED', cur);
    else if (prevMatched && ev.prevKv) {
      // Left the selection: DELETED carrying the last matching state at this revision.
      sink.send('DELETED', reg.present(decodeAtRevision(ev.prevKv, ev.kv.modRevision)));
    }
  };

  try {
    storeWatch = await reg.watchSource.watch(prefix, startRev, {
      onEvent,
      onError(err) {
        if (stopped) return;
        stopped = true;
        cancelBookmark?.();
        if (err instanceof CompactedError) {
          sink.error(
            expired(`too old resource version: ${startRev - 1} (${err.compactedRevision})`),
          );
        } else {
          sink.error(toApiStatusError(err));
        }
      },
    });
  } catch (err) {
    if (err instanceof CompactedError) {
      sink.error(expired(`too old resource version: ${startRev - 1} (${err.compactedRevision})`));
      return { stop() {} };
    }
    throw err;
  }
  scheduleBookmark();
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      cancelBookmark?.();
      storeWatch?.close();
    },
  };
}
