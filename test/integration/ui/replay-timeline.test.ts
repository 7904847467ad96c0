/**
 * Replay, timeline and load, in browser mode on a real no-VM cluster with 5 workers: a real
 * `kubectl apply` typed in the app's terminal is replayed step by step on the diagram; a stopped
 * kubelet and the cluster's reaction (NotReady, taints, pods deleted and bound elsewhere) appear on
 * the timeline; then the Deployment goes to 500 pods and the UI keeps answering (long tasks are
 * measured with a PerformanceObserver and reported, not asserted). Screenshots: test/artifacts/ui.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ARTIFACTS, buildRenderer, openUi, shot, type UiSession } from './browser-harness';

// Callbacks given to page.evaluate/waitForFunction run in the browser, on its globals.
declare const document: any;
declare const window: any;
declare const PerformanceObserver: any;

const deployment = (replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      tolerations:
        - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 3}
        - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 3}
      containers:
        - name: web
          image: localhost/kubelab/web:1
`;

let ui: UiSession;
let page: Page;
const dir = mkdtempSync(join(tmpdir(), 'kubelab-replay-'));

/** Types a command in the app's terminal (real kubectl with the cluster's kubeconfig). */
async function run(command: string, expectOut: RegExp): Promise<void> {
  const tabs = page.locator('[data-testid^="term-tab-"]');
  if ((await tabs.count()) === 0) await page.getByTestId('term-new').click();
  await expect.poll(() => tabs.count()).toBeGreaterThan(0);
  const id = (await tabs.first().getAttribute('data-testid'))!.replace('term-tab-', '');
  const term = page.getByTestId(`terminal-${id}`);
  await term.click();
  await page.keyboard.type(command);
  await page.keyboard.press('Enter');
  await expect
    .poll(() => term.locator('.xterm-rows').textContent(), { timeout: 60_000 })
    .toMatch(expectOut);
  // Hand the keyboard back to the page (shortcuts ignore keys typed into a terminal).
  await page.getByTestId('nav-architecture').focus();
}

async function caption(): Promise<string> {
  return (await page.getByTestId('replay-caption').textContent()) ?? '';
}

async function podsOnDiagram(): Promise<number> {
  const counts = await page.$$eval('[data-testid^="box-pods:"] .label', (els) =>
    els.map((e) => parseInt(e.textContent ?? '0', 10)),
  );
  return counts.reduce((a, b) => a + b, 0);
}

