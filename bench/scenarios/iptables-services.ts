/**
 * kube-proxy's iptables mode at scale: 1,000 ClusterIP Services with 2 ready endpoints each,
 * programmed by the project's IptablesProxyBackend into the real kernel — inside a throwaway
 * network namespace (lib/netns.ts), so the host's own rules are never touched. Measures, around
 * `syncRules` (jumps checked with `iptables -C`, `iptables-save -t nat`, render, one
 * `iptables-restore --noflush`):
 *   - the first sync into the empty namespace;
 *   - a full re-sync of the same 1,000 Services, N times (what every periodic sync costs);
 *   - an incremental update: one endpoint of one Service replaced, N times. kubelab has no partial
 *     syncs (every sync re-renders everything), so this is expected to cost about a full sync;
 *     upstream's partial syncs only rewrite the changed Service's chains.
 * Then counts what actually landed in the kernel (`iptables-save`) against what was rendered.
 * The namespace is deleted at the end, also on failure or Ctrl-C.
 */
import { performance } from 'node:perf_hooks';
import type { Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { config } from '../config';
import { onInterrupt } from '../lib/cleanup';
import { BenchNetns } from '../lib/netns';
import { median, summarize, type LatencySummary } from '../lib/stats';
import { IptablesProxyBackend } from '../../src-cluster/proxy/iptables/iptables-backend';
import type { CommandRunner } from '../../src-cluster/proxy/iptables/command-runner';
import { renderIptablesRules, restoreInput } from '../../src-cluster/proxy/iptables/iptables-rules';
import { buildServiceTable, SERVICE_NAME_LABEL } from '../../src-cluster/proxy/service-table';

export interface IptablesServicesResult {
  /** `iptables --version` in the namespace, e.g. "iptables v1.8.9 (nf_tables)". */
  tool: string;
  services: number;
  endpointsPerService: number;
  runs: number;
  /** Empty namespace → all Services programmed. */
  firstSyncMs: number;
  /** Re-sync of the unchanged set. */
  fullSyncMs: LatencySummary;
  /** One endpoint of one Service replaced. */
  incrementalSyncMs: LatencySummary;
  /** Median time of the pieces of a full re-sync. */
  breakdownMs: { render: number; restore: number; save: number; jumpChecks: number };
  ruleSet: { lines: number; bytes: number; natRules: number; filterRules: number; chains: number };
  kernel: {
    /** `-A KUBE-…` lines in `iptables-save -t nat` / `-t filter` after the last sync. */
    natKubeRules: number;
    filterKubeRules: number;
    /** DNAT rules (one per endpoint). */
    dnat: number;
    /** The changed endpoint's DNAT is in the kernel and the replaced one is gone. */
    updateLanded: boolean;
  };
}

const NS = 'bench';
const CLUSTER_CIDR = '10.250.0.0/16';

const clusterIP = (i: number) => `10.96.${Math.floor(i / 250) + 1}.${(i % 250) + 1}`;
const endpointIP = (j: number) => `10.250.${Math.floor(j / 250)}.${(j % 250) + 1}`;
const svcName = (i: number) => `svc-${String(i).padStart(4, '0')}`;

function service(i: number): Service {
  return {
    metadata: { name: svcName(i), namespace: NS },
    spec: {
      clusterIP: clusterIP(i),
      ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
    },
  };
}

function slice(i: number, ips: string[]): EndpointSlice {
  return {
    metadata: {
      name: `${svcName(i)}-abcde`,
      namespace: NS,
      labels: { [SERVICE_NAME_LABEL]: svcName(i) },
    },
    addressType: 'IPv4',
    endpoints: ips.map((ip) => ({ addresses: [ip], conditions: { ready: true } })),
    ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
  };
}

/**
 * Wraps a runner to add up, per program, the wall time its commands took. `iptables` is only run
 * for the jumps from the built-in chains (-N and -C for each of the 12, -I when one is missing).
 */
function timingRunner(inner: CommandRunner, spent: Map<string, number>): CommandRunner {
  return {
    async run(program, args, input) {
      const t0 = performance.now();
      try {
        return await inner.run(program, args, input);
      } finally {
        spent.set(program, (spent.get(program) ?? 0) + performance.now() - t0);
      }
    },
  };
}

const countLines = (text: string, re: RegExp) => text.split('\n').filter((l) => re.test(l)).length;

export async function iptablesServices(
  log: (m: string) => void,
  { services: n, endpointsPerService: e, runs } = config.iptables,
): Promise<IptablesServicesResult> {
  const services = Array.from({ length: n }, (_, i) => service(i));
  const slices = Array.from({ length: n }, (_, i) =>
    slice(
      i,
      Array.from({ length: e }, (_, k) => endpointIP(i * e + k)),
    ),
  );
  const netns = new BenchNetns();
  const unregister = onInterrupt(() => netns.destroy());
  try {
    await netns.create();
    const tool = (await netns.sh('iptables', '--version')).trim();
    const spent = new Map<string, number>();
    const backend = new IptablesProxyBackend({
      runner: timingRunner(netns.runner, spent),
      clusterCIDR: CLUSTER_CIDR,
    });
    const timeSync = async (s: readonly EndpointSlice[]) => {
      spent.clear();
      const t0 = performance.now();
      await backend.syncRules(services, s);
      return performance.now() - t0;
    };

    log(`iptables: first sync of ${n} Services into ${netns.name}`);
    const firstSyncMs = await timeSync(slices);
    const full: number[] = [];
    const pieces = { restore: [] as number[], save: [] as number[], jumpChecks: [] as number[] };
    for (let r = 0; r < runs; r++) {
      full.push(await timeSync(slices));
      pieces.restore.push(spent.get('iptables-restore') ?? 0);
      pieces.save.push(spent.get('iptables-save') ?? 0);
      pieces.jumpChecks.push(spent.get('iptables') ?? 0);
    }
    // The pure part, in this process: the Service table and the restore text.
    const render: number[] = [];
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now();
      restoreInput(
        renderIptablesRules(buildServiceTable(services, slices), { clusterCIDR: CLUSTER_CIDR }),
      );
      render.push(performance.now() - t0);
    }
    const applied = backend.lastApplied;

    log(`iptables: ${runs} incremental updates (one endpoint changes)`);
    const changed = Math.floor(n / 2);
    const original = endpointIP(changed * e);
    const replacement = (r: number) => `10.251.0.${r + 1}`;
    const incremental: number[] = [];
    for (let r = 0; r < runs; r++) {
      const next = [...slices];
      next[changed] = slice(changed, [
        replacement(r),
        ...Array.from({ length: e - 1 }, (_, k) => endpointIP(changed * e + k + 1)),
      ]);
      incremental.push(await timeSync(next));
    }

    const nat = await netns.sh('iptables-save', '-t', 'nat');
    const filter = await netns.sh('iptables-save', '-t', 'filter');
    const [filterText = '', natText = ''] = applied.split(/^(?=\*nat$)/m);
    return {
      tool,
      services: n,
      endpointsPerService: e,
      runs,
      firstSyncMs,
      fullSyncMs: summarize(full),
      incrementalSyncMs: summarize(incremental),
      breakdownMs: {
        render: median(render),
        restore: median(pieces.restore),
        save: median(pieces.save),
        jumpChecks: median(pieces.jumpChecks),
      },
      ruleSet: {
        lines: countLines(applied, /./),
        bytes: Buffer.byteLength(applied),
        natRules: countLines(natText, /^-A /),
        filterRules: countLines(filterText, /^-A /),
        chains: countLines(applied, /^:/),
      },
      kernel: {
        natKubeRules: countLines(nat, /^-A KUBE-/),
        filterKubeRules: countLines(filter, /^-A KUBE-/),
        dnat: countLines(nat, /-j DNAT /),
        updateLanded:
          nat.includes(`--to-destination ${replacement(runs - 1)}:8080`) &&
          !nat.includes(`--to-destination ${original}:8080`),
      },
    };
  } finally {
    await netns.destroy();
    unregister();
  }
}
