/**
 * Composition root of the lab host, shared by the desktop app and browser mode: settings, the lab,
 * the contract's handlers and the event bus. Only the transport to the renderer differs.
 */
import { join } from 'node:path';
import type { AppInfo } from '../../src-shared/ipc';
import { createDispatcher, type Dispatch } from '../ipc/dispatcher';
import { createHandlers } from '../ipc/handlers';
import { HostBus } from '../ipc/host-bus';
import { SettingsFile, appDataDir } from '../settings/settings-file';
import { LabHost } from './lab-host';

export interface LabOptions {
  rootDir: string;
  shell: AppInfo['shell'];
  version: string;
  /** The system Node for the cluster child (Electron passes "node" from PATH). */
  nodeBin: string;
  /** App-data folder; defaults to the OS one (~/.config/kubelab on Linux). */
  dataDir?: string;
  log?: (line: string) => void;
}

export interface Lab {
  host: LabHost;
  bus: HostBus;
  dispatch: Dispatch;
}

export function createLab(opts: LabOptions): Lab {
  const dataDir = opts.dataDir ?? appDataDir();
  const bus = new HostBus();
  const settings = new SettingsFile(join(dataDir, 'settings.json'));
  const host = new LabHost({
    bus,
    settings,
    rootDir: opts.rootDir,
    dataDir,
    nodeBin: opts.nodeBin,
    ...(opts.log ? { log: opts.log } : {}),
  });
  const info: AppInfo = {
    name: 'kubelab',
    version: opts.version,
    shell: opts.shell,
    platform: process.platform,
  };
  return { host, bus, dispatch: createDispatcher(createHandlers(host, info)) };
}
