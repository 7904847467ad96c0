/**
 * Cluster flags may come structured (tests, the composition) or as upstream flag names with
 * duration strings, the way a learner types them in the app ("node-monitor-grace-period": "10s").
 * This turns the second form into the first; an unknown name is an error naming the known ones.
 */
import type { EmbeddedClusterFlags } from './embedded-cluster';

export class ClusterFlagError extends Error {}

/** "40s", "1m30s", "500ms", "2h" → milliseconds (Go's time.ParseDuration units). */
export function parseDuration(s: string): number {
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let total = 0;
  let consumed = 0;
  for (const m of s.matchAll(re)) {
    total += Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms']!;
    consumed += m[0].length;
  }
  if (consumed !== s.length || consumed === 0) {
    throw new ClusterFlagError(`"${s}" is not a duration (like 40s, 1m30s, 500ms)`);
  }
  return total;
}

type Setter = (f: EmbeddedClusterFlags, v: string) => void;

const cm =
  (k: 'nodeMonitorGracePeriodMs' | 'nodeMonitorPeriodMs' | 'nodeStartupGracePeriodMs'): Setter =>
  (f, v) =>
    void (f.controllerManager = { ...f.controllerManager, [k]: parseDuration(v) });
const le =
  (k: 'leaseDurationMs' | 'renewDeadlineMs' | 'retryPeriodMs'): Setter =>
  (f, v) =>
    void (f.leaderElection = { ...f.leaderElection, [k]: parseDuration(v) });

const UPSTREAM: Record<string, Setter> = {
  'node-monitor-grace-period': cm('nodeMonitorGracePeriodMs'),
  'node-monitor-period': cm('nodeMonitorPeriodMs'),
  'node-startup-grace-period': cm('nodeStartupGracePeriodMs'),
  'leader-elect-lease-duration': le('leaseDurationMs'),
  'leader-elect-renew-deadline': le('renewDeadlineMs'),
  'leader-elect-retry-period': le('retryPeriodMs'),
  'iptables-min-sync-period': (f, v) => void (f.proxyMinSyncPeriodMs = parseDuration(v)),
};

export function normaliseClusterFlags(
  flags: EmbeddedClusterFlags | Record<string, string> | undefined,
): EmbeddedClusterFlags {
  if (!flags) return {};
  const entries = Object.entries(flags);
  if (!entries.some(([, v]) => typeof v === 'string')) return flags as EmbeddedClusterFlags;
  const out: EmbeddedClusterFlags = {};
  for (const [name, value] of entries) {
    const set = UPSTREAM[name];
    if (!set) {
      throw new ClusterFlagError(
        `unknown flag "${name}" (known: ${Object.keys(UPSTREAM).join(', ')})`,
      );
    }
    set(out, String(value));
  }
  return out;
}
