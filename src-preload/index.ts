// Exposes exactly the typed RendererApi of src-shared/ipc.ts; nothing else of Node or Electron.
import { contextBridge, ipcRenderer } from 'electron';
import { CHANNELS, type RendererApi } from '../src-shared/ipc';

const api: RendererApi = {
  app: { info: () => ipcRenderer.invoke(CHANNELS.appInfo) },
};

contextBridge.exposeInMainWorld('api', api);
