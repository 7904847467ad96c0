/**
 * `kubelab ui`: the lab host under Node, serving the app to a browser on loopback. Runs until
 * SIGINT/SIGTERM, then reverts faults and stops the cluster.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createLab, type Lab } from '../lab/create-lab';
import { startUiServer, type UiServer } from './ui-server';

export interface BrowserModeOptions {
  rootDir: string;
  /** The built renderer; defaults to <rootDir>/out/renderer. */
  staticRoot?: string;
  port?: number;
  dataDir?: string;
  token?: string;
  version?: string;
  log?: (line: string) => void;
}

export interface BrowserMode {
  server: UiServer;
  /** The lab host behind the page (tests drive the cluster through its dispatch, like the UI). */
  lab: Lab;
  shutdown(): Promise<void>;
}

export async function startBrowserMode(opts: BrowserModeOptions): Promise<BrowserMode> {
  const staticRoot = opts.staticRoot ?? join(opts.rootDir, 'out/renderer');
  if (!existsSync(join(staticRoot, 'index.html'))) {
    throw new Error('the UI is not built: run `npx electron-vite build` first');
  }
  const lab = createLab({
    rootDir: opts.rootDir,
    shell: 'browser',
    version: opts.version ?? '0.0.0',
    nodeBin: process.execPath,
    ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
    ...(opts.log ? { log: opts.log } : {}),
  });
  const server = await startUiServer({
    dispatch: lab.dispatch,
    bus: lab.bus,
    staticRoot,
    ...(opts.port !== undefined ? { port: opts.port } : {}),
    ...(opts.token ? { token: opts.token } : {}),
  });
  return {
    server,
    lab,
    async shutdown() {
      await lab.host.shutdown();
      await server.close();
    },
  };
}
