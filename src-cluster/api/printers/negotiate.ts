/**
 * Accept-header negotiation for Tables. kubectl asks with
 *   application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json
 * and prints NAME/AGE only if the server ignores it, so this decides what `kubectl get` looks like.
 */
import type { TableVersion } from './table';

interface Clause {
  type: string;
  subtype: string;
  params: Map<string, string>;
  q: number;
  index: number;
}

/** Media types a Table can be encoded in; the server speaks JSON and YAML. */
const TABLE_MEDIA_TYPES = new Set(['application/json', 'application/yaml']);

/** Splits on `sep` outside double quotes (a quoted parameter value may contain commas). */
function splitOutsideQuotes(text: string, sep: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (ch === sep && !quoted) {
      out.push(current);
      current = '';
    } else current += ch;
  }
  out.push(current);
  return out;
}

function parseClause(raw: string, index: number): Clause | null {
  const [media = '', ...paramParts] = splitOutsideQuotes(raw, ';').map((s) => s.trim());
  const slash = media.indexOf('/');
  if (slash <= 0 || slash === media.length - 1) return null;
  const params = new Map<string, string>();
  let q = 1;
  for (const part of paramParts) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const key = part.slice(0, eq).trim().toLowerCase();
    const value = part
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
    if (key === 'q') {
      const n = Number(value);
      q = Number.isFinite(n) ? n : 1;
    } else params.set(key, value);
  }
  const type = media.slice(0, slash).toLowerCase();
  const subtype = media.slice(slash + 1).toLowerCase();
  return { type, subtype, params, q, index };
}

/**
 * Preference order, as upstream's negotiation sorts: higher q first, then concrete types before
 * wildcards, then clauses with more parameters; ties keep header order.
 */
function preferred(a: Clause, b: Clause): number {
  if (a.q !== b.q) return b.q - a.q;
  const wild = (c: Clause) => (c.type === '*' ? 2 : 0) + (c.subtype === '*' ? 1 : 0);
  if (wild(a) !== wild(b)) return wild(a) - wild(b);
  if (a.params.size !== b.params.size) return b.params.size - a.params.size;
  return a.index - b.index;
}

function matchesTableMediaType(c: Clause): boolean {
  if (c.type === '*') return c.subtype === '*';
  if (c.subtype === '*') return c.type === 'application';
  return TABLE_MEDIA_TYPES.has(`${c.type}/${c.subtype}`);
}

/**
 * The Table version the client wants, or null when the most preferred acceptable clause asks for
 * the plain object (including an absent header). Clauses asking for a transformation we cannot
 * do (another `as=`, a foreign group or version) are skipped, as the upstream server does, and the
 * next clause decides. q=0 clauses are never acceptable.
 */
export function wantsTable(accept: string | undefined): TableVersion | null {
  if (!accept) return null;
  const clauses = splitOutsideQuotes(accept, ',')
    .map((raw, i) => parseClause(raw, i))
    .filter((c): c is Clause => c !== null && c.q > 0)
    .sort(preferred);
  for (const c of clauses) {
    const as = c.params.get('as');
    if (as === undefined) return null;
    if (as !== 'Table' || c.params.get('g') !== 'meta.k8s.io') continue;
    const v = c.params.get('v');
    if ((v === 'v1' || v === 'v1beta1') && matchesTableMediaType(c)) return v;
  }
  return null;
}
