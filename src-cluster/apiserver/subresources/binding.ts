/**
 * pods/binding: how the scheduler assigns a pod to a node. Sets spec.nodeName once (a second
 * binding is a 409 Conflict) and records the PodScheduled condition.
 */
import type { Pod, PodCondition } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../api/object';
import { timestamp } from '../registry/object-meta';
import type { Registry } from '../registry/registry';
import { badRequest, conflict, invalid } from '../status';

export async function bindPod(
  reg: Registry,
  ns: string,
  name: string,
  body: KubeObject,
  now: number,
  dryRun: boolean,
) {
  const target = (body as { target?: { name?: string; kind?: string } }).target;
  if (body.kind !== undefined && body.kind !== 'Binding') {
    throw badRequest(
      `the kind in the data (${String(body.kind)}) does not match the expected kind (Binding)`,
    );
  }
  if (body.metadata?.name !== undefined && body.metadata.name !== name) {
    throw badRequest(
      `the name of the object (${body.metadata.name}) does not match the name on the URL (${name})`,
    );
  }
  if (!target?.name) {
    throw invalid('', 'Binding', name, [
      { reason: 'FieldValueRequired', message: 'Required value', field: 'target.name' },
    ]);
  }
  const uid = body.metadata?.uid;
  await reg.guaranteedUpdate(
    ns,
    name,
    (cur) => {
      const pod = cur as Pod;
      if (uid && uid !== pod.metadata?.uid) {
        throw conflict(
          reg.qualified,
          name,
          `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${pod.metadata?.uid}`,
        );
      }
      if (pod.metadata?.deletionTimestamp) {
        throw conflict(reg.qualified, name, 'pod is being deleted, cannot be assigned to a host');
      }
      if (pod.spec?.nodeName) {
        throw conflict(
          reg.qualified,
          name,
          `pod ${name} is already assigned to node "${pod.spec.nodeName}"`,
        );
      }
      const cond: PodCondition = {
        type: 'PodScheduled',
        status: 'True',
        lastProbeTime: null as unknown as string,
        lastTransitionTime: timestamp(now),
      };
      const conditions = (pod.status?.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
      return {
        ...pod,
        spec: { ...pod.spec!, nodeName: target.name },
        status: { ...pod.status, conditions: [...conditions, cond] },
      } as KubeObject;
    },
    { subresource: 'binding', dryRun },
  );
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    code: 201,
  };
}
