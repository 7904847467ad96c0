/**
 * The cluster's reaction, as marks on a timeline: node Ready transitions, taints added and removed,
 * pods created, bound, terminating, deleted, evictions — each derived from a real object change (the watched
 * Nodes, Pods and Events), never from what a fault is expected to do. Faults themselves come from
 * the fault service's marks. Bursts (a ReplicaSet creating 40 pods) become one mark with a count.
 */
import type { FaultMark, KubeObject, ObjectChange } from '../../../src-shared/ipc';

export type Lane = 'faults' | 'nodes' | 'taints' | 'pods' | 'evictions';
export const LANES: readonly Lane[] = ['faults', 'nodes', 'taints', 'pods', 'evictions'];

export interface TimelineMark {
  id: string;
  at: number;
  /** Faults: when it was reverted (a span); absent while active. */
  end?: number;
  lane: Lane;
  kind: string;
  tone: 'bad' | 'ok' | 'warn' | 'info';
  label: string;
  /** Names involved (a few; `count` says how many in all). */
  names: string[];
  count: number;
  node?: string;
}

/** Bursts closer than this merge into one mark. */
export const MERGE_MS = 2000;
const MAX_MARKS = 2000;
const MAX_NAMES = 5;
const EVICTION_REASONS = new Set(['TaintManagerEviction', 'Evicted', 'Preempted']);

type Cond = { type: string; status: string };
type Taint = { key: string; effect: string; value?: string };

const readyOf = (n: KubeObject) =>
  (n.status?.conditions as Cond[] | undefined)?.find((c) => c.type === 'Ready')?.status ??
  'Unknown';
const taintsOf = (n: KubeObject) =>
  new Set(((n.spec?.taints as Taint[] | undefined) ?? []).map((t) => `${t.key}:${t.effect}`));
