/**
 * A Deployment's ReplicaSets as its revision history (k8s-internals §4.1). The *new* set is the
 * one whose template equals the Deployment's (ignoring pod-template-hash); every other owned set
 * is *old*. Revisions are numbered through the deployment.kubernetes.io/revision annotation: a
 * new set gets max(old)+1, and when an old set becomes new again (a rollback, which kubectl does
 * by copying an old template back) it is renumbered and its former number is appended to
 * revision-history, so `kubectl rollout history` lists every revision once.
 */
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1';
import { canonicalJson } from '../framework/template-hash';

export const POD_TEMPLATE_HASH = 'pod-template-hash';
export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';

/** Deployment annotations that describe the Deployment itself and are not copied to its sets. */
const NOT_COPIED = new Set([
  REVISION,
  REVISION_HISTORY,
  DESIRED_REPLICAS,
  MAX_REPLICAS,
  'kubectl.kubernetes.io/last-applied-configuration',
]);

/** The template without the pod-template-hash label, for comparing a set with its Deployment. */
export function templateWithoutHash(t: PodTemplateSpec | undefined): PodTemplateSpec {
  const copy = structuredClone(t ?? {}) as PodTemplateSpec;
  const labels = copy.metadata?.labels;
  if (labels) {
    delete labels[POD_TEMPLATE_HASH];
    if (Object.keys(labels).length === 0) delete copy.metadata!.labels;
  }
  return copy;
}

export function sameTemplate(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined) {
  return canonicalJson(templateWithoutHash(a)) === canonicalJson(templateWithoutHash(b));
}

function createdMs(rs: ReplicaSet): number {
  const t = Date.parse(rs.metadata?.creationTimestamp ?? '');
  return Number.isNaN(t) ? 0 : t;
}

/** Oldest first (creation time, then name), the order old sets are scaled down in. */
export function byAge(sets: readonly ReplicaSet[]): ReplicaSet[] {
  return [...sets].sort(
    (a, b) => createdMs(a) - createdMs(b) || (a.metadata!.name! < b.metadata!.name! ? -1 : 1),
  );
}

/** The set running the Deployment's current template (the oldest, if several match). */
export function findNewReplicaSet(d: Deployment, sets: readonly ReplicaSet[]) {
  return byAge(sets).find((rs) => sameTemplate(rs.spec?.template, d.spec?.template));
}

export function revisionOf(obj: { metadata?: { annotations?: Record<string, string> } }): number {
  const n = Number(obj.metadata?.annotations?.[REVISION] ?? 0);
  return Number.isFinite(n) ? n : 0;
}

export function maxRevision(sets: readonly ReplicaSet[]): number {
  return sets.reduce((m, rs) => Math.max(m, revisionOf(rs)), 0);
}

/**
 * The annotations a Deployment's set should carry: the Deployment's own (minus NOT_COPIED), its
 * revision (renumbered to `revision` when that is higher, recording the former number in the
 * history) and, when given, the sizes proportional scaling reads.
 */
export function setAnnotations(
  d: Deployment,
  rs: ReplicaSet | undefined,
  revision: number,
  sizes?: { desired: number; max: number },
): Record<string, string> {
  const out: Record<string, string> = { ...(rs?.metadata?.annotations ?? {}) };
  for (const [k, v] of Object.entries(d.metadata?.annotations ?? {})) {
    if (!NOT_COPIED.has(k)) out[k] = v;
  }
  const current = rs ? revisionOf(rs) : 0;
  if (revision > current) {
    if (current > 0) {
      const history = out[REVISION_HISTORY] ? out[REVISION_HISTORY].split(',') : [];
      out[REVISION_HISTORY] = [...history, String(current)].join(',');
    }
    out[REVISION] = String(revision);
  }
  if (sizes) {
    out[DESIRED_REPLICAS] = String(sizes.desired);
    out[MAX_REPLICAS] = String(sizes.max);
  }
  return out;
}

/**
 * A ReplicaSet (to be created) for the Deployment's template: named `<deployment>-<hash>`, with
 * the hash added to its labels, selector and template so its pods never match another revision's.
 */
export function newReplicaSetFor(
  d: Deployment,
  hash: string,
  revision: number,
  replicas: number,
  maxReplicas: number,
): ReplicaSet {
  const template = structuredClone(d.spec!.template) as PodTemplateSpec;
  template.metadata = {
    ...template.metadata,
    labels: { ...(template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH]: hash },
  };
  const selector = structuredClone(d.spec!.selector);
  selector.matchLabels = { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH]: hash };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${d.metadata!.name}-${hash}`,
      namespace: d.metadata!.namespace,
      labels: { ...(template.metadata.labels ?? {}) },
      annotations: setAnnotations(d, undefined, revision, {
        desired: d.spec?.replicas ?? 1,
        max: maxReplicas,
      }),
    },
    spec: {
      replicas,
      minReadySeconds: d.spec?.minReadySeconds ?? 0,
      selector,
      template,
    },
  };
}
