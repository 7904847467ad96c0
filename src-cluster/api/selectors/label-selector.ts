/**
 * Label selectors: the `?labelSelector=` query form (`kubectl get -l`), the structured
 * metav1.LabelSelector of workloads, and the plain map of a Service's selector — all become one
 * LabelSelector that can `matches(labels)` and print itself canonically.
 *
 * Query grammar (comma = AND, whitespace ignored between tokens):
 *   requirement := ["!"] KEY [ ("=" | "==" | "!=") VALUE | ("in" | "notin") "(" VALUES ")"
 *                  | (">" | "<") INTEGER ]
 */
import type { LabelSelector as MetaLabelSelector } from 'kubernetes-types/meta/v1';
import { SelectorError } from './errors';
import { describeToken, lexLabelSelector, type Token } from './label-lexer';
import {
  requirement,
  requirementMatches,
  requirementString,
  type LabelOperator,
  type Labels,
  type Requirement,
} from './label-requirement';

export type { LabelOperator, Labels, Requirement } from './label-requirement';
export { SelectorError } from './errors';

/**
 * A parsed label selector: the AND of its requirements, sorted by key. Two special selectors
 * exist: `everything` (no requirements; an empty `{}` metav1 selector) matches every object, and
 * `nothing` (a null/absent metav1 selector) matches none — upstream's distinction, which is why a
 * Deployment without a selector selects no pods rather than all of them.
 */
export class LabelSelector {
  private constructor(
    readonly requirements: readonly Requirement[],
    private readonly matchesNothing: boolean,
  ) {}

  /** The selector that matches every label set. */
  static everything(): LabelSelector {
    return new LabelSelector([], false);
  }

  /** The selector that matches no label set. */
  static nothing(): LabelSelector {
    return new LabelSelector([], true);
  }

  /** A selector from requirements (sorted by key, stably, for a canonical string). */
  static of(requirements: readonly Requirement[]): LabelSelector {
    const sorted = [...requirements].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return new LabelSelector(sorted, false);
  }

  /** True when every requirement holds for `labels` (absent labels = no labels). */
  matches(labels: Labels | null | undefined): boolean {
    if (this.matchesNothing) return false;
    const set = labels ?? {};
    return this.requirements.every((r) => requirementMatches(r, set));
  }

  /** True for the select-everything selector. */
  isEverything(): boolean {
    return !this.matchesNothing && this.requirements.length === 0;
  }

  /** True for the select-nothing selector. */
  isNothing(): boolean {
    return this.matchesNothing;
  }

  /**
   * Canonical query form, e.g. "app=web,tier in (be,fe)" (Scale's status.selector, events).
   * Both `everything` and `nothing` print as "".
   */
  toString(): string {
    return this.requirements.map(requirementString).join(',');
  }
}

/**
 * Parses the query-string form. An empty or all-whitespace string selects everything.
 * Throws SelectorError naming the unexpected token or the invalid key/value.
 */
export function parseLabelSelector(input: string): LabelSelector {
  const p = new Parser(lexLabelSelector(input), input);
  return LabelSelector.of(p.parse());
}

/**
 * Converts a metav1.LabelSelector: matchLabels become `key=value`, matchExpressions use
 * In/NotIn/Exists/DoesNotExist. `{}` selects everything; null/undefined selects nothing.
 * Throws SelectorError for an unknown operator or values that do not fit it.
 */
export function fromLabelSelector(sel: MetaLabelSelector | null | undefined): LabelSelector {
  if (sel === null || sel === undefined) return LabelSelector.nothing();
  const reqs: Requirement[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) reqs.push(requirement(k, '=', [v]));
  for (const e of sel.matchExpressions ?? []) {
    const op = EXPRESSION_OPERATORS[e.operator];
    if (!op) throw new SelectorError(`"${e.operator}" is not a valid label selector operator`);
    reqs.push(requirement(e.key, op, e.values ?? []));
  }
  return reqs.length === 0 ? LabelSelector.everything() : LabelSelector.of(reqs);
}

/**
 * The selector a plain label map means (Service.spec.selector, nodeSelector): every pair must be
 * present. An empty map selects everything, as upstream's SelectorFromSet.
 */
export function selectorFromSet(set: Labels | null | undefined): LabelSelector {
  return LabelSelector.of(Object.entries(set ?? {}).map(([k, v]) => requirement(k, '=', [v])));
}

const EXPRESSION_OPERATORS: Readonly<Record<string, LabelOperator>> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
};

class Parser {
  private pos = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly input: string,
  ) {}

  parse(): Requirement[] {
    const out: Requirement[] = [];
    if (this.peek().kind === 'end') return out;
    for (;;) {
      out.push(this.requirement());
      const t = this.next();
      if (t.kind === 'end') return out;
      if (t.kind !== ',') throw this.error(t, "',' or 'end of string'");
      const after = this.peek();
      if (after.kind !== 'ident' && after.kind !== '!') {
        throw this.error(after, "a label key (or '!key') after ','");
      }
    }
  }

  private requirement(): Requirement {
    let t = this.next();
    if (t.kind === '!') {
      t = this.next();
      if (t.kind !== 'ident') throw this.error(t, "a label key after '!'");
      return requirement(t.text, '!', []);
    }
    if (t.kind !== 'ident') throw this.error(t, "'!' or a label key");
    const key = t.text;
    const opTok = this.peek();
    if (opTok.kind === ',' || opTok.kind === 'end') return requirement(key, 'exists', []);
    this.next();
    switch (opTok.kind) {
      case '=':
      case '==':
      case '!=':
        return requirement(key, opTok.kind, [this.exactValue()]);
      case '>':
      case '<':
        return requirement(key, opTok.kind === '>' ? 'gt' : 'lt', [this.exactValue()]);
      case 'ident':
        if (opTok.text === 'in' || opTok.text === 'notin') {
          return requirement(key, opTok.text, this.valueSet());
        }
    }
    throw this.error(opTok, "'=', '==', '!=', 'in', 'notin', '>' or '<'");
  }

  /** The value after =, ==, != (empty when the term ends right after the operator). */
  private exactValue(): string {
    const t = this.peek();
    if (t.kind === ',' || t.kind === 'end') return '';
    this.next();
    if (t.kind !== 'ident') throw this.error(t, 'a value');
    return t.text;
  }

  /** "(a, b, c)"; an empty entry ("(a,)", "()") is the empty value, as upstream. */
  private valueSet(): string[] {
    const open = this.next();
    if (open.kind !== '(') throw this.error(open, "'(' after in/notin");
    const values: string[] = [];
    let expectValue = true;
    for (;;) {
      const t = this.next();
      if (t.kind === 'ident' && expectValue) {
        values.push(t.text);
        expectValue = false;
      } else if (t.kind === ',') {
        if (expectValue) values.push('');
        expectValue = true;
      } else if (t.kind === ')') {
        if (expectValue) values.push('');
        return values;
      } else {
        throw this.error(t, expectValue ? "a value, ',' or ')'" : "',' or ')'");
      }
    }
  }

  private peek(): Token {
    return this.tokens[this.pos] as Token;
  }

  private next(): Token {
    const t = this.tokens[this.pos] as Token;
    if (t.kind !== 'end') this.pos++;
    return t;
  }

  private error(found: Token, expected: string): SelectorError {
    return new SelectorError(
      `unable to parse label selector "${this.input}": found ${describeToken(found)}, expected ${expected}`,
    );
  }
}
