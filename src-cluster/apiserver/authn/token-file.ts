/**
 * Static bearer tokens (upstream's --token-auth-file): a CSV of `token,user,uid,"group1,group2"`.
 * A request with `Authorization: Bearer <token>` is that user; an unknown token is rejected
 * (never silently anonymous).
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { AuthResult, UserInfo } from './user';

export class TokenFileError extends Error {}

/** Splits one CSV line, honouring double quotes (groups are a quoted, comma-separated list). */
function csvFields(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((f) => f.trim());
}

export function parseTokenFile(text: string): Map<string, UserInfo> {
  const tokens = new Map<string, UserInfo>();
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '' || line.trim().startsWith('#')) return;
    const [token, name, uid, groups] = csvFields(line);
    if (!token || !name) {
      throw new TokenFileError(`token file line ${i + 1}: expected token,user,uid[,"groups"]`);
    }
    tokens.set(token, {
      name,
      ...(uid ? { uid } : {}),
      groups: (groups
        ? groups
            .split(',')
            .map((g) => g.trim())
            .filter(Boolean)
        : []
      ).concat('system:authenticated'),
    });
  });
  return tokens;
}

export function loadTokenFile(path: string): Map<string, UserInfo> {
  return parseTokenFile(readFileSync(path, 'utf8'));
}

export function authenticateToken(req: IncomingMessage, tokens: Map<string, UserInfo>): AuthResult {
  const h = req.headers.authorization;
  if (!h) return { kind: 'abstain' };
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  if (!m) return { kind: 'abstain' };
  const user = tokens.get(m[1]!);
  return user ? { kind: 'user', user } : { kind: 'rejected', reason: 'invalid bearer token' };
}
