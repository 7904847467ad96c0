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
  LABELS,
  NODE_COMPONENTS,
  normalizeComponent,
  type DiagramComponent,
} from './component-names';
import {
  effectiveComponents,
  groupPods,
  isCp,
  masterNames,
  readiness,
  workerNames,
  worst,
  type PodDot,
  type Readiness,
} from './cluster-facts';
import { EdgeActivity, type Activity, type Endpoint, type TrafficKind } from './edge-activity';

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
  ready?: Readiness;
  /** Pods boxes: the pods bound to the node. */
  pods?: PodDot[];
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
  traffic?: {
    kind: TrafficKind;
    count: number;
    /** Events per second on this edge during the current burst. */
    rate: number;
    reverse: boolean;
    verb: string;
    object?: string;
  };
}

export interface Architecture {
  boxes: Box[];
  links: Link[];
}

// Geometry (px). Each master is a block of three columns around its API server — the store and DNS
// on the left, the elected components on the right — and the column under every API server stays
// free, so node traffic reaches it in straight lines. Nodes are 2×2 cards, three to a row.
const W = 170;
const H = 74;
const GAP = 20;
const COLUMN = W + GAP;
// The first master has the store/DNS column; the others only their API server and elected parts.
const blockStart = (i: number) => GAP + (i === 0 ? 0 : 3 * COLUMN + (i - 1) * 2 * COLUMN - COLUMN);
const CP_HEIGHT = 340;
const NODE_W = 2 * W + 3 * 15;
const NODE_H = 265;
const NODES_PER_ROW = 3;
const NODES_Y = 120 + CP_HEIGHT + 80;
export const MAX_PODS = 24;

const PRIORITY: Record<TrafficKind, number> = {
  binding: 5,
  request: 4,
  cri: 3,
  watch: 2,
  lease: 1,
  sync: 0,
};

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
  const cpWidth = blockStart(masters.length - 1) + 3 * COLUMN;
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
    height: CP_HEIGHT,
    data: { label: 'control plane', state: worst(components.filter((c) => isCp(c))) },
  });
  masters.forEach((m, i) => {
    const off = blockStart(i);
    const [left, mid, right] = [off, off + COLUMN, off + 2 * COLUMN];
    const place: Partial<Record<DiagramComponent, [number, number]>> = {
      // Later masters have no left column: a store member of theirs (etcd in VM mode) sits under
      // their API server.
      store: i === 0 ? [left, 45] : [mid, 145],
      dns: i === 0 ? [left, 145] : [mid, 245],
      apiserver: [mid, 45],
      scheduler: [right, 45],
      'controller-manager': [right, 145],
      'cloud-controller-manager': [right, 245],
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
  for (const a of apiservers) links.push(link('user', a.id, boxes, true));
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
      position: {
        x: (i % NODES_PER_ROW) * (NODE_W + 25),
        y: NODES_Y + Math.floor(i / NODES_PER_ROW) * (NODE_H + 30),
      },
      width: NODE_W,
      height: NODE_H,
      data: {
        label: n,
        node: n,
        state: worst(mine),
        ready: readyOf.get(n) ?? 'not registered',
      },
    });
    const cell: Record<string, [number, number]> = {
      kubelet: [15, 45],
      'kube-proxy': [30 + W, 45],
      runtime: [15, 150],
    };
    for (const dc of NODE_COMPONENTS) {
      const c = mine.find((x) => normalizeComponent(x.component) === dc);
      const at = cell[dc];
      if (!c || !at) continue;
      boxes.push(box(idOf(dc, n), 'component', at[0], at[1], gid, componentData(dc, c)));
    }
    const pods = podsByNode.get(n) ?? [];
    boxes.push({
      id: `pods:${n}`,
      type: 'pods',
      position: { x: 30 + W, y: 150 },
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
    if (first && has(kubelet)) links.push(link(kubelet, first, boxes, true));
    if (first && has(idOf('kube-proxy', n))) {
      links.push(link(idOf('kube-proxy', n), first, boxes, true));
    }
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
    // One edge, several kinds of traffic: show the most telling kind (a binding over the steady
    // lease renewals that share the scheduler's edge) and count them all.
    const wins = !prev || PRIORITY[a.kind] > PRIORITY[prev.kind];
    traffic.set(l.id, {
      kind: wins ? a.kind : prev.kind,
      count: (prev?.count ?? 0) + a.count,
      rate: (prev?.rate ?? 0) + EdgeActivity.rate(a),
      reverse: wins ? !fwd : prev.reverse,
      verb: wins ? a.lastVerb : prev.verb,
      ...((wins ? a.lastObject : prev?.object)
        ? { object: (wins ? a.lastObject : prev?.object)! }
        : {}),
    });
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

export function componentData(dc: DiagramComponent, c: ComponentHealth): BoxData {
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

function link(source: string, target: string, boxes: Box[], vertical = false): Link {
  const s = boxes.find((b) => b.id === source);
  const t = boxes.find((b) => b.id === target);
  const a = s ? absolute(s, boxes) : { x: 0, y: 0 };
  const b = t ? absolute(t, boxes) : { x: 0, y: 0 };
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const [sh, th] =
    vertical || Math.abs(dy) > Math.abs(dx) * 1.2
      ? dy > 0
        ? ['s-b', 't-t']
        : ['s-t', 't-b']
      : dx > 0
        ? ['s-r', 't-l']
        : ['s-l', 't-r'];
  return { id: `e:${source}->${target}`, source, target, sourceHandle: sh!, targetHandle: th! };
}
