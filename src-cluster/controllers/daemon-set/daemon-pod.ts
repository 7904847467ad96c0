/**
 * The pod a DaemonSet runs on one node. kubelab binds it directly: spec.nodeName is set at
 * creation, so daemon pods run with no scheduler at all (as upstream did before 1.12 — and
 * kubelab's no-VM cluster starts DaemonSet-style components before any scheduler). The pod also
 * carries upstream's required node affinity `metadata.name In [<node>]`, so what `kubectl get pod
 * -o yaml` shows matches a real cluster, and a scheduler that sees it agrees with the binding.
 * The `controller-revision-hash` label records which template revision the pod runs.
 */
import type { DaemonSet } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { newControllerRef } from '../framework/controller-ref';
import { podFromTemplate } from '../framework/pod-control';
import { DAEMON_SET_KIND } from '../framework/workload-refs';
import { daemonTolerations, mergeTolerations } from './node-fit';

export const REVISION_HASH = 'controller-revision-hash';

export function daemonPodFor(ds: DaemonSet, nodeName: string, hash: string): Pod {
  const pod = podFromTemplate(
    ds.spec!.template,
    ds.metadata!.namespace!,
    `${ds.metadata!.name}-`,
    newControllerRef(ds, DAEMON_SET_KIND),
  );
  pod.metadata!.labels = { ...(pod.metadata!.labels ?? {}), [REVISION_HASH]: hash };
  const spec = pod.spec!;
  spec.nodeName = nodeName;
  spec.tolerations = mergeTolerations(spec.tolerations ?? [], daemonTolerations(spec));
  const terms = [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }];
  spec.affinity = {
    ...spec.affinity,
    nodeAffinity: {
      ...spec.affinity?.nodeAffinity,
      requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms },
    },
  };
  return pod;
}

/** The node a daemon pod is for: its binding, else the node its affinity names. */
export function daemonPodNode(pod: Pod): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  const terms =
    pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
      ?.nodeSelectorTerms ?? [];
  for (const t of terms) {
    const f = t.matchFields?.find((x) => x.key === 'metadata.name' && x.operator === 'In');
    if (f?.values?.length === 1) return f.values[0];
  }
  return undefined;
}
