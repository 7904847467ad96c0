/**
 * The architecture diagram as data: boxes for every component (grouped into the control plane and
 * one group per node), the edges traffic can travel on, and where each sits. Pure and
 * deterministic: the same topology always gives the same ids and positions, so a health or traffic
 * change only restyles — nothing is laid out again per event.
 */
import type {
  ClusterStatus,
  ComponentHealth,
  HealthState,
  KubeObject,
} from '../../../src-shared/ipc';
import {
  CONTROL_PLANE,
  LABELS,
  NODE_COMPONENTS,
  normalizeComponent,
  type DiagramComponent,
} from './component-names';
import type { Activity, Endpoint, TrafficKind } from './edge-activity';

export interface Box {
  id: string;
  type: 'component' | 'group' | 'pods';
  position: { x: number; y: number };
  parentNode?: string;
  width: number;
  height: number;
  data: BoxData;
}

export interface BoxData {
  label: string;
  component?: DiagramComponent;
  instance?: string;
  node?: string;
  state: HealthState;
  detail?: string;
  leader?: boolean;
  /** Group boxes: the node's Ready condition. */
  ready?: 'Ready' | 'NotReady' | 'Unknown' | 'not registered';
  /** Pods boxes: the pods bound to the node. */
  pods?: { name: string; phase: string; ready: boolean }[];
  morePods?: number;
  busy?: boolean;
}

export interface Link {
  id: string;
  source: string;
  target: string;
  sourceHandle: string;
  targetHandle: string;
  /** Traffic seen recently, if any. */
  traffic?: { kind: TrafficKind; count: number; reverse: boolean; verb: string; object?: string };
}

export interface Architecture {
  boxes: Box[];
  links: Link[];
}

const W = 210;
const H = 74;
const COL = 250;
const CP_COL = 480;
const MAX_PODS = 24;

export interface ArchitectureInput {
  status: ClusterStatus;
  nodes: KubeObject[];
  pods: KubeObject[];
}

