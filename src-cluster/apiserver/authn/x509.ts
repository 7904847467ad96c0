/**
 * Client-certificate authentication: a certificate that chains to the cluster CA identifies the
 * user by its subject — CN is the user name, each O is a group (Kubernetes convention). Node's TLS
 * layer does the chain check (the server requests certificates with `ca` set and
 * rejectUnauthorized false), so here we only read the verdict and the subject.
 */
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { AuthResult } from './user';

export function authenticateClientCert(req: IncomingMessage): AuthResult {
  const socket = req.socket as Partial<TLSSocket>;
  if (typeof socket.getPeerCertificate !== 'function') return { kind: 'abstain' };
  const cert = socket.getPeerCertificate();
  if (!cert || Object.keys(cert).length === 0) return { kind: 'abstain' };
  if (!socket.authorized) {
    return {
      kind: 'rejected',
      reason: `client certificate not trusted: ${String(socket.authorizationError ?? 'unknown')}`,
    };
  }
  const subject = cert.subject as unknown as Record<string, string | string[]> | undefined;
  const cn = subject?.CN;
  const name = Array.isArray(cn) ? cn[0] : cn;
  if (!name) return { kind: 'rejected', reason: 'client certificate has no common name' };
  const o = subject?.O;
  const groups = o === undefined ? [] : Array.isArray(o) ? o : [o];
  return { kind: 'user', user: { name, groups: [...groups, 'system:authenticated'] } };
}
