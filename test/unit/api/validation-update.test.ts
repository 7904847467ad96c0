import { describe, expect, it } from 'vitest';
import type { FieldCause, KubeObject } from '../../../src-cluster/api/object';
import { formatInvalidMessage, validateObject } from '../../../src-cluster/api/validation';
import { info, valid } from './validation-fixtures';

function update(
  key: string,
  mutate: (o: any) => void,
  prep?: (o: any) => void,
  sub?: string,
): FieldCause[] {
  const [group, kind] = key.split('/') as [string, string];
  const old = valid(key);
  prep?.(old);
  const next = structuredClone(old);
  mutate(next);
  return validateObject(info(group, kind), next as KubeObject, old, sub);
}

const fields = (causes: FieldCause[]) => causes.map((c) => c.field);

describe('updates', () => {
  it('an unchanged object is a valid update for every kind', () => {
    for (const key of [
      '/Pod',
      '/Service',
      'apps/Deployment',
      'batch/Job',
      'rbac.authorization.k8s.io/RoleBinding',
    ]) {
      expect(update(key, () => {})).toEqual([]);
    }
  });

  it('pods may change container images and add tolerations', () => {
    expect(update('/Pod', (o) => (o.spec.containers[0].image = 'nginx:1.26'))).toEqual([]);
    expect(
      update('/Pod', (o) => (o.spec.tolerations = [{ key: 'x', operator: 'Exists' }])),
    ).toEqual([]);
  });

  it('other pod spec changes are forbidden with upstream wording', () => {
    const causes = update('/Pod', (o) => (o.spec.containers[0].ports[0].containerPort = 8080));
    expect(causes).toHaveLength(1);
    expect(causes[0]!.reason).toBe('FieldValueForbidden');
    expect(causes[0]!.field).toBe('spec');
    expect(causes[0]!.message).toMatch(
      /^Forbidden: pod updates may not change fields other than `spec.containers\[\*\].image`,/,
    );
    expect(causes[0]!.message).toContain('spec.containers: changed');
  });

  it('activeDeadlineSeconds may only shrink', () => {
    const prep = (o: any) => (o.spec.activeDeadlineSeconds = 100);
    expect(update('/Pod', (o) => (o.spec.activeDeadlineSeconds = 50), prep)).toEqual([]);
    expect(update('/Pod', (o) => (o.spec.activeDeadlineSeconds = 200), prep)).toContainEqual({
      reason: 'FieldValueInvalid',
      message: 'Invalid value: 200: must be less than or equal to previous value of 100',
      field: 'spec.activeDeadlineSeconds',
    });
  });

  it('metadata.name and uid never change', () => {
    expect(update('/ConfigMap', (o) => (o.metadata.name = 'other'))).toContainEqual({
      reason: 'FieldValueInvalid',
      message: 'Invalid value: "other": field is immutable',
      field: 'metadata.name',
    });
    expect(
      fields(
        update(
          '/ConfigMap',
          (o) => (o.metadata.uid = 'b'),
          (o) => (o.metadata.uid = 'a'),
        ),
      ),
    ).toContain('metadata.uid');
  });

  it.each(['apps/Deployment', 'apps/ReplicaSet', 'apps/DaemonSet', 'batch/Job'])(
    '%s selector is immutable',
    (key) => {
      const causes = update(key, (o) => {
        o.spec.selector = { matchLabels: { app: 'web', tier: 'x' } };
        o.spec.template.metadata.labels.tier = 'x';
      });
      expect(causes).toContainEqual(
        expect.objectContaining({ reason: 'FieldValueInvalid', field: 'spec.selector' }),
      );
      expect(causes.find((c) => c.field === 'spec.selector')!.message).toMatch(
        /: field is immutable$/,
      );
    },
  );

  it('deployment template may change, scale too', () => {
    expect(
      update('apps/Deployment', (o) => (o.spec.template.spec.containers[0].image = 'nginx:2')),
    ).toEqual([]);
    expect(update('apps/Deployment', (o) => (o.spec.replicas = 5))).toEqual([]);
  });

  it('node podCIDR is fixed once set, but may be set from empty', () => {
    expect(update('/Node', (o) => (o.spec.podCIDRs = ['10.244.9.0/24']))).toContainEqual({
      reason: 'FieldValueForbidden',
      message: 'Forbidden: node updates may not change podCIDR except from "" to valid',
      field: 'spec.podCIDRs',
    });
    const empty = (o: any) => (o.spec = {});
    expect(
      update(
        '/Node',
        (o) => (o.spec = { podCIDR: '10.244.2.0/24', podCIDRs: ['10.244.2.0/24'] }),
        empty,
      ),
    ).toEqual([]);
  });

  it('service clusterIP may not change', () => {
    const prep = (o: any) => (o.spec.clusterIP = '10.96.0.20');
    expect(update('/Service', (o) => (o.spec.clusterIP = '10.96.0.21'), prep)).toContainEqual({
      reason: 'FieldValueInvalid',
      message: 'Invalid value: "10.96.0.21": may not change once set',
      field: 'spec.clusterIPs[0]',
    });
  });

  it('roleRef cannot change', () => {
    const causes = update(
      'rbac.authorization.k8s.io/RoleBinding',
      (o) => (o.roleRef.name = 'admin'),
    );
    expect(causes).toHaveLength(1);
    expect(causes[0]).toMatchObject({ reason: 'FieldValueInvalid', field: 'roleRef' });
    expect(causes[0]!.message).toMatch(/: cannot change roleRef$/);
  });

  it('immutable configmaps keep their data', () => {
    const prep = (o: any) => (o.immutable = true);
    expect(update('/ConfigMap', (o) => (o.data = { a: 'b' }), prep)).toContainEqual({
      reason: 'FieldValueForbidden',
      message: 'Forbidden: field is immutable when `immutable` is set',
      field: 'data',
    });
  });

  it('endpointslice addressType is immutable', () => {
    expect(
      fields(update('discovery.k8s.io/EndpointSlice', (o) => (o.addressType = 'IPv6'), undefined)),
    ).toContain('addressType');
  });

  it('new finalizers are refused once deletion started', () => {
    const prep = (o: any) => (o.metadata.deletionTimestamp = '2024-01-01T00:00:00Z');
    const causes = update(
      '/ConfigMap',
      (o) => (o.metadata.finalizers = ['example.com/keep']),
      prep,
    );
    expect(causes[0]).toMatchObject({
      reason: 'FieldValueForbidden',
      field: 'metadata.finalizers',
    });
  });
});

