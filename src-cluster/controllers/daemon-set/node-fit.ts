/**
 * Which nodes a DaemonSet runs on (k8s-internals §4.8): those whose labels satisfy the template's
 * nodeSelector and required node affinity, and whose NoSchedule/NoExecute taints the pod
 * tolerates — counting the tolerations every daemon pod gets automatically, so a daemon keeps
 * running through node pressure, cordoning and a flapping Ready condition. A cordoned node
 * (spec.unschedulable) still runs daemons, as upstream.
 */
import type {
  Node,
  NodeSelectorRequirement,
  NodeSelectorTerm,
  PodSpec,
  Taint,
  Toleration,
} from 'kubernetes-types/core/v1';

/** Tolerations added to every daemon pod (network-unavailable only with hostNetwork). */
export function daemonTolerations(spec: PodSpec | undefined): Toleration[] {
  const t = (key: string, effect: string): Toleration => ({
    key: `node.kubernetes.io/${key}`,
    operator: 'Exists',
    effect,
  });
  return [
    t('not-ready', 'NoExecute'),
    t('unreachable', 'NoExecute'),
    t('disk-pressure', 'NoSchedule'),
    t('memory-pressure', 'NoSchedule'),
    t('pid-pressure', 'NoSchedule'),
    t('unschedulable', 'NoSchedule'),
    ...(spec?.hostNetwork ? [t('network-unavailable', 'NoSchedule')] : []),
  ];
}

/** `existing` plus each of `extra` not already present (same key, operator, effect). */
export function mergeTolerations(existing: readonly Toleration[], extra: readonly Toleration[]) {
  const same = (a: Toleration, b: Toleration) =>
    a.key === b.key && (a.operator ?? 'Equal') === (b.operator ?? 'Equal') && a.effect === b.effect;
  return [...existing, ...extra.filter((e) => !existing.some((x) => same(x, e)))];
}

function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (!t.key) return t.operator === 'Exists';
  if (t.key !== taint.key) return false;
  return t.operator === 'Exists' || (t.value ?? '') === (taint.value ?? '');
}

function requirementHolds(r: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      const n = Number(value);
      const bound = Number(values[0]);
      if (value === undefined || !Number.isInteger(n) || !Number.isInteger(bound)) return false;
      return r.operator === 'Gt' ? n > bound : n < bound;
    }
    default:
      return false;
  }
}

function termMatches(term: NodeSelectorTerm, node: Node): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  // An empty term selects nothing (upstream semantics).
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = node.metadata?.labels ?? {};
  return (
    exprs.every((r) => requirementHolds(r, labels[r.key])) &&
    fields.every((r) => r.key === 'metadata.name' && requirementHolds(r, node.metadata?.name))
  );
}

/** Why the daemon does not belong on the node, or undefined when it does. */
export function unfitReason(spec: PodSpec | undefined, node: Node): string | undefined {
  const labels = node.metadata?.labels ?? {};
  for (const [k, v] of Object.entries(spec?.nodeSelector ?? {})) {
    if (labels[k] !== v) return `node selector ${k}=${v} does not match`;
  }
  const required = spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (required && !required.nodeSelectorTerms.some((t) => termMatches(t, node))) {
    return 'node affinity does not match';
  }
  const tolerations = mergeTolerations(spec?.tolerations ?? [], daemonTolerations(spec));
  const taint = (node.spec?.taints ?? []).find(
    (t) =>
      (t.effect === 'NoSchedule' || t.effect === 'NoExecute') &&
      !tolerations.some((x) => tolerates(x, t)),
  );
  if (taint) return `untolerated taint ${taint.key}:${taint.effect}`;
  return undefined;
}
