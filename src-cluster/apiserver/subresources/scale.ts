/**
 * The scale subresource of Deployments and ReplicaSets: an autoscaling/v1 Scale view of
 * spec.replicas and status (kubectl-wire §9). `kubectl scale` PATCHes it with a merge patch.
 */
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { KubeObject, StoredObject } from '../../api/object';
import { applyPatch, type PatchType } from '../patch';
import { badRequest, conflict, invalid } from '../status';
import type { Registry } from '../registry/registry';

interface Scale {
  kind: 'Scale';
  apiVersion: 'autoscaling/v1';
  metadata: StoredObject['metadata'];
  spec: { replicas: number };
  status: { replicas: number; selector?: string };
}

/** A metav1.LabelSelector in the string form Scale.status.selector uses ("app=web,tier in (a,b)"). */
export function selectorString(sel: LabelSelector | undefined): string {
  if (!sel) return '';
  const parts: string[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {}).sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    parts.push(`${k}=${v}`);
  }
  for (const e of sel.matchExpressions ?? []) {
    const values = [...(e.values ?? [])].sort().join(',');
    if (e.operator === 'In') parts.push(`${e.key} in (${values})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${values})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.sort().join(',');
}

export function toScale(obj: StoredObject): Scale {
  const spec = (obj.spec ?? {}) as { replicas?: number; selector?: LabelSelector };
  const status = (obj.status ?? {}) as { replicas?: number };
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: obj.metadata.name,
      namespace: obj.metadata.namespace,
      uid: obj.metadata.uid,
      resourceVersion: obj.metadata.resourceVersion,
      creationTimestamp: obj.metadata.creationTimestamp,
    },
    spec: { replicas: spec.replicas ?? 0 },
    status: { replicas: status.replicas ?? 0, selector: selectorString(spec.selector) },
  };
}

function replicasOf(reg: Registry, name: string, scale: unknown): number {
  const r = (scale as { spec?: { replicas?: unknown } })?.spec?.replicas;
  if (r === undefined) return 0;
  if (typeof r !== 'number' || !Number.isInteger(r) || r < 0) {
    throw invalid('autoscaling', 'Scale', name, [
      {
        reason: 'FieldValueInvalid',
        message: `Invalid value: ${JSON.stringify(r)}: must be greater than or equal to 0`,
        field: 'spec.replicas',
      },
    ]);
  }
  void reg;
  return r;
}

export async function getScale(reg: Registry, ns: string | undefined, name: string) {
  return toScale(await reg.get(ns, name));
}

/** PUT /scale: a Scale body; its resourceVersion, when set, is a precondition on the parent. */
export async function updateScale(
  reg: Registry,
  ns: string | undefined,
  name: string,
  body: KubeObject,
  dryRun: boolean,
) {
  if (body.kind !== undefined && body.kind !== 'Scale') {
    throw badRequest(
      `the kind in the data (${String(body.kind)}) does not match the expected kind (Scale)`,
    );
  }
  const replicas = replicasOf(reg, name, body);
  const rv = body.metadata?.resourceVersion;
  const updated = await reg.guaranteedUpdate(
    ns,
    name,
    (cur) => {
      if (rv && rv !== cur.metadata.resourceVersion) throw conflict(reg.qualified, name);
      return { ...cur, spec: { ...(cur.spec as object), replicas } };
    },
    { subresource: 'scale', dryRun },
  );
  return toScale(updated);
}

/** PATCH /scale: the patch applies to the Scale view; only spec.replicas carries over. */
export async function patchScale(
  reg: Registry,
  ns: string | undefined,
  name: string,
  type: PatchType,
  patch: unknown,
  dryRun: boolean,
) {
  const updated = await reg.guaranteedUpdate(
    ns,
    name,
    (cur) => {
      const scale = applyPatch(type, toScale(cur), patch, { group: 'autoscaling', kind: 'Scale' });
      const replicas = replicasOf(reg, name, scale);
      return { ...cur, spec: { ...(cur.spec as object), replicas } };
    },
    { subresource: 'scale', dryRun },
  );
  return toScale(updated);
}
