/**
 * Watch fan-out: W watch streams on one collection (ConfigMaps of one namespace), creates at a
 * steady rate, and for every (event, watcher) pair the time from the create request's start — and
 * from its response — to the event's arrival at that watcher. Arrival can precede the create's
 * response (the server may fan out before it answers), so "after response" can be negative.
 *
 * Watches are opened, then a sentinel object is created and awaited on every stream: the server
 * sends response headers before it registers the watch, so "headers received" alone would not
 * prove the stream is live.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { config } from '../config';
import type { BenchClient } from '../lib/http';
import { configMap, ensureNamespace, nsPath } from '../lib/objects';
import { paced } from '../lib/pace';
import { summarize, type LatencySummary } from '../lib/stats';
import { WatchClient } from '../lib/watch-client';

export interface WatchResult {
  watchers: number;
  events: number;
  expectedDeliveries: number;
  delivered: number;
  missing: number;
  duplicates: number;
  outOfOrder: number;
  watchErrors: string[];
  sinceRequestStartMs: LatencySummary;
  sinceResponseMs: LatencySummary;
  createLatencyMs: LatencySummary;
}

async function until(what: string, timeoutMs: number, done: () => boolean): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

export async function watchFanout(
  client: BenchClient,
  baseUrl: string,
  prefix: string,
  { watchers, ratePerSec, durationMs, settleMs } = config.watch,
): Promise<WatchResult> {
  const ns = `bench-watch-${prefix}`;
  await ensureNamespace(client, ns);
  const path = nsPath(ns, 'configmaps');
  const list = (await client.expect('GET', path, undefined, [200])) as {
    metadata: { resourceVersion: string };
  };
  const rv = list.metadata.resourceVersion;

  // arrivals[w] maps object name -> arrival time at watcher w; lastRv[w] checks ordering.
  const arrivals = Array.from({ length: watchers }, () => new Map<string, number>());
  const lastRv = new Array<number>(watchers).fill(0);
  let duplicates = 0;
  let outOfOrder = 0;
  let measuredArrivals = 0;
  const streams = arrivals.map(
    (seen, w) =>
      new WatchClient(baseUrl, `${path}?watch=1&resourceVersion=${rv}`, (e) => {
        if (e.type !== 'ADDED') return;
        if (seen.has(e.name)) duplicates++;
        else {
          seen.set(e.name, e.at);
          if (e.name.startsWith('ev-')) measuredArrivals++;
        }
        const n = Number(e.resourceVersion);
        if (n <= lastRv[w]!) outOfOrder++;
        lastRv[w] = n;
      }),
  );
  try {
    await Promise.all(streams.map((s) => s.open()));
    await client.expect('POST', path, configMap('sentinel'), [201]);
    await until('every watcher to see the sentinel', 15_000, () =>
      arrivals.every((m) => m.has('sentinel')),
    );

    const sent = new Map<string, { start: number; end: number }>();
    const createLatencies: number[] = [];
    await paced(ratePerSec, durationMs, async (i) => {
      const name = `ev-${i}`;
      const r = await client.request('POST', path, configMap(name));
      if (r.status !== 201) throw new Error(`create ${name}: HTTP ${r.status} ${r.body}`);
      sent.set(name, { start: r.start, end: r.end });
      createLatencies.push(r.end - r.start);
    });
    const complete = () => measuredArrivals >= sent.size * watchers;
    await until('every event at every watcher', settleMs, complete).catch(() => undefined);

    const fromStart: number[] = [];
    const fromEnd: number[] = [];
    let delivered = 0;
    for (const seen of arrivals) {
      for (const [name, t] of sent) {
        const at = seen.get(name);
        if (at === undefined) continue;
        delivered++;
        fromStart.push(at - t.start);
        fromEnd.push(at - t.end);
      }
    }
    const expected = sent.size * watchers;
    return {
      watchers,
      events: sent.size,
      expectedDeliveries: expected,
      delivered,
      missing: expected - delivered,
      duplicates,
      outOfOrder,
      watchErrors: [...new Set(streams.flatMap((s) => (s.error ? [s.error] : [])))],
      sinceRequestStartMs: summarize(fromStart),
      sinceResponseMs: summarize(fromEnd),
      createLatencyMs: summarize(createLatencies),
    };
  } finally {
    for (const s of streams) s.close();
  }
}
