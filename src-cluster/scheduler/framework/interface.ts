/**
 * The scheduler framework's seam: the extension points a plugin can implement and the contract of
 * each. A scheduling cycle for one pod runs, in order:
 *
 *   PreFilter → Filter (per node) → PostFilter (only if no node fits) → PreScore →
 *   Score (per feasible node) → NormalizeScore → weighted sum → pick the best node →
 *   Reserve → [binding cycle, asynchronous] Bind
 *
 * Everything up to Reserve is synchronous and runs against the scheduler cache as it is at that
 * moment: informer updates cannot interleave with it, so the cache *is* the cycle's snapshot.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import type { LabelSelector } from '../../api/selectors';
import type { ApiClient } from '../../client';
import type { CycleState } from './cycle-state';
import type { NodeInfo } from './node-info';
import type { PodInfo } from './pod-info';
import type { Status } from './status';

/** Highest and lowest score a Score plugin may return (after NormalizeScore). */
export const MAX_NODE_SCORE = 100;
export const MIN_NODE_SCORE = 0;

/**
 * Cluster changes that can make a rejected pod schedulable. A plugin that rejected a pod lists the
 * events that might change its mind; the queue moves the pod back to active only on those.
 */
export type ClusterEvent =
  'NodeAdd' | 'NodeUpdate' | 'AssignedPodAdd' | 'AssignedPodUpdate' | 'AssignedPodDelete';

export interface Plugin {
  /** The name used in the registry, in weights and in the reasons users see. */
  readonly name: string;
  /** Events after which a pod this plugin rejected is worth retrying (EnqueueExtensions). */
  events?(): ClusterEvent[];
}

export interface PreFilterPlugin extends Plugin {
  /**
   * Called once per cycle before any Filter. Computes per-pod state into CycleState. Returning a
   * rejection fails the pod on every node with this status (the message then names no nodes);
   * returning Skip means this plugin's Filter is not called for this pod.
   */
  preFilter(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Status;
}

export interface FilterPlugin extends Plugin {
  /**
   * Can the pod run on this node? Use the given NodeInfo (it may be a what-if copy during
   * preemption), never look the node up yourself. Must not change anything. Reasons are the
   * user-visible strings counted in FailedScheduling.
   */
  filter(state: CycleState, pod: PodInfo, node: NodeInfo): Status;
}

/** What PostFilter achieved: a node the pod may land on once victims are gone. */
export interface PostFilterResult {
  nominatedNodeName?: string;
  /** Pods to evict so the pod fits on nominatedNodeName. */
  victims?: PodInfo[];
}

export interface PostFilterPlugin extends Plugin {
  /**
   * Called only when no node passed Filter, with every node's rejection. May find a way to make
   * room (preemption). The status message is appended to the FailedScheduling message.
   */
  postFilter(
    state: CycleState,
    pod: PodInfo,
    rejected: ReadonlyMap<string, Status>,
  ): { result?: PostFilterResult; status: Status };
}

export interface PreScorePlugin extends Plugin {
  /** Called once with the feasible nodes before scoring. Skip = do not call Score for this pod. */
  preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Status;
}

export interface NodeScore {
  name: string;
  score: number;
}

export interface ScorePlugin extends Plugin {
  /**
   * A raw score for one feasible node. Without normalizeScore it must be within
   * [MIN_NODE_SCORE, MAX_NODE_SCORE]; with it, any number normalizeScore maps into that range.
   */
  score(state: CycleState, pod: PodInfo, node: NodeInfo): number;
  /** Rescales all nodes' raw scores in place into [0, 100] (e.g. fewest taints = 100). */
  normalizeScore?(state: CycleState, pod: PodInfo, scores: NodeScore[]): void;
}

export interface ReservePlugin extends Plugin {
  /** The pod was assumed on nodeName. A failure undoes the assumption and retries the pod. */
  reserve(state: CycleState, pod: PodInfo, nodeName: string): Status;
  /** Undo reserve (binding failed, or a later Reserve plugin failed). Must be idempotent. */
  unreserve(state: CycleState, pod: PodInfo, nodeName: string): void;
}

export interface BindPlugin extends Plugin {
  /**
   * Makes the placement real (POST pods/<name>/binding). Skip = "not mine, ask the next binder".
   * Runs in the binding cycle, concurrently with the next pods' scheduling cycles.
   */
  bind(state: CycleState, pod: PodInfo, nodeName: string): Promise<Status>;
}

/** Read-only view of the nodes for plugins that look across nodes (spread, affinity, images). */
export interface Snapshot {
  /** Every node, in a stable order. */
  list(): readonly NodeInfo[];
  get(name: string): NodeInfo | undefined;
  /** Nodes that hold at least one pod with (anti-)affinity terms. */
  havePodsWithAffinity(): readonly NodeInfo[];
  /** How many nodes report having this image (node.status.images). */
  imageNodeCount(image: string): number;
}

/** What a plugin may use besides its arguments. */
export interface Handle {
  snapshot: Snapshot;
  client: ApiClient;
  /**
   * The selector of the Services, ReplicationControllers, ReplicaSets and StatefulSets that own
   * or select this pod, ANDed; null if none does. PodTopologySpread's system default constraints
   * count pods matching it.
   */
  defaultSelector(pod: Pod): LabelSelector | null;
  /**
   * Runs every Filter plugin on a (possibly what-if) NodeInfo with this cycle's state: how
   * preemption asks "would the pod fit if these pods were gone?".
   */
  runFilterPlugins(state: CycleState, pod: PodInfo, node: NodeInfo): Status;
}

/** Builds a plugin; the registry maps each name to one of these. */
export type PluginFactory = (handle: Handle) => Plugin;
