/**
 * The node's heartbeat Lease (kube-node-lease/<node>): holderIdentity = node name,
 * leaseDurationSeconds 40, renewTime bumped every 10 s (a quarter of the duration). The node
 * lifecycle controller reads renewTime to tell a live kubelet from a dead one. The Lease is owned
 * by the Node, so it goes away with it.
 */
import type { Lease } from 'kubernetes-types/coordination/v1';
import type { Node } from 'kubernetes-types/core/v1';
import type { Clock } from '../../src-shared/util/clock';
import { RESOURCES } from '../api/resources';
import type { ApiClient } from '../client';
import { isAlreadyExists, isConflict, isNotFound } from '../client';

const LEASES = RESOURCES.find((r) => r.resource === 'leases' && r.group === 'coordination.k8s.io')!;
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

/** RFC 3339 with microseconds (metav1.MicroTime). */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export class NodeLease {
  constructor(
    private readonly client: ApiClient,
    private readonly nodeName: string,
    private readonly clock: Clock,
    readonly durationSeconds = 40,
  ) {}

  private get leases() {
    return this.client.resource<Lease>(LEASES).namespace(NODE_LEASE_NAMESPACE);
  }

  /** Creates or renews the lease; `node` supplies the owner reference on create. */
  async renew(node?: Node): Promise<Lease> {
    const now = microTime(this.clock.now());
    for (let i = 0; i < 3; i++) {
      let lease: Lease | undefined;
      try {
        lease = await this.leases.get(this.nodeName);
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
      try {
        if (!lease) {
          return await this.leases.create({
            apiVersion: 'coordination.k8s.io/v1',
            kind: 'Lease',
            metadata: {
              name: this.nodeName,
              namespace: NODE_LEASE_NAMESPACE,
              ...(node?.metadata?.uid
                ? {
                    ownerReferences: [
                      {
                        apiVersion: 'v1',
                        kind: 'Node',
                        name: this.nodeName,
                        uid: node.metadata.uid,
                      },
                    ],
                  }
                : {}),
            },
            spec: {
              holderIdentity: this.nodeName,
              leaseDurationSeconds: this.durationSeconds,
              renewTime: now,
            },
          });
        }
        return await this.leases.update({
          ...lease,
          spec: {
            ...lease.spec,
            holderIdentity: this.nodeName,
            leaseDurationSeconds: this.durationSeconds,
            renewTime: now,
          },
        });
      } catch (e) {
        if (!isConflict(e) && !isAlreadyExists(e)) throw e;
      }
    }
    throw new Error(`failed to renew lease ${NODE_LEASE_NAMESPACE}/${this.nodeName}: conflicts`);
  }
}
