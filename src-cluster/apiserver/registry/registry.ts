/**
 * The generic registry: CRUD for one resource over the Store (upstream's genericregistry.Store).
 * Policy lives in the resource's Strategy; this file is mechanism — keys, optimistic concurrency,
 * the guaranteed-update retry loop, graceful deletion and finalizers, defaults and validation.
 */
import type { KubeObject, StoredObject } from '../../api/object';
import { groupVersion, type ResourceInfo } from '../../api/resources';
import { applyDefaults } from '../../api/defaults';
import { validateObject } from '../../api/validation';
import { pruneUnknownTopLevel } from '../../api/top-level-fields';
import type { Clock } from '../../../src-shared/util/clock';
import type { Store } from '../../store/store';
import { KeyExistsError } from '../../store/store';
import { alreadyExists, badRequest, conflict, invalid, notFound, type Qualified } from '../status';
import {
  decodeFromStorage,
  encodeForStorage,
  generateName,
  jsonEqual,
  newUid,
  specPart,
  timestamp,
  deepClone,
} from './object-meta';
import type { DeleteOptions, Strategy } from './strategy';

/** Converts between the version a client speaks and the stored one (events.k8s.io ⇄ core/v1). */
export interface Codec {
  toStorage(obj: KubeObject): KubeObject;
  fromStorage(obj: StoredObject): StoredObject;
}

export interface RegistryDeps {
  store: Store;
  clock: Clock;
  /** Mutating admission on create, after defaults and before validation. */
  mutateCreate?: (info: ResourceInfo, obj: KubeObject) => void;
  /** Asked before every create in a namespace (NamespaceLifecycle admission). */
  admitCreate?: (
    info: ResourceInfo,
    namespace: string | undefined,
    obj: KubeObject,
  ) => Promise<void>;
}

export interface WriteOptions {
  dryRun?: boolean;
}

export interface DeleteResult {
  /** The object as it was deleted, or as it now is when deletion is pending. */
  object: StoredObject;
  /** True when the object is gone from storage; false while grace or finalizers hold it. */
  deleted: boolean;
}

const MAX_UPDATE_RETRIES = 50;

export class Registry {
  readonly qualified: Qualified;
  private readonly leaseTtl: number | undefined;
  private leaseId = 0;
  private leaseGrantedAt = 0;

  constructor(
    readonly info: ResourceInfo,
    readonly strategy: Strategy,
    private readonly deps: RegistryDeps,
    readonly codec?: Codec,
    /** The stored form's resource when it differs (events.k8s.io Events are stored as core/v1). */
    private readonly storageInfo: ResourceInfo = info,
  ) {
    this.qualified = { group: info.group, resource: info.resource };
    this.watchSource = deps.store;
    this.leaseTtl = info.ttlSeconds;
  }

  get store(): Store {
    return this.deps.store;
  }

  /** Where watches come from: the shared watch cache when the server set one, else the store. */
  watchSource: Pick<Store, 'watch'>;

  key(namespace: string | undefined, name: string): string {
    return this.info.namespaced
      ? `${this.info.storagePrefix}/${namespace}/${name}`
      : `${this.info.storagePrefix}/${name}`;
  }

  /** The prefix that lists one namespace, or all of them when namespace is undefined. */
  prefix(namespace: string | undefined): string {
    return this.info.namespaced && namespace
      ? `${this.info.storagePrefix}/${namespace}/`
      : `${this.info.storagePrefix}/`;
  }

  /** Stored form → the form this registry's clients speak. */
  present(obj: StoredObject): StoredObject {
    const out = this.codec ? this.codec.fromStorage(obj) : obj;
    out.apiVersion = groupVersion(this.info);
    out.kind = this.info.kind;
    return out;
  }

  async get(namespace: string | undefined, name: string): Promise<StoredObject> {
    const { kv } = await this.deps.store.get(this.key(namespace, name));
    if (!kv) throw notFound(this.qualified, name);
    return this.present(decodeFromStorage(kv));
  }

  /** Reads the stored (internal) form, or null. */
  private async getStored(namespace: string | undefined, name: string) {
    const { kv } = await this.deps.store.get(this.key(namespace, name));
    return kv ? { obj: decodeFromStorage(kv), rev: kv.modRevision } : null;
  }

  private checkTypeMeta(obj: KubeObject): void {
    const gv = groupVersion(this.info);
    if (obj.apiVersion !== undefined && obj.apiVersion !== gv) {
      throw badRequest(
        `the API version in the data (${String(obj.apiVersion)}) does not match the expected API version (${gv})`,
      );
    }
    if (obj.kind !== undefined && obj.kind !== this.info.kind) {
      throw badRequest(
        `the kind in the data (${String(obj.kind)}) does not match the expected kind (${this.info.kind})`,
      );
    }
    if (obj.metadata !== undefined && (typeof obj.metadata !== 'object' || obj.metadata === null)) {
      throw badRequest('metadata must be an object');
    }
  }

