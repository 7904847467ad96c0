/**
 * The terminal dock and the browser-mode link, in a real browser against `kubelab ui`:
 * host shells on a real PTY, several side by side, surviving navigation and a page reload
 * (backlog re-attach), a closed tab ending its processes; then the WebSocket dropped server-side
 * while the cluster changes and a terminal prints — the page shows "reconnecting…", comes back
 * by itself and shows the new pod and the missed output, without a reload.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { ClusterStatus, TerminalInfo } from '../../../src-shared/ipc';
import { alive } from '../../../src-main/shell/proc-tree';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBrowserMode } from '../../../src-main/server/browser-mode';
import { cleanShellHome } from '../../support/shell-home';
import { ROOT, buildRenderer, openUi, shot, type UiSession } from './browser-harness';

// Callbacks given to page.evaluate/waitForFunction run in the browser, on its globals.
declare const window: any;
declare const document: any;

let ui: UiSession;
let page: Page;
let staticRoot: string;

const tabs = () => page.locator('[data-testid^="term-tab-"]');
const screen = (id: string): Locator => page.getByTestId(`terminal-${id}`).locator('.xterm-rows');
const screenText = (id: string) => screen(id).innerText();

async function tabIds(): Promise<string[]> {
  const ids = await tabs().evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
  return ids.map((i) => String(i).replace('term-tab-', ''));
}

async function typeIn(id: string, line: string): Promise<void> {
  await page.getByTestId(`terminal-${id}`).click();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

describe('terminals and reconnect in browser mode', () => {
  const realHome = process.env['HOME'];
  beforeAll(async () => {
    // The host shells the lab host starts inherit this process's HOME (see shell-home.ts).
    process.env['HOME'] = cleanShellHome();
    staticRoot = buildRenderer();
    ui = await openUi({ staticRoot, width: 1500, height: 950 });
    page = ui.page;
    await page.getByTestId('wizard').waitFor();
  }, 180_000);

  afterAll(async () => {
    await ui?.close();
    process.env['HOME'] = realHome;
  }, 60_000);

  it('opens two host shells on a real PTY and shows them side by side', async () => {
    await page.getByTestId('term-new-shell').click();
    await page.getByTestId('term-new-shell').click();
    await expect.poll(() => tabs().count()).toBe(2);
    const [a, b] = await tabIds();
    await expect(tabs().first().getAttribute('data-kind')).resolves.toBe('shell');
    await page.getByTestId('term-split').click();
    await typeIn(a!, 'echo "left-$((20+1)) tty=$(tty)"');
    await typeIn(b!, 'echo "right-$((21*2))"; stty size');
    await expect
      .poll(() => screenText(a!), { timeout: 15_000 })
      .toMatch(/left-21 tty=\/dev\/pts\/\d+/);
    await expect.poll(() => screenText(b!), { timeout: 15_000 }).toContain('right-42');
    // The shell's PTY has the size of the pane it is shown in: as many rows as xterm draws, and
    // half the dock's width in columns.
    const size = /^(\d+) (\d+)\s*$/m.exec(await screenText(b!));
    expect(size).not.toBeNull();
    const rows = await screen(b!).locator(':scope > div').count();
    expect(Number(size![1])).toBe(rows);
    expect(Number(size![2])).toBeGreaterThan(40);
    expect(Number(size![2])).toBeLessThan(120);
    expect(await screenText(a!)).not.toContain('right-42');
    await shot(page, '20-terminals-side-by-side');
    await page.getByTestId('term-split').click();
    await tabs().nth(1).click();
    await shot(page, '21-terminals-tabs');
  }, 60_000);

  it('keeps sessions across navigation and a page reload (backlog re-attach)', async () => {
    const [a] = await tabIds();
    await tabs().first().click();
    await typeIn(a!, 'for i in 1 2 3; do echo "kept-$i"; done');
    await expect.poll(() => screenText(a!), { timeout: 15_000 }).toContain('kept-3');
    await page.getByTestId('nav-faults').click();
    await page.getByTestId('nav-create').click();
    await expect(screenText(a!)).resolves.toContain('kept-3');
    await page.reload();
    await page.getByTestId('wizard').waitFor();
    await expect.poll(() => tabIds()).toHaveLength(2);
    await page.getByTestId('toggle-terminals').click();
    await tabs().first().click();
    await expect.poll(() => screenText(a!), { timeout: 15_000 }).toContain('kept-3');
    // Still the same live shell: it answers.
    await typeIn(a!, 'echo "again-$((3*3))"');
    await expect.poll(() => screenText(a!), { timeout: 15_000 }).toContain('again-9');
    expect((await screenText(a!)).match(/kept-2/g)).toHaveLength(1); // Replayed once, not twice.
  }, 60_000);

  it('closing a tab ends the shell and what runs in it', async () => {
    const [, b] = await tabIds();
    await tabs().nth(1).click();
    await typeIn(b!, 'echo "pid=$$"; sleep 307');
    await expect.poll(() => screenText(b!), { timeout: 15_000 }).toMatch(/pid=\d+/);
    const pid = Number(/pid=(\d+)/.exec(await screenText(b!))![1]);
    expect(alive(pid)).toBe(true);
    await page.getByTestId(`term-close-${b}`).click();
    await expect.poll(() => tabIds()).toHaveLength(1);
    await expect.poll(() => alive(pid), { timeout: 10_000 }).toBe(false);
    const left = (await ui.mode.lab.dispatch('terminals:list', undefined)) as TerminalInfo[];
    expect(left.map((t) => t.id)).not.toContain(b);
  }, 60_000);

  it('keeps terminal preferences in the settings: default kind and font size', async () => {
    await page.getByTestId('term-default-kind').selectOption('shell');
    await page.getByTestId('term-font-larger').click();
    await expect
      .poll(async () => ((await ui.mode.lab.dispatch('settings:get', undefined)) as any).terminal)
      .toEqual({ defaultKind: 'shell', fontSize: 14 });
    await page.getByTestId('term-new').click();
    await expect.poll(() => tabIds()).toHaveLength(2);
    await expect(tabs().nth(1).getAttribute('data-kind')).resolves.toBe('shell');
    const [, extra] = await tabIds();
    await page.getByTestId(`term-close-${extra}`).click();
    await expect.poll(() => tabIds()).toHaveLength(1);
    await page.getByTestId('term-font-smaller').click();
    await page.getByTestId('term-default-kind').selectOption('console');
    await expect
      .poll(async () => ((await ui.mode.lab.dispatch('settings:get', undefined)) as any).terminal)
      .toEqual({ defaultKind: 'console', fontSize: 13 });
  }, 60_000);

  it('reconnects after the socket drops and re-syncs objects and terminals without a reload', async () => {
    const dispatch = ui.mode.lab.dispatch;
    await dispatch('cluster:create', { masters: 1, workers: 1, driver: 'no-vm' });
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="cluster-phase"]')?.textContent?.includes('running'),
      undefined,
      { timeout: 120_000 },
    );
    await page.getByTestId('nav-cluster').click();
    await page.getByTestId('table-Pod').waitFor();
    const [a] = await tabIds();
    await page.evaluate(() => (window.__samePage = 'yes'));

    ui.mode.server.suspend();
    await page.getByTestId('reconnecting').waitFor({ timeout: 15_000 });
    // While the page is cut off: the cluster changes and the terminal prints.
    await dispatch('objects:apply', {
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: made-while-offline\n  namespace: default\nspec:\n  containers:\n    - name: web\n      image: nginx:1.14.2\n',
    });
    await dispatch('terminals:write', { id: a, data: 'echo "missed-$((40+2))-output"\r' });
    const status = (await dispatch('cluster:status', undefined)) as ClusterStatus;
    expect(status.phase).toBe('running');
    await new Promise((r) => setTimeout(r, 1500));
    expect(await page.getByTestId('table-Pod').textContent()).not.toContain('made-while-offline');
    await shot(page, '22-reconnecting');

    ui.mode.server.resume();
    await page.getByTestId('reconnecting').waitFor({ state: 'detached', timeout: 20_000 });
    await expect
      .poll(() => page.getByTestId('table-Pod').textContent(), { timeout: 15_000 })
      .toContain('made-while-offline');
    await expect.poll(() => screenText(a!), { timeout: 15_000 }).toContain('missed-42-output');
    expect(await page.evaluate(() => window.__samePage)).toBe('yes');
    await shot(page, '23-reconnected');
    // Live events flow again on the new socket.
    await dispatch('objects:delete', {
      kind: 'Pod',
      name: 'made-while-offline',
      namespace: 'default',
    });
    await expect
      .poll(() => page.getByTestId('table-Pod').textContent(), { timeout: 30_000 })
      .not.toContain('made-while-offline');
    await dispatch('cluster:stop', undefined);
  }, 240_000);

  it('sets a corrupt settings file aside and says so on the page', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kubelab-ui-data-'));
    writeFileSync(join(dataDir, 'settings.json'), '{"version": 2, "theme": ');
    const mode = await startBrowserMode({ rootDir: ROOT, staticRoot, dataDir });
    const other = await ui.context.newPage();
    try {
      await other.goto(mode.server.url);
      const notice = other.getByTestId('settings-notice');
      await notice.waitFor({ timeout: 15_000 });
      await expect(notice.textContent()).resolves.toMatch(
        /not valid JSON; it was kept as settings\.json\.corrupt-\S+ and the defaults are in use/,
      );
      expect(readdirSync(dataDir).some((f) => f.startsWith('settings.json.corrupt-'))).toBe(true);
      await shot(other, '24-settings-notice');
      await notice.getByRole('button', { name: 'Dismiss' }).click();
      await expect.poll(() => notice.count()).toBe(0);
    } finally {
      await other.close();
      await mode.shutdown();
    }
  }, 60_000);
});
