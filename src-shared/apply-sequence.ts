/**
 * The trace of one `kubectl apply`, picked out of the stream: the request that stored the
 * Deployment (or Pod), the watch events that woke the controllers, the ReplicaSet and Pods they
 * created, the scheduler's decision and binding, the kubelet's CRI calls and its status report.
 * Correlation uses only what the events carry: names (a ReplicaSet is named after its Deployment,
 * a Pod after its ReplicaSet — Kubernetes' generateName), the pod uid the scheduler and the CRI
 * calls share as causal id, and the node the binding names. Nothing is synthesised: every step is
 * a recorded TraceEvent.
 */
import type { TraceEvent } from './trace';

export interface SequenceStep {
  event: TraceEvent;
  /** The pod the step concerns, when it concerns one. */
  pod?: string;
  /** The pod's node, once the binding named it (a kubelet's watch event names no node itself). */
  node?: string;
}

export interface ApplySequence {
  /** The applying request's causal id. */
  id: string;
  kind: 'Deployment' | 'Pod';
  namespace: string;
  /** Empty until an event names the object (a create names it only in its body). */
  name: string;
  /** Who applied it ("kubectl", "kubelab-ui", …) and how ("create", "patch", …). */
  by: string;
  verb: string;
  startedAt: number;
  steps: SequenceStep[];
  /** Pods of this apply seen created; only the first few are followed step by step. */
  podsSeen: number;
  podsFollowed: string[];
  /** Every followed pod has reported its status after its container started. */
  complete: boolean;
}

export interface RecorderOptions {
  maxSequences?: number;
  maxSteps?: number;
  followPods?: number;
  /** How long after the apply events still join its sequence. */
  windowMs?: number;
}

const USERS = new Set(['kubectl', 'kubelab-ui', 'client']);
const WRITES = new Set(['create', 'patch', 'update', 'apply']);
const CRI_STEPS = new Set(['RunPodSandbox', 'PullImage', 'CreateContainer', 'StartContainer']);
const LOOKBACK_MS = 5000;

const bare = (c: string | undefined) =>
  c?.startsWith('kubelab/') ? c.slice('kubelab/'.length) : (c ?? '');
const ok = (e: TraceEvent) => typeof e.outcome === 'number' && e.outcome >= 200 && e.outcome < 300;
const toApiserver = (e: TraceEvent) => bare(e.to?.component) === 'apiserver';
const isController = (e: TraceEvent) => /controller-manager$/.test(bare(e.from.component));
const isScheduler = (e: TraceEvent) => /scheduler$/.test(bare(e.from.component));
const isKubelet = (e: TraceEvent) => bare(e.from.component) === 'kubelet';

/** Could this event belong to some apply's story? (A cheap filter run on every event.) */
function relevant(e: TraceEvent): boolean {
  if (e.verb === 'watch-event')
    return ['deployments', 'replicasets', 'pods'].includes(e.resource ?? '');
  if (bare(e.to?.component) === 'runtime') return Boolean(e.causalId) && CRI_STEPS.has(e.verb);
  if (isScheduler(e) && (e.verb === 'schedule' || e.verb === 'bind')) return true;
  // Requests: the server's own record only (it always carries a causal id; a client's copy of
  // the same request may not), and only writes to the three kinds the story is about.
  return (
    toApiserver(e) &&
    Boolean(e.causalId) &&
    WRITES.has(e.verb) &&
    ['deployments', 'replicasets', 'pods'].includes(e.resource ?? '')
  );
}

export function isApplyTrigger(e: TraceEvent): boolean {
  return (
    toApiserver(e) &&
    USERS.has(bare(e.from.component)) &&
    WRITES.has(e.verb) &&
    !e.subresource &&
    (e.resource === 'deployments' || e.resource === 'pods') &&
    ok(e) &&
    Boolean(e.causalId)
  );
}

interface PodState {
  uid?: string;
  node?: string;
  watchedBy: Set<string>;
  started: boolean;
  statusReports: number;
  statusAfterStart: boolean;
}

class Sequence {
  readonly seq: ApplySequence;
  private readonly rs = new Set<string>();
  private readonly rsWatch = new Set<string>();
  private readonly depWatch = new Set<string>();
  private readonly pods = new Map<string, PodState>();
  private readonly seen = new Set<string>();
  private podCreates = 0;
  private rsWrites = 0;
  /** CRI events that arrived before the scheduler named their pod's uid. */
  private readonly orphanCri: TraceEvent[] = [];