  private checkNamespace(namespace: string | undefined, obj: KubeObject): void {
    if (!this.info.namespaced) return;
    const meta = (obj.metadata ??= {});
    if (meta.namespace === undefined || meta.namespace === '') meta.namespace = namespace;
    else if (namespace !== undefined && meta.namespace !== namespace) {
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
  }

  private validate(obj: KubeObject, old?: KubeObject, subresource?: string): void {
    const causes = validateObject(this.storageInfo, obj, old, subresource);
    if (causes.length > 0) {
      const name = obj.metadata?.name ?? obj.metadata?.generateName ?? '';
      throw invalid(this.info.group, this.info.kind, name, causes);
    }
  }

  private async lease(): Promise<number | undefined> {
    if (!this.leaseTtl) return undefined;
    // One lease per TTL window, like upstream's lease reuse: events written within a minute
    // share a lease instead of creating one each.
    const now = this.deps.clock.now();
    if (!this.leaseId || now - this.leaseGrantedAt > 60_000) {
      this.leaseId = await this.deps.store.grantLease(this.leaseTtl + 60);
      this.leaseGrantedAt = now;
    }
    return this.leaseId;
  }

  async create(
    namespace: string | undefined,
    input: KubeObject,
    opts: WriteOptions = {},
  ): Promise<StoredObject> {
    this.checkTypeMeta(input);
    let obj = deepClone(input);
    pruneUnknownTopLevel(this.info.group, this.info.kind, obj);
    if (this.codec) obj = this.codec.toStorage(obj);
    this.checkNamespace(namespace, obj);
    const meta = (obj.metadata ??= {});
    if (!meta.name && meta.generateName) meta.name = generateName(meta.generateName);
    if (!this.info.namespaced) delete meta.namespace;
    // Server-owned fields: whatever the client sent is replaced.
    meta.uid = newUid();
    meta.creationTimestamp = timestamp(this.deps.clock.now());
    delete meta.resourceVersion;
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    delete (meta as { selfLink?: string }).selfLink;
    if (this.strategy.tracksGeneration) meta.generation = 1;
    else delete meta.generation;
    this.strategy.prepareForCreate(obj, { now: this.deps.clock.now() });
    applyDefaults(this.storageInfo, obj);
    this.deps.mutateCreate?.(this.storageInfo, obj);
    this.validate(obj);
    await this.deps.admitCreate?.(this.info, meta.namespace, obj);
    obj.apiVersion = this.codec ? obj.apiVersion : groupVersion(this.info);
    obj.kind = this.codec ? obj.kind : this.info.kind;
    if (opts.dryRun) return this.present({ ...obj, metadata: { ...meta } } as StoredObject);
    const lease = await this.lease();
    // An existing name is refused before anything is allocated for the new object.
    if ((await this.deps.store.get(this.key(meta.namespace, meta.name!))).kv) {
      throw alreadyExists(this.qualified, meta.name!);
    }
    const undo = await this.strategy.beforeCreate?.(obj);
    try {
      const kv = await this.deps.store.create(
        this.key(meta.namespace, meta.name!),
        encodeForStorage(obj),
        lease ? { lease } : {},
      );
      return this.present(decodeFromStorage(kv));
    } catch (err) {
      if (undo) await undo();
      if (err instanceof KeyExistsError) throw alreadyExists(this.qualified, meta.name!);
      throw err;
    }
  }

  /**
   * Read-modify-write with optimistic concurrency (upstream GuaranteedUpdate): `tryUpdate` gets a
   * private copy of the current object and returns the new one. On a lost compare-and-swap the loop
   * re-reads and calls tryUpdate again — unless the caller pinned a resourceVersion, in which case a
   * mismatch is a 409 Conflict.
   */
  async guaranteedUpdate(
    namespace: string | undefined,
    name: string,
    tryUpdate: (current: StoredObject) => KubeObject | Promise<KubeObject>,
    opts: WriteOptions & { subresource?: string; preconditionRV?: string } = {},
  ): Promise<StoredObject> {
    for (let attempt = 0; attempt < MAX_UPDATE_RETRIES; attempt++) {
      const cur = await this.getStored(namespace, name);
      if (!cur) throw notFound(this.qualified, name);
      if (opts.preconditionRV && opts.preconditionRV !== String(cur.rev)) {
        throw conflict(this.qualified, name);
      }
      const external = this.present(deepClone(cur.obj));
      let next = deepClone(await tryUpdate(external));
      this.checkTypeMeta(next);
      pruneUnknownTopLevel(this.info.group, this.info.kind, next);
      if (this.codec) next = this.codec.toStorage(next);
      const old = cur.obj;
      this.prepareUpdate(next, old, opts.subresource);
      // Defaults apply to every write, status included (a Node's allocatable comes from its
      // capacity when the kubelet's status omits it), but not to the server's own binding.
      if (opts.subresource !== 'binding') applyDefaults(this.storageInfo, next);
      // pods/binding is the server's own write of spec.nodeName (checked in bindPod); everything
      // else is validated as an update of the main resource or of its status.
      if (opts.subresource !== 'binding') {
        this.validate(next, old, opts.subresource === 'scale' ? undefined : opts.subresource);
      }
      if (opts.dryRun) return this.present(next as StoredObject);
      if (this.deletionComplete(next as StoredObject)) {
        const del = await this.deps.store.delete(this.key(namespace, name), cur.rev);
        if (!del.succeeded) continue;
        const gone = decodeFromStorage(del.prev);
        gone.metadata.resourceVersion = String(del.revision);
        await this.strategy.afterDelete?.(gone);
        return this.present(gone);
      }
      // A no-op update writes nothing and keeps the resourceVersion (as upstream does).
      if (jsonEqual(withoutRV(next), withoutRV(old))) return this.present(deepClone(old));
      const res = await this.deps.store.update(
        this.key(namespace, name),
        encodeForStorage(next),
        cur.rev,
        this.leaseTtl ? { lease: (await this.lease())! } : {},
      );
      if (res.succeeded) return this.present(decodeFromStorage(res.kv));
      if (!res.current) throw notFound(this.qualified, name);
      if (opts.preconditionRV) throw conflict(this.qualified, name);
    }
    throw conflict(this.qualified, name, 'too many concurrent writers; try again');
  }

  /** Carries over server-owned metadata and applies the strategy's update rules. */
  private prepareUpdate(next: KubeObject, old: StoredObject, subresource: string | undefined) {
    const meta = (next.metadata ??= {});
    if (meta.name !== undefined && meta.name !== old.metadata.name) {
      throw badRequest(
        `the name of the object (${meta.name}) does not match the name on the URL (${old.metadata.name})`,
      );
    }
    meta.name = old.metadata.name;
    if (this.info.namespaced) {
      if (meta.namespace !== undefined && meta.namespace !== old.metadata.namespace) {
        throw badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      }
      meta.namespace = old.metadata.namespace;
    }
    meta.uid = old.metadata.uid;
    meta.creationTimestamp = old.metadata.creationTimestamp;
    if (old.metadata.generation !== undefined) meta.generation = old.metadata.generation;
    else delete meta.generation;
    // deletionTimestamp/grace are set only by DELETE; once set they are immutable.
    if (old.metadata.deletionTimestamp) {
      meta.deletionTimestamp = old.metadata.deletionTimestamp;
      meta.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
      const added = (meta.finalizers ?? []).filter(
        (f) => !(old.metadata.finalizers ?? []).includes(f),
      );
      if (added.length > 0) {
        throw invalid(this.info.group, this.info.kind, old.metadata.name!, [
          {
            reason: 'FieldValueForbidden',
            message: `Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((f) => JSON.stringify(f)).join(', ')}}`,
            field: 'metadata.finalizers',
          },
        ]);
      }
    } else {
      delete meta.deletionTimestamp;
      delete meta.deletionGracePeriodSeconds;
    }
    this.strategy.prepareForUpdate(next, old, subresource);
    if (this.strategy.tracksGeneration && !jsonEqual(specPart(next), specPart(old))) {
      next.metadata!.generation = (old.metadata.generation ?? 0) + 1;
    }
    next.apiVersion = old.apiVersion;
    next.kind = old.kind;
  }

  /** An object marked for deletion whose last finalizer went and whose grace has run out. */
  private deletionComplete(obj: StoredObject): boolean {
    const m = obj.metadata;
    if (!m.deletionTimestamp) return false;
    if ((m.finalizers?.length ?? 0) > 0) return false;
    if (
      this.info.kind === 'Namespace' &&
      ((obj.spec as { finalizers?: string[] })?.finalizers?.length ?? 0) > 0
    ) {
      return false;
    }
    return (m.deletionGracePeriodSeconds ?? 0) === 0;
  }

  /** PUT: replaces the object. An empty resourceVersion is an unconditional update. */
  async update(
    namespace: string | undefined,
    name: string,
    input: KubeObject,
    opts: WriteOptions & { subresource?: string } = {},
  ): Promise<StoredObject> {
    this.checkTypeMeta(input);
    if (input.metadata?.name !== undefined && input.metadata.name !== name) {
      throw badRequest(
        `the name of the object (${input.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    const rv = input.metadata?.resourceVersion;
    return this.guaranteedUpdate(namespace, name, () => deepClone(input), {
      ...opts,
      ...(rv ? { preconditionRV: rv } : {}),
    });
  }

  async delete(
    namespace: string | undefined,
    name: string,
    opts: DeleteOptions = {},
  ): Promise<DeleteResult> {
    for (let attempt = 0; attempt < MAX_UPDATE_RETRIES; attempt++) {
      const cur = await this.getStored(namespace, name);
      if (!cur) throw notFound(this.qualified, name);
      const obj = cur.obj;
      this.checkPreconditions(obj, cur.rev, opts);
      const dry = opts.dryRun?.includes('All') ?? false;
      const now = this.deps.clock.now();
      const marked = this.markForDeletion(deepClone(obj), opts, now);
      if (marked === 'delete-now') {
        if (dry) return { object: this.present(obj), deleted: true };
        const res = await this.deps.store.delete(this.key(namespace, name), cur.rev);
        if (!res.succeeded) continue;
        const gone = decodeFromStorage(res.prev);
        gone.metadata.resourceVersion = String(res.revision);
        await this.strategy.afterDelete?.(gone);
        return { object: this.present(gone), deleted: true };
      }
      if (marked === 'unchanged') return { object: this.present(obj), deleted: false };
      if (dry) return { object: this.present(marked), deleted: false };
      const res = await this.deps.store.update(
        this.key(namespace, name),
        encodeForStorage(marked),
        cur.rev,
      );
      if (!res.succeeded) continue;
      return { object: this.present(decodeFromStorage(res.kv)), deleted: false };
    }
    throw conflict(this.qualified, name, 'too many concurrent writers; try again');
  }

  private checkPreconditions(obj: StoredObject, rev: number, opts: DeleteOptions): void {
    const p = opts.preconditions;
    if (p?.uid && p.uid !== obj.metadata.uid) {
      throw conflict(
        this.qualified,
        obj.metadata.name!,
        `Precondition failed: UID in precondition: ${p.uid}, UID in object meta: ${obj.metadata.uid}`,
      );
    }
    if (p?.resourceVersion && p.resourceVersion !== String(rev)) {
      throw conflict(
        this.qualified,
        obj.metadata.name!,
        `Precondition failed: ResourceVersion in precondition: ${p.resourceVersion}, ResourceVersion in object meta: ${rev}`,
      );
    }
  }

  /**
   * Decides what a DELETE does (k8s-internals §2.5): remove now, or set deletionTimestamp and keep
   * the object while a grace period or finalizers hold it. Returns the object to write back.
   */
  private markForDeletion(
    obj: StoredObject,
    opts: DeleteOptions,
    now: number,
  ): StoredObject | 'delete-now' | 'unchanged' {
    const meta = obj.metadata;
    const finalizers = new Set(meta.finalizers ?? []);
    const policy =
      opts.propagationPolicy ?? (opts.orphanDependents === true ? 'Orphan' : undefined);
    const alreadyDeleting = !!meta.deletionTimestamp;
    if (!alreadyDeleting) {
      if (policy === 'Orphan') finalizers.add('orphan');
      if (policy === 'Foreground') finalizers.add('foregroundDeletion');
    }
    const grace = this.strategy.gracePeriodSeconds(obj, opts);
    const nsHeld =
      this.info.kind === 'Namespace' &&
      ((obj.spec as { finalizers?: string[] } | undefined)?.finalizers?.length ?? 0) > 0;

    if (alreadyDeleting) {
      // A repeat delete may shorten the grace period, never lengthen it.
      const curGrace = meta.deletionGracePeriodSeconds ?? 0;
      if (grace < curGrace) {
        meta.deletionGracePeriodSeconds = grace;
        meta.deletionTimestamp = timestamp(now + grace * 1000);
        if (grace === 0 && finalizers.size === 0 && !nsHeld) return 'delete-now';
        return obj;
      }
      return 'unchanged';
    }
    if (grace === 0 && finalizers.size === 0 && !nsHeld) return 'delete-now';
    meta.deletionTimestamp = timestamp(now + grace * 1000);
    meta.deletionGracePeriodSeconds = grace;
    if (finalizers.size > 0) meta.finalizers = [...finalizers];
    this.strategy.finalizersOnDelete?.(obj, { now });
    return obj;
  }
}

function withoutRV(obj: KubeObject): KubeObject {
  const meta = { ...(obj.metadata ?? {}) };
  delete meta.resourceVersion;
  return { ...obj, metadata: meta };
}
