/**
 * Discovery documents (kubectl-wire §2): /api, /apis, /api/v1, /apis/<g>/<v>, /apis/<g>, and
 * /version. Built from the RESOURCES table so a new resource appears everywhere at once.
 */
import { RESOURCES, groupVersion, type ResourceInfo } from '../api/resources';

/** Subresources' discovery facts: their kind, verbs and (for scale/eviction) another group. */
const SUBRESOURCE: Record<
  string,
  { kind: string; verbs: string[]; group?: string; version?: string }
> = {
  status: { kind: '', verbs: ['get', 'patch', 'update'] },
  scale: { kind: 'Scale', verbs: ['get', 'patch', 'update'], group: 'autoscaling', version: 'v1' },
  binding: { kind: 'Binding', verbs: ['create'] },
  log: { kind: 'Pod', verbs: ['get'] },
  exec: { kind: 'PodExecOptions', verbs: ['create', 'get'] },
  attach: { kind: 'PodAttachOptions', verbs: ['create', 'get'] },
  proxy: { kind: 'NodeProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] },
  eviction: { kind: 'Eviction', verbs: ['create'], group: 'policy', version: 'v1' },
};

function apiResource(r: ResourceInfo) {
  return {
    name: r.resource,
    singularName: r.singular,
    namespaced: r.namespaced,
    kind: r.kind,
    verbs: r.verbs,
    ...(r.shortNames.length ? { shortNames: r.shortNames } : {}),
    ...(r.categories.length ? { categories: r.categories } : {}),
  };
}

export function resourceList(group: string, version: string) {
  // Sorted by name, as upstream serves them (kubectl get all prints in this order).
  const resources = RESOURCES.filter((r) => r.group === group && r.version === version).sort(
    (a, b) => a.resource.localeCompare(b.resource),
  );
  if (resources.length === 0) return null;
  const out: Record<string, unknown>[] = [];
  for (const r of resources) {
    out.push(apiResource(r));
    for (const sub of r.subresources) {
      const s = SUBRESOURCE[sub]!;
      out.push({
        name: `${r.resource}/${sub}`,
        singularName: '',
        namespaced: r.namespaced,
        ...(s.group ? { group: s.group, version: s.version } : {}),
        kind: s.kind || r.kind,
        verbs: s.verbs,
      });
    }
  }
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: groupVersion({ group, version }),
    resources: out,
  };
}

export function apiVersions(serverAddress: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function groups(): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const r of RESOURCES) {
    if (!r.group) continue;
    const versions = m.get(r.group) ?? [];
    if (!versions.includes(r.version)) versions.push(r.version);
    m.set(r.group, versions);
  }
  return m;
}

function apiGroup(name: string, versions: string[]) {
  const vs = versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v }));
  return { name, versions: vs, preferredVersion: vs[0] };
}

export function apiGroupList() {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [...groups()].map(([name, versions]) => apiGroup(name, versions)),
  };
}

export function apiGroupDoc(group: string) {
  const versions = groups().get(group);
  if (!versions) return null;
  return { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(group, versions) };
}

/** /version: kubelab reports the Kubernetes API level it implements. */
export function versionInfo() {
  return {
    major: '1',
    minor: '32',
    gitVersion: 'v1.32.0-kubelab',
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2026-11-25T00:00:00Z',
    goVersion: `node${process.versions.node}`,
    compiler: 'tsx',
    platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
  };
}
