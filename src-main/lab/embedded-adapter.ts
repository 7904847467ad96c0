/**
 * Adapts the no-VM composition root (src-cluster/cmd/cluster: startEmbeddedCluster) to what the
 * cluster child relays. When this build has no composition, runs the API server alone through
 * `kubelab apiserver` (cmd/apiserver) and says so, so the app stays usable.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TraceEvent } from '../../src-shared/trace';
import type {
  ActiveFault,
  ClusterSpec,
  ComponentHealth,
  FaultKindInfo,
  FaultRequest,
  StartupStep,
} from '../../src-shared/ipc';

/** The running cluster, as the child needs it. */
export interface EmbeddedHandle {
  kubeconfig: string;
  server: string;
  nodes: string[];
  note?: string;
  health(): Promise<ComponentHealth[]>;
  faultCatalogue(): Promise<FaultKindInfo[]>;
  applyFault(req: FaultRequest): Promise<ActiveFault>;
  revertFault(id: string): Promise<void>;
  stop(): Promise<void>;
}

export interface EmbeddedHooks {
  onStep(step: StartupStep): void;
  onTrace(e: TraceEvent): void;
}

const COMPOSITION = join(import.meta.dirname, '../../src-cluster/cmd/cluster/index.ts');

export async function openEmbedded(
  spec: ClusterSpec,
  dataDir: string,
  hooks: EmbeddedHooks,
): Promise<EmbeddedHandle> {
  if (existsSync(COMPOSITION)) {
    const { openComposition } = await import('./composition-handle');
    return openComposition(pathToFileURL(COMPOSITION).href, spec, dataDir, hooks);
  }
  return openApiserverOnly(dataDir, hooks);
}

/** The fallback: the real API server alone (no nodes, no traces), until the composition lands. */
async function openApiserverOnly(dataDir: string, hooks: EmbeddedHooks): Promise<EmbeddedHandle> {
  const kubeconfig = join(dataDir, 'kubeconfig');
  rmSync(kubeconfig, { force: true });
  const step = (state: StartupStep['state'], detail?: string) =>
    hooks.onStep({
      node: 'master-1',
      step: 'start API server',
      state,
      ...(state === 'running' ? { startedAt: Date.now() } : { endedAt: Date.now() }),
      ...(detail ? { detail } : {}),
    });
  step('running');
  const { runApiserver } = await import('../../src-cluster/cmd/apiserver');
  const done = runApiserver([
    `--store=sqlite:${join(dataDir, 'state.db')}`,
    '--secure-port=0',
    `--data-dir=${dataDir}`,
  ]);
  for (let i = 0; i < 300 && !existsSync(kubeconfig); i++) {
    await new Promise((r) => setTimeout(r, 100));
  }
  if (!existsSync(kubeconfig)) throw new Error('the API server did not write its kubeconfig');
  step('done');
  const { loadKubeconfigFile } = await import('../../src-cluster/client');
  const server = loadKubeconfigFile(kubeconfig).transport.server;
  const health: ComponentHealth[] = [
    {
      id: 'apiserver/master-1',
      component: 'apiserver',
      instance: 'master-1',
      node: 'master-1',
      state: 'healthy',
    },
    {
      id: 'store/master-1',
      component: 'store',
      instance: 'master-1',
      node: 'master-1',
      state: 'healthy',
      detail: 'SQLite',
    },
  ];
  return {
    kubeconfig,
    server,
    nodes: ['master-1'],
    note: 'This build has no no-VM cluster composition yet: the API server runs alone (no nodes, no traces).',
    health: async () => health,
    faultCatalogue: async () => [],
    applyFault: async () => {
      throw new Error('faults need the full no-VM cluster');
    },
    revertFault: async () => {},
    async stop() {
      process.emit('SIGINT');
      await done;
    },
  };
}
