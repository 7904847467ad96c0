// Exposes exactly the contract of src-shared/ipc as window.api; nothing else of Node or Electron.
import { contextBridge, ipcRenderer } from 'electron';
import { CONTRACT, buildApi } from '../src-shared/ipc';

const api = buildApi(CONTRACT, {
  // Electron wraps handler errors as "Error invoking remote method 'x': Error: <message>"; the UI
  // shows the host's own message, as browser mode does.
  invoke: (id, req) =>
    ipcRenderer.invoke(id, req).catch((err: unknown) => {
      const msg = err instanceof Error ? err.message : String(err);
      throw new Error(msg.replace(/^Error invoking remote method '[^']*': (?:\w*Error: )?/, ''));
    }),
  subscribe(id, listener) {
    const wrapped = (_e: Electron.IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(id, wrapped);
    return () => ipcRenderer.removeListener(id, wrapped);
  },
});

contextBridge.exposeInMainWorld('api', api);
