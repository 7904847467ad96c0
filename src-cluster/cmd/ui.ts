/**
 * `kubelab ui`: runs the lab host in browser mode — the desktop app's UI served on loopback, with
 * the same contract over a token-protected WebSocket — and prints the URL to open.
 */
import { resolve } from 'node:path';
import { startBrowserMode } from '../../src-main/server/browser-mode';
import { flagsHelp, parseFlags, portFlag, type FlagSpec } from './flags';

const SPECS: FlagSpec[] = [
  { name: 'port', help: 'HTTP port on 127.0.0.1 (0 picks a free one)', default: '0' },
  { name: 'data-dir', help: 'app-data folder (default: ~/.config/kubelab or the OS equivalent)' },
  { name: 'help', help: 'show this help', boolean: true },
];

export async function runUi(args: string[]): Promise<number> {
  const flags = parseFlags(args, SPECS);
  if (flags.help) {
    console.log(flagsHelp('ui', 'Opens the kubelab app in your browser (browser mode).', SPECS));
    return 0;
  }
  const rootDir = resolve(import.meta.dirname, '../..');
  const dataDir = flags['data-dir'];
  const mode = await startBrowserMode({
    rootDir,
    port: portFlag(flags.port, 'port') ?? 0,
    ...(typeof dataDir === 'string' ? { dataDir: resolve(dataDir) } : {}),
    log: (line) => {
      if (process.env['KUBELAB_UI_VERBOSE']) console.error(line);
    },
  });
  console.log(`kubelab ui: open ${mode.server.url}`);
  console.log('  (loopback only; the token in the URL is the key — Ctrl-C stops the lab)');
  await new Promise<void>((r) => {
    process.once('SIGINT', r);
    process.once('SIGTERM', r);
  });
  await mode.shutdown();
  return 0;
}
