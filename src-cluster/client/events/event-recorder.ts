/**
 * Records core/v1 Events about objects, as client-go's EventRecorder does: one Event per
 * (object, type, reason, message, source); a repeat within the cache bumps count and lastTimestamp
 * instead of creating another. Recording never throws and never blocks the caller: events are
 * observations, and losing one must not break the controller that emitted it.
 */
import type { Event, ObjectReference } from 'kubernetes-types/core/v1';
import type { Clock } from '../../../src-shared/util/clock';
import { realClock } from '../../../src-shared/util/clock';
import { RESOURCES } from '../../api/resources';
import type { ApiClient } from '../client';
import type { ClientObject } from '../types';

const EVENTS = RESOURCES.find((r) => r.resource === 'events' && r.group === '')!;

export type EventType = 'Normal' | 'Warning';

export interface EventSource {
  /** "default-scheduler", "replicaset-controller", "kubelet", … */
  component: string;
  /** The node, for kubelet events. */
  host?: string;
}

interface Seen {
  name: string;
  namespace: string;
  count: number;
}

function timestamp(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** A reference to obj as an Event's involvedObject. */
export function referenceTo(obj: ClientObject, fieldPath?: string): ObjectReference {
  return {
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    name: obj.metadata?.name,
    namespace: obj.metadata?.namespace,
    uid: obj.metadata?.uid,
    resourceVersion: obj.metadata?.resourceVersion,
    ...(fieldPath ? { fieldPath } : {}),
  };
}

export class EventRecorder {
  private readonly seen = new Map<string, Seen>();
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly client: ApiClient,
    private readonly source: EventSource,
    private readonly clock: Clock = realClock,
    /** Where failures go (a logger); events are best-effort. */
    private readonly onError: (err: unknown) => void = () => {},
  ) {}

  /** Records an event; returns at once. `flush()` waits for everything recorded so far. */
  event(ref: ObjectReference, type: EventType, reason: string, message: string): void {
    this.chain = this.chain.then(() => this.write(ref, type, reason, message)).catch(this.onError);
  }

  flush(): Promise<void> {
    return this.chain;
  }

  private async write(ref: ObjectReference, type: EventType, reason: string, message: string) {
    const namespace = ref.namespace || 'default';
    const key = [
      ref.uid ?? `${ref.kind}/${namespace}/${ref.name}`,
      ref.fieldPath ?? '',
      type,
      reason,
      message,
    ].join('\u0000');
    const now = timestamp(this.clock.now());
    const events = this.client.resource<Event>(EVENTS).namespace(namespace);
    const prev = this.seen.get(key);
    if (prev) {
      try {
        await events.patch(prev.name, 'merge', { count: prev.count + 1, lastTimestamp: now });
        prev.count++;
        return;
      } catch {
        this.seen.delete(key); // expired (TTL) or deleted: create a fresh one
      }
    }
    const name = `${ref.name}.${this.clock.now().toString(16)}${Math.floor(Math.random() * 0xfff).toString(16)}`;
    await events.create({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: ref,
      reason,
      message,
      type,
      source: {
        component: this.source.component,
        ...(this.source.host ? { host: this.source.host } : {}),
      },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      reportingComponent: this.source.component,
      reportingInstance: this.source.host ?? '',
    } as Event);
    this.seen.set(key, { name, namespace, count: 1 });
    if (this.seen.size > 4096) this.seen.delete(this.seen.keys().next().value!);
  }
}
