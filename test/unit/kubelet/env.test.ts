// A container's environment as the kubelet builds it: envFrom, env with valueFrom, $(VAR)
// expansion in env, command and args, optional references and upstream's error messages.
import type { ConfigMap, Container, Pod, Secret, Service } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { SourceNotFound, type ConfigSources } from '../../../src-cluster/kubelet/config-sources';
import { expandCommand, makeEnvironment } from '../../../src-cluster/kubelet/env';
import { expand } from '../../../src-cluster/kubelet/expansion';

const b64 = (s: string) => Buffer.from(s).toString('base64');

function sources(
  cms: Record<string, ConfigMap['data']>,
  secrets: Record<string, string> = {},
  services: Service[] = [],
) {
  const gets: string[] = [];
  const s: ConfigSources = {
    async configMap(_ns, name) {
      gets.push(`cm/${name}`);
      if (!cms[name]) throw new SourceNotFound('configmap', name);
      return { data: cms[name] };
    },
    async secret(_ns, name) {
      gets.push(`secret/${name}`);
      if (name !== 'creds') throw new SourceNotFound('secret', name);
      const data: Secret['data'] = {};
      for (const [k, v] of Object.entries(secrets)) data[k] = b64(v);
      return { data };
    },
    async services(ns) {
      gets.push(`services/${ns}`);
      return services.filter((x) => (x.metadata?.namespace ?? 'default') === ns);
    },
  };
  return { s, gets };
}

const FACTS = {
  podIP: '10.88.22.7',
  hostIP: '192.168.1.5',
  allocatable: { cpu: '2', memory: '2Gi' },
};

function pod(container: Container): Pod {
  return {
    metadata: { name: 'web', namespace: 'shop', uid: 'u-1', labels: { app: 'web' } },
    spec: { nodeName: 'worker-1', serviceAccountName: 'default', containers: [container] },
  };
}

const asMap = (envs: { key: string; value: string }[]) =>
  Object.fromEntries(envs.map((e) => [e.key, e.value]));

describe('expand', () => {
  const lookup = (n: string) => ({ A: 'a', EMPTY: '' })[n];
  it('replaces defined names, keeps undefined ones, honours $$ escapes', () => {
    expect(expand('x-$(A)-y', lookup)).toBe('x-a-y');
    expect(expand('$(MISSING)', lookup)).toBe('$(MISSING)');
    expect(expand('$(EMPTY)|', lookup)).toBe('|');
    expect(expand('$$(A)', lookup)).toBe('$(A)');
    expect(expand('$$$(A)', lookup)).toBe('$a');
    expect(expand('cost $5 and $', lookup)).toBe('cost $5 and $');
    expect(expand('$(A', lookup)).toBe('$(A');
    expect(expand('$(A)$(A)', lookup)).toBe('aa');
  });
});

