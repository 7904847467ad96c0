/**
 * Finds the pod a fault names ("<ns>/<pod>[/<container>]") through the API: which node runs it
 * and which container is meant (the first one when none is named), with errors that list what
 * exists so a typo is easy to fix.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { RESOURCES } from '../api/resources';
import { isNotFound, type ApiClient } from '../client';
import { FaultError } from './fault';
import type { PodRef } from './target';

const PODS = RESOURCES.find((r) => r.resource === 'pods' && r.group === '')!;

export async function findPodContainer(
  client: ApiClient,
  spec: string,
  needContainer: boolean,
): Promise<{ pod: PodRef; container: string }> {
  const parts = spec.split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => !p)) {
    throw new FaultError(
      `"${spec}" is not <namespace>/<pod>${needContainer ? '/<container>' : '[/<container>]'}`,
    );
  }
  if (needContainer && parts.length !== 3) {
    throw new FaultError(`name the container: ${spec}/<container>`);
  }
  const [namespace, name, wanted] = parts as [string, string, string | undefined];
  let pod: Pod;
  try {
    pod = await client.resource<Pod>(PODS).namespace(namespace).get(name);
  } catch (err) {
    if (isNotFound(err)) throw new FaultError(`pod ${namespace}/${name} not found`);
    throw err;
  }
  const nodeName = pod.spec?.nodeName;
  if (!nodeName) throw new FaultError(`pod ${namespace}/${name} is not scheduled to a node yet`);
  const names = (pod.spec?.containers ?? []).map((c) => c.name);
  const container = wanted ?? names[0]!;
  if (!names.includes(container)) {
    throw new FaultError(
      `pod ${namespace}/${name} has no container "${container}" (containers: ${names.join(', ')})`,
    );
  }
  return { pod: { namespace, name, uid: pod.metadata!.uid!, nodeName }, container };
}

export function podFromDetail(d: Record<string, string>): PodRef {
  return { namespace: d.namespace!, name: d.pod!, uid: d.uid!, nodeName: d.node! };
}

export function podDetail(p: PodRef, container: string): Record<string, string> {
  return { namespace: p.namespace, pod: p.name, uid: p.uid, node: p.nodeName, container };
}
