/**
 * A big list: N pods (10,000 by default) written through the API by concurrent clients — the
 * write rate is itself a data point — then a full LIST timed a few times (until the last byte
 * arrived; the client's JSON parse is not counted), and a paginated walk with limit=500 following
 * `continue` tokens to the end. Each result is checked to hold every pod exactly once.
 */
import { performance } from 'node:perf_hooks';
import { config } from '../config';
import type { BenchClient } from '../lib/http';
import { ensureNamespace, nsPath, pod } from '../lib/objects';
import { median, summarize, type LatencySummary } from '../lib/stats';

export interface ListResult {
  pods: number;
  create: { ok: number; errors: number; firstError?: string; perSec: number; seconds: number };
  createLatencyMs: LatencySummary;
  fullList: { runs: number; p50Ms: number; allMs: number[]; bytes: number; items: number };
  paged: {
    runs: number;
    limit: number;
    pages: number;
    walkP50Ms: number;
    pageLatencyMs: LatencySummary;
    items: number;
  };
}

interface PodList {
  metadata: { continue?: string; resourceVersion?: string };
  items: { metadata: { name: string } }[];
}

async function createPods(client: BenchClient, path: string, n: number, concurrency: number) {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let next = 0;
  const start = performance.now();
  const worker = async () => {
    while (next < n) {
      const i = next++;
      const r = await client.request('POST', path, pod(`pod-${String(i).padStart(5, '0')}`));
      if (r.status === 201) latencies.push(r.end - r.start);
      else {
        errors++;
        firstError ??= `HTTP ${r.status}: ${r.body.slice(0, 300)}`;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - start) / 1000;
  return {
    create: {
      ok: latencies.length,
      errors,
      ...(firstError ? { firstError } : {}),
      perSec: latencies.length / seconds,
      seconds,
    },
    createLatencyMs: summarize(latencies),
  };
}

function checkAll(names: string[], want: number, what: string): void {
  if (names.length !== want || new Set(names).size !== want) {
    throw new Error(
      `${what} returned ${names.length} items (${new Set(names).size} distinct), want ${want}`,
    );
  }
}

export async function listPods(
  client: BenchClient,
  prefix: string,
  { pods, createConcurrency, fullListRuns, pageLimit, pagedRuns } = config.list,
): Promise<ListResult> {
  const ns = `bench-list-${prefix}`;
  await ensureNamespace(client, ns);
  const path = nsPath(ns, 'pods');
  const created = await createPods(client, path, pods, createConcurrency);
  const want = created.create.ok;

  const fullMs: number[] = [];
  let bytes = 0;
  for (let run = 0; run < fullListRuns; run++) {
    const r = await client.request('GET', path);
    if (r.status !== 200) throw new Error(`LIST ${path}: HTTP ${r.status} ${r.body.slice(0, 300)}`);
    fullMs.push(r.end - r.start);
    bytes = Buffer.byteLength(r.body);
    if (run === 0) {
      checkAll(
        (JSON.parse(r.body) as PodList).items.map((p) => p.metadata.name),
        want,
        'LIST',
      );
    }
  }

  const walkMs: number[] = [];
  const pageMs: number[] = [];
  let pages = 0;
  for (let run = 0; run < pagedRuns; run++) {
    const names: string[] = [];
    let cont: string | undefined;
    pages = 0;
    const start = performance.now();
    do {
      const q = `?limit=${pageLimit}${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`;
      const r = await client.request('GET', path + q);
      if (r.status !== 200) throw new Error(`LIST ${path + q}: HTTP ${r.status} ${r.body}`);
      pageMs.push(r.end - r.start);
      // Parsing is needed for the continue token; it is part of a real client's walk too.
      const page = JSON.parse(r.body) as PodList;
      names.push(...page.items.map((p) => p.metadata.name));
      cont = page.metadata.continue || undefined;
      pages++;
    } while (cont);
    walkMs.push(performance.now() - start);
    checkAll(names, want, `paginated LIST (limit=${pageLimit})`);
  }

  return {
    pods,
    ...created,
    fullList: { runs: fullListRuns, p50Ms: median(fullMs), allMs: fullMs, bytes, items: want },
    paged: {
      runs: pagedRuns,
      limit: pageLimit,
      pages,
      walkP50Ms: median(walkMs),
      pageLatencyMs: summarize(pageMs),
      items: want,
    },
  };
}
