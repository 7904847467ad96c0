/**
 * The diagram kept up to date cheaply: the layout (which boxes exist, where they sit, which edges
 * join them) is computed only when the topology changes — a node or component appears or goes.
 * Health, node readiness and pods only restyle the laid-out boxes. With 500 pods and a stream of
 * status updates, the layout is computed once; each update is one pass over the boxes and pods.
 */
import type { ClusterStatus, ComponentHealth, KubeObject } from '../../../src-shared/ipc';
import {
  buildArchitecture,
  componentData,
  idOf,
  MAX_PODS,
  type Architecture,
  type ArchitectureInput,
  type Box,
} from './architecture-model';
import { effectiveComponents, groupPods, isCp, readiness, worst } from './cluster-facts';
import { normalizeComponent } from './component-names';

/** What decides the layout: the components present (and where), and the nodes' order. */
export function topologyKey(status: ClusterStatus): string {
  const parts = effectiveComponents(status)
    .map((c) => `${normalizeComponent(c.component) ?? '?'}/${c.node ?? c.instance}`)
    .sort();
  return `${status.nodes.join(',')}|${parts.join(',')}`;
}

export interface DiagramModel {
  /** The diagram for the current cluster facts (layout reused unless the topology changed). */
  update(input: ArchitectureInput): Architecture;
  /** How many times a layout was computed (tests and the perf panel read it). */
  readonly layouts: number;
}

export function createDiagramModel(): DiagramModel {
  let key: string | undefined;
  let layout: Architecture | undefined;
  let layouts = 0;
  return {
    get layouts() {
      return layouts;
    },
    update(input) {
      const k = topologyKey(input.status);
      if (k !== key || !layout) {
        key = k;
        layouts++;
        layout = buildArchitecture({ status: input.status, nodes: [], pods: [] });
      }
      return decorate(layout, input.status, input.nodes, input.pods);
    },
  };
}

/** The laid-out boxes with current health, readiness and pods (positions and links untouched). */
export function decorate(
  layout: Architecture,
  status: ClusterStatus,
  nodes: KubeObject[],
  pods: KubeObject[],
): Architecture {
  const components = effectiveComponents(status);
  const byBox = new Map<string, ComponentHealth>();
  const byNode = new Map<string, ComponentHealth[]>();
  for (const c of components) {
    const dc = normalizeComponent(c.component);
    const where = c.node ?? c.instance;
    if (dc) byBox.set(idOf(dc, where), c);
    if (!isCp(c)) byNode.set(where, [...(byNode.get(where) ?? []), c]);
  }
  const ready = readiness(nodes);
  const podsByNode = groupPods(pods);
  const boxes = layout.boxes.map((b): Box => {
    if (b.type === 'component') {
      const c = byBox.get(b.id);
      const dc = b.data.component;
      return c && dc && dc !== 'user' ? { ...b, data: componentData(dc, c) } : b;
    }
    if (b.id === 'cp') {
      return { ...b, data: { ...b.data, state: worst(components.filter((c) => isCp(c))) } };
    }
    const node = b.data.node ?? '';
    if (b.type === 'group') {
      return {
        ...b,
        data: {
          ...b.data,
          state: worst(byNode.get(node) ?? []),
          ready: ready.get(node) ?? 'not registered',
        },
      };
    }
    const mine = podsByNode.get(node) ?? [];
    return {
      ...b,
      data: {
        ...b.data,
        label: `${mine.length} pod${mine.length === 1 ? '' : 's'}`,
        pods: mine.slice(0, MAX_PODS),
        morePods: Math.max(0, mine.length - MAX_PODS),
      },
    };
  });
  return { boxes, links: layout.links };
}
