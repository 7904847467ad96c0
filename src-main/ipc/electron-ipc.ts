/**
 * The contract over Electron IPC: one ipcMain.handle per invoke channel (through the dispatcher)
 * and every bus event forwarded to the window. Errors cross as plain messages.
 */
import { ipcMain, type WebContents } from 'electron';
import { invokeChannelIds, type Dispatch } from './dispatcher';
import type { HostBus } from './host-bus';

export function registerElectronIpc(
  dispatch: Dispatch,
  bus: HostBus,
  target: () => WebContents | undefined,
): () => void {
  for (const id of invokeChannelIds()) {
    ipcMain.handle(id, (_e, req: unknown) => dispatch(id, req));
  }
  const unsubscribe = bus.subscribe((ch, payload) => {
    const wc = target();
    if (wc && !wc.isDestroyed()) wc.send(ch, payload);
  });
  return () => {
    unsubscribe();
    for (const id of invokeChannelIds()) ipcMain.removeHandler(id);
  };
}
