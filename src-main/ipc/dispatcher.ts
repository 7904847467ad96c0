/**
 * Routes an invoke call by channel id to its handler. Both transports (Electron IPC and the
 * WebSocket) go through here, so they accept exactly the contract's channels and nothing else.
 */
import { CONTRACT, channelsOf, type ContractHandlers } from '../../src-shared/ipc';

export type Dispatch = (channelId: string, req: unknown) => Promise<unknown>;

export class UnknownChannelError extends Error {
  constructor(id: string) {
    super(`unknown channel "${id}"`);
    this.name = 'UnknownChannelError';
  }
}

export function createDispatcher(handlers: ContractHandlers): Dispatch {
  const table = new Map<string, (req: unknown) => unknown>();
  for (const ch of channelsOf(CONTRACT)) {
    if (ch.kind !== 'invoke') continue;
    const domain = (handlers as unknown as Record<string, Record<string, unknown>>)[ch.domain];
    const fn = domain?.[ch.name];
    if (typeof fn !== 'function') throw new Error(`no handler for ${ch.id}`);
    table.set(ch.id, (req) => (fn as (r: unknown) => unknown).call(domain, req));
  }
  return async (channelId, req) => {
    const fn = table.get(channelId);
    if (!fn) throw new UnknownChannelError(channelId);
    return fn(req);
  };
}

/** All invoke channel ids (Electron registers one ipcMain.handle per id). */
export function invokeChannelIds(): string[] {
  return channelsOf(CONTRACT)
    .filter((c) => c.kind === 'invoke')
    .map((c) => c.id);
}
