/**
 * The request authenticator chain: client certificate, then bearer token. On the secure port a
 * request that no authenticator identifies is 401 Unauthorized (anonymous access is off, as
 * kubeadm configures it). The loopback insecure port is trusted, like upstream's old insecure
 * port: its requests are the unauthenticated "system:admin"-like local user.
 */
import type { IncomingMessage } from 'node:http';
import { ApiStatusError } from '../status';
import type { UserInfo } from './user';
import { authenticateClientCert } from './x509';
import { authenticateToken } from './token-file';

export const LOOPBACK_USER: UserInfo = {
  name: 'system:unsecured',
  groups: ['system:masters', 'system:authenticated'],
};

export interface AuthenticatorOptions {
  tokens?: Map<string, UserInfo>;
}

export function unauthorized(): ApiStatusError {
  return new ApiStatusError(401, 'Unauthorized', 'Unauthorized');
}

export function authenticate(
  req: IncomingMessage,
  secure: boolean,
  opts: AuthenticatorOptions,
): UserInfo {
  if (!secure) return LOOPBACK_USER;
  const results = [authenticateClientCert(req)];
  if (opts.tokens) results.push(authenticateToken(req, opts.tokens));
  for (const r of results) if (r.kind === 'user') return r.user;
  throw unauthorized();
}
