/**
 * The desktop app's main flow in browser mode, on a real no-VM cluster: create it, watch every
 * component turn healthy, apply the article's Deployment and see the traffic it causes on the
 * diagram, stop a worker's kubelet and see the node go NotReady and its pods move, revert, and use
 * two terminals. Screenshots of each view go to test/artifacts/ui/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildRenderer, openUi, shot, type UiSession } from './browser-harness';

// The article's Deployment, with short not-ready/unreachable tolerations so evicted pods move in
// seconds instead of the default 300 s (a user can do the same to see it quickly).
const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx-deployment
  labels:
    app: nginx
spec:
  replicas: 3
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      tolerations:
        - key: node.kubernetes.io/not-ready
          operator: Exists
          effect: NoExecute
          tolerationSeconds: 3
        - key: node.kubernetes.io/unreachable
          operator: Exists
          effect: NoExecute
          tolerationSeconds: 3
      containers:
        - name: nginx
          image: nginx:1.14.2
          ports:
            - containerPort: 80
`;

// Callbacks given to page.evaluate/waitForFunction run in the browser, on its globals.
declare const document: any;
declare const window: any;

let ui: UiSession;
let page: Page;

/** Rows of the Pods table as { name, status, node }. */
async function podRows(): Promise<{ name: string; status: string; node: string }[]> {
  return page.$$eval('[data-testid="table-Pod"] tbody tr', (trs) =>
    trs.map((tr) => {
      const td = [...tr.querySelectorAll('td')].map((c) => c.textContent?.trim() ?? '');
      return { name: td[1] ?? '', status: td[3] ?? '', node: td[5] ?? '' };
    }),
  );
}

async function runningNginx(): Promise<{ name: string; status: string; node: string }[]> {
  return (await podRows()).filter(
    (p) => p.name.startsWith('nginx-deployment') && p.status === 'Running',
  );
}

