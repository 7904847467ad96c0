/**
 * Service policy: cluster IPs and node ports are allocated by the server on create (or reserved
 * when the client asked for specific ones), carried over on updates that omit them, and released
 * when the Service is deleted.
 */
import type { Service, ServicePort } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../../api/object';
import type { ResourceInfo } from '../../../api/resources';
import { DefaultStrategy } from '../strategy';
import { invalid } from '../../status';
import {
  AlreadyAllocatedError,
  ipInCidr,
  RangeFullError,
  type ServiceAllocator,
} from './allocator';

type MutableSpec = {
  -readonly [K in keyof NonNullable<Service['spec']>]: NonNullable<Service['spec']>[K];
};

function needsNodePorts(type: string | undefined): boolean {
  return type === 'NodePort' || type === 'LoadBalancer';
}

export class ServiceStrategy extends DefaultStrategy {
  constructor(
    info: ResourceInfo,
    private readonly allocator: ServiceAllocator,
  ) {
    super(info);
  }

  /** Allocates before the Service is stored; undoes its own claims if a later one fails. */
  async beforeCreate(obj: KubeObject): Promise<() => Promise<void>> {
    const a = this.allocator;
    const spec = ((obj as Service).spec ?? {}) as MutableSpec;
    const name = obj.metadata?.name ?? '';
    const undo: (() => Promise<void>)[] = [];
    const rollback = async () => {
      for (const u of undo.reverse()) await u().catch(() => {});
    };
    try {
      if (spec.type !== 'ExternalName') {
        if (spec.clusterIP === 'None') {
          spec.clusterIPs = ['None'];
        } else if (spec.clusterIP) {
          if (!ipInCidr(spec.clusterIP, a.ranges.serviceCidr)) {
            throw fieldError(
              name,
              'spec.clusterIP',
              spec.clusterIP,
              `provided IP is not in the valid range. The range of valid IPs is ${a.ranges.serviceCidr}`,
            );
          }
          await a.reserveIp(spec.clusterIP).catch((e) => {
            if (e instanceof AlreadyAllocatedError) {
              throw fieldError(
                name,
                'spec.clusterIPs',
                spec.clusterIP!,
                'failed to allocate IP ' + spec.clusterIP + ': provided IP is already allocated',
              );
            }
            throw e;
          });
          const ip = spec.clusterIP;
          undo.push(() => a.releaseIp(ip));
          spec.clusterIPs = [spec.clusterIP];
        } else {
          const ip = await a.allocateIp();
          undo.push(() => a.releaseIp(ip));
          spec.clusterIP = ip;
          spec.clusterIPs = [ip];
        }
      }
      if (needsNodePorts(spec.type)) {
        const ports = (spec.ports ?? []) as {
          -readonly [K in keyof ServicePort]: ServicePort[K];
        }[];
        for (const [i, p] of ports.entries()) {
          if (p.nodePort) {
            const port = p.nodePort;
            await a.reservePort(port).catch((e) => {
              if (e instanceof AlreadyAllocatedError) {
                throw fieldError(
                  name,
                  `spec.ports[${i}].nodePort`,
                  String(port),
                  `provided port is already allocated`,
                );
              }
              throw e;
            });
            undo.push(() => a.releasePort(port));
          } else {
            const port = await a.allocatePort();
            undo.push(() => a.releasePort(port));
            p.nodePort = port;
          }
        }
      }
    } catch (err) {
      await rollback();
      if (err instanceof RangeFullError) throw fieldError(name, 'spec.clusterIPs', '', err.message);
      throw err;
    }
    return rollback;
  }

  /** Returns what a deleted Service held, so the registry can release it. */
  async afterDelete(obj: KubeObject): Promise<void> {
    const a = this.allocator;
    const spec = (obj as Service).spec ?? {};
    for (const ip of spec.clusterIPs ?? (spec.clusterIP ? [spec.clusterIP] : [])) {
      if (ip && ip !== 'None') await a.releaseIp(ip).catch(() => {});
    }
    if (needsNodePorts(spec.type)) {
      for (const p of spec.ports ?? [])
        if (p.nodePort) await a.releasePort(p.nodePort).catch(() => {});
    }
  }

  override prepareForUpdate(obj: KubeObject, old: KubeObject, subresource: string | undefined) {
    super.prepareForUpdate(obj, old, subresource);
    if (subresource === 'status') return;
    // An update that leaves out the allocated IPs or node ports keeps them (kubectl apply and
    // replace send manifests that never had them).
    const spec = ((obj as Service).spec ?? {}) as MutableSpec;
    const prev = (old as Service).spec ?? {};
    if (!spec.clusterIP && prev.clusterIP) spec.clusterIP = prev.clusterIP;
    if (!spec.clusterIPs && prev.clusterIPs) spec.clusterIPs = prev.clusterIPs;
    if (needsNodePorts(spec.type) && needsNodePorts(prev.type)) {
      const ports = (spec.ports ?? []) as { -readonly [K in keyof ServicePort]: ServicePort[K] }[];
      for (const p of ports) {
        if (p.nodePort) continue;
        const match = (prev.ports ?? []).find(
          (q) => q.port === p.port && (q.protocol ?? 'TCP') === (p.protocol ?? 'TCP'),
        );
        if (match?.nodePort) p.nodePort = match.nodePort;
      }
    }
  }
}

function fieldError(name: string, field: string, value: string, detail: string) {
  return invalid('', 'Service', name, [
    {
      reason: 'FieldValueInvalid',
      message: `Invalid value: ${JSON.stringify(value)}: ${detail}`,
      field,
    },
  ]);
}
