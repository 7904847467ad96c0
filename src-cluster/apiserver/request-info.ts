/**
 * Parses a request path into what it addresses (upstream's RequestInfo): a discovery document, a
 * non-resource path, or a resource with optional namespace, name and subresource, plus the verb.
 */
export type Verb =
  'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

export interface ResourceRequest {
  kind: 'resource';
  group: string;
  version: string;
  resource: string;
  namespace?: string;
  name?: string;
  subresource?: string;
  verb: Verb;
}

export type RequestInfo =
  | ResourceRequest
  | { kind: 'discovery-root'; prefix: 'api' | 'apis' }
  | { kind: 'discovery-group'; group: string }
  | { kind: 'discovery-version'; group: string; version: string }
  | { kind: 'nonresource'; path: string };

/** /namespaces/<name>/status and /finalize address the Namespace, not a resource inside it. */
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

function isWatch(query: URLSearchParams): boolean {
  const w = query.get('watch');
  return w === 'true' || w === '1';
}

function verbFor(method: string, hasName: boolean, query: URLSearchParams): Verb | null {
  switch (method) {
    case 'GET':
    case 'HEAD':
      if (isWatch(query)) return 'watch';
      return hasName ? 'get' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return hasName ? 'delete' : 'deletecollection';
    default:
      return null;
  }
}

/** Returns null when the method is not one the API serves (→ 405). */
export function parseRequestInfo(
  method: string,
  pathname: string,
  query: URLSearchParams,
): RequestInfo | null {
  const parts = pathname.split('/').filter((p) => p !== '');
  const head = parts[0];
  if (head !== 'api' && head !== 'apis') return { kind: 'nonresource', path: pathname };

  let group = '';
  let version: string | undefined;
  let rest: string[];
  if (head === 'api') {
    if (parts.length === 1) return { kind: 'discovery-root', prefix: 'api' };
    version = parts[1];
    rest = parts.slice(2);
  } else {
    if (parts.length === 1) return { kind: 'discovery-root', prefix: 'apis' };
    group = parts[1]!;
    if (parts.length === 2) return { kind: 'discovery-group', group };
    version = parts[2];
    rest = parts.slice(3);
  }
  if (!version) return { kind: 'nonresource', path: pathname };
  if (rest.length === 0) return { kind: 'discovery-version', group, version };

  let namespace: string | undefined;
  // /namespaces/<ns>/<resource>/... addresses namespaced resources; /namespaces/<ns>[/<sub>]
  // addresses the Namespace object itself.
  if (rest[0] === 'namespaces' && rest.length >= 3 && !NAMESPACE_SUBRESOURCES.has(rest[2]!)) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [resource, name, subresource, ...extra] = rest;
  if (!resource || extra.length > 0) return { kind: 'nonresource', path: pathname };
  const verb = verbFor(method, name !== undefined, query);
  if (!verb) return null;
  return {
    kind: 'resource',
    group,
    version,
    resource,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(subresource !== undefined ? { subresource } : {}),
    verb,
  };
}
