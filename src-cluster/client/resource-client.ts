/**
 * Typed CRUD for one resource, optionally scoped to a namespace. Generic over the object type so
 * callers get Pod, Node … back without casts. Methods map one-to-one onto the REST verbs.
 */
import type { ListMeta, Status } from 'kubernetes-types/meta/v1';
import type { ClientObject } from './types';
import type { ApiClient, CallOptions, RawRequest } from './client';
import { apiVersionOf, resourcePath, type ResourceRef } from './paths';
import type { Watch } from './watch';

/** A list response: items plus the snapshot resourceVersion and the continue token. */
export interface ObjectList<T> {
  apiVersion?: string;
  kind?: string;
  metadata: ListMeta;
  items: T[];
}

/** Selectors shared by list, watch and deleteCollection. */
export interface SelectorOptions {
  labelSelector?: string;
  fieldSelector?: string;
}

export interface ListOptions extends SelectorOptions, CallOptions {
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: 'Exact' | 'NotOlderThan';
  timeoutSeconds?: number;
}

export interface WatchOptions extends SelectorOptions, CallOptions {
  /** Events after this version; unset or "0" also sends synthetic ADDED for current objects. */
  resourceVersion?: string;
  allowWatchBookmarks?: boolean;
  timeoutSeconds?: number;
}

export interface WriteOptions extends CallOptions {
  fieldManager?: string;
  /** Validate and admit without persisting. */
  dryRun?: boolean;
}

export interface PatchOptions extends WriteOptions {
  subresource?: string;
  /** Server-side apply only: take ownership of conflicting fields. */
  force?: boolean;
}

export interface DeleteOptions extends CallOptions {
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

/** Patch formats and the Content-Type each travels with. */
export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';
const PATCH_CONTENT_TYPE: Record<PatchType, string> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

/** CRUD, watch and subresources of one resource. Immutable; namespace() returns a new client. */
export class ResourceClient<T extends ClientObject = ClientObject> {
  constructor(
    private readonly client: ApiClient,
    readonly ref: ResourceRef,
    readonly ns: string | undefined,
  ) {}

  /** The same resource scoped to one namespace (ignored for cluster-scoped resources). */
  namespace(ns: string): ResourceClient<T> {
    return new ResourceClient<T>(this.client, this.ref, ns);
  }

  /** GET one object; 404 throws ApiError (isNotFound). */
  async get(name: string, opts: CallOptions & { resourceVersion?: string } = {}): Promise<T> {
    return this.call('get', 'GET', this.one(name), opts, {
      query: { resourceVersion: opts.resourceVersion },
    });
  }

  /** LIST with selectors and pagination; follow metadata.continue for the next page. */
  async list(opts: ListOptions = {}): Promise<ObjectList<T>> {
    return this.call('list', 'GET', this.collection(), opts, {
      query: {
        labelSelector: opts.labelSelector,
        fieldSelector: opts.fieldSelector,
        limit: opts.limit === undefined ? undefined : String(opts.limit),
        continue: opts.continue,
        resourceVersion: opts.resourceVersion,
        resourceVersionMatch: opts.resourceVersionMatch,
        timeoutSeconds: num(opts.timeoutSeconds),
      },
    });
  }

  /** POST a new object; the namespace comes from this client or else from obj.metadata. */
  async create(obj: T, opts: WriteOptions = {}): Promise<T> {
    const ns = this.nsFor(obj);
    return this.call('create', 'POST', { ns, path: resourcePath(this.ref, ns) }, opts, {
      query: writeQuery(opts),
      body: this.withTypeMeta(obj),
    });
  }

  /** PUT the whole object; metadata.resourceVersion makes it a compare-and-swap (409 if stale). */
  async update(obj: T, opts: WriteOptions = {}): Promise<T> {
    return this.put(obj, undefined, opts);
  }

  /** PUT the status subresource: only .status changes, the spec is ignored by the server. */
  async updateStatus(obj: T, opts: WriteOptions = {}): Promise<T> {
    return this.put(obj, 'status', opts);
  }

  /** PATCH with the given format; body is an object/array, or a string sent as-is. */
  async patch(name: string, type: PatchType, body: unknown, opts: PatchOptions = {}): Promise<T> {
    return this.call('patch', 'PATCH', this.one(name, opts.subresource), opts, {
      query: { ...writeQuery(opts), force: opts.force ? 'true' : undefined },
      body,
      contentType: PATCH_CONTENT_TYPE[type],
    });
  }

  /**
   * DELETE one object. Returns what the server answers: the object (graceful deletion, finalizers
   * pending) or a Success Status.
   */
  async delete(name: string, opts: DeleteOptions = {}): Promise<T | Status> {
    return this.call('delete', 'DELETE', this.one(name), opts, { body: deleteBody(opts) });
  }

