// The exact patches kubectl sends (reference/kubectl-wire.md §7–§8) applied to a live Deployment.
import { describe, expect, it } from 'vitest';
import { applyPatch } from '../../../../src-cluster/apiserver/patch';
import { DEPLOYMENT, LAST_APPLIED, liveDeployment, type Deploy } from './fixtures';

const smp = (patch: unknown, live: object = liveDeployment()) =>
  applyPatch('strategic', live, patch, DEPLOYMENT) as Deploy;
const container = (d: Deploy) => d.spec.template.spec.containers[0]!;

describe('strategic merge patch: kubectl client-side apply', () => {
  it('§7.2 second apply changes replicas and the last-applied annotation, nothing else', () => {
    const live = liveDeployment();
    const out = smp(
      { metadata: { annotations: { [LAST_APPLIED]: '{"replicas":4}\n' } }, spec: { replicas: 4 } },
      live,
    );
    expect(out.spec.replicas).toBe(4);
    expect(out.metadata.annotations).toEqual({
      [LAST_APPLIED]: '{"replicas":4}\n',
      'deployment.kubernetes.io/revision': '1',
    });
    const expected = liveDeployment();
    expected.spec.replicas = 4;
    expected.metadata.annotations[LAST_APPLIED] = '{"replicas":4}\n';
    expect(out).toEqual(expected);
    expect(live).toEqual(liveDeployment()); // pure
  });

  it('§7.3 changes env MODE and removes LOG_LEVEL via $setElementOrder + $patch: delete', () => {
    const out = smp({
      metadata: { annotations: { [LAST_APPLIED]: '{"v":3}\n' } },
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'web' }],
            containers: [
              {
                '$setElementOrder/env': [{ name: 'MODE' }],
                env: [
                  { name: 'MODE', value: 'green' },
                  { $patch: 'delete', name: 'LOG_LEVEL' },
                ],
                name: 'web',
              },
            ],
          },
        },
      },
    });
    expect(container(out).env).toEqual([{ name: 'MODE', value: 'green' }]);
    // Fields the patch does not mention survive, and no directive leaks into the object.
    expect(container(out).image).toBe('nginx:1.19');
    expect(container(out).ports).toEqual([{ containerPort: 80, protocol: 'TCP' }]);
    expect(JSON.stringify(out)).not.toContain('$');
    expect(out.metadata.annotations[LAST_APPLIED]).toBe('{"v":3}\n');
  });

  it('merges container ports by containerPort', () => {
    const out = smp({
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: 'web',
                '$setElementOrder/ports': [{ containerPort: 80 }, { containerPort: 443 }],
                ports: [
                  { containerPort: 80, name: 'http' },
                  { containerPort: 443, name: 'https' },
                ],
              },
            ],
          },
        },
      },
    });
    expect(container(out).ports).toEqual([
      { containerPort: 80, protocol: 'TCP', name: 'http' },
      { containerPort: 443, name: 'https' },
    ]);
  });

  it('a patch without $setElementOrder puts a new container before the live ones (as upstream)', () => {
    const out = smp({
      spec: { template: { spec: { containers: [{ name: 'sidecar', image: 'busybox' }] } } },
    });
    expect(out.spec.template.spec.containers.map((c) => c.name)).toEqual(['sidecar', 'web']);
    expect(container(out).name).toBe('sidecar');
  });

  it('a new container listed last in $setElementOrder is appended', () => {
    const out = smp({
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'web' }, { name: 'sidecar' }],
            containers: [{ name: 'sidecar', image: 'busybox' }],
          },
        },
      },
    });
    expect(out.spec.template.spec.containers.map((c) => c.name)).toEqual(['web', 'sidecar']);
  });
});

describe('strategic merge patch: other kubectl commands', () => {
  it('kubectl label: adds, overwrites, and null removes a label', () => {
    const live = liveDeployment();
    (live.metadata.labels as Record<string, string>).old = 'x';
    const out = smp({ metadata: { labels: { tier: 'fe', app: 'web2', old: null } } }, live);
    expect(out.metadata.labels).toEqual({ app: 'web2', tier: 'fe' });
  });

  it('kubectl annotate --overwrite and annotate key- (null)', () => {
    const out = smp({
      metadata: { annotations: { note: 'hi', 'deployment.kubernetes.io/revision': null } },
    });
    expect(out.metadata.annotations).toEqual({ [LAST_APPLIED]: '{"old":true}\n', note: 'hi' });
  });

  it('kubectl rollout restart adds the template annotation, keeping template labels', () => {
    const out = smp({
      spec: {
        template: {
          metadata: {
            annotations: { 'kubectl.kubernetes.io/restartedAt': '2024-05-01T10:00:00Z' },
          },
        },
      },
    });
    expect(out.spec.template.metadata).toEqual({
      labels: { app: 'web' },
      annotations: { 'kubectl.kubernetes.io/restartedAt': '2024-05-01T10:00:00Z' },
    });
  });

  it('kubectl rollout pause sets spec.paused', () => {
    expect((smp({ spec: { paused: true } }).spec as { paused?: boolean }).paused).toBe(true);
  });

  it('switching strategy RollingUpdate→Recreate with $retainKeys clears rollingUpdate', () => {
    const out = smp({
      spec: { strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: null } },
    });
    expect(out.spec.strategy).toEqual({ type: 'Recreate' });
  });

  it('$retainKeys alone drops live keys it does not list', () => {
    const out = smp({ spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } });
    expect(out.spec.strategy).toEqual({ type: 'Recreate' });
  });

  it('tolerations and args have no merge strategy: the patch list replaces them', () => {
    const out = smp({
      spec: {
        template: {
          spec: {
            tolerations: [{ key: 'k2', operator: 'Equal', value: 'v' }],
            containers: [{ name: 'web', args: ['--c'] }],
          },
        },
      },
    });
    expect(out.spec.template.spec.tolerations).toEqual([
      { key: 'k2', operator: 'Equal', value: 'v' },
    ]);
    expect(container(out).args).toEqual(['--c']);
  });

  it('volumes merge by name with retainKeys: switching emptyDir to configMap', () => {
    const out = smp({
      spec: {
        template: {
          spec: {
            volumes: [
              { name: 'data', $retainKeys: ['configMap', 'name'], configMap: { name: 'cfg' } },
            ],
          },
        },
      },
    });
    expect(out.spec.template.spec.volumes).toEqual([{ name: 'data', configMap: { name: 'cfg' } }]);
  });

  it('deployment status conditions merge by type', () => {
    const out = smp({
      status: {
        conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }],
      },
    });
    expect(out.status.conditions).toEqual([
      { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' },
      { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' },
    ]);
  });
});
