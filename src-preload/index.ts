// Exposes exactly the contract of src-shared/ipc as window.api; nothing else of Node or Electron.
import { contextBridge, ipcRenderer } from 'electron';
import { CONTRACT, buildApi } from '../src-shared/ipc';

const api = buildApi(CONTRACT, {
  invoke: (id, req) => ipcRenderer.invoke(id, req),
  subscribe(id, listener) {
    const wrapped = (_e: Electron.IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(id, wrapped);
    return () => ipcRenderer.removeListener(id, wrapped);
  },
});

contextBridge.exposeInMainWorld('api', api);
