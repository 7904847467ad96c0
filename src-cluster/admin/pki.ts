/**
 * A self-signed PKI for the API server (the kubeadm-style PKI comes later): one CA, a serving
 * certificate for the given hosts/IPs, and an admin client certificate (CN = user, O = group
 * system:masters). Keys come from Node's crypto (fast, native); certificates are signed with
 * node-forge. Existing files are reused so restarts keep kubeconfigs valid.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import forge from 'node-forge';

export interface Pki {
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
  adminCert: string;
  adminKey: string;
}

function newKey(): {
  pem: string;
  forgeKey: forge.pki.rsa.PrivateKey;
  pub: forge.pki.rsa.PublicKey;
} {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const forgeKey = forge.pki.privateKeyFromPem(pem);
  const pub = forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e);
  return { pem, forgeKey, pub };
}

function baseCert(
  pub: forge.pki.rsa.PublicKey,
  cn: string,
  org: string | undefined,
  years: number,
) {
  const cert = forge.pki.createCertificate();
  cert.publicKey = pub;
  // A positive serial in minimal DER: the first byte is 0x01–0x7f (high bit clear keeps it
  // positive; a 0x00 first byte would be a non-minimal encoding that OpenSSL rejects).
  const serial = randomBytes(16);
  serial[0] = serial[0]! & 0x7f || 0x01;
  cert.serialNumber = serial.toString('hex');
  const now = new Date();
  cert.validity.notBefore = new Date(now.getTime() - 60_000);
  cert.validity.notAfter = new Date(now.getTime() + years * 365 * 24 * 3600 * 1000);
  const attrs: forge.pki.CertificateField[] = [{ name: 'commonName', value: cn }];
  if (org) attrs.push({ name: 'organizationName', value: org });
  cert.setSubject(attrs);
  return cert;
}

function createCa() {
  const k = newKey();
  const cert = baseCert(k.pub, 'kubelab-ca', undefined, 10);
  cert.setIssuer(cert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    {
      name: 'keyUsage',
      keyCertSign: true,
      digitalSignature: true,
      keyEncipherment: true,
      critical: true,
    },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(k.forgeKey, forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: k.pem };
}

function signLeaf(
  ca: { cert: string; key: string },
  cn: string,
  org: string | undefined,
  usage: 'server' | 'client',
  hosts: string[] = [],
) {
  const k = newKey();
  const caCert = forge.pki.certificateFromPem(ca.cert);
  const cert = baseCert(k.pub, cn, org, 1);
  cert.setIssuer(caCert.subject.attributes);
  const ext: unknown[] = [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: usage === 'server', clientAuth: usage === 'client' },
  ];
  if (usage === 'server') {
    ext.push({
      name: 'subjectAltName',
      altNames: hosts.map((h) => (isIP(h) ? { type: 7, ip: h } : { type: 2, value: h })),
    });
  }
  cert.setExtensions(ext as never[]);
  cert.sign(forge.pki.privateKeyFromPem(ca.key), forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: k.pem };
}

const FILES = {
  caCert: 'ca.crt',
  caKey: 'ca.key',
  serverCert: 'apiserver.crt',
  serverKey: 'apiserver.key',
  adminCert: 'admin.crt',
  adminKey: 'admin.key',
} as const;

/** Loads the PKI from dir, creating whatever is missing. */
export function ensurePki(dir: string, hosts: string[]): Pki {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = (k: keyof typeof FILES) => join(dir, FILES[k]);
  if (Object.keys(FILES).every((k) => existsSync(path(k as keyof typeof FILES)))) {
    const read = (k: keyof typeof FILES) => readFileSync(path(k), 'utf8');
    return {
      caCert: read('caCert'),
      caKey: read('caKey'),
      serverCert: read('serverCert'),
      serverKey: read('serverKey'),
      adminCert: read('adminCert'),
      adminKey: read('adminKey'),
    };
  }
  const ca = createCa();
  const server = signLeaf(ca, 'kube-apiserver', undefined, 'server', [
    'localhost',
    'kubernetes',
    'kubernetes.default',
    'kubernetes.default.svc',
    '127.0.0.1',
    ...hosts,
  ]);
  const admin = signLeaf(ca, 'kubelab-admin', 'system:masters', 'client');
  const pki: Pki = {
    caCert: ca.cert,
    caKey: ca.key,
    serverCert: server.cert,
    serverKey: server.key,
    adminCert: admin.cert,
    adminKey: admin.key,
  };
  for (const [k, file] of Object.entries(FILES)) {
    writeFileSync(join(dir, file), pki[k as keyof Pki], { mode: 0o600 });
  }
  return pki;
}
