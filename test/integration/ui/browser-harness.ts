/**
 * Harness for UI tests: builds the renderer, starts the lab host in browser mode (a fresh app-data
 * folder), and opens Debian's chromium through playwright-core on the printed URL.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startBrowserMode, type BrowserMode } from '../../../src-main/server/browser-mode';

export const ROOT = resolve(import.meta.dirname, '../../..');
export const ARTIFACTS = join(ROOT, 'test/artifacts/ui');
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/**
 * Builds the app into a fresh folder for this test file (UI test files run in parallel workers;
 * each gets its own build, so none reads a half-written out/). Returns the renderer folder.
 */
export function buildRenderer(): string {
  const outDir = mkdtempSync(join(tmpdir(), 'kubelab-ui-build-'));
  const r = spawnSync('npx', ['electron-vite', 'build', '--outDir', outDir], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`electron-vite build failed:\n${r.stderr || r.stdout}`);
  return join(outDir, 'renderer');
}

export interface UiSession {
  mode: BrowserMode;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export async function openUi(opts: {
  staticRoot: string;
  width?: number;
  height?: number;
}): Promise<UiSession> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  const mode = await startBrowserMode({
    rootDir: ROOT,
    staticRoot: opts.staticRoot,
    dataDir: mkdtempSync(join(tmpdir(), 'kubelab-ui-data-')),
  });
  const context = await chromium.launchPersistentContext(
    mkdtempSync(join(tmpdir(), 'kubelab-chromium-')),
    {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: opts.width ?? 1440, height: opts.height ?? 900 },
    },
  );
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(mode.server.url);
  return {
    mode,
    context,
    page,
    async close() {
      await context.close().catch(() => undefined);
      await mode.shutdown();
    },
  };
}

export function shot(page: Page, name: string): Promise<Buffer> {
  return page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}
