/**
 * NamespaceLifecycle admission: objects can only be created in a namespace that exists and is not
 * terminating; the four system namespaces cannot be deleted.
 */
import type { Namespace } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../api/object';
import type { ResourceInfo } from '../../api/resources';
import { ApiStatusError, forbidden, notFound } from '../status';
import type { Registry } from '../registry/registry';

export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export function namespaceLifecycle(namespaces: () => Registry) {
  return async (info: ResourceInfo, namespace: string | undefined, obj: KubeObject) => {
    if (!info.namespaced || !namespace) return;
    let ns: Namespace;
    try {
      ns = (await namespaces().get(undefined, namespace)) as Namespace;
    } catch (err) {
      if (err instanceof ApiStatusError && err.code === 404) {
        throw notFound({ group: '', resource: 'namespaces' }, namespace);
      }
      throw err;
    }
    if (ns.metadata?.deletionTimestamp || ns.status?.phase === 'Terminating') {
      const name = obj.metadata?.name ?? '';
      const res = info.group ? `${info.resource}.${info.group}` : info.resource;
      throw forbidden(
        `${res} "${name}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`,
        {
          name,
          ...(info.group ? { group: info.group } : {}),
          kind: info.resource,
          causes: [
            {
              reason: 'NamespaceTerminating',
              message: `namespace ${namespace} is being terminated`,
              field: 'metadata.namespace',
            },
          ],
        },
      );
    }
  };
}

/** Deleting a system namespace is refused, as upstream does. */
export function checkNamespaceDelete(name: string): void {
  if (SYSTEM_NAMESPACES.includes(name)) {
    throw forbidden(`namespaces "${name}" is forbidden: this namespace may not be deleted`, {
      name,
      kind: 'namespaces',
    });
  }
}
