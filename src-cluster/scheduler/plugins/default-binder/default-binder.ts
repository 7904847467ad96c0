/**
 * DefaultBinder: binds through the API — POST pods/<name>/binding with the chosen node. The API
 * server sets spec.nodeName and PodScheduled=True in one write and answers 409 if the pod is
 * already bound (another scheduler won) or being deleted.
 */
import { isConflict, isNotFound } from '../../../client';
import type { BindPlugin, Handle } from '../../framework/interface';
import { Status } from '../../framework/status';
import { PODS } from '../../resources';

export const DEFAULT_BINDER = 'DefaultBinder';

export class DefaultBinder implements BindPlugin {
  readonly name = DEFAULT_BINDER;

  constructor(private readonly handle: Handle) {}

  bind: BindPlugin['bind'] = async (_state, pod, nodeName) => {
    const name = pod.pod.metadata?.name ?? '';
    const ns = pod.pod.metadata?.namespace ?? 'default';
    try {
      await this.handle.client
        .resource(PODS)
        .namespace(ns)
        .createSubresource(name, 'binding', {
          apiVersion: 'v1',
          kind: 'Binding',
          metadata: { name, namespace: ns, uid: pod.pod.metadata?.uid },
          target: { apiVersion: 'v1', kind: 'Node', name: nodeName },
        });
      return Status.SUCCESS;
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      // Gone or already bound: nothing to retry, but the assumption must still be undone.
      if (isNotFound(err) || isConflict(err)) return Status.unresolvable(msg);
      return Status.error(msg);
    }
  };
}
