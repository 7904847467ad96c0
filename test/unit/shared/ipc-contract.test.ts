import { describe, expect, it } from 'vitest';
import { CONTRACT, buildApi, channelsOf } from '../../../src-shared/ipc';

describe('the IPC contract', () => {
  it('gives every channel a unique domain:verb id', () => {
    const ids = channelsOf(CONTRACT).map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z]+:[a-z-]+$/);
  });

  it('builds the renderer API from any transport: calls invoke by id, events subscribe by id', async () => {
    const calls: [string, unknown][] = [];
    const listeners = new Map<string, (p: unknown) => void>();
    const api = buildApi(CONTRACT, {
      invoke: async (id, req) => {
        calls.push([id, req]);
        return id === 'cluster:status' ? { phase: 'absent' } : undefined;
      },
      subscribe: (id, l) => {
        listeners.set(id, l);
        return () => listeners.delete(id);
      },
    });
    await expect(api.cluster.status()).resolves.toEqual({ phase: 'absent' });
    await api.faults.apply({ kind: 'stop-kubelet', target: 'worker-1' });
    expect(calls).toEqual([
      ['cluster:status', undefined],
      ['faults:apply', { kind: 'stop-kubelet', target: 'worker-1' }],
    ]);
    const got: unknown[] = [];
    const off = api.terminals.onOutput((o) => got.push(o));
    listeners.get('terminals:output-changed')?.({ id: 't1', data: 'hi' });
    off();
    expect(got).toEqual([{ id: 't1', data: 'hi' }]);
    expect(listeners.has('terminals:output-changed')).toBe(false);
  });

  it('freezes the API object (the preload hands it to contextBridge as is)', () => {
    const api = buildApi(CONTRACT, { invoke: async () => undefined, subscribe: () => () => {} });
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.isFrozen(api.cluster)).toBe(true);
  });
});
