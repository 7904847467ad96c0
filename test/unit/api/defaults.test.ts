import { describe, expect, it } from 'vitest';
import { applyDefaults, imageTag } from '../../../src-cluster/api/defaults';
import type { KubeObject } from '../../../src-cluster/api/object';
import { info } from './validation-fixtures';

function defaulted(group: string, kind: string, obj: any): any {
  applyDefaults(info(group, kind), obj as KubeObject);
  return obj;
}

describe('pod defaults', () => {
  const pod = () =>
    defaulted('', 'Pod', {
      metadata: { name: 'p', namespace: 'default' },
      spec: {
        containers: [
          {
            name: 'a',
            image: 'nginx',
            ports: [{ containerPort: 80 }],
            resources: { limits: { cpu: '500m', memory: '64Mi' }, requests: { cpu: '100m' } },
            livenessProbe: { httpGet: { port: 80 } },
          },
          { name: 'b', image: 'busybox:1.36' },
          { name: 'c', image: 'reg.local:5000/app@sha256:abc' },
        ],
        volumes: [{ name: 'scratch' }, { name: 'cfg', configMap: { name: 'x' } }],
      },
    });

  it('fills pod-level policies', () => {
    const { spec } = pod();
    expect(spec).toMatchObject({
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
      terminationGracePeriodSeconds: 30,
      schedulerName: 'default-scheduler',
      securityContext: {},
      enableServiceLinks: true,
    });
    expect(pod().status).toBeUndefined();
  });

  it('chooses imagePullPolicy from the tag', () => {
    const [a, b, c] = pod().spec.containers;
    expect([a.imagePullPolicy, b.imagePullPolicy, c.imagePullPolicy]).toEqual([
      'Always',
      'IfNotPresent',
      'IfNotPresent',
    ]);
    expect(imageTag('localhost:5000/web')).toBe('latest');
    expect(imageTag('web:latest')).toBe('latest');
  });

  it('fills container, port, probe and volume defaults', () => {
    const { spec } = pod();
    const a = spec.containers[0];
    expect(a.terminationMessagePath).toBe('/dev/termination-log');
    expect(a.terminationMessagePolicy).toBe('File');
    expect(a.ports[0].protocol).toBe('TCP');
    expect(a.livenessProbe).toEqual({
      httpGet: { port: 80, path: '/', scheme: 'HTTP' },
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    });
    expect(spec.volumes[0]).toEqual({ name: 'scratch', emptyDir: {} });
    expect(spec.volumes[1].configMap.defaultMode).toBe(420);
  });

  it('requests default to limits only where unset', () => {
    expect(pod().spec.containers[0].resources.requests).toEqual({ cpu: '100m', memory: '64Mi' });
  });

  it('hostNetwork pods get hostPort = containerPort', () => {
    const p = defaulted('', 'Pod', {
      spec: {
        hostNetwork: true,
        containers: [{ name: 'a', image: 'x:1', ports: [{ containerPort: 53 }] }],
      },
    });
    expect(p.spec.containers[0].ports[0].hostPort).toBe(53);
  });

  it('is idempotent', () => {
    const once = pod();
    const twice = defaulted('', 'Pod', structuredClone(once));
    expect(twice).toEqual(once);
  });
});

describe('service defaults', () => {
  it('ClusterIP service', () => {
    const svc = defaulted('', 'Service', { spec: { ports: [{ port: 80 }] } });
    expect(svc.spec).toEqual({
      type: 'ClusterIP',
      sessionAffinity: 'None',
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
      internalTrafficPolicy: 'Cluster',
      ipFamilyPolicy: 'SingleStack',
      ipFamilies: ['IPv4'],
    });
  });
  it('NodePort and LoadBalancer get externalTrafficPolicy; ClientIP gets a timeout', () => {
    const svc = defaulted('', 'Service', {
      spec: {
        type: 'LoadBalancer',
        sessionAffinity: 'ClientIP',
        ports: [{ port: 443, targetPort: 'https' }],
      },
    });
    expect(svc.spec.externalTrafficPolicy).toBe('Cluster');
    expect(svc.spec.allocateLoadBalancerNodePorts).toBe(true);
    expect(svc.spec.sessionAffinityConfig).toEqual({ clientIP: { timeoutSeconds: 10800 } });
    expect(svc.spec.ports[0].targetPort).toBe('https');
    const cip = defaulted('', 'Service', { spec: { ports: [{ port: 80 }] } });
    expect(cip.spec.externalTrafficPolicy).toBeUndefined();
  });
});