  /** DELETE every object matching the selectors. */
  async deleteCollection(
    opts: DeleteOptions & SelectorOptions = {},
  ): Promise<ObjectList<T> | Status> {
    return this.call('deletecollection', 'DELETE', this.collection(), opts, {
      query: { labelSelector: opts.labelSelector, fieldSelector: opts.fieldSelector },
      body: deleteBody(opts),
    });
  }

  /** Opens a watch; iterate the result, close() it when done. */
  async watch(opts: WatchOptions = {}): Promise<Watch<T>> {
    const { ns, path } = this.collection();
    return this.client.watch<T>({
      method: 'GET',
      path,
      query: {
        watch: 'true',
        resourceVersion: opts.resourceVersion,
        allowWatchBookmarks: opts.allowWatchBookmarks ? 'true' : undefined,
        labelSelector: opts.labelSelector,
        fieldSelector: opts.fieldSelector,
        timeoutSeconds: num(opts.timeoutSeconds),
      },
      causalId: opts.causalId,
      signal: opts.signal,
      meta: { verb: 'watch', resource: this.ref.resource, namespace: ns },
    });
  }

  /** GET a subresource (scale, status …). */
  async getSubresource<R = unknown>(name: string, sub: string, opts: CallOptions = {}): Promise<R> {
    return this.call('get', 'GET', this.one(name, sub), opts, {});
  }

  /** POST to a subresource (binding, eviction). */
  async createSubresource<R = unknown>(
    name: string,
    sub: string,
    body: unknown,
    opts: WriteOptions = {},
  ): Promise<R> {
    return this.call('create', 'POST', this.one(name, sub), opts, {
      query: writeQuery(opts),
      body,
    });
  }

  /** PUT a subresource (scale, status). */
  async updateSubresource<R = unknown>(
    name: string,
    sub: string,
    body: unknown,
    opts: WriteOptions = {},
  ): Promise<R> {
    return this.call('update', 'PUT', this.one(name, sub), opts, {
      query: writeQuery(opts),
      body,
    });
  }

  private async put(obj: T, sub: string | undefined, opts: WriteOptions): Promise<T> {
    const name = obj.metadata?.name;
    if (!name) throw new Error(`${this.ref.resource}: update needs metadata.name`);
    const ns = this.nsFor(obj);
    return this.call(
      'update',
      'PUT',
      { ns, name, sub, path: resourcePath(this.ref, ns, name, sub) },
      opts,
      {
        query: writeQuery(opts),
        body: this.withTypeMeta(obj),
      },
    );
  }

  private call<R>(
    verb: string,
    method: RawRequest['method'],
    at: { ns?: string; path: string; name?: string; sub?: string },
    opts: CallOptions,
    rest: Pick<RawRequest, 'query' | 'body' | 'contentType'>,
  ): Promise<R> {
    return this.client.request<R>({
      method,
      path: at.path,
      ...rest,
      causalId: opts.causalId,
      signal: opts.signal,
      meta: {
        verb,
        resource: this.ref.resource,
        subresource: at.sub,
        namespace: at.ns,
        name: at.name,
      },
    });
  }

  private one(name: string, sub?: string) {
    const ns = this.requireNs();
    return { ns, name, sub, path: resourcePath(this.ref, ns, name, sub) };
  }

  private collection() {
    const ns = this.ref.namespaced ? this.ns : undefined;
    return { ns, path: resourcePath(this.ref, ns) };
  }

  private requireNs(): string | undefined {
    if (!this.ref.namespaced) return undefined;
    if (!this.ns) throw new Error(`${this.ref.resource} are namespaced: call .namespace(ns) first`);
    return this.ns;
  }

  private nsFor(obj: T): string | undefined {
    if (!this.ref.namespaced) return undefined;
    const ns = this.ns ?? obj.metadata?.namespace;
    if (!ns) throw new Error(`${this.ref.resource} are namespaced: no namespace given`);
    return ns;
  }

  /** Servers require apiVersion/kind on writes; fill them in when the caller left them out. */
  private withTypeMeta(obj: T): T {
    if (obj.apiVersion && obj.kind) return obj;
    if (!this.ref.kind) return obj;
    return { apiVersion: apiVersionOf(this.ref), kind: this.ref.kind, ...obj };
  }
}

function num(n: number | undefined): string | undefined {
  return n === undefined ? undefined : String(n);
}

function writeQuery(opts: WriteOptions): Record<string, string | undefined> {
  return { fieldManager: opts.fieldManager, dryRun: opts.dryRun ? 'All' : undefined };
}

function deleteBody(opts: DeleteOptions) {
  const body = {
    kind: 'DeleteOptions',
    apiVersion: 'v1',
    propagationPolicy: opts.propagationPolicy,
    gracePeriodSeconds: opts.gracePeriodSeconds,
    preconditions: opts.preconditions,
    dryRun: opts.dryRun ? ['All'] : undefined,
  };
  return body;
}