/** Every box and edge for a topology (health and pods filled in, no traffic). */
export function buildArchitecture(input: ArchitectureInput): Architecture {
  const components = effectiveComponents(input.status);
  const boxes: Box[] = [];
  const links: Link[] = [];
  const masters = masterNames(input.status, components);
  const cpWidth = 20 + masters.length * CP_COL;
  boxes.push(
    box('user', 'component', cpWidth / 2 - W / 2, 0, undefined, {
      label: LABELS.user,
      component: 'user',
      state: 'healthy',
    }),
  );
  boxes.push({
    id: 'cp',
    type: 'group',
    position: { x: 0, y: 120 },
    width: cpWidth,
    height: 400,
    data: { label: 'control plane', state: worst(components.filter((c) => isCp(c))) },
  });
  masters.forEach((m, i) => {
    const off = 20 + i * CP_COL;
    const place: Partial<Record<DiagramComponent, [number, number]>> = {
      apiserver: [off, 50],
      store: [off, 170],
      dns: [off, 290],
      scheduler: [off + COL, 50],
      'controller-manager': [off + COL, 170],
      'cloud-controller-manager': [off + COL, 290],
    };
    for (const c of components) {
      const dc = normalizeComponent(c.component);
      if (!dc || !isCp(c) || (c.node ?? c.instance) !== m) continue;
      const p = place[dc];
      if (!p) continue;
      boxes.push(box(idOf(dc, m), 'component', p[0], p[1], 'cp', componentData(dc, c)));
    }
  });
  const apiservers = boxes.filter((b) => b.data.component === 'apiserver');
  const first = apiservers[0]?.id;
  const apiserverFor = (m: string | undefined) =>
    apiservers.find((b) => b.data.instance === m)?.id ?? first;
  for (const a of apiservers) links.push(link('user', a.id, boxes));
  for (const b of [...boxes]) {
    const c = b.data.component;
    if (!c || b.parentNode !== 'cp' || c === 'apiserver') continue;
    const target = apiserverFor(b.data.instance);
    if (!target) continue;
    links.push(c === 'store' ? link(target, b.id, boxes) : link(b.id, target, boxes));
  }

  const nodeNames = workerNames(input.status, components);
  const readyOf = readiness(input.nodes);
  const podsByNode = groupPods(input.pods);
  nodeNames.forEach((n, i) => {
    const gid = `node:${n}`;
    const mine = components.filter((c) => (c.node ?? c.instance) === n && !isCp(c));
    boxes.push({
      id: gid,
      type: 'group',
      position: { x: i * (W + 60), y: 600 },
      width: W + 40,
      height: 470,
      data: {
        label: n,
        node: n,
        state: worst(mine),
        ready: readyOf.get(n) ?? 'not registered',
      },
    });
    NODE_COMPONENTS.forEach((dc, row) => {
      const c = mine.find((x) => normalizeComponent(x.component) === dc);
      if (!c) return;
      boxes.push(box(idOf(dc, n), 'component', 20, 50 + row * 100, gid, componentData(dc, c)));
    });
    const pods = podsByNode.get(n) ?? [];
    boxes.push({
      id: `pods:${n}`,
      type: 'pods',
      position: { x: 20, y: 350 },
      parentNode: gid,
      width: W,
      height: 100,
      data: {
        label: `${pods.length} pod${pods.length === 1 ? '' : 's'}`,
        node: n,
        state: 'healthy',
        pods: pods.slice(0, MAX_PODS),
        morePods: Math.max(0, pods.length - MAX_PODS),
      },
    });
    const kubelet = idOf('kubelet', n);
    const has = (id: string) => boxes.some((b) => b.id === id);
    if (first && has(kubelet)) links.push(link(kubelet, first, boxes));
    if (first && has(idOf('kube-proxy', n))) links.push(link(idOf('kube-proxy', n), first, boxes));
    if (has(kubelet) && has(idOf('runtime', n)))
      links.push(link(kubelet, idOf('runtime', n), boxes));
  });
  return { boxes, links };
}

/** Lays recent traffic onto the links (and marks busy boxes). Returns new arrays; input kept. */
export function withTraffic(arch: Architecture, activity: readonly Activity[]): Architecture {
  const boxIds = new Set(arch.boxes.map((b) => b.id));
  // An endpoint names a box exactly (component + instance), or names a component that has one
  // box, or one leader (an elected component's writes come from its leader). Anything more
  // ambiguous is not drawn: the diagram never guesses which kubelet spoke.
  const resolve = (e: Endpoint): string | undefined => {
    if (e.instance && boxIds.has(idOf(e.component, e.instance))) {
      return idOf(e.component, e.instance);
    }
    const same = arch.boxes.filter((b) => b.data.component === e.component);
    if (same.length === 1) return same[0]!.id;
    const leaders = same.filter((b) => b.data.leader);
    return leaders.length === 1 ? leaders[0]!.id : undefined;
  };
  const traffic = new Map<string, NonNullable<Link['traffic']>>();
  const busy = new Set<string>();
  for (const a of activity) {
    const from = resolve(a.from);
    if (!from) continue;
    busy.add(from);
    if (!a.to) continue;
    const to = resolve(a.to);
    if (!to) continue;
    busy.add(to);
    const fwd = arch.links.find((l) => l.source === from && l.target === to);
    const rev = fwd ? undefined : arch.links.find((l) => l.source === to && l.target === from);
    const l = fwd ?? rev;
    if (!l) continue;
    const prev = traffic.get(l.id);
    if (!prev || a.count >= prev.count) {
      traffic.set(l.id, {
        kind: a.kind,
        count: (prev?.count ?? 0) + a.count,
        reverse: !fwd,
        verb: a.lastVerb,
        ...(a.lastObject ? { object: a.lastObject } : {}),
      });
    } else prev.count += a.count;
  }
  return {
    boxes: arch.boxes.map((b) => (busy.has(b.id) ? { ...b, data: { ...b.data, busy: true } } : b)),
    links: arch.links.map((l) => {
      const t = traffic.get(l.id);
      return t ? { ...l, traffic: t } : l;
    }),
  };
}

