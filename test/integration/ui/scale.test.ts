/**
 * The UI at the size the design asks for: 5 workers and a 500-replica Deployment. The diagram
 * keeps one pods box per node (dots capped, the rest counted) and the Pods table renders a bounded
 * page, so the page stays usable while hundreds of pods start.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildRenderer, openUi, shot, type UiSession } from './browser-harness';

// Callbacks given to page.evaluate/waitForFunction run in the browser, on its globals.
declare const document: any;

let ui: UiSession;
let page: Page;

async function podsOnDiagram(): Promise<number> {
  const counts = await page.$$eval('[data-testid^="box-pods:"] .label', (els) =>
    els.map((e) => parseInt(e.textContent ?? '0', 10)),
  );
  return counts.reduce((a, b) => a + b, 0);
}

describe('kubelab with 5 workers and 500 pods', () => {
  beforeAll(async () => {
    ui = await openUi({ staticRoot: buildRenderer() });
    page = ui.page;
  }, 180_000);

  afterAll(async () => {
    await ui?.close();
  }, 60_000);

  it('shows 500 pods spread over five workers without drawing 500 boxes', async () => {
    await page.getByTestId('wizard').waitFor();
    await page.getByTestId('workers').fill('5');
    await page.getByTestId('create-cluster').click();
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="cluster-phase"]')?.textContent?.includes('running'),
      undefined,
      { timeout: 90_000 },
    );
    await page.getByTestId('nav-architecture').click();
    await expect.poll(() => page.locator('[data-testid^="group-node:worker-"]').count()).toBe(5);
    await page.getByTestId('arch-apply-yaml').click();
    const yaml = await page.getByTestId('yaml-text').inputValue();
    await page.getByTestId('yaml-text').fill(yaml.replace('replicas: 3', 'replicas: 500'));
    await page.getByTestId('yaml-apply').click();
    await expect.poll(podsOnDiagram, { timeout: 120_000, interval: 1000 }).toBe(500);
    // One pods box per node, at most 24 dots each, whatever the pod count.
    expect(await page.locator('[data-testid^="box-pods:"]').count()).toBe(6);
    const dots = await page.locator('[data-testid^="box-pods:"] .pod').count();
    expect(dots).toBeLessThanOrEqual(6 * 24);
    await page.getByTestId('arch-apply-yaml').click();
    await shot(page, '12-architecture-500-pods');

    await page.getByTestId('nav-cluster').click();
    await page.getByTestId('tab-Pod').click();
    await expect
      .poll(() => page.locator('[data-testid="table-Pod"] tbody tr').count(), { timeout: 30_000 })
      .toBe(300);
    await page.getByText('Showing 300 of 500').waitFor();
    await shot(page, '13-objects-500-pods');
  }, 300_000);
});
