/**
 * The informer's local cache: objects by key, plus secondary indexes (by namespace, by
 * spec.nodeName …) kept up to date on every change so lookups never scan the whole cache.
 * Single-threaded JS means no locks; the only writer is the informer feeding it.
 */
import type { ClientObject } from '../types';
import { objectKey } from './keys';

/** Computes the index values of an object ([] = not indexed). */
export type IndexFunc<T> = (obj: T) => string[];

/** Name of the built-in index by metadata.namespace. */
export const NAMESPACE_INDEX = 'namespace';

/** Index function for metadata.namespace. */
export function namespaceIndexFunc(obj: ClientObject): string[] {
  return obj.metadata?.namespace ? [obj.metadata.namespace] : [];
}

/**
 * Index function for a dotted field path holding a string, e.g. fieldIndexFunc('spec.nodeName')
 * indexes pods by node. Empty and missing values are not indexed.
 */
export function fieldIndexFunc(fieldPath: string): IndexFunc<ClientObject> {
  const parts = fieldPath.split('.');
  return (obj) => {
    let v: unknown = obj;
    for (const p of parts)
      v = v && typeof v === 'object' ? (v as Record<string, unknown>)[p] : undefined;
    return typeof v === 'string' && v !== '' ? [v] : [];
  };
}

/** Read side of the cache, as listers and controllers see it. */
export interface ReadonlyIndexer<T> {
  get(key: string): T | undefined;
  list(): T[];
  listKeys(): string[];
  /** Objects whose index `indexName` contains `value`. Throws for an unknown index. */
  byIndex(indexName: string, value: string): T[];
  /** Keys of the objects byIndex would return. */
  indexKeys(indexName: string, value: string): string[];
  /** Names of the registered indexes. */
  indexNames(): string[];
  readonly size: number;
}

/** A keyed object store with secondary indexes. */
export class Indexer<T extends ClientObject> implements ReadonlyIndexer<T> {
  private readonly items = new Map<string, T>();
  private readonly indexFuncs = new Map<string, IndexFunc<T>>();
  /** index name → index value → keys */
  private readonly indices = new Map<string, Map<string, Set<string>>>();

  constructor(indexers: Record<string, IndexFunc<T>> = {}) {
    this.addIndexers(indexers);
  }

  /** Registers more indexes; existing objects are indexed immediately. */
  addIndexers(indexers: Record<string, IndexFunc<T>>): void {
    for (const [name, fn] of Object.entries(indexers)) {
      if (this.indexFuncs.has(name)) throw new Error(`index "${name}" already exists`);
      this.indexFuncs.set(name, fn);
      this.indices.set(name, new Map());
      for (const [key, obj] of this.items) this.indexOne(name, fn, key, obj);
    }
  }

  get size(): number {
    return this.items.size;
  }

  get(key: string): T | undefined {
    return this.items.get(key);
  }

  list(): T[] {
    return [...this.items.values()];
  }

  listKeys(): string[] {
    return [...this.items.keys()];
  }

  indexNames(): string[] {
    return [...this.indexFuncs.keys()];
  }

  /** Inserts or replaces an object; returns the previous one. */
  upsert(obj: T): T | undefined {
    const key = objectKey(obj);
    const old = this.items.get(key);
    if (old) this.unindex(key, old);
    this.items.set(key, obj);
    for (const [name, fn] of this.indexFuncs) this.indexOne(name, fn, key, obj);
    return old;
  }

  /** Removes the object stored under key; returns it. */
  remove(key: string): T | undefined {
    const old = this.items.get(key);
    if (!old) return undefined;
    this.unindex(key, old);
    this.items.delete(key);
    return old;
  }

  byIndex(indexName: string, value: string): T[] {
    return this.indexKeys(indexName, value).map((k) => this.items.get(k) as T);
  }

  indexKeys(indexName: string, value: string): string[] {
    const index = this.indices.get(indexName);
    if (!index) throw new Error(`index "${indexName}" does not exist`);
    return [...(index.get(value) ?? [])];
  }

  private indexOne(name: string, fn: IndexFunc<T>, key: string, obj: T): void {
    const index = this.indices.get(name) as Map<string, Set<string>>;
    for (const v of fn(obj)) {
      let keys = index.get(v);
      if (!keys) index.set(v, (keys = new Set()));
      keys.add(key);
    }
  }

  private unindex(key: string, obj: T): void {
    for (const [name, fn] of this.indexFuncs) {
      const index = this.indices.get(name) as Map<string, Set<string>>;
      for (const v of fn(obj)) {
        const keys = index.get(v);
        if (!keys) continue;
        keys.delete(key);
        if (keys.size === 0) index.delete(v);
      }
    }
  }
}