export function idOf(component: DiagramComponent, instance: string): string {
  return `${component}/${instance}`;
}

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

function isCp(c: ComponentHealth): boolean {
  const dc = normalizeComponent(c.component);
  return dc !== undefined && CONTROL_PLANE.includes(dc);
}

function masterNames(status: ClusterStatus, comps: ComponentHealth[]): string[] {
  const names = new Set<string>();
  for (const c of comps) if (isCp(c)) names.add(c.node ?? c.instance);
  const ordered = status.nodes.filter((n) => names.has(n));
  return [...ordered, ...[...names].filter((n) => !ordered.includes(n)).sort()];
}

function workerNames(status: ClusterStatus, comps: ComponentHealth[]): string[] {
  const names = new Set<string>();
  for (const c of comps) {
    const dc = normalizeComponent(c.component);
    if (dc && NODE_COMPONENTS.includes(dc)) names.add(c.node ?? c.instance);
  }
  const ordered = status.nodes.filter((n) => names.has(n));
  return [...ordered, ...[...names].filter((n) => !ordered.includes(n)).sort()];
}

function componentData(dc: DiagramComponent, c: ComponentHealth): BoxData {
  return {
    label: LABELS[dc],
    component: dc,
    instance: c.node ?? c.instance,
    ...(c.node ? { node: c.node } : {}),
    state: c.state,
    ...(c.detail ? { detail: c.detail } : {}),
    ...(c.leader !== undefined ? { leader: c.leader } : {}),
  };
}

function box(
  id: string,
  type: Box['type'],
  x: number,
  y: number,
  parent: string | undefined,
  data: BoxData,
): Box {
  return {
    id,
    type,
    position: { x, y },
    ...(parent ? { parentNode: parent } : {}),
    width: W,
    height: H,
    data,
  };
}

function absolute(b: Box, boxes: Box[]): { x: number; y: number } {
  const p = b.parentNode ? boxes.find((x) => x.id === b.parentNode) : undefined;
  return p ? { x: p.position.x + b.position.x, y: p.position.y + b.position.y } : b.position;
}

function link(source: string, target: string, boxes: Box[]): Link {
  const s = boxes.find((b) => b.id === source);
  const t = boxes.find((b) => b.id === target);
  const a = s ? absolute(s, boxes) : { x: 0, y: 0 };
  const b = t ? absolute(t, boxes) : { x: 0, y: 0 };
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const vertical = Math.abs(dy) > Math.abs(dx) * 0.6;
  const [sh, th] = vertical
    ? dy > 0
      ? ['s-b', 't-t']
      : ['s-t', 't-b']
    : dx > 0
      ? ['s-r', 't-l']
      : ['s-l', 't-r'];
  return { id: `e:${source}->${target}`, source, target, sourceHandle: sh!, targetHandle: th! };
}

function worst(cs: ComponentHealth[]): HealthState {
  const order: HealthState[] = ['down', 'degraded', 'starting', 'unknown', 'healthy'];
  for (const s of order) if (cs.some((c) => c.state === s)) return s;
  return 'unknown';
}

function readiness(nodes: KubeObject[]): Map<string, BoxData['ready']> {
  const m = new Map<string, BoxData['ready']>();
  for (const n of nodes) {
    const c = (n.status?.conditions as { type: string; status: string }[] | undefined)?.find(
      (x) => x.type === 'Ready',
    );
    m.set(
      n.metadata.name,
      c?.status === 'True' ? 'Ready' : c?.status === 'False' ? 'NotReady' : 'Unknown',
    );
  }
  return m;
}

function groupPods(pods: KubeObject[]): Map<string, NonNullable<BoxData['pods']>> {
  const m = new Map<string, NonNullable<BoxData['pods']>>();
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
