/** `inspect -o table` (and inspectp, inspecti): the short text forms of the three statuses. */
import { describe, expect, it } from 'vitest';
import {
  containerStatusTable,
  imageStatusTable,
  sandboxStatusTable,
} from '../../../src-cluster/crictl/commands/inspect';
import { NOW, nanos } from './fixtures';

describe('inspect -o table', () => {
  it('an exited container: times as "ago", exit code, sorted labels, Info as a Go map', () => {
    const s = {
      id: 'c1',
      metadata: { name: 'app', attempt: 1 },
      state: 'CONTAINER_EXITED',
      createdAt: nanos(NOW - 10 * 60_000),
      startedAt: nanos(NOW - 9 * 60_000),
      finishedAt: nanos(NOW - 30_000),
      exitCode: 137,
      labels: { b: '2', a: '1' },
      annotations: {},
    };
    expect(containerStatusTable(s, { pid: '0', info: '{}' }, true, NOW)).toBe(
      'ID: c1\nName: app\nAttempt: 1\nState: CONTAINER_EXITED\nCreated: 10 minutes ago\n' +
        'Started: 9 minutes ago\nFinished: 30 seconds ago\nExit Code: 137\n' +
        'Labels:\n\ta -> 1\n\tb -> 2\nInfo: map[info:{} pid:0]\n',
    );
    // Created only: no Started line; -q: no Info.
    expect(containerStatusTable({ ...s, state: 'CONTAINER_CREATED' }, {}, false, NOW)).toBe(
      'ID: c1\nName: app\nAttempt: 1\nState: CONTAINER_CREATED\nCreated: 10 minutes ago\n' +
        'Labels:\n\ta -> 1\n\tb -> 2\n',
    );
  });

  it('a sandbox: metadata, Go time, IPs', () => {
    const s = {
      id: 'p1',
      metadata: { name: 'web', uid: 'u1', namespace: 'default', attempt: 0 },
      state: 'SANDBOX_READY',
      createdAt: '1700000000500000000',
      network: { ip: '10.88.24.5', additionalIps: [{ ip: 'fd00::5' }] },
      labels: {},
      annotations: { k: 'v' },
    };
    expect(sandboxStatusTable(s, {}, false)).toBe(
      'ID: p1\nName: web\nUID: u1\nNamespace: default\nAttempt: 0\nStatus: SANDBOX_READY\n' +
        'Created: 2023-11-14 22:13:20.5 +0000 UTC\nIP Addresses: 10.88.24.5\n' +
        'Additional IP: fd00::5\nAnnotations:\n\tk -> v\n',
    );
  });

  it('an image: tags, digests, size', () => {
    const s = { id: 'sha256:ab', repoTags: ['x:1'], repoDigests: ['x@sha256:cd'], size: '1032341' };
    expect(imageStatusTable(s, {}, false)).toBe(
      'ID: sha256:ab\nTag: x:1\nDigest: x@sha256:cd\nSize: 1.03MB\n',
    );
  });
});
