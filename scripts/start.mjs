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
  // Without Electron's binary the same app runs in the browser (the lab host serves the renderer).
  console.error(
    'The Electron binary is not installed (npm was run with ELECTRON_SKIP_BINARY_DOWNLOAD=1 or offline),\n' +
      'so kubelab opens in browser mode instead. For the desktop window, install Electron with\n' +
      '`node node_modules/electron/install.js` and run `npm start` again.\n',
  );
  const ui = spawnSync(process.execPath, ['bin/kubelab.mjs', 'ui', ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  process.exit(ui.status ?? 0);
}
const r = spawnSync(electronBin, ['.'], { stdio: 'inherit' });
process.exit(r.status ?? 0);