describe('status writes', () => {
  it('pod phase and condition status enums', () => {
    const causes = update(
      '/Pod',
      (o) => (o.status = { phase: 'Sleeping', conditions: [{ type: 'Ready', status: 'Yes' }] }),
      undefined,
      'status',
    );
    expect(causes).toEqual([
      {
        reason: 'FieldValueNotSupported',
        message:
          'Unsupported value: "Sleeping": supported values: "Pending", "Running", "Succeeded", "Failed", "Unknown"',
        field: 'status.phase',
      },
      {
        reason: 'FieldValueNotSupported',
        message: 'Unsupported value: "Yes": supported values: "True", "False", "Unknown"',
        field: 'status.conditions[0].status',
      },
    ]);
  });

  it('a good pod status passes, and spec rules are not re-run on /status', () => {
    const causes = update(
      '/Pod',
      (o) => {
        o.status = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] };
      },
      (o) => (o.spec.containers[0].image = ''),
      'status',
    );
    expect(causes).toEqual([]);
  });

  it('deployment status counters are non-negative', () => {
    expect(
      update('apps/Deployment', (o) => (o.status = { replicas: -1 }), undefined, 'status'),
    ).toContainEqual({
      reason: 'FieldValueInvalid',
      message: 'Invalid value: -1: must be greater than or equal to 0',
      field: 'status.replicas',
    });
  });
});

describe('formatInvalidMessage', () => {
  const a: FieldCause = {
    reason: 'FieldValueRequired',
    message: 'Required value',
    field: 'spec.selector',
  };
  const b: FieldCause = {
    reason: 'FieldValueRequired',
    message: 'Required value',
    field: 'spec.template',
  };
  it('one cause', () => {
    expect(formatInvalidMessage('Deployment.apps', 'broken', [a])).toBe(
      'Deployment.apps "broken" is invalid: spec.selector: Required value',
    );
  });
  it('several causes are bracketed and comma-joined, duplicates collapsed', () => {
    expect(formatInvalidMessage('Pod', 'p', [a, b, a])).toBe(
      'Pod "p" is invalid: [spec.selector: Required value, spec.template: Required value]',
    );
  });
  it('no causes', () => {
    expect(formatInvalidMessage('Pod', 'p', [])).toBe('Pod "p" is invalid');
  });
});
