/**
 * A watch: the stream of {"type","object"} lines a server writes for ?watch=true, decoded into
 * events. Iterate it with for-await; close() ends it from our side (the loop then finishes).
 * The stream also ends when the server ends the response (timeoutSeconds, restart): callers that
 * want continuity re-watch from the last resourceVersion they saw (the reflector does).
 */
import type { Status } from 'kubernetes-types/meta/v1';
import type { ClientObject } from './types';
import type { StreamResponse } from './transport';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

/**
 * One watch event. BOOKMARK objects carry only metadata.resourceVersion (and annotations);
 * ERROR objects are a Status (410 Expired when the requested resourceVersion is too old).
 */
export type WatchEvent<T> =
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK'; object: T }
  | { type: 'ERROR'; object: Status };

/** An open watch. Single-consumer: iterate it once. */
export interface Watch<T> extends AsyncIterable<WatchEvent<T>> {
  /** Stops the watch and releases its connection; safe to call more than once. */
  close(): void;
}

const TYPES = new Set<string>(['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK', 'ERROR']);

/** Thrown while iterating when the server sends something that is not a watch event. */
export class WatchDecodeError extends Error {
  constructor(line: string) {
    super(`malformed watch event from server: ${line.slice(0, 200)}`);
    this.name = 'WatchDecodeError';
  }
}

/** Wraps a 2xx streamed response as a Watch. */
export function watchFromStream<T extends ClientObject>(res: StreamResponse): Watch<T> {
  let closed = false;
  async function* events(): AsyncGenerator<WatchEvent<T>> {
    try {
      for await (const line of res.lines) {
        if (closed) return;
        yield decode<T>(line);
      }
    } finally {
      res.close();
    }
  }
  const gen = events();
  return {
    [Symbol.asyncIterator]: () => gen,
    close() {
      if (closed) return;
      closed = true;
      res.close();
    },
  };
}

function decode<T>(line: string): WatchEvent<T> {
  let ev: unknown;
  try {
    ev = JSON.parse(line);
  } catch {
    throw new WatchDecodeError(line);
  }
  const e = ev as { type?: unknown; object?: unknown };
  if (
    typeof e?.type !== 'string' ||
    !TYPES.has(e.type) ||
    !e.object ||
    typeof e.object !== 'object'
  ) {
    throw new WatchDecodeError(line);
  }
  return ev as WatchEvent<T>;
}
