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
  /** Which scenarios run (BENCH_ONLY=list,watch): handy when studying one of them. */
  only: (process.env.BENCH_ONLY ?? 'throughput,paced,watch,list').split(','),
  backends: (process.env.BENCH_BACKENDS ?? 'sqlite,etcd').split(',') as ('sqlite' | 'etcd')[],
};
