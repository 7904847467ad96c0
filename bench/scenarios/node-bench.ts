/**
 * The node data-path benchmarks, in this process: pod startup on a real containerd
 * (containerd-startup.ts) and 1,000 Services programmed in iptables mode (iptables-services.ts).
 * Each is skipped with a line saying why when this machine cannot run it (root, containerd, CNI
 * plugins, iptables). Prints its own tables; reports, never asserts.
 */
import { cpus, loadavg } from 'node:os';
import { IPTABLES_JUMPS } from '../../src-cluster/proxy/iptables/jumps';
import { containerdMissing } from '../../test/support/containerd';
import { config } from '../config';
import { num, renderTable, type Row } from '../lib/table';
import { netnsMissing } from '../lib/netns';
import { startReaper } from '../lib/reaper';
import type { LatencySummary } from '../lib/stats';
import {
  containerdStartup,
  type ContainerdStartupResult,
  type StartupWave,
} from './containerd-startup';
import { iptablesServices, type IptablesServicesResult } from './iptables-services';

export interface NodeBenchResult {
  containerd?: ContainerdStartupResult;
  iptables?: IptablesServicesResult;
  /** 1-minute load average when these scenarios started and ended (the cores may be shared). */
  load: { start: number; end: number };
  skipped: Record<string, string>;
  failures: Record<string, string>;
}

export const NODE_SCENARIOS = ['containerd-startup', 'iptables-services'] as const;

export async function runNodeBench(
  wanted: readonly string[],
  log: (m: string) => void,
): Promise<NodeBenchResult> {
  // The watchdog that cleans up after a bench that dies mid-scenario: listening before anything starts.
  if (!(await startReaper()))
    log('the cleanup watchdog did not start: a killed bench may leave things behind');
  const out: NodeBenchResult = {
    load: { start: loadavg()[0]!, end: NaN },
    skipped: {},
    failures: {},
  };
  const attempt = async <T>(name: string, why: string | undefined, fn: () => Promise<T>) => {
    if (!wanted.includes(name)) return undefined;
    if (why) {
      out.skipped[name] = why;
      log(`${name}: skipped (${why})`);
      return undefined;
    }
    log(name);
    try {
      return await fn();
    } catch (err) {
      out.failures[name] = err instanceof Error ? err.message : String(err);
      log(`${name} FAILED: ${out.failures[name]}`);
      return undefined;
    }
  };
  const ctr = await attempt('containerd-startup', containerdMissing(), () =>
    containerdStartup(log),
  );
  if (ctr) out.containerd = ctr;
  const ipt = await attempt('iptables-services', netnsMissing(), () => iptablesServices(log));
  if (ipt) out.iptables = ipt;
  out.load.end = loadavg()[0]!;
  return out;
}

const ms = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '-' : `${num(v)}`);
const pcts = (s: LatencySummary) => `${ms(s.p50)} / ${ms(s.p90)} / ${ms(s.p99)} / ${ms(s.max)}`;

function startupTable(r: ContainerdStartupResult): string[] {
  const waves: StartupWave[] = [r.paced, r.burst];
  const row = (label: string, f: (w: StartupWave) => string): Row => ({
    label,
    cells: waves.map(f),
  });
  const rows: Row[] = [
    {
      section:
        'Pod startup on real containerd, 1 node, pods bound to it (no scheduler, no image pull)',
    },
    row('pods Running / created', (w) => `${w.running} / ${w.pods - w.createErrors}`),
    row('create → Running p50 / p90 / p99 / max (ms)', (w) => pcts(w.runningMs)),
    row('create → Ready p50 / p99 (ms)', (w) => `${ms(w.readyMs.p50)} / ${ms(w.readyMs.p99)}`),
    row('teardown: all deleted in the API (ms)', (w) => ms(w.teardown.apiMs)),
    row('teardown: containerd empty (ms)', (w) => ms(w.teardown.runtimeMs)),
    row(
      'left in containerd: sandboxes / containers',
      (w) => `${w.teardown.sandboxesLeft} / ${w.teardown.containersLeft}`,
    ),
  ];
  const cols = [`paced, ${r.paced.ratePerSec}/s`, `burst of ${r.burst.pods}`];
  const out = [renderTable(cols, rows), ''];
  out.push(`  node: ${r.description}`);
  const p99 = r.paced.runningMs.p99;
  const met = r.paced.running === r.paced.pods && p99 < 2000;
  out.push(
    `  paced p99 create → Running: ${ms(p99)} ms (target < 2000 ms; Kubernetes SLO 5 s): ` +
      `${met ? 'met' : 'NOT met'}. One run: figures from a single wave of ${r.paced.pods} pods each.`,
  );
  for (const w of waves) if (w.stuck) out.push(`  not Running in time: ${w.stuck}`);
  return out;
}

