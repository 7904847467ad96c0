/**
 * Lists and watches the kinds the cluster views show, keeps the current objects, and hands changes
 * out in batches: several changes to one object within a flush window collapse into the last one,
 * so 500 pods starting at once reach the renderer as a few messages, not thousands.
 */
import type { ApiClient, ClientObject } from '../../src-cluster/client';
import {
  OBJECT_KINDS,
  type KubeObject,
  type ObjectChange,
  type ObjectKind,
  type ObjectSnapshot,
} from '../../src-shared/ipc';
import { KIND_REFS } from './kinds';

export interface ObjectWatcherOptions {
  client: ApiClient;
  onChanges(changes: ObjectChange[]): void;
  /** How long changes gather before a batch goes out. */
  flushMs?: number;
  kinds?: readonly ObjectKind[];
}

export class ObjectWatcher {
  private readonly objects = new Map<ObjectKind, Map<string, KubeObject>>();
  private pending = new Map<string, ObjectChange>();
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly ac = new AbortController();

  constructor(private readonly opts: ObjectWatcherOptions) {
    for (const k of opts.kinds ?? OBJECT_KINDS) this.objects.set(k, new Map());
  }

  start(): void {
    for (const kind of this.objects.keys()) void this.loop(kind);
  }

  stop(): void {
    this.ac.abort();
    if (this.flushTimer) clearTimeout(this.flushTimer);
  }

  snapshot(): ObjectSnapshot {
    const out = {} as ObjectSnapshot;
    for (const k of OBJECT_KINDS) out[k] = [...(this.objects.get(k)?.values() ?? [])];
    return out;
  }

  private async loop(kind: ObjectKind): Promise<void> {
    const rc = this.opts.client.resource<ClientObject>(KIND_REFS[kind]);
    const signal = this.ac.signal;
    while (!signal.aborted) {
      try {
        const list = await rc.list({ signal });
        this.replace(kind, list.items as unknown as KubeObject[]);
        const w = await rc.watch({
          resourceVersion: list.metadata?.resourceVersion,
          signal,
        } as never);
        for await (const ev of w) {
          if (signal.aborted) break;
          if (ev.type === 'ADDED' || ev.type === 'MODIFIED' || ev.type === 'DELETED') {
            this.change(kind, ev.type, ev.object as unknown as KubeObject);
          } else if (ev.type === 'ERROR') break;
        }
      } catch {
        // The API server is restarting or a fault stopped it: list again shortly.
      }
      if (!signal.aborted) await new Promise((r) => setTimeout(r, 1000));
    }
  }

  private replace(kind: ObjectKind, items: KubeObject[]): void {
    const map = this.objects.get(kind)!;
    const seen = new Set<string>();
    for (const o of items) {
      const k = key(o);
      seen.add(k);
      const old = map.get(k);
      if (old?.metadata.resourceVersion !== o.metadata.resourceVersion) {
        this.change(kind, old ? 'MODIFIED' : 'ADDED', { ...o, kind });
      }
    }
    for (const [k, o] of map) if (!seen.has(k)) this.change(kind, 'DELETED', o);
  }

  private change(kind: ObjectKind, type: ObjectChange['type'], object: KubeObject): void {
    const map = this.objects.get(kind)!;
    const obj = { ...object, kind };
    const k = key(obj);
    if (type === 'DELETED') map.delete(k);
    else map.set(k, obj);
    this.pending.set(`${kind}/${k}`, { kind, type, object: obj });
    this.flushTimer ??= setTimeout(() => this.flush(), this.opts.flushMs ?? 150);
  }

  private flush(): void {
    this.flushTimer = undefined;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    if (batch.length) this.opts.onChanges(batch);
  }
}

export function emptySnapshot(): ObjectSnapshot {
  return Object.fromEntries(OBJECT_KINDS.map((k) => [k, []])) as unknown as ObjectSnapshot;
}

function key(o: KubeObject): string {
  return o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name;
}
