/**
 * Every knob of `npm run bench` in one place. BENCH_QUICK=1 shrinks the run to a smoke test
 * (seconds instead of minutes) for checking the harness itself; its figures mean little.
 * BENCH_BACKENDS and BENCH_ONLY pick backends and scenarios.
 */
const quick = process.env.BENCH_QUICK === '1';

export const config = {
  quick,
  /** Pause before each scenario, ms. */
  settleMs: quick ? 100 : 1000,
  /** Creates sent before measuring, so the JIT and SQLite's page cache are warm. */
  warmupCreates: quick ? 50 : 300,
  throughput: { concurrency: 16, durationMs: quick ? 1000 : 5000 },
  paced: { ratePerSec: 200, durationMs: quick ? 1000 : 10_000 },
  watch: { watchers: 100, ratePerSec: 50, durationMs: quick ? 1000 : 6000, settleMs: 5000 },
  list: {
    pods: quick ? 1000 : 10_000,
    createConcurrency: 16,
    fullListRuns: 5,
    pageLimit: 500,
    pagedRuns: 3,
  },
  /**
   * Pod startup on a private real containerd (BENCH_ONLY=containerd-startup): pods bound to one
   * kubelet, created at a steady pace, then as one burst. The pod CIDR is this bench's own range.
   */
  containerd: {
    pods: quick ? 10 : 50,
    ratePerSec: 5,
    podCIDR: '10.88.25.0/24',
    /** Give up waiting for a wave (Running, or teardown) after this long. */
    timeoutMs: 120_000,
  },
  /** kube-proxy iptables mode in a private netns (BENCH_ONLY=iptables-services). */
  iptables: { services: quick ? 100 : 1000, endpointsPerService: 2, runs: quick ? 2 : 5 },
  /** Which scenarios run (BENCH_ONLY=list,watch): handy when studying one of them. */
  only: (process.env.BENCH_ONLY ?? 'throughput,paced,watch,list').split(','),
  backends: (process.env.BENCH_BACKENDS ?? 'sqlite,etcd').split(',') as ('sqlite' | 'etcd')[],
};
