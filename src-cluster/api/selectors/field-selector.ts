/**
 * Field selectors (`?fieldSelector=spec.nodeName=node-1,status.phase!=Running`): an AND of
 * equality terms over the string fields a resource exposes (see selectable-fields.ts). Values may
 * contain `,`, `=` or `\` when escaped with a backslash.
 */
import { SelectorError } from './errors';

export { SelectorError } from './errors';
export { fieldSetFor, supportedFieldLabels, validateFieldSelector } from './selectable-fields';

export interface FieldRequirement {
  readonly field: string;
  /** `==` in the query is the same as `=`. */
  readonly operator: '=' | '!=';
  readonly value: string;
}

/** The field values of one object, by field label; a missing field reads as "". */
export type Fields = Readonly<Record<string, string>>;

/** A parsed field selector. No requirements = select everything. */
export class FieldSelector {
  constructor(readonly requirements: readonly FieldRequirement[]) {}

  /** True when every term holds; a field absent from `fields` compares as "". */
  matches(fields: Fields): boolean {
    return this.requirements.every((r) => {
      const actual = Object.prototype.hasOwnProperty.call(fields, r.field) ? fields[r.field] : '';
      return r.operator === '=' ? actual === r.value : actual !== r.value;
    });
  }

  isEverything(): boolean {
    return this.requirements.length === 0;
  }

  /**
   * The value `field` must equal for any object to match (e.g. the kubelet's
   * `spec.nodeName=<node>`), or undefined when the selector does not pin it.
   */
  requiresExactMatch(field: string): string | undefined {
    return this.requirements.find((r) => r.field === field && r.operator === '=')?.value;
  }

  /** Canonical text: terms in order, `=`/`!=`, values re-escaped. */
  toString(): string {
    return this.requirements
      .map((r) => `${r.field}${r.operator}${escapeFieldValue(r.value)}`)
      .join(',');
  }
}

/**
 * Parses the query form. Terms are separated by unescaped commas; each needs `=`, `==` or `!=`.
 * Empty input selects everything. Throws SelectorError for a term without an operator, an empty
 * field name, or an invalid escape (only `\\`, `\,` and `\=` exist).
 */
export function parseFieldSelector(input: string): FieldSelector {
  const reqs: FieldRequirement[] = [];
  for (const term of splitUnescaped(input)) {
    if (term.trim() === '') continue;
    const cut = findOperator(term);
    if (!cut) {
      throw new SelectorError(`invalid field selector "${input}": can't understand "${term}"`);
    }
    const field = term.slice(0, cut.at).trim();
    if (field === '') {
      throw new SelectorError(`invalid field selector "${input}": "${term}" has no field name`);
    }
    reqs.push({
      field,
      operator: cut.op === '!=' ? '!=' : '=',
      value: unescapeFieldValue(term.slice(cut.at + cut.op.length), input),
    });
  }
  return new FieldSelector(reqs);
}

/** Escapes `\`, `,` and `=` so a value survives a round trip through the query form. */
export function escapeFieldValue(v: string): string {
  return v.replace(/[\\,=]/g, (c) => `\\${c}`);
}

/** Splits on commas not preceded by a backslash escape; escapes stay in the pieces. */
function splitUnescaped(s: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === ',') {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(s.slice(start));
  return parts;
}

/** The first unescaped operator in a term; `!=` and `==` win over `=` at the same position. */
function findOperator(term: string): { at: number; op: string } | null {
  for (let i = 0; i < term.length; i++) {
    if (term[i] === '\\') {
      i++;
      continue;
    }
    for (const op of ['!=', '==', '=']) if (term.startsWith(op, i)) return { at: i, op };
  }
  return null;
}

function unescapeFieldValue(v: string, input: string): string {
  let out = '';
  for (let i = 0; i < v.length; i++) {
    const c = v[i] as string;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = v[i + 1];
    if (next !== '\\' && next !== ',' && next !== '=') {
      throw new SelectorError(
        `invalid field selector "${input}": invalid escape sequence "\\${next ?? ''}" (only \\\\, \\, and \\= are allowed)`,
      );
    }
    out += next;
    i++;
  }
  return out;
}
