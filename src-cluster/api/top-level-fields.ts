/**
 * The top-level fields each kind has. Upstream decodes bodies into typed structs, so unknown
 * top-level fields are silently dropped; kubelab stores JSON, so it drops them explicitly — a
 * `{"spec": …}` sent to a ConfigMap must not be stored.
 */
const COMMON = ['apiVersion', 'kind', 'metadata'];
const SPEC_STATUS = ['spec', 'status'];

const FIELDS: Record<string, string[]> = {
  ConfigMap: ['data', 'binaryData', 'immutable'],
  Secret: ['data', 'stringData', 'type', 'immutable'],
  ServiceAccount: ['secrets', 'imagePullSecrets', 'automountServiceAccountToken'],
  Endpoints: ['subsets'],
  EndpointSlice: ['addressType', 'endpoints', 'ports'],
  'core/Event': [
    'involvedObject',
    'reason',
    'message',
    'source',
    'firstTimestamp',
    'lastTimestamp',
    'count',
    'type',
    'eventTime',
    'series',
    'action',
    'related',
    'reportingComponent',
    'reportingInstance',
  ],
  'events.k8s.io/Event': [
    'eventTime',
    'series',
    'reportingController',
    'reportingInstance',
    'action',
    'reason',
    'regarding',
    'related',
    'note',
    'type',
    'deprecatedSource',
    'deprecatedFirstTimestamp',
    'deprecatedLastTimestamp',
    'deprecatedCount',
  ],
  Role: ['rules'],
  ClusterRole: ['rules', 'aggregationRule'],
  RoleBinding: ['subjects', 'roleRef'],
  ClusterRoleBinding: ['subjects', 'roleRef'],
  ComponentStatus: ['conditions'],
  Lease: ['spec'],
};

export function topLevelFields(group: string, kind: string): string[] {
  const own = FIELDS[kind === 'Event' ? `${group || 'core'}/Event` : kind] ?? SPEC_STATUS;
  return [...COMMON, ...own];
}

/** Removes top-level fields the kind does not have. Mutates obj. */
export function pruneUnknownTopLevel(
  group: string,
  kind: string,
  obj: Record<string, unknown>,
): void {
  const allowed = new Set(topLevelFields(group, kind));
  for (const k of Object.keys(obj)) if (!allowed.has(k)) delete obj[k];
}
