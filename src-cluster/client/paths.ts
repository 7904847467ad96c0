/**
 * REST paths of the public wire contract: /api/v1/... for the core group, /apis/<g>/<v>/... for the
 * rest, /namespaces/<ns>/ for namespaced resources, /<name>/<subresource> for one object.
 */
import type { ResourceInfo } from '../api/resources';

/** What the client needs to address a resource: a ResourceInfo from RESOURCES works as-is. */
export type ResourceRef = Pick<ResourceInfo, 'group' | 'version' | 'resource' | 'namespaced'> & {
  /** Kind, used only to fill in apiVersion/kind on objects the caller left bare. */
  kind?: string;
};

/** "apps/v1", or "v1" for the core group. */
export function apiVersionOf(ref: Pick<ResourceRef, 'group' | 'version'>): string {
  return ref.group ? `${ref.group}/${ref.version}` : ref.version;
}

/**
 * The path for a collection (name undefined) or one object, optionally a subresource.
 * namespace undefined on a namespaced resource addresses all namespaces (list/watch only).
 */
export function resourcePath(
  ref: ResourceRef,
  namespace: string | undefined,
  name?: string,
  subresource?: string,
): string {
  const root = ref.group ? `/apis/${ref.group}/${ref.version}` : `/api/${ref.version}`;
  let p = root;
  if (ref.namespaced && namespace) p += `/namespaces/${encodeURIComponent(namespace)}`;
  p += `/${ref.resource}`;
  if (name !== undefined) {
    if (!name) throw new Error(`${ref.resource}: a name is required`);
    p += `/${encodeURIComponent(name)}`;
    if (subresource) p += `/${subresource}`;
  }
  return p;
}