describe('other kinds', () => {
  it('namespace label, secret type, node allocatable', () => {
    expect(defaulted('', 'Namespace', { metadata: { name: 'dev' } }).metadata.labels).toEqual({
      'kubernetes.io/metadata.name': 'dev',
    });
    expect(defaulted('', 'Secret', {}).type).toBe('Opaque');
    const node = defaulted('', 'Node', { status: { capacity: { cpu: '2', pods: '110' } } });
    expect(node.status.allocatable).toEqual({ cpu: '2', pods: '110' });
  });

  it('deployment', () => {
    const d = defaulted('apps', 'Deployment', {
      spec: { template: { spec: { containers: [{ name: 'a', image: 'x:1' }] } } },
    });
    expect(d.spec).toMatchObject({
      replicas: 1,
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' },
      },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    });
    expect(d.spec.template.spec.restartPolicy).toBe('Always');
    expect(d.spec.template.spec.containers[0].imagePullPolicy).toBe('IfNotPresent');
    // enableServiceLinks is a Pod default, not a template one (upstream applies it to pods only).
    expect(d.spec.template.spec.enableServiceLinks).toBeUndefined();
  });

  it('replicaset and daemonset', () => {
    expect(defaulted('apps', 'ReplicaSet', { spec: {} }).spec.replicas).toBe(1);
    expect(defaulted('apps', 'DaemonSet', { spec: {} }).spec).toEqual({
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
      revisionHistoryLimit: 10,
    });
  });

  it('job, including the generated selector', () => {
    const job = defaulted('batch', 'Job', {
      metadata: { name: 'pi', uid: 'u-1' },
      spec: {
        template: {
          metadata: { labels: { app: 'pi' } },
          spec: { restartPolicy: 'Never', containers: [{ name: 'a', image: 'x:1' }] },
        },
      },
    });
    expect(job.spec).toMatchObject({
      backoffLimit: 6,
      completions: 1,
      parallelism: 1,
      completionMode: 'NonIndexed',
      suspend: false,
    });
    expect(job.spec.selector).toEqual({
      matchLabels: { 'batch.kubernetes.io/controller-uid': 'u-1' },
    });
    expect(job.spec.template.metadata.labels).toMatchObject({
      'batch.kubernetes.io/job-name': 'pi',
      'controller-uid': 'u-1',
      app: 'pi',
    });
    expect(job.metadata.labels).toEqual({ app: 'pi' });
  });

  it('parallel job keeps completions unset', () => {
    const job = defaulted('batch', 'Job', { spec: { parallelism: 3 } });
    expect(job.spec.completions).toBeUndefined();
  });

  it('endpointslice ports and rbac groups', () => {
    expect(defaulted('discovery.k8s.io', 'EndpointSlice', { ports: [{ port: 80 }] }).ports).toEqual(
      [{ port: 80, protocol: 'TCP', name: '' }],
    );
    const rb = defaulted('rbac.authorization.k8s.io', 'RoleBinding', {
      roleRef: { kind: 'Role', name: 'r' },
      subjects: [
        { kind: 'User', name: 'u' },
        { kind: 'ServiceAccount', name: 's' },
      ],
    });
    expect(rb.roleRef.apiGroup).toBe('rbac.authorization.k8s.io');
    expect(rb.subjects.map((s: any) => s.apiGroup)).toEqual([
      'rbac.authorization.k8s.io',
      undefined,
    ]);
  });

  it('kinds without defaults are untouched', () => {
    const cm = { metadata: { name: 'c' }, data: { a: 'b' } };
    expect(defaulted('', 'ConfigMap', structuredClone(cm))).toEqual(cm);
  });
});
