/**
 * Tokens of the label-selector query syntax (`a=b,c in (x,y),!d`). Whitespace separates tokens
 * and is otherwise ignored; `in`/`notin` are keywords only where an operator is expected (the
 * parser decides), so a label may still be called "in".
 */

export type TokenKind = 'ident' | '!' | '=' | '==' | '!=' | '>' | '<' | '(' | ')' | ',' | 'end';

export interface Token {
  kind: TokenKind;
  /** The text of an identifier (or the symbol itself). */
  text: string;
}

const SYMBOLS: readonly TokenKind[] = ['==', '!=', '=', '!', '>', '<', '(', ')', ','];
const SPECIAL = /[\s=!<>(),]/;

/** Splits `input` into tokens, ending with an `end` token. Never throws. */
export function lexLabelSelector(input: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i] as string;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const sym = SYMBOLS.find((s) => input.startsWith(s, i));
    if (sym) {
      out.push({ kind: sym, text: sym });
      i += sym.length;
      continue;
    }
    let j = i;
    while (j < input.length && !SPECIAL.test(input[j] as string)) j++;
    out.push({ kind: 'ident', text: input.slice(i, j) });
    i = j;
  }
  out.push({ kind: 'end', text: '' });
  return out;
}

/** How a token is named in error messages: "'x'" or "end of string". */
export function describeToken(t: Token): string {
  return t.kind === 'end' ? 'end of string' : `'${t.text}'`;
}
