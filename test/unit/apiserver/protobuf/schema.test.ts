// The schema tables are consistent: every message reference resolves, every kind's message exists,
// and the conventions of schema/types.ts hold.
import { describe, expect, it } from 'vitest';
import {
  messageSchema,
  missingRefs,
  MESSAGES,
} from '../../../../src-cluster/apiserver/protobuf/schema/index';
import {
  messageForKind,
  supportedKinds,
} from '../../../../src-cluster/apiserver/protobuf/schema/kinds';

describe('protobuf schema tables', () => {
  it('resolves every message reference', () => {
    expect(missingRefs()).toEqual([]);
  });

  it('has a message for every supported kind, with metadata as field 1', () => {
    for (const { apiVersion, kind } of supportedKinds()) {
      const name = messageForKind(apiVersion, kind)!;
      const schema = messageSchema(name);
      expect(schema, `${apiVersion}/${kind} → ${name}`).toBeDefined();
      expect(schema![1]).toMatchObject({ json: 'metadata', type: { message: 'meta.ObjectMeta' } });
    }
  });

  it('covers the kinds kubectl 1.32 creates imperatively', () => {
    const kinds = supportedKinds().map((k) => `${k.apiVersion}/${k.kind}`);
    for (const k of [
      'v1/ConfigMap',
      'v1/Secret',
      'v1/Namespace',
      'v1/ServiceAccount',
      'v1/Service',
      'apps/v1/Deployment',
      'batch/v1/Job',
      'batch/v1/CronJob',
      'rbac.authorization.k8s.io/v1/Role',
      'rbac.authorization.k8s.io/v1/RoleBinding',
      'rbac.authorization.k8s.io/v1/ClusterRole',
      'rbac.authorization.k8s.io/v1/ClusterRoleBinding',
    ]) {
      expect(kinds).toContain(k);
    }
    expect(messageForKind('v1', 'DeleteOptions')).toBe('meta.DeleteOptions');
    expect(messageForKind('v1', 'Widget')).toBeUndefined();
    expect(messageForKind('v1', 'toString')).toBeUndefined();
  });

  it('names every non-inline field and gives inline fields a message', () => {
    for (const [name, schema] of Object.entries(MESSAGES)) {
      for (const [num, field] of Object.entries(schema)) {
        const where = `${name} #${num}`;
        if (field.card === 'inline') expect(typeof field.type, where).toBe('object');
        else expect(field.json, where).toMatch(/^[a-z][A-Za-z0-9]*$/);
      }
    }
  });
});
