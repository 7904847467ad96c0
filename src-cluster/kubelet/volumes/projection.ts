/**
 * The files an API-data volume holds (configMap, secret, downwardAPI, projected), computed from the
 * objects without touching the disk: `items` select and rename keys (each with an optional `mode`),
 * without items every key becomes a file; files get `defaultMode` (0644) unless an item says
 * otherwise. A missing object fails the mount unless the source is `optional` (then it contributes
 * nothing); a missing item key fails it likewise. Messages follow upstream's plugins. Pure apart from
 * the `ConfigSources` reads.
 */
import type { KeyToPath, Pod, Volume, VolumeProjection } from 'kubernetes-types/core/v1';
import { configMapData, secretData, SourceNotFound, type ConfigSources } from '../config-sources';
import { fieldRefValue, resourceFieldRefValue, type RuntimeFacts } from '../field-path';

export interface ProjectedFile {
  data: Buffer;
  mode: number;
}

/** Relative path → contents and mode. */
export type FileSet = Map<string, ProjectedFile>;

export const DEFAULT_MODE = 0o644;

/** Rejects paths that are absolute, contain `..` or are empty (validation does too; belt and braces). */
function checkPath(p: string): string {
  if (!p || p.startsWith('/') || p.split('/').includes('..'))
    throw new Error(`invalid path ${JSON.stringify(p)}: must be relative and may not contain '..'`);
  return p;
}

function keysToFiles(
  out: FileSet,
  data: Record<string, Buffer>,
  items: KeyToPath[] | undefined,
  mode: number,
  kind: 'configmap' | 'secret',
  optional: boolean,
): void {
  if (!items?.length) {
    for (const [k, v] of Object.entries(data)) out.set(checkPath(k), { data: v, mode });
    return;
  }
  for (const it of items) {
    const v = data[it.key];
    if (v === undefined) {
      if (optional) continue;
      throw new Error(
        kind === 'configmap'
          ? `configmap references non-existent config key: ${it.key}`
          : `references non-existent secret key: ${it.key}`,
      );
    }
    out.set(checkPath(it.path), { data: v, mode: it.mode ?? mode });
  }
}

async function optionalGet<T>(p: Promise<T>, optional: boolean): Promise<T | undefined> {
  try {
    return await p;
  } catch (e) {
    if (optional && e instanceof SourceNotFound) return undefined;
    throw e;
  }
}

type Source = Pick<
  VolumeProjection,
  'configMap' | 'secret' | 'downwardAPI' | 'serviceAccountToken'
>;

async function project(
  out: FileSet,
  src: Source,
  mode: number,
  pod: Pod,
  sources: ConfigSources,
  facts: RuntimeFacts,
): Promise<void> {
  const ns = pod.metadata?.namespace ?? 'default';
  if (src.configMap) {
    const opt = !!src.configMap.optional;
    const cm = await optionalGet(sources.configMap(ns, src.configMap.name ?? ''), opt);
    if (cm) keysToFiles(out, configMapData(cm), src.configMap.items, mode, 'configmap', opt);
  } else if (src.secret) {
    const opt = !!src.secret.optional;
    const s = await optionalGet(sources.secret(ns, src.secret.name ?? ''), opt);
    if (s) keysToFiles(out, secretData(s), src.secret.items, mode, 'secret', opt);
  } else if (src.downwardAPI) {
    for (const it of src.downwardAPI.items ?? []) {
      const value = it.fieldRef
        ? fieldRefValue(pod, it.fieldRef, facts)
        : it.resourceFieldRef
          ? resourceFieldRefValue(pod, it.resourceFieldRef, facts)
          : '';
      out.set(checkPath(it.path), { data: Buffer.from(value), mode: it.mode ?? mode });
    }
  } else if (src.serviceAccountToken) {
    throw new Error(
      'serviceAccountToken projections are not supported by kubelab (no TokenRequest)',
    );
  }
}

/** The files of an API-data volume; undefined for other volume types. */
export async function volumeFiles(
  v: Volume,
  pod: Pod,
  sources: ConfigSources,
  facts: RuntimeFacts,
): Promise<FileSet | undefined> {
  const out: FileSet = new Map();
  if (v.configMap) {
    await project(
      out,
      { configMap: { ...v.configMap, name: v.configMap.name } },
      v.configMap.defaultMode ?? DEFAULT_MODE,
      pod,
      sources,
      facts,
    );
  } else if (v.secret) {
    const s = v.secret;
    await project(
      out,
      { secret: { name: s.secretName, items: s.items, optional: s.optional } },
      s.defaultMode ?? DEFAULT_MODE,
      pod,
      sources,
      facts,
    );
  } else if (v.downwardAPI) {
    const mode = v.downwardAPI.defaultMode ?? DEFAULT_MODE;
    await project(out, { downwardAPI: v.downwardAPI }, mode, pod, sources, facts);
  } else if (v.projected) {
    const mode = v.projected.defaultMode ?? DEFAULT_MODE;
    for (const src of v.projected.sources ?? []) await project(out, src, mode, pod, sources, facts);
  } else return undefined;
  return out;
}
