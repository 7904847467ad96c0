/**
 * Field errors in upstream's shape. Each constructor returns a FieldCause whose `message` is the
 * error body (what upstream puts in Status.details.causes[].message), e.g.
 * `Invalid value: "Foo": <detail>`; `formatInvalidMessage` builds the Status.message around them.
 */
import type { FieldCause } from '../object';

/** Renders a bad value the way upstream's field.Error does: strings quoted, scalars bare. */
export function renderValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  return JSON.stringify(value);
}

function withDetail(body: string, detail?: string): string {
  return detail ? `${body}: ${detail}` : body;
}

/** A required field is missing or empty. */
export function required(field: string, detail?: string): FieldCause {
  return { reason: 'FieldValueRequired', message: withDetail('Required value', detail), field };
}

/** A field has a value that breaks a rule; `detail` says which. */
export function invalid(field: string, value: unknown, detail?: string): FieldCause {
  return {
    reason: 'FieldValueInvalid',
    message: withDetail(`Invalid value: ${renderValue(value)}`, detail),
    field,
  };
}

/** A value outside an enum; lists the supported values quoted and comma-separated. */
export function notSupported(
  field: string,
  value: unknown,
  supported: readonly string[],
): FieldCause {
  const list = supported.map((s) => JSON.stringify(s)).join(', ');
  return {
    reason: 'FieldValueNotSupported',
    message: `Unsupported value: ${renderValue(value)}${list ? `: supported values: ${list}` : ''}`,
    field,
  };
}

/** A value that must be unique appears twice. */
export function duplicate(field: string, value: unknown): FieldCause {
  return {
    reason: 'FieldValueDuplicate',
    message: `Duplicate value: ${renderValue(value)}`,
    field,
  };
}

/** A field that may not be set (or changed) in this context. */
export function forbidden(field: string, detail: string): FieldCause {
  return { reason: 'FieldValueForbidden', message: withDetail('Forbidden', detail), field };
}

/** A value longer than allowed, in bytes. */
export function tooLong(field: string, maxBytes: number): FieldCause {
  return {
    reason: 'FieldValueTooLong',
    message: `Too long: must have at most ${maxBytes} bytes`,
    field,
  };
}

/** A list with more items than allowed. */
export function tooMany(field: string, actual: number, max: number): FieldCause {
  return {
    reason: 'FieldValueTooMany',
    message: `Too many: ${actual}: must have at most ${max} items`,
    field,
  };
}

/** A value of the wrong JSON type (string where an object is expected, …). */
export function typeInvalid(field: string, value: unknown, detail: string): FieldCause {
  return {
    reason: 'FieldValueTypeInvalid',
    message: withDetail(`Invalid value: ${renderValue(value)}`, detail),
    field,
  };
}

/**
 * The Status.message of a 422 Invalid response, as upstream's NewInvalid writes it:
 * `Deployment.apps "web" is invalid: spec.selector: Required value` for one cause, and
 * `Pod "p" is invalid: [a: x, b: y]` for several (duplicate lines collapse into one).
 */
export function formatInvalidMessage(
  kindQualified: string,
  name: string,
  causes: readonly FieldCause[],
): string {
  const head = `${kindQualified} ${JSON.stringify(name)} is invalid`;
  const lines: string[] = [];
  for (const c of causes) {
    const line = c.field ? `${c.field}: ${c.message}` : c.message;
    if (!lines.includes(line)) lines.push(line);
  }
  if (lines.length === 0) return head;
  if (lines.length === 1) return `${head}: ${lines[0]}`;
  return `${head}: [${lines.join(', ')}]`;
}
