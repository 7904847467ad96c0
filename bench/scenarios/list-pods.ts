/**
 * Lists of the big namespace createPods filled: a full LIST timed a few times (request sent → last
 * byte received; the client's JSON parse is not counted), and a paginated walk with limit=500
 * following `continue` tokens to the end (parsing counted: a client needs the token to go on).
 * Each is checked to return every pod exactly once. Two functions, so one failing (e.g. a
 * response too big for a backend) does not hide the other's figure.
 */
import { performance } from 'node:perf_hooks';
import { config } from '../config';
import type { BenchClient } from '../lib/http';
import { nsPath } from '../lib/objects';
import { median, summarize, type LatencySummary } from '../lib/stats';
import { listNamespace } from './create-pods';

export interface FullListResult {
  runs: number;
  p50Ms: number;
  allMs: number[];
  bytes: number;
  items: number;
}

export interface PagedListResult {
  runs: number;
  limit: number;
  pages: number;
  walkP50Ms: number;
  pageLatencyMs: LatencySummary;
  items: number;
}

interface PodList {
  metadata: { continue?: string; resourceVersion?: string };
  items: { metadata: { name: string } }[];
}

function checkAll(names: string[], want: number, what: string): void {
  const distinct = new Set(names).size;
  if (names.length !== want || distinct !== want) {
    throw new Error(`${what} returned ${names.length} items (${distinct} distinct), want ${want}`);
  }
}

export async function fullList(
  client: BenchClient,
  prefix: string,
  want: number,
  runs = config.list.fullListRuns,
): Promise<FullListResult> {
  const path = nsPath(listNamespace(prefix), 'pods');
  const allMs: number[] = [];
  let bytes = 0;
  for (let run = 0; run < runs; run++) {
    const r = await client.request('GET', path);
    if (r.status !== 200)
      throw new Error(`LIST ${path}: HTTP ${r.status} ${r.body.slice(0, 1500)}`);
    allMs.push(r.end - r.start);
    bytes = Buffer.byteLength(r.body);
    if (run === 0) {
      const items = (JSON.parse(r.body) as PodList).items;
      checkAll(
        items.map((p) => p.metadata.name),
        want,
        'LIST',
      );
    }
  }
  return { runs, p50Ms: median(allMs), allMs, bytes, items: want };
}

export async function pagedList(
  client: BenchClient,
  prefix: string,
  want: number,
  { pageLimit: limit, pagedRuns: runs } = config.list,
): Promise<PagedListResult> {
  const path = nsPath(listNamespace(prefix), 'pods');
  const walkMs: number[] = [];
  const pageMs: number[] = [];
  let pages = 0;
  for (let run = 0; run < runs; run++) {
    const names: string[] = [];
    let cont: string | undefined;
    pages = 0;
    const start = performance.now();
    do {
      const q = `?limit=${limit}${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`;
      const r = await client.request('GET', path + q);
      if (r.status !== 200) {
        throw new Error(`LIST ${path + q}: HTTP ${r.status} ${r.body.slice(0, 1500)}`);
      }
      pageMs.push(r.end - r.start);
      const page = JSON.parse(r.body) as PodList;
      names.push(...page.items.map((p) => p.metadata.name));
      cont = page.metadata.continue || undefined;
      pages++;
    } while (cont);
    walkMs.push(performance.now() - start);
    checkAll(names, want, `paginated LIST (limit=${limit})`);
  }
  return {
    runs,
    limit,
    pages,
    walkP50Ms: median(walkMs),
    pageLatencyMs: summarize(pageMs),
    items: want,
  };
}