describe('kubelab in browser mode on a no-VM cluster', () => {
  beforeAll(async () => {
    ui = await openUi({ staticRoot: buildRenderer() });
    page = ui.page;
  }, 180_000);

  afterAll(async () => {
    await ui?.close();
  }, 60_000);

  it('creates a cluster from the wizard and shows each node’s startup steps', async () => {
    await page.getByTestId('wizard').waitFor();
    await expect(page.getByTestId('driver-qemu').textContent()).resolves.toContain(
      'not in this build',
    );
    await shot(page, '01-wizard');
    await page.getByTestId('fast-failover').check();
    await page.getByTestId('create-cluster').click();
    await page.getByTestId('timeline-worker-2').waitFor({ timeout: 60_000 });
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="cluster-phase"]')?.textContent?.includes('running'),
      undefined,
      { timeout: 90_000 },
    );
    await expect(page.getByTestId('timeline-worker-1').textContent()).resolves.toContain('done');
    await shot(page, '02-startup-timeline');
  }, 120_000);

  it('shows every component on the architecture diagram, all healthy', async () => {
    await page.getByTestId('nav-architecture').click();
    await page.getByTestId('box-apiserver/master-1').waitFor();
    await page.waitForFunction(
      () => {
        const boxes = [
          ...document.querySelectorAll('.vue-flow__node [data-testid^="box-"][data-state]'),
        ];
        return boxes.length >= 15 && boxes.every((b) => b.getAttribute('data-state') === 'healthy');
      },
      undefined,
      { timeout: 60_000 },
    );
    for (const id of [
      'apiserver/master-1',
      'store/master-1',
      'scheduler/master-1',
      'controller-manager/master-1',
      'cloud-controller-manager/master-1',
      'kubelet/worker-1',
      'kube-proxy/worker-2',
      'runtime/worker-2',
    ]) {
      await expect(page.getByTestId(`box-${id}`).getAttribute('data-state')).resolves.toBe(
        'healthy',
      );
    }
    await shot(page, '03-architecture-healthy');
  }, 90_000);

  it('applies the Deployment from the YAML editor and animates the traffic it causes', async () => {
    // Record every edge that carries traffic while the Deployment rolls out (an observer, not a
    // timing check: edges stay lit for a few seconds after each event).
    await page.evaluate(() => {
      const w = window as unknown as { seenTraffic: Set<string> };
      w.seenTraffic = new Set();
      setInterval(() => {
        for (const el of document.querySelectorAll('.vue-flow__edge.traffic')) {
          const kind = [...el.classList].find((c) => c.startsWith('traffic-')) ?? '';
          w.seenTraffic.add(`${el.getAttribute('data-id')}|${kind}`);
        }
      }, 50);
    });
    await page.getByTestId('arch-apply-yaml').click();
    await page.getByTestId('yaml-text').fill(DEPLOYMENT);
    await page.getByTestId('yaml-apply').click();
    await expect
      .poll(() => page.getByTestId('yaml-results').textContent(), { timeout: 15_000 })
      .toContain('deployment/nginx-deployment created');
    const seen = (pattern: string) =>
      page.waitForFunction(
        (p) =>
          [...(window as unknown as { seenTraffic: Set<string> }).seenTraffic].some((s) =>
            new RegExp(p).test(s),
          ),
        pattern,
        { timeout: 60_000 },
      );
    await seen('^e:user->apiserver/master-1\\|traffic-request');
    await seen('^e:controller-manager/master-1->apiserver/master-1\\|traffic-request');
    await seen('^e:scheduler/master-1->apiserver/master-1\\|traffic-binding');
    await seen('^e:kubelet/worker-\\d->apiserver/master-1\\|');
    await seen('^e:kubelet/worker-\\d->runtime/worker-\\d\\|traffic-cri');
    await shot(page, '04-architecture-traffic');
    await page.getByTestId('arch-apply-yaml').click();
    await page.getByTestId('nav-cluster').click();
    await page.getByTestId('tab-Pod').click();
    await expect.poll(async () => (await runningNginx()).length, { timeout: 60_000 }).toBe(3);
    await shot(page, '05-objects-pods');
  }, 120_000);

  it('stops a kubelet: the node goes NotReady and its pods move; revert heals it', async () => {
    const before = await runningNginx();
    const victim = before.find((p) => p.node.startsWith('worker'))?.node ?? 'worker-1';
    await page.getByTestId('nav-faults').click();
    await page.getByTestId('fault-stop-kubelet').waitFor({ timeout: 30_000 });
    await page.getByLabel('stop-kubelet target').selectOption(victim);
    await page.getByTestId('apply-stop-kubelet').click();
    await page.getByTestId('active-stop-kubelet').waitFor({ timeout: 15_000 });
    await shot(page, '06-faults-active');

    await page.getByTestId('nav-architecture').click();
    await expect
      .poll(() => page.getByTestId(`group-node:${victim}`).getAttribute('data-ready'), {
        timeout: 60_000,
      })
      .toBe('NotReady');
    await expect(
      page.getByTestId(`box-kubelet/${victim}`).getAttribute('data-state'),
    ).resolves.toBe('down');
    await shot(page, '07-architecture-node-notready');

    await page.getByTestId('nav-cluster').click();
    await page.getByTestId('tab-Pod').click();
    await expect
      .poll(
        async () => {
          const pods = await runningNginx();
          return pods.length === 3 && pods.every((p) => p.node !== victim);
        },
        { timeout: 90_000 },
      )
      .toBe(true);
    await shot(page, '08-objects-pods-moved');

    await page.getByTestId('nav-faults').click();
    await page.getByTestId('revert-stop-kubelet').click();
    await page.getByTestId('active-stop-kubelet').waitFor({ state: 'detached', timeout: 15_000 });
    await expect(page.locator('.marks').textContent()).resolves.toContain('reverted');
    await shot(page, '09-faults-reverted');
    await page.getByTestId('nav-architecture').click();
    await expect
      .poll(() => page.getByTestId(`group-node:${victim}`).getAttribute('data-ready'), {
        timeout: 60_000,
      })
      .toBe('Ready');
  }, 240_000);

  it('opens two terminals and runs kubectl get nodes in one', async () => {
    await page.getByTestId('term-new').click();
    await page.getByTestId('term-new').click();
    const tabs = page.locator('[data-testid^="term-tab-"]');
    await expect.poll(() => tabs.count()).toBe(2);
    await tabs.first().click();
    const first = (await tabs.first().getAttribute('data-testid'))!.replace('term-tab-', '');
    const term = page.getByTestId(`terminal-${first}`);
    await term.click();
    await page.keyboard.type('kubectl get nodes');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => term.locator('.xterm-rows').textContent(), { timeout: 30_000 })
      .toMatch(/worker-2\s+Ready/);
    // Sessions live in the lab host: navigating away and back keeps the output.
    await page.getByTestId('nav-faults').click();
    await page.getByTestId('nav-architecture').click();
    await expect(term.locator('.xterm-rows').textContent()).resolves.toContain('master-1');
    await shot(page, '10-terminals');
  }, 60_000);

  it('switches to the dark theme', async () => {
    await page.getByTestId('toggle-theme').click();
    await expect
      .poll(() => page.evaluate(() => document.documentElement.dataset['theme']))
      .toMatch(/dark|light/);
    const theme = await page.evaluate(() => document.documentElement.dataset['theme']);
    if (theme !== 'dark') await page.getByTestId('toggle-theme').click();
    await expect
      .poll(() => page.evaluate(() => document.documentElement.dataset['theme']))
      .toBe('dark');
    await shot(page, '11-architecture-dark');
  }, 30_000);

  it('stops the cluster from the setup view and is ready for another', async () => {
    await page.getByTestId('nav-create').click();
    await page.getByTestId('stop-cluster').click();
    await page.getByTestId('create-cluster').waitFor({ timeout: 60_000 });
    await expect(page.getByTestId('cluster-phase').textContent()).resolves.toContain('absent');
    await page.getByTestId('nav-architecture').click();
    await page.getByText('No cluster yet').waitFor();
  }, 90_000);
});
