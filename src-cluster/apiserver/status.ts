/**
 * Kubernetes Status errors: every non-2xx response and every watch ERROR event carries one
 * (reference/kubectl-wire.md §14, k8s-internals.md §2.2). kubectl prints
 * `Error from server (<reason>): <message>`, so reasons and messages follow upstream exactly.
 */
import type { FieldCause } from '../api/object';

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: { reason?: string; message?: string; field?: string }[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: { continue?: string; resourceVersion?: string };
  status: 'Failure' | 'Success';
  message: string;
  reason: string;
  details?: StatusDetails;
  code: number;
}

/** An error that becomes a Status response. Thrown anywhere below the HTTP layer. */
export class ApiStatusError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
    readonly statusMetadata: Status['metadata'] = {},
  ) {
    super(message);
    this.name = 'ApiStatusError';
  }

  toStatus(): Status {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: this.statusMetadata,
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

/** What a message names: the plural resource and its group ("deployments" + "apps"). */
export interface Qualified {
  group: string;
  resource: string;
}

const q = (r: Qualified) => (r.group ? `${r.resource}.${r.group}` : r.resource);
const gd = (r: Qualified) => (r.group ? { group: r.group } : {});

export function notFound(r: Qualified, name: string): ApiStatusError {
  return new ApiStatusError(404, 'NotFound', `${q(r)} "${name}" not found`, {
    name,
    ...gd(r),
    kind: r.resource,
  });
}

export function alreadyExists(r: Qualified, name: string): ApiStatusError {
  return new ApiStatusError(409, 'AlreadyExists', `${q(r)} "${name}" already exists`, {
    name,
    ...gd(r),
    kind: r.resource,
  });
}

export function conflict(r: Qualified, name: string, why?: string): ApiStatusError {
  const reason =
    why ??
    'the object has been modified; please apply your changes to the latest version and try again';
  return new ApiStatusError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${q(r)} "${name}": ${reason}`,
    { name, ...gd(r), kind: r.resource },
  );
}

/**
 * 422 Invalid. `kindQualified` is "Pod" or "Deployment.apps"; kubectl rebuilds its message from
 * details.kind/name/causes, other clients print the message.
 */
export function invalid(
  group: string,
  kind: string,
  name: string,
  causes: FieldCause[],
): ApiStatusError {
  const kq = group ? `${kind}.${group}` : kind;
  const parts = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message));
  const joined = parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`;
  return new ApiStatusError(422, 'Invalid', `${kq} "${name}" is invalid: ${joined}`, {
    name,
    ...(group ? { group } : {}),
    kind,
    causes: causes.map((c) => ({ reason: c.reason, message: c.message, field: c.field })),
  });
}

export function badRequest(message: string): ApiStatusError {
  return new ApiStatusError(400, 'BadRequest', message);
}

export function forbidden(message: string, details?: StatusDetails): ApiStatusError {
  return new ApiStatusError(403, 'Forbidden', message, details);
}

export function methodNotAllowed(message: string): ApiStatusError {
  return new ApiStatusError(405, 'MethodNotAllowed', message);
}

export function notAcceptable(message: string): ApiStatusError {
  return new ApiStatusError(406, 'NotAcceptable', message);
}

export function unsupportedMediaType(contentType: string): ApiStatusError {
  return new ApiStatusError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf; got ${JSON.stringify(contentType)}`,
  );
}

export function requestEntityTooLarge(limit: number): ApiStatusError {
  return new ApiStatusError(
    413,
    'RequestEntityTooLarge',
    `Request entity too large: limit is ${limit}`,
  );
}

export function expired(message: string, continueToken?: string): ApiStatusError {
  return new ApiStatusError(
    410,
    'Expired',
    message,
    undefined,
    continueToken ? { continue: continueToken } : {},
  );
}

export function timeout(message: string, retryAfterSeconds?: number): ApiStatusError {
  return new ApiStatusError(
    504,
    'Timeout',
    message,
    retryAfterSeconds ? { retryAfterSeconds } : undefined,
  );
}

export function internalError(message: string): ApiStatusError {
  return new ApiStatusError(500, 'InternalError', `Internal error occurred: ${message}`, {
    causes: [{ message }],
  });
}

export function serviceUnavailable(message: string): ApiStatusError {
  return new ApiStatusError(503, 'ServiceUnavailable', message);
}

/** A bare 404 for paths that name no resource (what upstream sends for /foo). */
export function pathNotFound(): ApiStatusError {
  return new ApiStatusError(
    404,
    'NotFound',
    'the server could not find the requested resource',
    {},
  );
}

/** Turns anything thrown below the HTTP layer into an ApiStatusError, never leaking internals. */
export function toApiStatusError(err: unknown): ApiStatusError {
  if (err instanceof ApiStatusError) return err;
  const name = err instanceof Error ? err.name : '';
  const message = err instanceof Error ? err.message : String(err);
  if (name === 'UnknownResultError') {
    return timeout(
      `the write may or may not have been applied (storage did not answer in time): ${message}`,
      1,
    );
  }
  if (name === 'StoreUnavailableError')
    return serviceUnavailable(`storage unavailable: ${message}`);
  return internalError(message);
}
