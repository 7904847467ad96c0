// Hand-built protobuf payloads (field numbers from upstream's generated.proto) decoded into the JSON
// the Kubernetes JSON API would carry.
import { describe, expect, it } from 'vitest';
import {
  decodeKubernetesProtobuf,
  decodeKubernetesProtobufDetailed,
  ProtobufDecodeError,
} from '../../../../src-cluster/apiserver/protobuf/index';
import {
  bool,
  bytes,
  entry,
  envelope,
  int,
  intOrString,
  msg,
  quantityEntry,
  str,
} from './pb-writer';

/** ObjectMeta as upstream's marshaller writes it: non-pointer fields always, even when empty. */
const objectMeta = (name: string, namespace = '', ...extra: Buffer[]) =>
  msg(1, str(1, name), str(2, ''), str(3, namespace), str(5, ''), int(7, 0), msg(8), ...extra);

describe('decodeKubernetesProtobuf', () => {
  it('decodes a ConfigMap with data, binaryData and labels', () => {
    const body = envelope(
      'v1',
      'ConfigMap',
      objectMeta('settings', 'default', entry(11, 'app', 'web'), entry(11, 'tier', 'front')),
      entry(2, 'mode', 'fast'),
      entry(2, 'empty', ''),
      entry(3, 'blob', Buffer.from([0, 1, 2, 255])),
    );
    expect(decodeKubernetesProtobuf(body)).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', namespace: 'default', labels: { app: 'web', tier: 'front' } },
      data: { mode: 'fast', empty: '' },
      binaryData: { blob: 'AAEC/w==' },
    });
  });

  it('decodes a Secret: data bytes become base64, stringData stays text, type is kept', () => {
    const body = envelope(
      'v1',
      'Secret',
      objectMeta('creds'),
      entry(2, 'password', Buffer.from('s3cr3t')),
      entry(4, 'user', 'admin'),
      str(3, 'Opaque'),
      bool(5, true),
    );
    expect(decodeKubernetesProtobuf(body)).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'creds' },
      data: { password: Buffer.from('s3cr3t').toString('base64') },
      stringData: { user: 'admin' },
      type: 'Opaque',
      immutable: true,
    });
  });

  it('decodes a Deployment with a container carrying ports, env and resources', () => {
    const container = msg(
      2,
      str(1, 'web'),
      str(2, 'nginx:1.25'),
      str(3, 'nginx'),
      str(3, '-g'),
      str(4, 'daemon off;'),
      msg(6, str(1, 'http'), int(2, 0), int(3, 80), str(4, 'TCP'), str(5, '')),
      msg(6, str(1, ''), int(2, 0), int(3, 443), str(4, 'TCP'), str(5, '')),
      msg(7, str(1, 'MODE'), str(2, 'prod')),
      msg(7, str(1, 'POD_NAME'), str(2, ''), msg(3, msg(1, str(1, 'v1'), str(2, 'metadata.name')))),
      msg(
        7,
        str(1, 'PASSWORD'),
        msg(3, msg(4, msg(1, str(1, 'creds')), str(2, 'password'), bool(3, false))),
      ),
      msg(8, quantityEntry(1, 'cpu', '500m'), quantityEntry(1, 'memory', '128Mi')),
      msg(8, quantityEntry(2, 'cpu', '250m')),
      msg(
        11,
        msg(1, msg(2, str(1, '/healthz'), intOrString(2, 'http'), str(4, 'HTTP'))),
        int(4, 5),
      ),
      str(14, 'IfNotPresent'),
      bool(16, false),
    );
    const body = envelope(
      'apps/v1',
      'Deployment',
      objectMeta('web', 'default', entry(11, 'app', 'web')),
      msg(
        2,
        int(1, 3),
        msg(2, entry(1, 'app', 'web')),
        msg(
          3,
          msg(1, str(1, ''), entry(11, 'app', 'web')),
          msg(2, container, str(3, 'Always'), str(6, '')),
        ),
        msg(4, str(1, 'RollingUpdate'), msg(2, intOrString(1, '25%'), intOrString(2, 1))),
        int(5, 0),
        bool(7, false),
      ),
      msg(3, int(1, 0), int(2, 0)),
    );
    expect(decodeKubernetesProtobuf(body)).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            containers: [
              {
                name: 'web',
                image: 'nginx:1.25',
                command: ['nginx', '-g'],
                args: ['daemon off;'],
                ports: [
                  { name: 'http', containerPort: 80, protocol: 'TCP' },
                  { containerPort: 443, protocol: 'TCP' },
                ],
                env: [
                  { name: 'MODE', value: 'prod' },
                  {
                    name: 'POD_NAME',
                    valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } },
                  },
                  {
                    name: 'PASSWORD',
                    // `optional` is a pointer: an explicit false is kept.
                    valueFrom: {
                      secretKeyRef: { name: 'creds', key: 'password', optional: false },
                    },
                  },
                ],
                // Two occurrences of a message field merge, as protobuf specifies.
                resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '250m' } },
                readinessProbe: {
                  httpGet: { path: '/healthz', port: 'http', scheme: 'HTTP' },
                  periodSeconds: 5,
                },
                imagePullPolicy: 'IfNotPresent',
              },
            ],
            restartPolicy: 'Always',
          },
        },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: 1 } },
      },
    });
  });

  it('keeps zero values of pointer fields and drops those of plain fields', () => {
    const body = envelope(
      'apps/v1',
      'Deployment',
      objectMeta('zero'),
      msg(
        2,
        int(1, 0), // replicas *int32 = 0: a real choice, must not be defaulted to 1
        int(5, 0), // minReadySeconds int32 = 0: same as unset
        msg(
          3,
          msg(
            2,
            msg(1, str(1, 'scratch'), msg(2, msg(2))), // emptyDir: {} is the whole volume
            bool(21, false), // automountServiceAccountToken *bool = false
            int(4, -1), // terminationGracePeriodSeconds *int64, negative round-trips
          ),
        ),
      ),
    );
    expect(decodeKubernetesProtobuf(body).spec).toEqual({
      replicas: 0,
      template: {
        spec: {
          volumes: [{ name: 'scratch', emptyDir: {} }],
          automountServiceAccountToken: false,
          terminationGracePeriodSeconds: -1,
        },
      },
    });
  });

  it('decodes Time as RFC 3339 and omits the empty Time upstream writes for unset', () => {
    const created = msg(8, int(1, 1_700_000_000), int(2, 0));
    const body = envelope('v1', 'Namespace', msg(1, str(1, 'n'), created, msg(9)));
    expect(decodeKubernetesProtobuf(body).metadata).toEqual({
      name: 'n',
      creationTimestamp: '2023-11-14T22:13:20Z',
    });
  });

  it('skips unknown field numbers and reports where they were', () => {
    const body = envelope(
      'v1',
      'ConfigMap',
      objectMeta('x', '', str(99, 'future')),
      entry(2, 'a', 'b'),
      int(42, 7),
      bytes(43, Buffer.from([1, 2])),
    );
    const { object, unknownFields } = decodeKubernetesProtobufDetailed(body);
    expect(object).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'x' },
      data: { a: 'b' },
    });
    expect(unknownFields).toEqual([
      { path: 'metadata', number: 99, wireType: 2, reason: 'no schema entry' },
      { path: '.', number: 42, wireType: 0, reason: 'no schema entry' },
      { path: '.', number: 43, wireType: 2, reason: 'no schema entry' },
    ]);
  });

  it('decodes RBAC rules and subjects', () => {
    const body = envelope(
      'rbac.authorization.k8s.io/v1',
      'RoleBinding',
      objectMeta('rb'),
      msg(2, str(1, 'User'), str(2, 'rbac.authorization.k8s.io'), str(3, 'u'), str(4, '')),
      msg(3, str(1, 'rbac.authorization.k8s.io'), str(2, 'Role'), str(3, 'r')),
    );
    expect(decodeKubernetesProtobuf(body)).toMatchObject({
      subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'u' }],
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' },
    });
  });

  it('decodes a policy/v1 Eviction (kubectl drain) with its DeleteOptions', () => {
    const body = envelope(
      'policy/v1',
      'Eviction',
      objectMeta('web-1', 'default'),
      msg(2, int(1, 30), msg(2, str(1, 'uid-1'))),
    );
    expect(decodeKubernetesProtobuf(body)).toEqual({
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name: 'web-1', namespace: 'default' },
      deleteOptions: { gracePeriodSeconds: 30, preconditions: { uid: 'uid-1' } },
    });
  });

  it('decodes DeleteOptions under any apiVersion', () => {
    const body = envelope(
      'apps/v1',
      'DeleteOptions',
      int(1, 0),
      str(4, 'Foreground'),
      str(5, 'All'),
    );
    expect(decodeKubernetesProtobuf(body)).toEqual({
      apiVersion: 'apps/v1',
      kind: 'DeleteOptions',
      gracePeriodSeconds: 0,
      propagationPolicy: 'Foreground',
      dryRun: ['All'],
    });
  });
});

