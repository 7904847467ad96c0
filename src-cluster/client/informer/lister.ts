/**
 * Lister: read-only queries against an informer's cache — what a controller's sync(key) uses
 * instead of calling the API server. Returned objects are the cached (deep-frozen) instances:
 * never mutate them; structuredClone first when building an update.
 */
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { ClientObject } from '../types';
import { NAMESPACE_INDEX, type ReadonlyIndexer } from './indexer';
import { keyOf } from './keys';
import { labelSelectorMatches } from './label-selector';

/** Filters for Lister.list. */
export interface ListerQuery<T> {
  /** Only this namespace (uses the namespace index). */
  namespace?: string;
  /** Only objects whose labels match. */
  selector?: LabelSelector;
  /** Any other condition. */
  filter?: (obj: T) => boolean;
}

/** Read-only view of a cache. */
export class Lister<T extends ClientObject> {
  constructor(private readonly indexer: ReadonlyIndexer<T>) {}

  /** One object by namespace and name; pass namespace undefined/"" for cluster-scoped kinds. */
  get(namespace: string | undefined, name: string): T | undefined {
    return this.indexer.get(keyOf(namespace, name));
  }

  /** One object by its cache key ("ns/name" or "name"), as read off a workqueue. */
  getByKey(key: string): T | undefined {
    return this.indexer.get(key);
  }

  /** Objects matching the query, in no particular order. */
  list(query: ListerQuery<T> = {}): T[] {
    const base =
      query.namespace !== undefined
        ? this.indexer.byIndex(NAMESPACE_INDEX, query.namespace)
        : this.indexer.list();
    return base.filter(
      (o) =>
        (!query.selector || labelSelectorMatches(query.selector, o.metadata?.labels)) &&
        (!query.filter || query.filter(o)),
    );
  }

  /** Objects in a custom index (e.g. pods by spec.nodeName). */
  byIndex(indexName: string, value: string): T[] {
    return this.indexer.byIndex(indexName, value);
  }
}
