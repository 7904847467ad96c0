/** Query-parameter parsing shared by the verbs (kubectl-wire §16). Bad values are 400s. */
import type { DeleteOptions } from './registry/strategy';
import { badRequest } from './status';

export function intParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  if (!/^-?\d+$/.test(v))
    throw badRequest(`${name}: invalid value ${JSON.stringify(v)}: must be an integer`);
  return Number(v);
}

export function boolParam(q: URLSearchParams, name: string): boolean {
  const v = q.get(name);
  return v === 'true' || v === '1';
}

export function isDryRun(q: URLSearchParams): boolean {
  const values = q.getAll('dryRun');
  for (const v of values) {
    if (v !== 'All') throw badRequest(`dryRun: Unsupported value: "${v}": supported values: "All"`);
  }
  return values.length > 0;
}

const POLICIES = ['Orphan', 'Background', 'Foreground'] as const;

/** DeleteOptions from the body (kubectl sends them there) merged with query parameters. */
export function deleteOptions(q: URLSearchParams, body: unknown): DeleteOptions {
  const opts: DeleteOptions = {};
  if (body !== undefined && (body === null || typeof body !== 'object' || Array.isArray(body))) {
    throw badRequest('the body of a delete must be a DeleteOptions object');
  }
  if (body) {
    const b = body as Record<string, unknown>;
    if (b.kind !== undefined && b.kind !== 'DeleteOptions') {
      throw badRequest(
        `the kind in the data (${String(b.kind)}) does not match the expected kind (DeleteOptions)`,
      );
    }
    if (b.gracePeriodSeconds !== undefined && b.gracePeriodSeconds !== null) {
      if (typeof b.gracePeriodSeconds !== 'number' || !Number.isInteger(b.gracePeriodSeconds)) {
        throw badRequest('gracePeriodSeconds must be an integer');
      }
      opts.gracePeriodSeconds = b.gracePeriodSeconds;
    }
    if (b.propagationPolicy !== undefined && b.propagationPolicy !== null) {
      opts.propagationPolicy = b.propagationPolicy as DeleteOptions['propagationPolicy'];
    }
    if (typeof b.orphanDependents === 'boolean') opts.orphanDependents = b.orphanDependents;
    if (b.preconditions && typeof b.preconditions === 'object') {
      opts.preconditions = b.preconditions as DeleteOptions['preconditions'];
    }
    if (Array.isArray(b.dryRun)) opts.dryRun = b.dryRun as string[];
  }
  const grace = intParam(q, 'gracePeriodSeconds');
  if (grace !== undefined) opts.gracePeriodSeconds = grace;
  const policy = q.get('propagationPolicy');
  if (policy) opts.propagationPolicy = policy as DeleteOptions['propagationPolicy'];
  if (isDryRun(q)) opts.dryRun = ['All'];
  if (opts.propagationPolicy && !POLICIES.includes(opts.propagationPolicy)) {
    throw badRequest(
      `propagationPolicy: Unsupported value: "${opts.propagationPolicy}": supported values: "Foreground", "Background", "Orphan"`,
    );
  }
  if (opts.gracePeriodSeconds !== undefined && opts.gracePeriodSeconds < 0)
    opts.gracePeriodSeconds = 0;
  return opts;
}
