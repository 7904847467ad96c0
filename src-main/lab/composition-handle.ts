/**
 * The real no-VM cluster: src-cluster/cmd/cluster's startEmbeddedCluster, wrapped as an
 * EmbeddedHandle. The composition's result is read defensively (field names are checked), so a
 * change there fails here with a clear message instead of deep inside the UI.
 */
import type { TraceEvent } from '../../src-shared/trace';
import type {
  ActiveFault,
  ClusterSpec,
  ComponentHealth,
  FaultKindInfo,
  FaultRequest,
} from '../../src-shared/ipc';
import type { EmbeddedHandle, EmbeddedHooks } from './embedded-adapter';

type Loose = Record<string, any>;

export async function openComposition(
  moduleUrl: string,
  spec: ClusterSpec,
  dataDir: string,
  hooks: EmbeddedHooks,
): Promise<EmbeddedHandle> {
  const mod = (await import(moduleUrl)) as Loose;
  const startEmbeddedCluster = mod['startEmbeddedCluster'];
  if (typeof startEmbeddedCluster !== 'function') {
    throw new Error('src-cluster/cmd/cluster exports no startEmbeddedCluster');
  }
  const c = (await startEmbeddedCluster({
    masters: spec.masters,
    workers: spec.workers,
    dataDir,
    ...(spec.flags && Object.keys(spec.flags).length ? { flags: spec.flags } : {}),
    onStep: hooks.onStep,
  })) as Loose;
  const ring = c['traces'] ?? c['trace'] ?? c['traceRing'];
  for (const e of (ring?.events?.() ?? []) as TraceEvent[]) hooks.onTrace(e);
  const unsubscribe = ring?.subscribe?.((e: TraceEvent) => hooks.onTrace(e));
  const kubeconfig = String(c['kubeconfig'] ?? c['kubeconfigPath'] ?? '');
  if (!kubeconfig) throw new Error('the cluster composition returned no kubeconfig path');
  const faults = (c['faults'] ?? {}) as Loose;
  const kinds = (mod['FAULT_KINDS'] ?? c['faultKinds'] ?? faults['kinds'] ?? []) as Loose[];
  return {
    kubeconfig,
    server: String(c['server'] ?? c['url'] ?? ''),
    nodes: (c['nodes'] as string[] | undefined) ?? nodeNames(spec),
    health: async () =>
      withInProcessParts(
        normaliseHealth(await (c['health']?.() ?? c['componentHealth']?.() ?? [])),
        (c['nodes'] as string[] | undefined) ?? nodeNames(spec),
      ),
    faultCatalogue: async () => kinds.map(toKindInfo),
    applyFault: async (req: FaultRequest) => {
      const args = req.target.split(/\s+/).filter(Boolean);
      return toActive((await faults['apply'](req.kind, args)) as Loose);
    },
    revertFault: async (id: string) => {
      const entry = (await faults['revert'](id)) as Loose | undefined;
      if (entry?.['state'] === 'revert-failed')
        throw new Error(String(entry['note'] ?? 'revert failed'));
    },
    async stop() {
      unsubscribe?.();
      await c['stop']();
    },
  };
}

export function nodeNames(spec: Pick<ClusterSpec, 'masters' | 'workers'>): string[] {
  const masters = Array.from({ length: spec.masters }, (_, i) => `master-${i + 1}`);
  const workers = Array.from({ length: spec.workers }, (_, i) => `worker-${i + 1}`);
  return [...masters, ...workers];
}

/**
 * The parts no-VM mode runs in-process without a health of their own: the shared SQLite store
 * (it is up while the process is) and each node's sim container runtime (up while its node is).
 */
function withInProcessParts(rows: ComponentHealth[], nodes: string[]): ComponentHealth[] {
  const out = [...rows];
  const apiservers = rows.filter((r) => r.component === 'kube-apiserver');
  const master = apiservers[0]?.node ?? 'master-1';
  out.push({
    id: `store/${master}`,
    component: 'store',
    instance: master,
    node: master,
    state: 'healthy',
    detail: 'SQLite (shared by every API server)',
  });
  for (const n of nodes) {
    if (!rows.some((r) => r.component === 'kubelet' && r.node === n)) continue;
    out.push({
      id: `runtime/${n}`,
      component: 'runtime',
      instance: n,
      node: n,
      state: 'healthy',
      detail: 'sim runtime (in-process)',
    });
  }
  return out;
}

function toKindInfo(k: Loose): FaultKindInfo {
  const usage = String(k['usage'] ?? '');
  return {
    kind: String(k['kind']),
    title: String(k['title'] ?? k['kind']),
    description: String(k['summary'] ?? k['description'] ?? ''),
    targets: usage.includes('node') ? 'node' : usage.includes('pod') ? 'pod' : usage || 'cluster',
    ...(usage ? { usage } : {}),
  };
}

function toActive(e: Loose): ActiveFault {
  const at = Date.parse(String(e['appliedAt']));
  return {
    id: String(e['id']),
    kind: String(e['kind']),
    target: String(e['target'] ?? ''),
    appliedAt: Number.isFinite(at) ? at : Date.now(),
  };
}

function normaliseHealth(raw: unknown): ComponentHealth[] {
  const list = Array.isArray(raw) ? raw : Object.values((raw ?? {}) as Loose);
  return list.map((h: Loose) => {
    const component = String(h['component'] ?? h['name'] ?? 'unknown');
    const instance = String(h['instance'] ?? h['node'] ?? h['identity'] ?? '');
    return {
      id: String(h['id'] ?? `${component}/${instance}`),
      component,
      instance,
      ...(h['node'] ? { node: String(h['node']) } : {}),
      state: toState(h['state'] ?? h['status'] ?? h['healthy']),
      ...(h['detail'] || h['message'] ? { detail: String(h['detail'] ?? h['message']) } : {}),
      ...(h['leader'] !== undefined ? { leader: Boolean(h['leader']) } : {}),
    };
  });
}

function toState(v: unknown): ComponentHealth['state'] {
  if (v === true) return 'healthy';
  if (v === false) return 'down';
  const s = String(v);
  if (['healthy', 'degraded', 'down', 'starting', 'unknown'].includes(s)) {
    return s as ComponentHealth['state'];
  }
  if (s === 'running' || s === 'ok' || s === 'ready') return 'healthy';
  if (s === 'stopped' || s === 'failed') return 'down';
  return 'unknown';
}
