// The Electron main process: the lab host. Lifecycle and wiring only (DESIGN.md §3).
import { app, BrowserWindow, ipcMain } from 'electron';
import { join } from 'node:path';
import { CHANNELS, type AppInfo } from '../src-shared/ipc';

function createWindow(): void {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    title: 'kubelab',
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.mjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    },
  });
  const devUrl = process.env['ELECTRON_RENDERER_URL'];
  if (devUrl) void win.loadURL(devUrl);
  else void win.loadFile(join(import.meta.dirname, '../renderer/index.html'));
}

ipcMain.handle(CHANNELS.appInfo, (): AppInfo => ({
  name: 'kubelab',
  version: app.getVersion(),
  mode: 'no-vm',
}));

void app.whenReady().then(createWindow);
app.on('window-all-closed', () => app.quit());
