/**
 * Namespace lifecycle: a new namespace is Active with the "kubernetes" finalizer in spec; deleting
 * it marks it Terminating, and it disappears only once the namespace controller has emptied it and
 * removed that finalizer (through /finalize).
 */
import type { Namespace } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../../api/object';
import { DefaultStrategy, type StrategyContext } from '../strategy';

export const NAMESPACE_FINALIZER = 'kubernetes';

export class NamespaceStrategy extends DefaultStrategy {
  override prepareForCreate(obj: KubeObject, _ctx: StrategyContext): void {
    obj.spec = { finalizers: [NAMESPACE_FINALIZER] };
    obj.status = { phase: 'Active' };
  }

  override prepareForUpdate(obj: KubeObject, old: KubeObject, subresource: string | undefined) {
    const ns = obj as Namespace;
    const prev = old as Namespace;
    if (subresource === 'finalize') {
      // Only spec.finalizers may change through /finalize.
      const finalizers = ns.spec?.finalizers ?? [];
      Object.assign(ns, { ...prev, metadata: ns.metadata, spec: { finalizers } });
      ns.metadata = { ...prev.metadata, resourceVersion: ns.metadata?.resourceVersion };
      return;
    }
    super.prepareForUpdate(obj, old, subresource);
    // spec.finalizers change only through /finalize.
    if (subresource !== 'status') ns.spec = prev.spec;
  }

  finalizersOnDelete(obj: KubeObject, _ctx: StrategyContext): void {
    obj.status = { ...((obj as Namespace).status ?? {}), phase: 'Terminating' };
  }
}

/** True while the namespace's own finalizers still hold it. */
export function namespaceHeld(ns: Namespace): boolean {
  return (ns.spec?.finalizers?.length ?? 0) > 0;
}
