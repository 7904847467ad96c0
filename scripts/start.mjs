// `npm start`: builds the app with electron-vite and opens it in Electron. Electron runs its own Node
// ABI, so the cluster (with its native better-sqlite3) runs as a child process under the system Node
// (see README "How npm start gets a working build").
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const build = spawnSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

let electronBin = null;
try {
  electronBin = require('electron');
} catch {
  electronBin = null;
}
if (typeof electronBin !== 'string' || !existsSync(electronBin)) {
  console.error(
    'The Electron binary is not installed (npm was run with ELECTRON_SKIP_BINARY_DOWNLOAD=1 or offline).\n' +
      'Install it with `node node_modules/electron/install.js`, then run `npm start` again.\n' +
      'The cluster itself runs without Electron: `npx kubelab apiserver --help`.',
  );
  process.exit(1);
}
const r = spawnSync(electronBin, ['.'], { stdio: 'inherit' });
process.exit(r.status ?? 0);