const keyOf = (o: KubeObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

export class ReactionTracker {
  readonly marks: TimelineMark[] = [];
  private readonly ready = new Map<string, string>();
  private readonly taints = new Map<string, Set<string>>();
  private readonly bound = new Map<string, string>();
  private readonly terminating = new Set<string>();
  /** How many times each Event had happened when last seen (Events repeat by bumping count). */
  private readonly eventCounts = new Map<string, number>();
  private n = 0;
  /** Bumps on every new or merged mark. */
  version = 0;

  /** The state before any change is watched: first sightings are not transitions. */
  seed(nodes: readonly KubeObject[], pods: readonly KubeObject[] = []): void {
    for (const n of nodes) {
      this.ready.set(n.metadata.name, readyOf(n));
      this.taints.set(n.metadata.name, taintsOf(n));
    }
    for (const p of pods) {
      const node = p.spec?.nodeName as string | undefined;
      if (node) this.bound.set(keyOf(p), node);
    }
  }

  /** Derives marks from a batch of changes (stamped `now`, when they reached the UI). */
  observe(changes: readonly ObjectChange[], now: number): boolean {
    const before = this.version;
    for (const c of changes) {
      if (c.kind === 'Node') this.node(c, now);
      else if (c.kind === 'Pod') this.pod(c, now);
      else if (c.kind === 'Event') this.event(c, now);
    }
    if (this.marks.length > MAX_MARKS) this.marks.splice(0, this.marks.length - MAX_MARKS);
    return this.version !== before;
  }

  private node(c: ObjectChange, now: number): void {
    const name = c.object.metadata.name;
    if (c.type === 'DELETED') {
      this.ready.delete(name);
      this.taints.delete(name);
      this.add(now, 'nodes', 'node-deleted', 'bad', `${name} deleted`, name, name);
      return;
    }
    const r = readyOf(c.object);
    const prev = this.ready.get(name);
    this.ready.set(name, r);
    if (prev !== undefined && (prev === 'True') !== (r === 'True')) {
      if (r === 'True') this.add(now, 'nodes', 'node-ready', 'ok', `${name} Ready`, name, name);
      else this.add(now, 'nodes', 'node-notready', 'bad', `${name} NotReady (${r})`, name, name);
    }
    const t = taintsOf(c.object);
    const had = this.taints.get(name);
    this.taints.set(name, t);
    if (!had) return;
    for (const k of t)
      if (!had.has(k)) this.add(now, 'taints', 'taint-added', 'warn', `+ ${k}`, name, name);
    for (const k of had)
      if (!t.has(k)) this.add(now, 'taints', 'taint-removed', 'ok', `− ${k}`, name, name);
  }

  private pod(c: ObjectChange, now: number): void {
    const key = keyOf(c.object);
    const name = c.object.metadata.name;
    const node = c.object.spec?.nodeName as string | undefined;
    if (c.type === 'DELETED') {
      const was = this.bound.get(key) ?? node;
      this.bound.delete(key);
      this.terminating.delete(key);
      this.merge(now, 'pods', 'pods-deleted', 'bad', 'deleted', name, was);
      return;
    }
    // A deletion begins when deletionTimestamp appears: on an unreachable node the pod stays
    // Terminating until its kubelet returns, but the eviction has happened.
    if (c.object.metadata['deletionTimestamp'] && !this.terminating.has(key)) {
      this.terminating.add(key);
      this.merge(now, 'pods', 'pods-terminating', 'warn', 'terminating', name, node);
    }
    if (c.type === 'ADDED' && !this.bound.has(key) && !node) {
      this.merge(now, 'pods', 'pods-created', 'info', 'created', name, undefined);
    }
    if (node && this.bound.get(key) !== node) {
      this.bound.set(key, node);
      this.merge(now, 'pods', 'pods-bound', 'ok', `bound to ${node}`, name, node);
    }
  }

  private event(c: ObjectChange, now: number): void {
    const ev = c.object;
    const key = keyOf(ev);
    if (c.type === 'DELETED') {
      this.eventCounts.delete(key);
      return;
    }
    const reason = String(ev['reason'] ?? '');
    if (!EVICTION_REASONS.has(reason)) return;
    // A new Event, or one seen again (its count went up). The host may fold an ADDED and the
    // MODIFIED right after it into one MODIFIED, so the type alone does not say "new".
    const count = Number(ev['count'] ?? 1) || 1;
    const prev = this.eventCounts.get(key);
    this.eventCounts.set(key, count);
    if (this.eventCounts.size > 5000)
      this.eventCounts.delete(this.eventCounts.keys().next().value!);
    if (prev !== undefined && count <= prev) return;
    const involved = (ev['involvedObject'] ?? {}) as { name?: string };
    this.merge(now, 'evictions', reason, 'bad', reason, involved.name ?? '?', undefined);
  }

  private add(
    at: number,
    lane: Lane,
    kind: string,
    tone: TimelineMark['tone'],
    label: string,
    name: string,
    node: string | undefined,
  ): void {
    this.marks.push({
      id: `m${++this.n}`,
      at,
      lane,
      kind,
      tone,
      label,
      names: [name],
      count: 1,
      ...(node ? { node } : {}),
    });
    this.version++;
  }

  /** Adds to the previous mark of the same kind (and node) if it is recent, else a new one. */
  private merge(
    at: number,
    lane: Lane,
    kind: string,
    tone: TimelineMark['tone'],
    what: string,
    name: string,
    node: string | undefined,
  ): void {
    for (let i = this.marks.length - 1; i >= 0 && at - this.marks[i]!.at < MERGE_MS; i--) {
      const m = this.marks[i]!;
      if (m.kind !== kind || m.node !== node) continue;
      m.count++;
      if (m.names.length < MAX_NAMES) m.names.push(name);
      m.label = `${m.count} pods ${what}`;
      if (lane === 'evictions') m.label = `${m.count} × ${what}`;
      this.version++;
      return;
    }
    const label = lane === 'evictions' ? what : `1 pod ${what}`;
    this.add(at, lane, kind, tone, label, name, node);
  }
}

/** The fault service's marks as spans: applied → reverted (or still active), failures as points. */
export function faultSpans(marks: readonly FaultMark[]): TimelineMark[] {
  const out: TimelineMark[] = [];
  const open = new Map<string, TimelineMark>();
  for (const m of [...marks].sort((a, b) => a.at - b.at)) {
    const label = `${m.kind}${m.target ? ' ' + m.target : ''}`;
    if (m.what === 'applied') {
      const span: TimelineMark = {
        id: `f:${m.faultId}`,
        at: m.at,
        lane: 'faults',
        kind: 'fault',
        tone: 'bad',
        label,
        names: [label],
        count: 1,
      };
      open.set(m.faultId, span);
      out.push(span);
    } else if (m.what === 'reverted' && open.has(m.faultId)) {
      open.get(m.faultId)!.end = m.at;
      open.delete(m.faultId);
    } else {
      out.push({
        id: `f:${m.faultId}:${m.what}:${m.at}`,
        at: m.at,
        lane: 'faults',
        kind: `fault-${m.what}`,
        tone: m.what === 'failed' ? 'warn' : 'ok',
        label: `${label} ${m.what}${m.message ? ': ' + m.message : ''}`,
        names: [label],
        count: 1,
      });
    }
  }
  return out;
}