describe('replay, timeline and 500 pods in browser mode', () => {
  beforeAll(async () => {
    ui = await openUi({ staticRoot: buildRenderer() });
    page = ui.page;
  }, 180_000);

  afterAll(async () => {
    await ui?.close();
  }, 60_000);

  it('creates a 5-worker cluster', async () => {
    await page.getByTestId('wizard').waitFor();
    await page.getByTestId('workers').fill('5');
    await page.getByTestId('fast-failover').check();
    await page.getByTestId('create-cluster').click();
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="cluster-phase"]')?.textContent?.includes('running'),
      undefined,
      { timeout: 120_000 },
    );
    await page.getByTestId('nav-architecture').click();
    await expect.poll(() => page.locator('[data-testid^="group-node:worker-"]').count()).toBe(5);
  }, 150_000);

  it('replays a real kubectl apply step by step on the diagram', async () => {
    writeFileSync(join(dir, 'web.yaml'), deployment(3));
    await page.getByTestId('toggle-terminals').click();
    await run(`kubectl apply -f ${join(dir, 'web.yaml')}`, /deployment\.apps\/web created/);
    await page.getByTestId('toggle-terminals').click();
    // "?" lists the shortcuts; Escape closes the list and gives the focus back.
    await page.keyboard.press('?');
    await expect(page.getByTestId('help-overlay').textContent()).resolves.toContain('Replay panel');
    await page.keyboard.press('Escape');
    await page.getByTestId('help-overlay').waitFor({ state: 'detached' });
    await page.keyboard.press('r');
    await page.getByTestId('replay-panel').waitFor();
    // The host keeps recording while the pods start; wait until all three were seen.
    await expect
      .poll(() => page.getByTestId('replay-seq-web').textContent(), { timeout: 60_000 })
      .toMatch(/3 pods/);
    await page.getByTestId('replay-seq-web').click();
    await expect(caption()).resolves.toContain('kubectl sends Deployment web');
    await expect.poll(() => page.locator('.vue-flow__edge.replay-on').count()).toBeGreaterThan(0);
    await expect(
      page.locator('.vue-flow__node.replay-on [data-testid="box-user"]').count(),
    ).resolves.toBe(1);
    await shot(page, 'replay-1-apply');

    await page.keyboard.press('ArrowRight');
    await expect.poll(caption).toContain('deployment controller');
    await expect(page.getByTestId('replay-position').textContent()).resolves.toMatch(/^2\//);

    await page
      .locator('[data-testid^="replay-step-"]', { hasText: 'schedule web-' })
      .first()
      .click();
    await expect.poll(caption).toMatch(/\d of 6 nodes fit/);
    await shot(page, 'replay-2-schedule');

    await page
      .locator('[data-testid^="replay-step-"]', { hasText: 'RunPodSandbox' })
      .first()
      .click();
    await expect.poll(caption).toContain('pod sandbox');
    const lit = await page.$$eval('.vue-flow__edge.replay-on', (els) =>
      els.map((e) => e.getAttribute('data-id') ?? e.id ?? ''),
    );
    expect(lit.join(' ')).toMatch(/kubelet\/worker-\d->runtime\/worker-\d/);
    await shot(page, 'replay-3-sandbox');

    // Play at 1×: the position moves on by itself.
    const before = await page.getByTestId('replay-position').textContent();
    await page.getByTestId('replay-play').click();
    await expect
      .poll(() => page.getByTestId('replay-position').textContent(), { timeout: 10_000 })
      .not.toBe(before);
    await page.getByTestId('replay-pause').click();
  }, 150_000);

  it('puts a stopped kubelet and the cluster’s reaction on the timeline', async () => {
    await page.getByTestId('nav-cluster').click();
    await page.getByTestId('tab-Pod').click();
    const victim = await page.$$eval('[data-testid="table-Pod"] tbody tr', (trs) => {
      const rows = trs.map((tr) =>
        [...tr.querySelectorAll('td')].map((c) => c.textContent?.trim() ?? ''),
      );
      return (
        rows.find((r) => r[1]?.startsWith('web-') && r[5]?.startsWith('worker'))?.[5] ?? 'worker-1'
      );
    });
    await page.getByTestId('nav-faults').click();
    await page.getByTestId('fault-stop-kubelet').waitFor({ timeout: 30_000 });
    await page.getByLabel('stop-kubelet target').selectOption(victim);
    await page.getByTestId('apply-stop-kubelet').click();
    await page.getByTestId('active-stop-kubelet').waitFor({ timeout: 15_000 });
    const lane = (l: string) => page.getByTestId(`timeline-lane-${l}`);
    await expect.poll(() => lane('faults').locator('.mark.active').count()).toBe(1);
    await expect
      .poll(() => lane('nodes').locator('[data-kind="node-notready"]').count(), { timeout: 90_000 })
      .toBeGreaterThan(0);
    await expect
      .poll(() => lane('taints').locator('[data-kind="taint-added"]').count(), { timeout: 60_000 })
      .toBeGreaterThan(0);
    // The pods on the victim are evicted (Terminating until its kubelet returns) and their
    // replacements bound to other nodes.
    await expect
      .poll(() => lane('pods').locator('[data-kind="pods-terminating"]').count(), {
        timeout: 120_000,
      })
      .toBeGreaterThan(0);
    await expect
      .poll(() => lane('evictions').locator('[data-kind="TaintManagerEviction"]').count(), {
        timeout: 60_000,
      })
      .toBeGreaterThan(0);
    await expect
      .poll(
        async () =>
          (
            await lane('pods')
              .locator('[data-kind="pods-bound"]')
              .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''))
          ).some((l) => /bound to worker/.test(l) && !l.includes(`bound to ${victim}`)),
        { timeout: 120_000 },
      )
      .toBe(true);
    const notReady = lane('nodes').locator('[data-kind="node-notready"]').first();
    await notReady.focus();
    await expect(page.getByTestId('timeline-details').textContent()).resolves.toContain(
      `${victim} NotReady`,
    );
    await shot(page, 'timeline-1-fault-reaction');

    await page.getByTestId('revert-stop-kubelet').click();
    await page.getByTestId('active-stop-kubelet').waitFor({ state: 'detached', timeout: 15_000 });
    await expect.poll(() => lane('faults').locator('.mark.active').count()).toBe(0);
    await expect
      .poll(() => lane('nodes').locator('[data-kind="node-ready"]').count(), { timeout: 90_000 })
      .toBeGreaterThan(0);
    await shot(page, 'timeline-2-reverted');
  }, 400_000);

  it('stays responsive with 500 pods on 5 workers, and counts them all', async () => {
    await page.getByTestId('nav-architecture').click();
    await page.evaluate(() => {
      window.__longTasks = [];
      new PerformanceObserver((list: any) => {
        for (const e of list.getEntries()) window.__longTasks.push(e.duration);
      }).observe({ type: 'longtask', buffered: false });
    });
    writeFileSync(join(dir, 'web.yaml'), deployment(500));
    await page.getByTestId('toggle-terminals').click();
    await run(`kubectl apply -f ${join(dir, 'web.yaml')}`, /deployment\.apps\/web configured/);
    await page.getByTestId('toggle-terminals').click();
    // While the pods start, clicks still take effect (side panel tabs switch).
    const clicks: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = Date.now();
      await page.getByTestId(i % 2 ? 'side-log' : 'side-replay').click();
      await expect(
        page.getByTestId(i % 2 ? 'side-log' : 'side-replay').getAttribute('aria-selected'),
      ).resolves.toBe('true');
      clicks.push(Date.now() - t0);
    }
    // Every pod is listed as soon as it exists...
    await page.getByTestId('nav-cluster').click();
    await page.getByTestId('tab-Pod').click();
    await page.getByText('Showing 300 of 500').waitFor({ timeout: 180_000 });
    await shot(page, 'perf-objects-500-pods');
    // ...and on the diagram once bound. On a loaded 2-core machine 500 pods can take minutes to
    // be scheduled and started: wait, never time them.
    await page.getByTestId('nav-architecture').click();
    await expect.poll(podsOnDiagram, { timeout: 600_000, interval: 2000 }).toBe(500);
    // The replay list records the scale-up too: one apply, its new pods counted (3 followed).
    await page.getByTestId('side-replay').click();
    let counted = 0;
    await expect
      .poll(
        async () => {
          for (const t of await page.locator('[data-testid="replay-seq-web"]').allTextContents()) {
            const m = /patch · .*?(\d+) pods/.exec(t);
            if (m) counted = Number(m[1]);
          }
          return counted;
        },
        { timeout: 60_000 },
      )
      .toBeGreaterThan(3);
    await shot(page, 'perf-replay-500-pods');
    const long: number[] = await page.evaluate(() => window.__longTasks);
    const figures = {
      longTasks: long.length,
      longestTaskMs: Math.round(Math.max(0, ...long)),
      totalLongTaskMs: Math.round(long.reduce((a, b) => a + b, 0)),
      clickToUpdateMs: clicks,
      podsCountedByReplay: counted,
      traceEventsSeen: await page.getByTestId('trace-total').textContent(),
    };
    writeFileSync(
      join(ARTIFACTS, 'perf-500-pods-longtasks.json'),
      JSON.stringify(figures, null, 2),
    );
    console.log('500 pods: long tasks', JSON.stringify(figures));
  }, 900_000);
});
