import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import type { ApiClient } from '../../../src-cluster/client';
import { FaultLedger } from '../../../src-cluster/faults/ledger';
import { FaultManager, clearLeftovers } from '../../../src-cluster/faults/manager';
import { FaultError } from '../../../src-cluster/faults/fault';
import { FakeTarget } from './fake-target';

const pod: Pod = {
  metadata: { name: 'web-1', namespace: 'default', uid: 'u-1' },
  spec: { nodeName: 'worker-2', containers: [{ name: 'web' }, { name: 'sidecar' }] },
  status: {
    containerStatuses: [
      {
        name: 'web',
        restartCount: 0,
        ready: true,
        image: 'x',
        imageID: '',
        state: { running: {} },
      },
    ],
  },
};

/** Just enough of ApiClient for pod lookups. */
const client = {
  resource: () => ({
    namespace: () => ({
      get: async (name: string) => {
        if (name !== 'web-1') throw Object.assign(new Error('nf'), { status: { code: 404 } });
        return pod;
      },
    }),
  }),
} as unknown as ApiClient;

let dir: string;
let target: FakeTarget;
let faults: FaultManager;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kubelab-faults-'));
  target = new FakeTarget();
  faults = new FaultManager(new FaultLedger(dir), target, client);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('no-VM faults', () => {
  it('stop-kubelet stops it, is recorded, and revert starts it again', async () => {
    const e = await faults.apply('stop-kubelet', ['worker-1']);
    expect(target.kubeletRunning('worker-1')).toBe(false);
    expect(await faults.verify(e.id)).toBe(true);
    expect(new FaultLedger(dir).open()).toMatchObject([
      { id: 'f1', kind: 'stop-kubelet', target: 'worker-1', state: 'applied' },
    ]);
    await faults.revert(e.id);
    expect(target.kubeletRunning('worker-1')).toBe(true);
    expect(await faults.verify(e.id)).toBe(false);
    expect(new FaultLedger(dir).entries()[0]).toMatchObject({ state: 'reverted' });
  });

  it('refuses an unknown node or a kubelet already stopped, writing nothing', async () => {
    await expect(faults.apply('stop-kubelet', ['worker-9'])).rejects.toThrow(
      'no node "worker-9" (nodes: master-1, worker-1, worker-2)',
    );
    target.stopped.add('worker-2');
    await expect(faults.apply('stop-kubelet', ['worker-2'])).rejects.toThrow('already stopped');
    await expect(faults.apply('melt-cpu', [])).rejects.toThrow(FaultError);
    expect(new FaultLedger(dir).entries()).toEqual([]);
  });

  it('kill-scheduler kills the leader by identity and revert restarts that one', async () => {
    const e = await faults.apply('kill-scheduler', []);
    expect(e.target).toBe('master-1_a');
    expect(target.alive('scheduler', 'master-1_a')).toBe(false);
    expect(target.alive('controller-manager', 'master-2_b')).toBe(true);
    await faults.revertAll();
    expect(target.alive('scheduler', 'master-1_a')).toBe(true);
  });

  it('crash-container finds the pod node and its first container', async () => {
    await faults.apply('crash-container', ['default/web-1']);
    expect(target.crashes).toEqual(['default/web-1/web@worker-2']);
    await expect(faults.apply('crash-container', ['default/web-1/db'])).rejects.toThrow(
      'has no container "db" (containers: web, sidecar)',
    );
  });

  it('fail-probe needs the container and a probe kind, and reverts to a passing probe', async () => {
    await expect(faults.apply('fail-probe', ['default/web-1', 'liveness'])).rejects.toThrow(
      'name the container',
    );
    await expect(faults.apply('fail-probe', ['default/web-1/web', 'startle'])).rejects.toThrow(
      'liveness or readiness',
    );
    const e = await faults.apply('fail-probe', ['default/web-1/web', 'readiness']);
    expect(target.failing.has('u-1/web/readiness')).toBe(true);
    await faults.revert(e.id);
    expect(target.failing.size).toBe(0);
  });

  it('revert-all undoes newest first; leftovers of a dead run are cleared on the next start', async () => {
    await faults.apply('stop-kubelet', ['worker-1']);
    await faults.apply('stop-kubelet', ['worker-2']);
    const reverted = await faults.revertAll();
    expect(reverted.map((e) => e.id)).toEqual(['f2', 'f1']);
    await faults.apply('stop-kubelet', ['worker-1']);
    const cleared = clearLeftovers(new FaultLedger(dir));
    expect(cleared.map((e) => [e.id, e.state])).toEqual([['f3', 'cleared']]);
    expect(new FaultLedger(dir).open()).toEqual([]);
  });
});
