/**
 * Fluent builders for scheduler tests: makePod('web-1').req({ cpu: '100m' }).obj() and
 * makeNode('worker-1').alloc({ cpu: '2', memory: '4Gi' }).taint('dedicated', 'gpu').obj(), so
 * table tests say only what matters to each case.
 */
import type { Node, Pod, Taint, Toleration } from 'kubernetes-types/core/v1';
import { NodeInfo } from '../../../src-cluster/scheduler/framework/node-info';
import { newPodInfo } from '../../../src-cluster/scheduler/framework/pod-info';

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? any : T[K] };

export class PodBuilder {
  private readonly p: Mutable<Pod> & { metadata: any; spec: any; status: any };

  constructor(name: string) {
    this.p = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'default', uid: `uid-${name}`, labels: {} },
      spec: {
        schedulerName: 'default-scheduler',
        containers: [{ name: 'c', image: 'busybox' }],
      },
      status: { phase: 'Pending' },
    };
  }

  ns(ns: string): this {
    this.p.metadata.namespace = ns;
    return this;
  }

  labels(l: Record<string, string>): this {
    Object.assign(this.p.metadata.labels, l);
    return this;
  }

  /** Requests of the (first) container. */
  req(r: Record<string, string>): this {
    this.p.spec.containers[0].resources = { requests: r };
    return this;
  }

  /** Another container with these requests. */
  container(r: Record<string, string>, image = 'busybox'): this {
    this.p.spec.containers.push({
      name: `c${this.p.spec.containers.length}`,
      image,
      resources: { requests: r },
    });
    return this;
  }

  initReq(r: Record<string, string>, sidecar = false): this {
    (this.p.spec.initContainers ??= []).push({
      name: `init${this.p.spec.initContainers?.length ?? 0}`,
      image: 'busybox',
      resources: { requests: r },
      ...(sidecar ? { restartPolicy: 'Always' } : {}),
    });
    return this;
  }

  image(image: string): this {
    this.p.spec.containers[0].image = image;
    return this;
  }

  hostPort(port: number, protocol = 'TCP', hostIP?: string): this {
    (this.p.spec.containers[0].ports ??= []).push({
      containerPort: port,
      hostPort: port,
      protocol,
      ...(hostIP ? { hostIP } : {}),
    });
    return this;
  }

  node(name: string): this {
    this.p.spec.nodeName = name;
    return this;
  }

  nodeSelector(s: Record<string, string>): this {
    this.p.spec.nodeSelector = s;
    return this;
  }

  toleration(t: Toleration): this {
    (this.p.spec.tolerations ??= []).push(t);
    return this;
  }

  priority(p: number): this {
    this.p.spec.priority = p;
    return this;
  }

  affinity(a: object): this {
    this.p.spec.affinity = a;
    return this;
  }

  spread(c: object): this {
    (this.p.spec.topologySpreadConstraints ??= []).push(c);
    return this;
  }

  owner(kind: string, name: string): this {
    this.p.metadata.ownerReferences = [
      { apiVersion: 'apps/v1', kind, name, uid: `uid-${name}`, controller: true },
    ];
    return this;
  }

  obj(): Pod {
    return structuredClone(this.p) as Pod;
  }
}

export class NodeBuilder {
  private readonly n: Mutable<Node> & { metadata: any; spec: any; status: any };

  constructor(name: string) {
    this.n = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, labels: { 'kubernetes.io/hostname': name } },
      spec: {},
      status: {
        capacity: { cpu: '4', memory: '8Gi', pods: '110' },
        allocatable: { cpu: '4', memory: '8Gi', pods: '110' },
        conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }],
      },
    };
  }

  alloc(a: Record<string, string>): this {
    Object.assign(this.n.status.allocatable, a);
    Object.assign(this.n.status.capacity, a);
    return this;
  }

  labels(l: Record<string, string>): this {
    Object.assign(this.n.metadata.labels, l);
    return this;
  }

  taint(key: string, value: string, effect: Taint['effect'] = 'NoSchedule'): this {
    (this.n.spec.taints ??= []).push({ key, value, effect });
    return this;
  }

  unschedulable(): this {
    this.n.spec.unschedulable = true;
    return this;
  }

  images(...imgs: { names: string[]; sizeBytes: number }[]): this {
    this.n.status.images = imgs;
    return this;
  }

  obj(): Node {
    return structuredClone(this.n) as Node;
  }
}

export const makePod = (name: string) => new PodBuilder(name);
export const makeNode = (name: string) => new NodeBuilder(name);

/** A NodeInfo holding the node and these pods. */
export function nodeInfo(node: Node, ...pods: Pod[]): NodeInfo {
  const ni = new NodeInfo(node);
  for (const p of pods) ni.addPod(newPodInfo(p));
  return ni;
}
