// A container's CRI security context: container settings over the pod's, namespaces, and the
// runAsNonRoot check.
import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import {
  anyPrivileged,
  containerSecurityContext,
} from '../../../src-cluster/kubelet/security-context';

const pod = (spec: Partial<NonNullable<Pod['spec']>>): Pod => ({
  metadata: { name: 'p', namespace: 'ns', uid: 'u' },
  spec: { containers: [{ name: 'c' }], ...spec },
});

describe('containerSecurityContext', () => {
  it('defaults to its own PID namespace, the pod network and IPC, nothing else', () => {
    const p = pod({});
    expect(containerSecurityContext(p, p.spec!.containers[0]!)).toEqual({
      capabilities: undefined,
      privileged: false,
      namespaceOptions: { network: 'POD', pid: 'CONTAINER', ipc: 'POD' },
      runAsUser: undefined,
      runAsGroup: undefined,
      readonlyRootfs: false,
      supplementalGroups: [],
      noNewPrivs: false,
    });
  });

  it('lets the container override the pod, adds fsGroup to the groups, maps the rest', () => {
    const p = pod({
      hostNetwork: true,
      hostIPC: true,
      shareProcessNamespace: true,
      securityContext: {
        runAsUser: 1000,
        runAsGroup: 2000,
        fsGroup: 3000,
        supplementalGroups: [4000],
      },
      containers: [
        {
          name: 'c',
          securityContext: {
            runAsUser: 1001,
            privileged: true,
            readOnlyRootFilesystem: true,
            allowPrivilegeEscalation: false,
            capabilities: { add: ['NET_ADMIN'], drop: ['ALL'] },
          },
        },
      ],
    });
    expect(containerSecurityContext(p, p.spec!.containers[0]!)).toEqual({
      capabilities: { addCapabilities: ['NET_ADMIN'], dropCapabilities: ['ALL'] },
      privileged: true,
      namespaceOptions: { network: 'NODE', pid: 'POD', ipc: 'NODE' },
      runAsUser: { value: '1001' },
      runAsGroup: { value: '2000' },
      readonlyRootfs: true,
      supplementalGroups: ['4000', '3000'],
      noNewPrivs: true,
    });
    expect(anyPrivileged(p)).toBe(true);
    expect(
      containerSecurityContext(pod({ hostPID: true }), { name: 'c' }).namespaceOptions?.pid,
    ).toBe('NODE');
  });

  it('refuses uid 0 under runAsNonRoot with upstream wording', () => {
    const p = pod({ securityContext: { runAsNonRoot: true, runAsUser: 0 } });
    expect(() => containerSecurityContext(p, { name: 'c' })).toThrow(
      `container's runAsUser breaks non-root policy (pod: "p_ns(u)", container: c)`,
    );
  });
});
