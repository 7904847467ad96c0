/**
 * Per-service and per-endpoint chain names, computed the way upstream kube-proxy does
 * (k8s-internals §6.1) so that a chain seen with `iptables -t nat -L` on a kubelab node carries the
 * same name it would carry on any other cluster (e.g. `KUBE-SVC-TCOU7JCQXEZGVUNU` is always
 * kube-system/kube-dns:dns over udp). The name is the first 16 characters of the RFC 4648 base32
 * encoding of sha256(servicePortName + lowercase protocol [+ "ip:port"]); 16 characters keep every
 * name within iptables' 28-character limit.
 */
import { createHash } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 (with padding), enough of it for hashing: the first 16 characters are used. */
export function base32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  while (out.length % 8 !== 0) out += '=';
  return out;
}

function hash16(text: string): string {
  return base32(createHash('sha256').update(text).digest()).slice(0, 16);
}

/** "TCP" → "tcp": upstream hashes and matches on the lowercase protocol. */
export function lowerProtocol(protocol: string): string {
  return protocol.toLowerCase();
}

/** The hash shared by KUBE-SVC-, KUBE-EXT-, KUBE-SVL- and KUBE-FW- chains of one service port. */
export function servicePortHash(servicePortName: string, protocol: string): string {
  return hash16(servicePortName + lowerProtocol(protocol));
}

export function serviceChain(servicePortName: string, protocol: string): string {
  return `KUBE-SVC-${servicePortHash(servicePortName, protocol)}`;
}

export function externalChain(servicePortName: string, protocol: string): string {
  return `KUBE-EXT-${servicePortHash(servicePortName, protocol)}`;
}

/** Per-endpoint chain; `endpoint` is "ip:port". */
export function endpointChain(servicePortName: string, protocol: string, endpoint: string): string {
  return `KUBE-SEP-${hash16(servicePortName + lowerProtocol(protocol) + endpoint)}`;
}

/** Chains kube-proxy creates per service or endpoint: the ones a sync may find stale and delete. */
export const PER_SERVICE_CHAIN = /^KUBE-(SVC|SVL|EXT|FW|SEP)-[A-Z2-7]{16}$/;
