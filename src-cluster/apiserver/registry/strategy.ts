/**
 * Per-resource policy (upstream's "strategy"): the pure rules that differ between kinds — what a
 * create initialises, what an update may change, how deletion is graceful. The generic Registry holds
 * the mechanism and calls these hooks; one file per resource that needs more than the defaults.
 */
import type { KubeObject } from '../../api/object';
import type { ResourceInfo } from '../../api/resources';

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  orphanDependents?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: string[];
}

export interface StrategyContext {
  /** Milliseconds since the epoch, from the server's Clock. */
  now: number;
}

export interface Strategy {
  /**
   * True when spec changes bump metadata.generation (kinds whose controllers report
   * status.observedGeneration).
   */
  readonly tracksGeneration: boolean;
  /** Initialises server-owned fields on create (e.g. a Pod's status.phase = Pending). */
  prepareForCreate(obj: KubeObject, ctx: StrategyContext): void;
  /**
   * Resets what the request may not change. For the main resource, status is kept from `old`; for
   * /status, everything but status (and labels/annotations where upstream allows) is kept.
   */
  prepareForUpdate(obj: KubeObject, old: KubeObject, subresource: string | undefined): void;
  /**
   * The grace period a delete gets, or 0 to delete at once. Only pods are graceful upstream.
   * `undefined` from options means "use the object's default".
   */
  gracePeriodSeconds(obj: KubeObject, opts: DeleteOptions): number;
  /**
   * Runs after validation, just before the object is stored (allocating cluster IPs, node ports).
   * Returns an undo that the registry calls if storing fails.
   */
  beforeCreate?(obj: KubeObject): Promise<(() => Promise<void>) | void>;
  /** Runs once the object is gone from storage (releasing what beforeCreate allocated). */
  afterDelete?(obj: KubeObject): Promise<void>;
  /** Finalizers the strategy adds on delete (a Namespace's lifecycle). */
  finalizersOnDelete?(obj: KubeObject, ctx: StrategyContext): void;
}

/** The fields a status update may change besides status itself. */
function keepForStatusUpdate(obj: KubeObject, old: KubeObject): void {
  for (const k of Object.keys(obj)) {
    if (k !== 'status' && k !== 'metadata' && k !== 'apiVersion' && k !== 'kind') delete obj[k];
  }
  for (const k of Object.keys(old)) {
    if (k !== 'status' && k !== 'metadata' && k !== 'apiVersion' && k !== 'kind') obj[k] = old[k];
  }
  // Status writers (kubelet, controllers) cannot change labels, annotations or finalizers through
  // /status: metadata is kept wholesale except what the registry manages (resourceVersion).
  obj.metadata = { ...old.metadata, resourceVersion: obj.metadata?.resourceVersion };
}

export class DefaultStrategy implements Strategy {
  readonly tracksGeneration: boolean;
  private readonly hasStatus: boolean;

  constructor(info: ResourceInfo) {
    this.hasStatus = info.subresources.includes('status');
    this.tracksGeneration = ['Deployment', 'ReplicaSet', 'DaemonSet', 'Job', 'Pod'].includes(
      info.kind,
    );
  }

  prepareForCreate(obj: KubeObject, _ctx: StrategyContext): void {
    void obj;
  }

  prepareForUpdate(obj: KubeObject, old: KubeObject, subresource: string | undefined): void {
    if (!this.hasStatus || subresource === 'binding') return;
    if (subresource === 'status') {
      keepForStatusUpdate(obj, old);
    } else if ('status' in old) {
      obj.status = old.status;
    } else {
      delete obj.status;
    }
  }

  gracePeriodSeconds(_obj: KubeObject, _opts: DeleteOptions): number {
    return 0;
  }
}
