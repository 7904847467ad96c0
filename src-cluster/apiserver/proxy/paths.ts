/** Recognises the pod subresources this package proxies to kubelets. */
import type { PodSubresource } from './kubelet-location';

export interface PodStreamPath {
  namespace: string;
  pod: string;
  subresource: PodSubresource;
}

const PATTERN = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/(log|exec|attach)\/?$/;

/** Matches /api/v1/namespaces/<ns>/pods/<pod>/(log|exec|attach); null for anything else. */
export function matchPodStreamPath(pathname: string): PodStreamPath | null {
  const m = PATTERN.exec(pathname);
  if (!m) return null;
  return {
    namespace: decodeURIComponent(m[1]!),
    pod: decodeURIComponent(m[2]!),
    subresource: m[3] as PodSubresource,
  };
}