  constructor(
    trigger: TraceEvent,
    private readonly opts: Required<RecorderOptions>,
  ) {
    this.seq = {
      id: trigger.causalId!,
      kind: trigger.resource === 'pods' ? 'Pod' : 'Deployment',
      namespace: trigger.namespace ?? 'default',
      name: trigger.name ?? '',
      by: bare(trigger.from.component),
      verb: trigger.verb,
      startedAt: trigger.time,
      steps: [{ event: trigger }],
      podsSeen: 0,
      podsFollowed: [],
      complete: false,
    };
  }

  open(now: number): boolean {
    return now - this.seq.startedAt <= this.opts.windowMs;
  }

  offer(e: TraceEvent): void {
    const s = this.seq;
    if (e === s.steps[0]!.event || s.steps.length >= this.opts.maxSteps) return;
    // The watch event that announces the object can be stamped a moment before the request's own
    // record (the request is recorded when it ends).
    if (e.time < s.startedAt - 1) return;
    if (e.namespace !== undefined && e.namespace !== s.namespace) return;
    if (s.kind === 'Deployment' && this.offerDeployment(e)) return;
    this.offerPod(e);
  }

  private keep(e: TraceEvent, pod?: string): true {
    this.seq.steps.push({ event: e, ...(pod ? { pod } : {}) });
    return true;
  }

  private offerDeployment(e: TraceEvent): boolean {
    const s = this.seq;
    if (e.verb === 'watch-event' && e.resource === 'deployments') {
      const start = s.steps[0]!.event;
      // A create names its object only in the body: the ADDED event during the request names it.
      if (!s.name && e.outcome === 'ADDED' && e.time <= start.time + (start.latencyMs ?? 0) + 50)
        s.name = e.name ?? '';
      if (e.name !== s.name || !s.name) return false;
      const to = bare(e.to?.component);
      if (this.depWatch.has(to)) return true;
      this.depWatch.add(to);
      return this.keep(e);
    }
    if (!s.name) return false;
    if (e.verb === 'watch-event' && e.resource === 'replicasets') {
      if (!e.name?.startsWith(`${s.name}-`)) return false;
      if (e.outcome === 'ADDED') this.rs.add(e.name);
      // One wake-up per watcher: the first ADDED (a new ReplicaSet), else the first MODIFIED (a
      // scaled one); the status updates that follow are not part of the story.
      const key = `${e.name}>${bare(e.to?.component)}`;
      if (this.rsWatch.has(key) || !this.rs.has(e.name)) return true;
      this.rsWatch.add(key);
      return this.keep(e);
    }
    if (e.resource === 'replicasets' && isController(e) && toApiserver(e) && !e.subresource) {
      if (e.name && !e.name.startsWith(`${s.name}-`)) return false;
      if (!ok(e) || this.rsWrites >= 2) return true;
      if (e.name) this.rs.add(e.name);
      this.rsWrites++;
      return this.keep(e);
    }
    if (e.resource === 'pods' && e.verb === 'create' && isController(e) && !e.subresource) {
      // The ReplicaSet controller's POSTs name no pod; the ones right after our ReplicaSet
      // appeared are ours, and the first few are shown.
      if (!this.rs.size || !ok(e) || this.podCreates >= this.opts.followPods) return true;
      this.podCreates++;
      return this.keep(e);
    }
    return false;
  }

  private ours(name: string | undefined): boolean {
    if (!name) return false;
    if (this.seq.kind === 'Pod') return name === this.seq.name;
    for (const r of this.rs) if (name.startsWith(`${r}-`)) return true;
    return false;
  }

