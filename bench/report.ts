/**
 * Turns the results of every backend into the printed table and a few headline comparisons
 * (SQLite/etcd create throughput, paced p99 against its 50 ms target). Reports, never asserts.
 */
import { config } from './config';
import { num, pair, renderTable, type Row } from './lib/table';
import type { Backend } from './target/launch';
import type { ThroughputResult } from './scenarios/create-throughput';
import type { PacedResult } from './scenarios/create-paced';
import type { WatchResult } from './scenarios/watch-fanout';
import type { CreatePodsResult } from './scenarios/create-pods';
import type { FullListResult, PagedListResult } from './scenarios/list-pods';

export interface BackendResult {
  backend: Backend;
  description: string;
  throughput?: ThroughputResult & { serverCpuMsPerCreate: number };
  paced?: PacedResult;
  watch?: WatchResult;
  pods?: CreatePodsResult;
  fullList?: FullListResult;
  pagedList?: PagedListResult;
  /** Scenario name -> the error that stopped it (the exact message, for the report). */
  failures: Record<string, string>;
}

const COLUMN: Record<Backend, string> = { sqlite: 'SQLite', etcd: 'etcd (3 members)' };

function errorsCell(ok: number | undefined, errors: number | undefined): string {
  return ok === undefined ? '-' : `${errors ?? 0} of ${ok + (errors ?? 0)}`;
}

export function renderReport(results: BackendResult[]): string {
  const col = <T>(f: (r: BackendResult) => T) => results.map(f);
  const row = (label: string, f: (r: BackendResult) => string): Row => ({ label, cells: col(f) });
  const { throughput: tp, paced: pc, watch: w, list: l } = config;
  const rows: Row[] = [
    {
      section: `Create ConfigMaps, ${tp.concurrency} clients in a closed loop, ${tp.durationMs / 1000} s`,
    },
    row('throughput (creates/s)', (r) => num(r.throughput?.opsPerSec)),
    row('latency p50 / p99 (ms)', (r) =>
      pair(r.throughput?.latencyMs.p50, r.throughput?.latencyMs.p99),
    ),
    row('errors', (r) => errorsCell(r.throughput?.ok, r.throughput?.errors)),
    row('API server CPU per create (ms)', (r) => num(r.throughput?.serverCpuMsPerCreate)),
    {
      section: `Create ConfigMaps, paced at ${pc.ratePerSec}/s (open loop), ${pc.durationMs / 1000} s`,
    },
    row('achieved rate (creates/s)', (r) => num(r.paced?.achievedRate)),
    row('latency p50 / p99 (ms)', (r) => pair(r.paced?.latencyMs.p50, r.paced?.latencyMs.p99)),
    row('latency max (ms)', (r) => num(r.paced?.latencyMs.max)),
    row('replies > 50 ms (in how many stalls)', (r) =>
      r.paced ? `${r.paced.slow.over50ms} (${r.paced.slow.stalls})` : '-',
    ),
    row('errors', (r) => errorsCell(r.paced?.ok, r.paced?.errors)),
    {
      section: `Watch fan-out: ${w.watchers} watchers on one collection, ${w.ratePerSec} creates/s for ${w.durationMs / 1000} s`,
    },
    row('events delivered / expected', (r) =>
      r.watch ? `${r.watch.delivered} / ${r.watch.expectedDeliveries}` : '-',
    ),
    row('missing / duplicate / out of order', (r) =>
      r.watch ? `${r.watch.missing} / ${r.watch.duplicates} / ${r.watch.outOfOrder}` : '-',
    ),
    row('since create sent p50 / p99 (ms)', (r) =>
      pair(r.watch?.sinceRequestStartMs.p50, r.watch?.sinceRequestStartMs.p99),
    ),
    row('since create answered p50 / p99 (ms)', (r) =>
      pair(r.watch?.sinceResponseMs.p50, r.watch?.sinceResponseMs.p99),
    ),
    row('create latency meanwhile p50 / p99', (r) =>
      pair(r.watch?.createLatencyMs.p50, r.watch?.createLatencyMs.p99),
    ),
    { section: `Big list: ${l.pods} pods in one namespace` },
    row(`create via API, ${l.createConcurrency} clients (pods/s)`, (r) =>
      num(r.pods?.create.perSec),
    ),
    row('  create latency p50 / p99 (ms)', (r) =>
      pair(r.pods?.createLatencyMs.p50, r.pods?.createLatencyMs.p99),
    ),
    row(`full LIST p50 of ${l.fullListRuns} (ms)`, (r) => num(r.fullList?.p50Ms)),
    row('  response size (MB)', (r) => (r.fullList ? (r.fullList.bytes / 1e6).toFixed(1) : '-')),
    row(`paginated walk, limit=${l.pageLimit}, p50 of ${l.pagedRuns} (ms)`, (r) =>
      num(r.pagedList?.walkP50Ms),
    ),
    row('  pages; page latency p50 / p99 (ms)', (r) =>
      r.pagedList
        ? `${r.pagedList.pages}; ${pair(r.pagedList.pageLatencyMs.p50, r.pagedList.pageLatencyMs.p99)}`
        : '-',
    ),
  ];
  const out = [
    renderTable(
      col((r) => COLUMN[r.backend]),
      rows,
    ),
    '',
  ];
  for (const r of results) out.push(`${COLUMN[r.backend]}: ${r.description}`);

  const sqlite = results.find((r) => r.backend === 'sqlite');
  const etcd = results.find((r) => r.backend === 'etcd');
  out.push('');
  if (sqlite?.throughput && etcd?.throughput) {
    const ratio = sqlite.throughput.opsPerSec / etcd.throughput.opsPerSec;
    out.push(`SQLite/etcd create throughput: ${ratio.toFixed(2)}x (target: >= 1)`);
  }
  if (sqlite?.paced) {
    out.push(`SQLite paced p99: ${num(sqlite.paced.latencyMs.p99)} ms (target: < 50 ms)`);
  }
  for (const r of results) {
    for (const [scenario, error] of Object.entries(r.failures)) {
      out.push(`FAILED ${COLUMN[r.backend]} / ${scenario}: ${error}`);
    }
    for (const [scenario, res] of Object.entries({
      throughput: r.throughput,
      paced: r.paced,
      'create pods': r.pods?.create,
    })) {
      if (res?.firstError)
        out.push(`first error ${COLUMN[r.backend]} / ${scenario}: ${res.firstError}`);
    }
    for (const e of r.watch?.watchErrors ?? []) out.push(`watch error ${COLUMN[r.backend]}: ${e}`);
  }
  return out.join('\n');
}
