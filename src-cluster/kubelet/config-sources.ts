/**
 * The ConfigMaps and Secrets a pod refers to, read through the kubelet's API client.
 *
 * Why a plain GET per sync rather than an informer: the kubelet only reads them when it creates a
 * container or (re)writes a configMap/secret volume, i.e. a handful of times per pod, and a watch of
 * every ConfigMap and Secret in the cluster would cost each node far more (upstream's default
 * "Watch" strategy watches only referenced objects, which kubelab does not model). One
 * `SourceCache` lives for one sync, so a pod referring to the same ConfigMap ten times costs one GET.
 * Services (for the link env vars) are different: every container start needs them, so the
 * kubelet keeps a Service informer, as upstream does (a GET list is the fallback).
 *
 * "Not found" keeps upstream's wording (`configmap "x" not found`), which is what users see in
 * CreateContainerConfigError and FailedMount.
 */
import type { ConfigMap, Secret, Service } from 'kubernetes-types/core/v1';
import { RESOURCES } from '../api/resources';
import type { ApiClient } from '../client';
import { isNotFound } from '../client';

const CONFIGMAPS = RESOURCES.find((r) => r.resource === 'configmaps')!;
const SECRETS = RESOURCES.find((r) => r.resource === 'secrets')!;
const SERVICES = RESOURCES.find((r) => r.resource === 'services' && r.group === '')!;

/** A referenced object that does not exist; `optional` refs skip it, others fail. */
export class SourceNotFound extends Error {
  constructor(kind: 'configmap' | 'secret', name: string) {
    super(`${kind} "${name}" not found`);
  }
}

export interface ConfigSources {
  configMap(namespace: string, name: string): Promise<ConfigMap>;
  secret(namespace: string, name: string): Promise<Secret>;
  /** The Services of a namespace (for the service link env vars). */
  services(namespace: string): Promise<Service[]>;
}

/** Memoises GETs for one sync of one pod. */
export class SourceCache implements ConfigSources {
  private readonly memo = new Map<string, Promise<unknown>>();

  /** `serviceLister`: the kubelet's Service informer cache; without it Services are listed by GET. */
  constructor(
    private readonly client: ApiClient,
    private readonly serviceLister?: (namespace: string) => Service[],
  ) {}

  configMap(namespace: string, name: string): Promise<ConfigMap> {
    return this.get<ConfigMap>('configmap', namespace, name);
  }

  secret(namespace: string, name: string): Promise<Secret> {
    return this.get<Secret>('secret', namespace, name);
  }

  services(namespace: string): Promise<Service[]> {
    if (this.serviceLister) return Promise.resolve(this.serviceLister(namespace));
    const key = `services/${namespace}`;
    let p = this.memo.get(key) as Promise<Service[]> | undefined;
    if (!p) {
      p = this.client
        .resource<Service>(SERVICES)
        .namespace(namespace)
        .list()
        .then((l) => l.items);
      this.memo.set(key, p);
    }
    return p;
  }

  private get<T>(kind: 'configmap' | 'secret', ns: string, name: string): Promise<T> {
    const key = `${kind}/${ns}/${name}`;
    let p = this.memo.get(key) as Promise<T> | undefined;
    if (!p) {
      const res = kind === 'configmap' ? CONFIGMAPS : SECRETS;
      p = this.client
        .resource(res)
        .namespace(ns)
        .get(name)
        .then(
          (o) => o as T,
          (e: unknown) => {
            throw isNotFound(e) ? new SourceNotFound(kind, name) : e;
          },
        );
      this.memo.set(key, p);
    }
    return p;
  }
}

/** A Secret's data, base64-decoded, with stringData (if the server kept it) on top. */
export function secretData(s: Secret): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const [k, v] of Object.entries(s.data ?? {})) out[k] = Buffer.from(v, 'base64');
  for (const [k, v] of Object.entries(s.stringData ?? {})) out[k] = Buffer.from(v, 'utf8');
  return out;
}

/** A ConfigMap's data and binaryData as bytes. */
export function configMapData(cm: ConfigMap): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const [k, v] of Object.entries(cm.data ?? {})) out[k] = Buffer.from(v, 'utf8');
  for (const [k, v] of Object.entries(cm.binaryData ?? {})) out[k] = Buffer.from(v, 'base64');
  return out;
}
