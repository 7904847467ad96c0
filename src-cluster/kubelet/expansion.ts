/**
 * `$(VAR)` references in env values, command and args, with upstream's rules
 * (third_party/forked/golang/expansion): `$(NAME)` becomes NAME's value when NAME is defined and
 * stays literally `$(NAME)` when it is not; `$$` is an escaped `$` (so `$$(NAME)` yields `$(NAME)`);
 * a `$` before anything else, or a `$(` never closed, is kept as written. Pure.
 */

/** Expands `input` with `lookup` (undefined = not defined). */
export function expand(input: string, lookup: (name: string) => string | undefined): string {
  let out = '';
  let i = 0;
  while (i < input.length) {
    const ch = input[i]!;
    if (ch !== '$' || i + 1 >= input.length) {
      out += ch;
      i++;
      continue;
    }
    const next = input[i + 1]!;
    if (next === '$') {
      out += '$';
      i += 2;
    } else if (next === '(') {
      const close = input.indexOf(')', i + 2);
      if (close < 0) {
        // Unterminated: keep "$(" and carry on after it, as upstream does.
        out += '$(';
        i += 2;
        continue;
      }
      const name = input.slice(i + 2, close);
      out += lookup(name) ?? `$(${name})`;
      i = close + 1;
    } else {
      out += '$' + next;
      i += 2;
    }
  }
  return out;
}

/** A lookup over an ordered env list (the last definition of a name wins). */
export function envLookup(
  env: { key: string; value: string }[],
): (n: string) => string | undefined {
  const m = new Map(env.map((e) => [e.key, e.value]));
  return (n) => m.get(n);
}
