/**
 * SharedInformerFactory: hands out one informer per (resource, namespace, selectors), so every
 * controller in a process that watches pods shares one list, one watch and one cache.
 * Like client-go's factory: ask for informers first, then start(); start() again later picks up
 * informers requested since.
 */
import type { ClientObject } from '../types';
import type { Clock } from '../../../src-shared/util/clock';
import type { ApiClient } from '../client';
import type { ResourceRef } from '../paths';
import type { IndexFunc } from './indexer';
import { SharedInformer } from './shared-informer';

/** Per-informer choices; part of the sharing key except indexers, which are merged. */
export interface InformerRequest<T> {
  /** Watch only this namespace (default: the factory's, else all). */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  indexers?: Record<string, IndexFunc<T>>;
}

export interface SharedInformerFactoryOptions {
  clock?: Clock;
  /** Default namespace for every informer; unset = all namespaces. */
  namespace?: string;
  onError?: (resource: string, err: unknown) => void;
  /** Passed to each reflector (tests shorten backoffs). */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  pageSize?: number;
}

/** Builds and runs shared informers for one API client. */
export class SharedInformerFactory {
  private readonly informers = new Map<string, SharedInformer<ClientObject>>();
  private readonly started = new Set<string>();
  private readonly runs: Promise<void>[] = [];

  constructor(
    private readonly client: ApiClient,
    private readonly opts: SharedInformerFactoryOptions = {},
  ) {}

  /** The shared informer for a resource; created on first request. */
  informerFor<T extends ClientObject>(
    ref: ResourceRef,
    req: InformerRequest<T> = {},
  ): SharedInformer<T> {
    const ns = ref.namespaced ? (req.namespace ?? this.opts.namespace) : undefined;
    const key = [
      ref.group,
      ref.version,
      ref.resource,
      ns ?? '',
      req.labelSelector ?? '',
      req.fieldSelector ?? '',
    ].join('|');
    let inf = this.informers.get(key) as SharedInformer<T> | undefined;
    if (!inf) {
      const rc = this.client.resource<T>(ref);
      const lw = ns ? rc.namespace(ns) : rc;
      const name = ref.group ? `${ref.resource}.${ref.group}` : ref.resource;
      inf = new SharedInformer<T>(lw, {
        labelSelector: req.labelSelector,
        fieldSelector: req.fieldSelector,
        clock: this.opts.clock,
        initialBackoffMs: this.opts.initialBackoffMs,
        maxBackoffMs: this.opts.maxBackoffMs,
        pageSize: this.opts.pageSize,
        name,
        onError: (err) => this.opts.onError?.(name, err),
      });
      this.informers.set(key, inf as unknown as SharedInformer<ClientObject>);
    }
    if (req.indexers) {
      // Another caller may have registered the same index name already: keep the first.
      const have = new Set(inf.getIndexer().indexNames());
      const fresh = Object.entries(req.indexers).filter(([n]) => !have.has(n));
      if (fresh.length) inf.addIndexers(Object.fromEntries(fresh));
    }
    return inf;
  }

  /** Runs every informer not yet started, until signal aborts. */
  start(signal: AbortSignal): void {
    for (const [key, inf] of this.informers) {
      if (this.started.has(key)) continue;
      this.started.add(key);
      this.runs.push(inf.run(signal));
    }
  }

  /** Resolves true when every started informer has synced, false if signal aborts first. */
  async waitForCacheSync(signal?: AbortSignal): Promise<boolean> {
    const waits = [...this.started].map((k) => this.informers.get(k)!.waitForSync(signal));
    return (await Promise.all(waits)).every(Boolean);
  }

  /** Resolves when every started informer has stopped (after the start signal aborted). */
  async shutdown(): Promise<void> {
    await Promise.all(this.runs);
  }
}