function iptablesTable(r: IptablesServicesResult): string[] {
  const row = (label: string, cell: string): Row => ({ label, cells: [cell] });
  const b = r.breakdownMs;
  const rows: Row[] = [
    {
      section: `kube-proxy iptables mode, ${r.services} ClusterIP Services × ${r.endpointsPerService} endpoints, real kernel (private netns)`,
    },
    row('first sync, empty netns (ms)', ms(r.firstSyncMs)),
    row(
      `full re-sync p50 / max of ${r.runs} (ms)`,
      `${ms(r.fullSyncMs.p50)} / ${ms(r.fullSyncMs.max)}`,
    ),
    row('  of which iptables-restore (ms, p50)', ms(b.restore)),
    row('  of which iptables-save -t nat (ms, p50)', ms(b.save)),
    row(`  of which jumps: iptables -N, -C × ${IPTABLES_JUMPS.length} (ms, p50)`, ms(b.jumpChecks)),
    row('  rendering in JS (ms, p50)', ms(b.render)),
    row(
      `one endpoint changed, p50 / max of ${r.runs} (ms)`,
      `${ms(r.incrementalSyncMs.p50)} / ${ms(r.incrementalSyncMs.max)}`,
    ),
    row(
      'restore input: lines / KiB / chains',
      `${r.ruleSet.lines} / ${(r.ruleSet.bytes / 1024).toFixed(0)} / ${r.ruleSet.chains}`,
    ),
    row('rules rendered: nat / filter', `${r.ruleSet.natRules} / ${r.ruleSet.filterRules}`),
    row(
      'rules in the kernel (-A KUBE-*): nat / filter',
      `${r.kernel.natKubeRules} / ${r.kernel.filterKubeRules}`,
    ),
    row(
      'DNAT rules in the kernel / endpoints',
      `${r.kernel.dnat} / ${r.services * r.endpointsPerService}`,
    ),
    row('changed endpoint in the kernel, old one gone', r.kernel.updateLanded ? 'yes' : 'NO'),
  ];
  return [
    renderTable([r.tool], rows),
    '',
    '  Every sync re-renders and restores the whole rule set (no partial syncs), so a one-endpoint',
    '  change costs about a full sync. Each command runs through `ip netns exec`; one run.',
  ];
}

export function renderNodeReport(r: NodeBenchResult): string {
  const lines: string[] = [];
  if (r.containerd) lines.push(...startupTable(r.containerd), '');
  if (r.iptables) lines.push(...iptablesTable(r.iptables), '');
  if (r.containerd || r.iptables) {
    lines.push(
      `1-min load average at start / end: ${r.load.start.toFixed(1)} / ${r.load.end.toFixed(1)} ` +
        `on ${cpus().length} cores (other work on this machine shows up in these figures)`,
    );
  }
  for (const [k, v] of Object.entries(r.skipped)) lines.push(`SKIPPED ${k}: ${v}`);
  for (const [k, v] of Object.entries(r.failures)) lines.push(`FAILED ${k}: ${v}`);
  if (config.quick) lines.push('(BENCH_QUICK: smoke run, figures meaningless)');
  return lines.join('\n').trimEnd();
}