describe('decodeKubernetesProtobuf errors', () => {
  const problemOf = (body: Buffer) => {
    try {
      decodeKubernetesProtobuf(body);
    } catch (err) {
      expect(err).toBeInstanceOf(ProtobufDecodeError);
      return { problem: (err as ProtobufDecodeError).problem, message: (err as Error).message };
    }
    throw new Error('expected a ProtobufDecodeError');
  };

  it('refuses a body without the k8s\\0 magic', () => {
    expect(problemOf(Buffer.from('{"kind":"ConfigMap"}')).problem).toBe('bad-magic');
    expect(problemOf(Buffer.alloc(0)).problem).toBe('bad-magic');
  });

  it('names the kind it has no schema for', () => {
    const e = problemOf(envelope('example.com/v1', 'Widget', objectMeta('w')));
    expect(e.problem).toBe('unknown-kind');
    expect(e.message).toContain('unknown kind "Widget" in apiVersion "example.com/v1"');
  });

  it('refuses an envelope without kind', () => {
    expect(problemOf(Buffer.concat([Buffer.from('k8s\0', 'latin1'), str(2, 'x')])).problem).toBe(
      'malformed',
    );
  });

  it('never throws anything but ProtobufDecodeError on truncated or corrupted bodies', () => {
    const good = envelope(
      'v1',
      'Secret',
      objectMeta('s', 'default', entry(12, 'note', 'x')),
      entry(2, 'k', Buffer.from('v')),
      msg(9, int(1, 1)),
    );
    expect(() => decodeKubernetesProtobuf(good)).not.toThrow();
    let failures = 0;
    for (let cut = 5; cut < good.length; cut++) {
      try {
        decodeKubernetesProtobuf(good.subarray(0, cut));
      } catch (err) {
        expect(err).toBeInstanceOf(ProtobufDecodeError);
        failures++;
      }
    }
    expect(failures).toBeGreaterThan(0);
    for (let i = 4; i < good.length; i++) {
      for (const flip of [0x00, 0xff, 0x80, 0x07]) {
        const bad = Buffer.from(good);
        bad[i] = flip;
        try {
          decodeKubernetesProtobuf(bad);
        } catch (err) {
          expect(err).toBeInstanceOf(ProtobufDecodeError);
        }
      }
    }
  });
});
