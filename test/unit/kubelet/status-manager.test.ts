/**
 * The kubelet's status manager: it builds on its own newest status (not the API's lagging copy),
 * writes only what changed, and re-writes when someone else changed what the kubelet owns.
 */
import type { Pod, PodStatus } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../../src-cluster/client';
import { baseStatus } from '../../../src-cluster/kubelet/pod-status';
import { StatusManager } from '../../../src-cluster/kubelet/status-manager';

function fakeClient() {
  const patches: PodStatus[] = [];
  let rv = 100;
  const client = {
    resource: () => ({
      namespace: () => ({
        patch: async (_name: string, _type: string, body: { status: PodStatus }) => {
          patches.push(body.status);
          return { metadata: { resourceVersion: String(++rv) }, status: body.status };
        },
      }),
    }),
  } as unknown as ApiClient;
  return { client, patches, rv: () => String(rv) };
}

const running: PodStatus = {
  phase: 'Running',
  startTime: '2026-11-25T10:00:00Z',
  conditions: [
    { type: 'PodScheduled', status: 'True', lastTransitionTime: '2026-11-25T09:59:59Z' },
    { type: 'Ready', status: 'True', lastTransitionTime: '2026-11-25T10:00:01Z' },
  ],
};

function pod(rv: string, status?: PodStatus): Pod {
  return {
    metadata: { name: 'web', namespace: 'default', uid: 'u1', resourceVersion: rv },
    status,
  };
}

describe('baseStatus', () => {
  it('uses the kubelet’s own newest status, with conditions others own from the API', () => {
    const api: PodStatus = {
      phase: 'Pending',
      conditions: [
        { type: 'PodScheduled', status: 'True' },
        { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager' },
        { type: 'Ready', status: 'False' },
      ],
    };
    const b = baseStatus(api, running);
    expect(b.startTime).toBe(running.startTime);
    expect(b.phase).toBe('Running');
    expect(b.conditions!.map((c) => `${c.type}=${c.status}`)).toEqual([
      'PodScheduled=True',
      'DisruptionTarget=True',
      'Ready=True',
    ]);
  });

  it('falls back to the API copy after a kubelet restart (no cache)', () => {
    expect(baseStatus(running, undefined)).toBe(running);
  });
});

describe('StatusManager', () => {
  it('writes a status once, however many stale copies of the pod the syncs see', async () => {
    const { client, patches } = fakeClient();
    const sm = new StatusManager(client);
    expect(await sm.set(pod('37'), running)).toBe(true);
    // Syncs triggered by older events still see rv 37 (or our own write): nothing to send.
    expect(await sm.set(pod('37'), running)).toBe(false);
    expect(await sm.set(pod('101', running), running)).toBe(false);
    expect(patches).toHaveLength(1);
    expect(sm.last('u1')).toEqual(running);
  });

  it('re-writes what it owns when another writer changed it (a NotReady mark from the node controller)', async () => {
    const { client, patches } = fakeClient();
    const sm = new StatusManager(client);
    await sm.set(pod('37'), running);
    const markedNotReady: PodStatus = {
      ...running,
      conditions: [running.conditions![0]!, { type: 'Ready', status: 'False' }],
    };
    expect(await sm.set(pod('205', markedNotReady), running)).toBe(true);
    expect(patches).toHaveLength(2);
    expect(patches[1]!.conditions!.find((c) => c.type === 'Ready')!.status).toBe('True');
  });

  it('leaves changes to conditions it does not own alone', async () => {
    const { client, patches } = fakeClient();
    const sm = new StatusManager(client);
    await sm.set(pod('37'), running);
    const withForeign: PodStatus = {
      ...running,
      conditions: [...running.conditions!, { type: 'DisruptionTarget', status: 'True' }],
    };
    expect(await sm.set(pod('300', withForeign), running)).toBe(false);
    expect(patches).toHaveLength(1);
  });

  it('forgets a pod entirely', async () => {
    const { client } = fakeClient();
    const sm = new StatusManager(client);
    await sm.set(pod('37'), running);
    sm.forget('u1');
    expect(sm.last('u1')).toBeUndefined();
  });
});
