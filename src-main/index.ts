// The Electron main process: the lab host. Lifecycle and wiring only (DESIGN.md §3).
import { app, BrowserWindow, nativeTheme } from 'electron';
import { join } from 'node:path';
import { createLab } from './lab/create-lab';
import { registerElectronIpc } from './ipc/electron-ipc';

// The cluster runs in a child process: under the system Node in a checkout (its better-sqlite3 is
// built for Node's ABI), under Electron-as-Node in the packaged app (rebuilt for Electron's ABI).
const lab = createLab({
  rootDir: app.getAppPath(),
  shell: 'electron',
  version: app.getVersion(),
  nodeBin: process.env['KUBELAB_NODE'] ?? (app.isPackaged ? process.execPath : 'node'),
  // The OS app-data folder (~/.config/kubelab, ~/Library/Application Support/kubelab,
  // %APPDATA%\kubelab); browser mode computes the same path in settings/app-data-dir.ts.
  dataDir: process.env['KUBELAB_HOME'] ?? app.getPath('userData'),
  log: (line) => console.log(line),
});
let win: BrowserWindow | undefined;

function createWindow(): void {
  win = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    title: 'kubelab',
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#14161a' : '#f6f7f9',
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    },
  });
  win.on('closed', () => (win = undefined));
  const devUrl = process.env['ELECTRON_RENDERER_URL'];
  if (devUrl) void win.loadURL(devUrl);
  else void win.loadFile(join(import.meta.dirname, '../renderer/index.html'));
}

registerElectronIpc(lab.dispatch, lab.bus, () => win?.webContents);
void app.whenReady().then(createWindow);
app.on('activate', () => {
  if (!win) createWindow();
});
app.on('window-all-closed', () => app.quit());

// Every fault is reverted and the cluster stopped before the app exits.
let quitting = false;
app.on('before-quit', (e) => {
  if (quitting) return;
  quitting = true;
  e.preventDefault();
  void lab.host.shutdown().finally(() => app.exit(0));
});