  private offerPod(e: TraceEvent): void {
    const s = this.seq;
    if (bare(e.to?.component) === 'runtime') {
      const pod = [...this.pods].find(([, p]) => p.uid && p.uid === e.causalId)?.[0];
      if (pod) this.cri(e, pod);
      else if (this.orphanCri.length < 200) this.orphanCri.push(e);
      return;
    }
    if (s.kind === 'Pod' && !s.name && e.verb === 'watch-event' && e.outcome === 'ADDED') {
      const start = s.steps[0]!.event;
      if (e.time <= start.time + (start.latencyMs ?? 0) + 50) s.name = e.name ?? '';
    }
    if (e.resource !== 'pods' || !this.ours(e.name)) return;
    const name = e.name!;
    if (e.verb === 'watch-event' && e.outcome === 'ADDED' && !this.seen.has(name)) {
      this.seen.add(name);
      s.podsSeen++;
      if (this.pods.size < this.opts.followPods) {
        this.pods.set(name, {
          watchedBy: new Set(),
          started: false,
          statusReports: 0,
          statusAfterStart: false,
        });
        s.podsFollowed.push(name);
      }
    }
    const p = this.pods.get(name);
    if (!p) return;
    if (e.verb === 'watch-event') {
      const to = bare(e.to?.component);
      if (p.watchedBy.has(to)) return;
      p.watchedBy.add(to);
      this.keep(e, name);
    } else if (isScheduler(e) && (e.verb === 'schedule' || e.verb === 'bind')) {
      const node = (e.detail?.['node'] as string | undefined) ?? p.node;
      if (node) p.node = node;
      if (e.causalId && !p.uid) {
        p.uid = e.causalId;
        const waiting = this.orphanCri.filter((x) => x.causalId === p.uid);
        for (const x of waiting) this.orphanCri.splice(this.orphanCri.indexOf(x), 1);
        for (const x of waiting) this.cri(x, name);
      }
      this.keep(e, name);
    } else if (e.subresource === 'binding' && ok(e)) {
      this.keep(e, name);
    } else if (e.subresource === 'status' && isKubelet(e) && ok(e)) {
      // The first report, and the first once the container runs; not every later heartbeat.
      if (p.statusReports === 0 || (p.started && !p.statusAfterStart)) {
        p.statusReports++;
        if (p.started) p.statusAfterStart = true;
        this.keep(e, name);
        s.complete = [...this.pods.values()].every((x) => x.statusAfterStart);
      }
    }
  }

  private cri(e: TraceEvent, pod: string): void {
    const p = this.pods.get(pod)!;
    if (e.verb === 'StartContainer' && e.outcome === 'ok') p.started = true;
    this.keep(e, pod);
  }

  /** The steps in time order, each pod step with its node. */
  snapshot(): ApplySequence {
    const steps = [...this.seq.steps]
      .sort((a, b) => a.event.time - b.event.time)
      .map((st) => {
        const node = st.pod ? this.pods.get(st.pod)?.node : undefined;
        return node ? { ...st, node } : st;
      });
    return { ...this.seq, steps, podsFollowed: [...this.seq.podsFollowed] };
  }
}

/** Watches the trace stream and keeps the recent applies as sequences (bounded). */
export class SequenceRecorder {
  private readonly opts: Required<RecorderOptions>;
  private readonly list: Sequence[] = [];
  private recent: TraceEvent[] = [];

  constructor(opts: RecorderOptions = {}) {
    this.opts = {
      maxSequences: opts.maxSequences ?? 20,
      maxSteps: opts.maxSteps ?? 400,
      followPods: opts.followPods ?? 3,
      windowMs: opts.windowMs ?? 120_000,
    };
  }

  add(e: TraceEvent): void {
    if (!relevant(e)) return;
    if (isApplyTrigger(e)) {
      const s = new Sequence(e, this.opts);
      // Events recorded before the request's own record arrived (see Sequence.offer).
      for (const r of this.recent) s.offer(r);
      this.list.push(s);
      if (this.list.length > this.opts.maxSequences) this.list.shift();
    }
    for (const s of this.list) if (s.open(e.time)) s.offer(e);
    this.recent.push(e);
    // Trimmed in chunks, so a flood costs O(1) per event.
    if (this.recent.length > 4000) this.recent = this.recent.slice(-2000);
    let old = 0;
    while (old < this.recent.length && e.time - this.recent[old]!.time > LOOKBACK_MS) old++;
    if (old > 0) this.recent.splice(0, old);
  }

  /** Forgets every recorded apply (the cluster they happened on is gone). */
  clear(): void {
    this.list.length = 0;
    this.recent = [];
  }

  /** The recorded applies, newest first. */
  sequences(): ApplySequence[] {
    return this.list.map((s) => s.snapshot()).reverse();
  }
}
