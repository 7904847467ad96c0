/**
 * Mirror pods: the API-side stand-in of each static pod, so `kubectl get pods` shows it (upstream's
 * mirror client). A mirror is the static pod with the annotation `kubernetes.io/config.mirror`
 * = its config hash and an ownerReference to this Node. It is read-only: the kubelet never runs it
 * (it runs the static pod), reports the static pod's status onto it, re-creates it when it is
 * deleted or out of date, and deletes it when the manifest goes away.
 */
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { RESOURCES } from '../api/resources';
import type { ApiClient } from '../client';
import { isAlreadyExists, isConflict, isNotFound } from '../client';
import { CONFIG_HASH, CONFIG_MIRROR } from './config/static-pods';

const PODS = RESOURCES.find((r) => r.resource === 'pods' && r.group === '')!;

export const isMirrorPod = (p: Pod): boolean => !!p.metadata?.annotations?.[CONFIG_MIRROR];
export const isStaticPod = (p: Pod): boolean =>
  p.metadata?.annotations?.[CONFIG_HASH] !== undefined;

const keyOf = (p: Pod) => `${p.metadata?.namespace ?? 'default'}/${p.metadata?.name}`;

export class MirrorPods {
  /** namespace/name → the mirror pod as the informer last saw it. */
  private readonly seen = new Map<string, Pod>();

  constructor(
    private readonly client: ApiClient,
    private readonly node: () => Node | undefined,
  ) {}

  /** Informer add/update of a mirror pod. */
  observe(p: Pod): void {
    this.seen.set(keyOf(p), p);
  }

  /** Informer delete of a mirror pod. */
  forget(p: Pod): void {
    const cur = this.seen.get(keyOf(p));
    if (cur?.metadata?.uid === p.metadata?.uid) this.seen.delete(keyOf(p));
  }

  /** Every mirror pod the informer has shown. */
  all(): Pod[] {
    return [...this.seen.values()];
  }

  /** The live mirror of a static pod (its uid is the one status is written to). */
  mirrorOf(staticPod: Pod): Pod | undefined {
    const m = this.seen.get(keyOf(staticPod));
    const hash = staticPod.metadata?.annotations?.[CONFIG_HASH];
    if (!m || m.metadata?.deletionTimestamp || m.metadata?.annotations?.[CONFIG_MIRROR] !== hash)
      return undefined;
    return m;
  }

  /** Makes the API hold an up-to-date mirror of `staticPod`; true when it already did. */
  async ensure(staticPod: Pod): Promise<boolean> {
    if (this.mirrorOf(staticPod)) return true;
    const stale = this.seen.get(keyOf(staticPod));
    if (stale) await this.deleteMirror(stale);
    const node = this.node();
    const m = staticPod.metadata!;
    const hash = m.annotations![CONFIG_HASH]!;
    const mirror: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: m.name,
        namespace: m.namespace,
        labels: m.labels,
        annotations: { ...m.annotations, [CONFIG_MIRROR]: hash },
        ownerReferences: node?.metadata?.uid
          ? [
              {
                apiVersion: 'v1',
                kind: 'Node',
                name: node.metadata.name!,
                uid: node.metadata.uid,
                controller: true,
              },
            ]
          : undefined,
      },
      spec: staticPod.spec,
    };
    try {
      const created = await this.client
        .resource<Pod>(PODS)
        .namespace(m.namespace ?? 'default')
        .create(mirror);
      this.observe(created);
    } catch (e) {
      // The informer has not shown us the old one yet; the next sync deals with it.
      if (!isAlreadyExists(e)) throw e;
    }
    return false;
  }

  /** Deletes the mirror of a static pod whose manifest is gone (no other pod took its name). */
  async remove(staticPod: Pod): Promise<void> {
    const m = this.seen.get(keyOf(staticPod));
    if (m) await this.deleteMirror(m);
  }

  private async deleteMirror(m: Pod): Promise<void> {
    try {
      await this.client
        .resource<Pod>(PODS)
        .namespace(m.metadata!.namespace ?? 'default')
        .delete(m.metadata!.name!, {
          gracePeriodSeconds: 0,
          preconditions: { uid: m.metadata!.uid! },
        });
    } catch (e) {
      if (!isNotFound(e) && !isConflict(e)) throw e;
    }
    this.forget(m);
  }
}
