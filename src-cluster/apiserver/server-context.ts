/** What the verb handlers need from the server: settings, clock, tracing and response encoding. */
import type { Clock } from '../../src-shared/util/clock';
import type { TraceSink } from '../../src-shared/trace';
import type { StoredObject } from '../api/object';
import type { HandlerCall } from './resource-handler';
import type { WatchEventType } from './registry/watch';
import type { ApiStatusError } from './status';
import type { ProxyContext } from './proxy';

export interface ServerContext {
  readonly clock: Clock;
  readonly trace: TraceSink;
  readonly maxBodyBytes: number;
  readonly minRequestTimeoutSeconds: number;
  readonly watchBufferLimitBytes: number;
  readonly bookmarkIntervalMs: number;
  /** Writes a successful response, negotiating the representation (JSON, YAML, Table). */
  respond(c: HandlerCall, code: number, body: unknown, raw?: boolean): void;
  /** The per-event encoder for a watch (Table rows when the client asked for a Table). */
  watchEncoder(c: HandlerCall): ((type: WatchEventType, obj: StoredObject) => unknown) | undefined;
  notFoundPath(): ApiStatusError;
  /** Where pods/log|exec|attach are relayed to (the pod's kubelet). */
  readonly proxyContext: ProxyContext;
  /** Serves a computed, read-only resource (ComponentStatus). */
  serveVirtual(c: HandlerCall): Promise<void>;
}
