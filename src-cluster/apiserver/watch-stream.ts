/**
 * Serves one watch over HTTP (kubectl-wire §5): headers flushed at once, one JSON event per line,
 * an ERROR event for a Status, closed at timeoutSeconds. A client that stops reading is cut off
 * once its unsent buffer passes a limit — it re-lists later; it never holds up other watchers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StoredObject } from '../api/object';
import type { Clock } from '../../src-shared/util/clock';
import type { TraceSink } from '../../src-shared/trace';
import type { ApiStatusError } from './status';
import type { WatchEventType, WatchSink } from './registry/watch';

export interface WatchStreamOptions {
  /** Unsent bytes allowed before a slow client is disconnected. */
  maxBufferedBytes: number;
  /** Seconds until the server ends the stream cleanly. */
  timeoutSeconds: number;
  clock: Clock;
  trace: TraceSink;
  traceInfo: { resource: string; namespace?: string; client: string; causalId?: string };
  /** Encodes each event's object (e.g. as a one-row Table); identity by default. */
  encode?: (type: WatchEventType, obj: StoredObject) => unknown;
}

export interface WatchStream {
  sink: WatchSink;
  /** Resolves when the stream has ended for any reason (client gone, timeout, error, cut off). */
  done: Promise<'client-closed' | 'timeout' | 'error' | 'slow-client'>;
  end(reason: 'timeout' | 'error' | 'slow-client'): void;
}

export function openWatchStream(
  req: IncomingMessage,
  res: ServerResponse,
  opts: WatchStreamOptions,
): WatchStream {
  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Transfer-Encoding': 'chunked',
    'Cache-Control': 'no-cache, private',
  });
  // Node sends nothing until the first write; kubectl waits for the headers.
  res.flushHeaders();
  res.socket?.setNoDelay(true);

  let ended = false;
  let resolveDone!: (r: 'client-closed' | 'timeout' | 'error' | 'slow-client') => void;
  const done = new Promise<'client-closed' | 'timeout' | 'error' | 'slow-client'>((r) => {
    resolveDone = r;
  });
  const finish = (reason: 'client-closed' | 'timeout' | 'error' | 'slow-client') => {
    if (ended) return;
    ended = true;
    cancelTimeout();
    if (reason === 'slow-client') res.destroy();
    else if (!res.writableEnded) res.end();
    resolveDone(reason);
  };
  const cancelTimeout = opts.clock.setTimeout(() => finish('timeout'), opts.timeoutSeconds * 1000);
  req.on('close', () => finish('client-closed'));
  res.on('close', () => finish('client-closed'));

  const write = (line: string) => {
    if (ended) return;
    res.write(line);
    if (res.writableLength > opts.maxBufferedBytes) finish('slow-client');
  };

  const sink: WatchSink = {
    send(type, object) {
      if (ended) return;
      const encoded = opts.encode ? opts.encode(type, object) : object;
      write(JSON.stringify({ type, object: encoded }) + '\n');
      opts.trace.emit({
        time: opts.clock.now(),
        from: { component: 'apiserver' },
        to: { component: opts.traceInfo.client },
        verb: 'watch-event',
        resource: opts.traceInfo.resource,
        ...(object.metadata?.namespace ? { namespace: object.metadata.namespace } : {}),
        ...(object.metadata?.name ? { name: object.metadata.name } : {}),
        ...(object.metadata?.resourceVersion
          ? { resourceVersion: object.metadata.resourceVersion }
          : {}),
        outcome: type,
        ...(opts.traceInfo.causalId ? { causalId: opts.traceInfo.causalId } : {}),
      });
    },
    error(err: ApiStatusError) {
      write(JSON.stringify({ type: 'ERROR', object: err.toStatus() }) + '\n');
      finish('error');
    },
  };
  return { sink, done, end: finish };
}
