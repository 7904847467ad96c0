/**
 * API errors as the server reports them: a meta/v1 Status (code, reason, message, details).
 * Callers branch on the reason with the is* helpers instead of parsing messages, exactly as
 * client-go users do with apierrors.IsNotFound and friends.
 */
import type { Status, StatusDetails } from 'kubernetes-types/meta/v1';

/** Reasons for an HTTP code when the body is not a Status (upstream's mapping, kubectl's words). */
const REASON_BY_CODE: Record<number, { reason: string; message: string }> = {
  400: { reason: 'BadRequest', message: 'the server rejected our request for an unknown reason' },
  401: {
    reason: 'Unauthorized',
    message: 'the server has asked for the client to provide credentials',
  },
  403: {
    reason: 'Forbidden',
    message: 'the server does not allow access to the requested resource',
  },
  404: { reason: 'NotFound', message: 'the server could not find the requested resource' },
  405: {
    reason: 'MethodNotAllowed',
    message: 'the server does not allow this method on the requested resource',
  },
  406: {
    reason: 'NotAcceptable',
    message: 'the server was unable to respond with a content type that the client supports',
  },
  409: { reason: 'Conflict', message: 'the server reported a conflict' },
  410: { reason: 'Expired', message: 'the server could not find the requested resource (gone)' },
  415: {
    reason: 'UnsupportedMediaType',
    message: 'the server was unable to respond with a content type that the client supports',
  },
  422: {
    reason: 'Invalid',
    message: 'the server rejected our request due to an error in our request',
  },
  429: {
    reason: 'TooManyRequests',
    message: 'the server has received too many requests and has asked us to try again later',
  },
  500: {
    reason: 'InternalError',
    message: 'an error on the server has prevented the request from succeeding',
  },
  503: {
    reason: 'ServiceUnavailable',
    message: 'the server is currently unable to handle the request',
  },
  504: {
    reason: 'Timeout',
    message: 'the server was unable to return a response in the time allotted',
  },
};

/** An error answered by the API server. `status` is the server's Status, or one synthesized from the code. */
export class ApiError extends Error {
  readonly status: Status;

  constructor(status: Status) {
    super(status.message || status.reason || `HTTP ${status.code}`);
    this.name = 'ApiError';
    this.status = status;
  }

  get code(): number {
    return this.status.code ?? 0;
  }
  get reason(): string {
    return this.status.reason ?? '';
  }
  get details(): StatusDetails | undefined {
    return this.status.details;
  }
  /** Seconds the server asked us to wait (Retry-After or details.retryAfterSeconds). */
  get retryAfterSeconds(): number | undefined {
    return this.status.details?.retryAfterSeconds;
  }
}

/**
 * Builds the ApiError for a non-2xx response. A Status body is used as-is; any other body (plain
 * text from a proxy, HTML, garbage) still yields a readable message naming the code.
 */
export function apiErrorFromResponse(
  code: number,
  body: string,
  headers: Record<string, string> = {},
): ApiError {
  const parsed = parseStatus(body);
  const retryAfter = Number(headers['retry-after']);
  if (parsed) {
    if (parsed.code === undefined) parsed.code = code;
    if (Number.isFinite(retryAfter) && parsed.details?.retryAfterSeconds === undefined) {
      parsed.details = { ...parsed.details, retryAfterSeconds: retryAfter };
    }
    return new ApiError(parsed);
  }
  const known = REASON_BY_CODE[code] ?? {
    reason: code >= 500 ? 'InternalError' : 'Unknown',
    message: `the server responded with HTTP ${code}`,
  };
  const text = body.trim().slice(0, 500);
  const status: Status = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    code,
    reason: known.reason,
    message: text ? `${known.message} (${text})` : known.message,
  };
  if (Number.isFinite(retryAfter)) status.details = { retryAfterSeconds: retryAfter };
  return new ApiError(status);
}

/** A Status carried in a watch ERROR event (or anywhere else an object may be a Status). */
export function isStatusObject(obj: unknown): obj is Status {
  return !!obj && typeof obj === 'object' && (obj as { kind?: unknown }).kind === 'Status';
}

function parseStatus(body: string): Status | undefined {
  try {
    const obj: unknown = JSON.parse(body);
    return isStatusObject(obj) ? obj : undefined;
  } catch {
    return undefined;
  }
}

function reasonIs(err: unknown, reason: string, code: number): boolean {
  if (!(err instanceof ApiError)) return false;
  // Reason wins; the code is the fallback for servers that send only a code.
  return err.reason ? err.reason === reason : err.code === code;
}

/** 404: the object (or the resource) does not exist. */
export const isNotFound = (err: unknown) => reasonIs(err, 'NotFound', 404);
/** 409 Conflict: stale resourceVersion or failed precondition; re-read and retry. */
export const isConflict = (err: unknown) => reasonIs(err, 'Conflict', 409);
/** 409 AlreadyExists: create of a name that is taken. */
export const isAlreadyExists = (err: unknown) => reasonIs(err, 'AlreadyExists', 409);
/** 410: the resourceVersion asked for is compacted away; re-list. */
export const isExpired = (err: unknown) =>
  err instanceof ApiError &&
  (err.code === 410 || err.reason === 'Expired' || err.reason === 'Gone');
/** 422 Invalid: the object failed validation; details.causes name the fields. */
export const isInvalid = (err: unknown) => reasonIs(err, 'Invalid', 422);
/** 403 Forbidden. */
export const isForbidden = (err: unknown) => reasonIs(err, 'Forbidden', 403);
/** 401 Unauthorized. */
export const isUnauthorized = (err: unknown) => reasonIs(err, 'Unauthorized', 401);
/** 429 TooManyRequests: back off (retryAfterSeconds says how long). */
export const isTooManyRequests = (err: unknown) => reasonIs(err, 'TooManyRequests', 429);
