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
  const started = Date.now();
  hooks.onStep({ node: 'cluster', step: 'start components', state: 'running', startedAt: started });
  const c = (await startEmbeddedCluster({
    masters: spec.masters,
    workers: spec.workers,
    dataDir,
    ...(spec.flags ? { flags: spec.flags } : {}),
    onStep: hooks.onStep,
  })) as Loose;
  hooks.onStep({
    node: 'cluster',
    step: 'start components',
    state: 'done',
    startedAt: started,
    endedAt: Date.now(),
  });
  const ring = c['traces'] ?? c['trace'] ?? c['traceRing'];
  for (const e of (ring?.events?.() ?? []) as TraceEvent[]) hooks.onTrace(e);
  const unsubscribe = ring?.subscribe?.((e: TraceEvent) => hooks.onTrace(e));
  const kubeconfig = String(c['kubeconfig'] ?? c['kubeconfigPath'] ?? '');
  if (!kubeconfig) throw new Error('the cluster composition returned no kubeconfig path');
  const faults = (c['faults'] ?? {}) as Loose;
  return {
    kubeconfig,
    server: String(c['server'] ?? c['url'] ?? ''),
    nodes: (c['nodes'] as string[] | undefined) ?? nodeNames(spec),
    health: async () => normaliseHealth(await (c['health']?.() ?? c['componentHealth']?.() ?? [])),
    faultCatalogue: async () => (await (faults['catalogue']?.() ?? [])) as FaultKindInfo[],
    applyFault: async (req: FaultRequest) => (await faults['apply'](req)) as ActiveFault,
    revertFault: async (id: string) => {
      await faults['revert'](id);
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

function normaliseHealth(raw: unknown): ComponentHealth[] {
  const list = Array.isArray(raw) ? raw : Object.values((raw ?? {}) as Loose);
  return list.map((h: Loose) => {
    const component = String(h['component'] ?? h['name'] ?? 'unknown');
    const instance = String(h['instance'] ?? h['node'] ?? '');
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