describe('makeEnvironment', () => {
  it('takes envFrom first (with prefix), then env in order with expansion of earlier names', async () => {
    const { s } = sources(
      { cfg: { MODE: 'prod', 'bad key': 'x', LEVEL: '3' } },
      { password: 's3cr3t' },
    );
    const p = pod({
      name: 'c',
      envFrom: [{ configMapRef: { name: 'cfg' } }, { secretRef: { name: 'creds' }, prefix: 'DB_' }],
      env: [
        { name: 'LEVEL', value: 'override-$(MODE)' },
        { name: 'URL', value: 'postgres://app:$(DB_password)@db/$(NOPE)' },
        { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        { name: 'LATER', value: '$(AFTER)' },
        { name: 'AFTER', value: 'x' },
      ],
    });
    const r = await makeEnvironment(p, p.spec!.containers[0]!, s, FACTS);
    expect(asMap(r.envs)).toEqual({
      MODE: 'prod',
      LEVEL: 'override-prod',
      DB_password: 's3cr3t',
      URL: 'postgres://app:s3cr3t@db/$(NOPE)',
      POD: 'web',
      LATER: '$(AFTER)',
      AFTER: 'x',
    });
    expect(r.warnings).toEqual([
      {
        reason: 'InvalidEnvironmentVariableNames',
        message:
          'Keys [bad key] from the EnvFrom configMap shop/cfg were skipped since they are considered invalid environment variable names.',
      },
    ]);
  });

  it('resolves key refs (secrets decoded), every fieldRef and resourceFieldRef', async () => {
    const { s } = sources({ cfg: { color: 'blue' } }, { token: 'abc' });
    const f = (fieldPath: string) => ({ fieldRef: { fieldPath } });
    const p = pod({
      name: 'c',
      resources: { limits: { memory: '64Mi' }, requests: { cpu: '250m' } },
      env: [
        { name: 'COLOR', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'color' } } },
        { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'creds', key: 'token' } } },
        { name: 'NAME', valueFrom: f('metadata.name') },
        { name: 'NS', valueFrom: f('metadata.namespace') },
        { name: 'UID', valueFrom: f('metadata.uid') },
        { name: 'APP', valueFrom: f("metadata.labels['app']") },
        { name: 'NODE', valueFrom: f('spec.nodeName') },
        { name: 'SA', valueFrom: f('spec.serviceAccountName') },
        { name: 'POD_IP', valueFrom: f('status.podIP') },
        { name: 'HOST_IP', valueFrom: f('status.hostIP') },
        {
          name: 'MEM_MI',
          valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } },
        },
        {
          name: 'CPU_REQ_M',
          valueFrom: { resourceFieldRef: { resource: 'requests.cpu', divisor: '1m' } },
        },
        // No cpu limit: the node's allocatable stands in.
        { name: 'CPU_LIM', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } },
      ],
    });
    const r = await makeEnvironment(p, p.spec!.containers[0]!, s, FACTS);
    expect(asMap(r.envs)).toEqual({
      COLOR: 'blue',
      TOKEN: 'abc',
      NAME: 'web',
      NS: 'shop',
      UID: 'u-1',
      APP: 'web',
      NODE: 'worker-1',
      SA: 'default',
      POD_IP: '10.88.22.7',
      HOST_IP: '192.168.1.5',
      MEM_MI: '64',
      CPU_REQ_M: '250',
      CPU_LIM: '2',
    });
  });

  it('skips optional references that are missing, fails on required ones with upstream wording', async () => {
    const { s, gets } = sources({ cfg: { a: '1' } });
    const run = (env: NonNullable<Pod['spec']>['containers'][number]['env'], envFrom = []) => {
      const p = pod({ name: 'c', env, envFrom });
      return makeEnvironment(p, p.spec!.containers[0]!, s, FACTS);
    };
    const optional = await run(
      [
        { name: 'A', valueFrom: { configMapKeyRef: { name: 'nope', key: 'a', optional: true } } },
        { name: 'B', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'zz', optional: true } } },
        { name: 'C', valueFrom: { secretKeyRef: { name: 'gone', key: 'k', optional: true } } },
      ],
      [{ configMapRef: { name: 'absent', optional: true } }] as never,
    );
    expect(optional.envs).toEqual([]);
    await expect(
      run([{ name: 'A', valueFrom: { configMapKeyRef: { name: 'nope', key: 'a' } } }]),
    ).rejects.toThrow('configmap "nope" not found');
    await expect(
      run([{ name: 'A', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'zz' } } }]),
    ).rejects.toThrow("couldn't find key zz in ConfigMap shop/cfg");
    await expect(
      run([{ name: 'A', valueFrom: { secretKeyRef: { name: 'gone', key: 'k' } } }]),
    ).rejects.toThrow('secret "gone" not found');
    await expect(run([], [{ secretRef: { name: 'gone' } }] as never)).rejects.toThrow(
      'secret "gone" not found',
    );
    expect(gets.length).toBeGreaterThan(0);
  });

  it('expands command and args against the final environment', () => {
    const c = {
      name: 'c',
      command: ['sh', '-c', 'echo $(GREETING) $$(HOME)'],
      args: ['$(WHO)', '$(NONE)'],
    };
    expect(
      expandCommand(c, [
        { key: 'GREETING', value: 'hi' },
        { key: 'WHO', value: 'you' },
      ]),
    ).toEqual({ command: ['sh', '-c', 'echo hi $(HOME)'], args: ['you', '$(NONE)'] });
  });

  it('adds service link variables: kubernetes always, the namespace’s own with enableServiceLinks', async () => {
    const svc = (ns: string, name: string, clusterIP: string, ports: Service['spec'] = {}) => ({
      metadata: { namespace: ns, name },
      spec: { clusterIP, ...ports },
    });
    const services: Service[] = [
      svc('default', 'kubernetes', '10.96.0.1', { ports: [{ name: 'https', port: 443 }] }),
      svc('default', 'other', '10.96.0.9', { ports: [{ port: 1 }] }),
      svc('shop', 'cart-db', '10.96.0.20', {
        ports: [
          { name: 'sql', port: 5432 },
          { port: 9187, protocol: 'TCP' },
        ],
      }),
      svc('shop', 'headless', 'None', { ports: [{ port: 80 }] }),
    ];
    const { s } = sources({}, {}, services);
    const c: Container = {
      name: 'c',
      env: [
        { name: 'DB', value: '$(CART_DB_SERVICE_HOST):$(CART_DB_SERVICE_PORT)' },
        { name: 'KUBERNETES_SERVICE_PORT', value: 'mine' },
      ],
    };
    const r = await makeEnvironment(pod(c), c, s, FACTS);
    expect(asMap(r.envs)).toEqual({
      DB: '10.96.0.20:5432',
      KUBERNETES_SERVICE_PORT: 'mine', // the pod's own wins
      KUBERNETES_SERVICE_HOST: '10.96.0.1',
      KUBERNETES_SERVICE_PORT_HTTPS: '443',
      KUBERNETES_PORT: 'tcp://10.96.0.1:443',
      KUBERNETES_PORT_443_TCP: 'tcp://10.96.0.1:443',
      KUBERNETES_PORT_443_TCP_PROTO: 'tcp',
      KUBERNETES_PORT_443_TCP_PORT: '443',
      KUBERNETES_PORT_443_TCP_ADDR: '10.96.0.1',
      CART_DB_SERVICE_HOST: '10.96.0.20',
      CART_DB_SERVICE_PORT: '5432',
      CART_DB_SERVICE_PORT_SQL: '5432',
      CART_DB_PORT: 'tcp://10.96.0.20:5432',
      CART_DB_PORT_5432_TCP: 'tcp://10.96.0.20:5432',
      CART_DB_PORT_5432_TCP_PROTO: 'tcp',
      CART_DB_PORT_5432_TCP_PORT: '5432',
      CART_DB_PORT_5432_TCP_ADDR: '10.96.0.20',
      CART_DB_PORT_9187_TCP: 'tcp://10.96.0.20:9187',
      CART_DB_PORT_9187_TCP_PROTO: 'tcp',
      CART_DB_PORT_9187_TCP_PORT: '9187',
      CART_DB_PORT_9187_TCP_ADDR: '10.96.0.20',
    });
    const noLinks = { ...pod(c), spec: { ...pod(c).spec!, enableServiceLinks: false } };
    const keys = (await makeEnvironment(noLinks, c, s, FACTS)).envs.map((e) => e.key);
    expect(keys.filter((k) => k.startsWith('CART_DB'))).toEqual([]);
    expect(keys).toContain('KUBERNETES_SERVICE_HOST');
  });
});
