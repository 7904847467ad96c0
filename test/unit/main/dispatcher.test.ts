import { describe, expect, it } from 'vitest';
import { CONTRACT, channelsOf, type ContractHandlers } from '../../../src-shared/ipc';
import { createDispatcher, UnknownChannelError } from '../../../src-main/ipc/dispatcher';

/** Handlers that answer with their own channel id. */
function echoHandlers(): ContractHandlers {
  const h: Record<string, Record<string, unknown>> = {};
  for (const c of channelsOf(CONTRACT)) {
    if (c.kind !== 'invoke') continue;
    (h[c.domain] ??= {})[c.name] = (req: unknown) => ({ id: c.id, req });
  }
  return h as unknown as ContractHandlers;
}

describe('dispatcher', () => {
  it('routes every invoke channel of the contract to its handler', async () => {
    const dispatch = createDispatcher(echoHandlers());
    for (const c of channelsOf(CONTRACT).filter((x) => x.kind === 'invoke')) {
      await expect(dispatch(c.id, 7)).resolves.toEqual({ id: c.id, req: 7 });
    }
  });

  it('refuses a channel the contract does not have (events are not callable either)', async () => {
    const dispatch = createDispatcher(echoHandlers());
    await expect(dispatch('fs:read-file', '/etc/passwd')).rejects.toBeInstanceOf(
      UnknownChannelError,
    );
    await expect(dispatch('cluster:status-changed', undefined)).rejects.toBeInstanceOf(
      UnknownChannelError,
    );
  });

  it('will not start with a handler missing', () => {
    const h = echoHandlers() as unknown as Record<string, Record<string, unknown>>;
    delete h['faults']!['revertAll'];
    expect(() => createDispatcher(h as unknown as ContractHandlers)).toThrow('faults:revert-all');
  });
});
