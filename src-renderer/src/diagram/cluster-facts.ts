/**
 * Facts the diagram reads off the cluster: which components run (or will, while starting), which
 * nodes are masters and which run pods, each node's Ready condition, pods per node.
 */
import type {
  ClusterStatus,
  ComponentHealth,
  HealthState,
  KubeObject,
} from '../../../src-shared/ipc';
import {
  CONTROL_PLANE,
  NODE_COMPONENTS,
  normalizeComponent,
  type DiagramComponent,
} from './component-names';

export type Readiness = 'Ready' | 'NotReady' | 'Unknown' | 'not registered';
export type PodDot = { name: string; phase: string; ready: boolean };

/** The reported components, or — while nothing is reported yet — what the spec will start. */
export function effectiveComponents(status: ClusterStatus): ComponentHealth[] {
  if (status.components.length) return status.components;
  const spec = status.spec;
  if (!spec) return [];
  const state: HealthState = status.phase === 'starting' ? 'starting' : 'unknown';
  const out: ComponentHealth[] = [];
  for (let i = 1; i <= spec.masters; i++) {
    const m = `master-${i}`;
    const cp: DiagramComponent[] = ['apiserver', 'store', 'scheduler', 'controller-manager'];
    if (i === 1) cp.push('cloud-controller-manager');
    for (const c of cp) out.push({ id: `${c}/${m}`, component: c, instance: m, node: m, state });
  }
  for (let i = 1; i <= spec.workers; i++) {
    const n = `worker-${i}`;
    for (const c of NODE_COMPONENTS)
      out.push({ id: `${c}/${n}`, component: c, instance: n, node: n, state });
  }
  return out;
}

export function isCp(c: ComponentHealth): boolean {
  const dc = normalizeComponent(c.component);
  return dc !== undefined && CONTROL_PLANE.includes(dc);
}

export function masterNames(status: ClusterStatus, comps: ComponentHealth[]): string[] {
  const names = new Set<string>();
  for (const c of comps) if (isCp(c)) names.add(c.node ?? c.instance);
  const ordered = status.nodes.filter((n) => names.has(n));
  return [...ordered, ...[...names].filter((n) => !ordered.includes(n)).sort()];
}

export function workerNames(status: ClusterStatus, comps: ComponentHealth[]): string[] {
  const names = new Set<string>();
  for (const c of comps) {
    const dc = normalizeComponent(c.component);
    if (dc && NODE_COMPONENTS.includes(dc)) names.add(c.node ?? c.instance);
  }
  const ordered = status.nodes.filter((n) => names.has(n));
  return [...ordered, ...[...names].filter((n) => !ordered.includes(n)).sort()];
}

export function worst(cs: ComponentHealth[]): HealthState {
  const order: HealthState[] = ['down', 'degraded', 'starting', 'unknown', 'healthy'];
  for (const s of order) if (cs.some((c) => c.state === s)) return s;
  return 'unknown';
}

export function readiness(nodes: KubeObject[]): Map<string, Readiness> {
  const m = new Map<string, Readiness>();
  for (const n of nodes) {
    const c = (n.status?.conditions as { type: string; status: string }[] | undefined)?.find(
      (x) => x.type === 'Ready',
    );
    // As kubectl prints it: Ready=False and Ready=Unknown (no heartbeat) are both NotReady.
    m.set(n.metadata.name, c?.status === 'True' ? 'Ready' : c ? 'NotReady' : 'Unknown');
  }
  return m;
}

export function groupPods(pods: KubeObject[]): Map<string, PodDot[]> {
  const m = new Map<string, PodDot[]>();
  for (const p of pods) {
    const node = p.spec?.nodeName as string | undefined;
    if (!node) continue;
    const ready = Boolean(
      (p.status?.conditions as { type: string; status: string }[] | undefined)?.some(
        (c) => c.type === 'Ready' && c.status === 'True',
      ),
    );
    const list = m.get(node) ?? [];
    list.push({ name: p.metadata.name, phase: String(p.status?.phase ?? 'Pending'), ready });
    m.set(node, list);
  }
  return m;
}
