// The DNS server on a real UDP/TCP port, its zone fed through a real kubelab API server: a
// Service and an EndpointSlice created through the API answer to a hand-built query and to
// Node's own resolver (c-ares), headless Services give pod IPs, unknown names NXDOMAIN, and a
// reply too big for UDP is truncated and then served whole over TCP.
import { Resolver } from 'node:dns/promises';
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { startTestApiServer, type TestApiServer } from '../../support/apiserver';
import { ApiClient, HttpTransport } from '../../../src-cluster/client';
import { RESOURCES } from '../../../src-cluster/api/resources';
import { ZoneFeed } from '../../../src-cluster/dns/server/zone-feed';
import { startDnsServer, type DnsServer } from '../../../src-cluster/dns/server/server';
import { decodeMessage, encodeMessage } from '../../../src-cluster/dns/server/codec';
import { RCODE, RR, queryMessage, type Message } from '../../../src-cluster/dns/server/message';
import { ptrName } from '../../../src-cluster/dns/server/reverse';

const ref = (group: string, resource: string) =>
  RESOURCES.find((r) => r.group === group && r.resource === resource)!;

let api: TestApiServer;
let transport: HttpTransport;
let client: ApiClient;
let feed: ZoneFeed;
let dns: DnsServer;
let webIP: string;

const services = () => client.resource<Service>(ref('', 'services')).namespace('default');
const slices = () =>
  client.resource<EndpointSlice>(ref('discovery.k8s.io', 'endpointslices')).namespace('default');

function udpQuery(bytes: Buffer): Promise<Message> {
  return new Promise((resolve, reject) => {
    const s = createSocket('udp4');
    const timer = setTimeout(() => {
      s.close();
      reject(new Error('no DNS reply within 2 s'));
    }, 2000);
    s.on('message', (msg) => {
      clearTimeout(timer);
      s.close();
      resolve(decodeMessage(msg));
    });
    s.send(bytes, dns.port, '127.0.0.1');
  });
}

function tcpQuery(bytes: Buffer): Promise<Message> {
  return new Promise((resolve, reject) => {
    const conn = connect(dns.port, '127.0.0.1');
    let buf = Buffer.alloc(0);
    conn.on('error', reject);
    conn.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        conn.end();
        resolve(decodeMessage(buf.subarray(2, 2 + buf.readUInt16BE(0))));
      }
    });
    const prefix = Buffer.alloc(2);
    prefix.writeUInt16BE(bytes.length);
    conn.write(Buffer.concat([prefix, bytes]));
  });
}

/** The bytes of an A query, written out by hand (RFC 1035 §4.1). */
function handBuiltQuery(id: number, name: string): Buffer {
  const header = [id >> 8, id & 255, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0];
  const qname = name.split('.').flatMap((l) => [l.length, ...Buffer.from(l)]);
  return Buffer.from([...header, ...qname, 0, 0, RR.A, 0, 1]);
}

function resolver(): Resolver {
  const r = new Resolver({ timeout: 1000, tries: 1 });
  r.setServers([`127.0.0.1:${dns.port}`]);
  return r;
}

async function eventually(fn: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await fn().catch(() => false))) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

function slice(service: string, name: string, ips: [string, boolean][]): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name, labels: { 'kubernetes.io/service-name': service } },
    addressType: 'IPv4',
    endpoints: ips.map(([ip, ready]) => ({ addresses: [ip], conditions: { ready } })),
    ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
  };
}

beforeAll(async () => {
  api = await startTestApiServer();
  transport = new HttpTransport({ server: api.httpUrl });
  client = new ApiClient({ transport, component: 'kube-dns' });
  const web = await services().create({
    metadata: { name: 'web' },
    spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
  });
  webIP = web.spec!.clusterIP!;
  await slices().create(slice('web', 'web-abc', [['10.244.1.5', true]]));
  await services().create({
    metadata: { name: 'db' },
    spec: { clusterIP: 'None', selector: { app: 'db' }, ports: [{ name: 'http', port: 8080 }] },
  });
  await slices().create(
    slice('db', 'db-abc', [
      ['10.244.1.7', true],
      ['10.244.2.8', true],
      ['10.244.2.9', false],
    ]),
  );
  feed = new ZoneFeed({ client });
  await feed.start();
  dns = await startDnsServer({ zone: () => feed.current(), port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await dns?.close();
  await feed?.stop();
  transport?.close();
  await api?.stop();
});

describe('DNS server fed from the API', () => {
  it('answers a hand-built UDP query for a Service with its ClusterIP', async () => {
    // Allocated by the API server from the service CIDR 10.96.0.0/12.
    const [a, b] = webIP.split('.').map(Number);
    expect(a === 10 && b! >= 96 && b! <= 111).toBe(true);
    const reply = await udpQuery(handBuiltQuery(0xbeef, 'web.default.svc.cluster.local'));
    expect(reply.id).toBe(0xbeef);
    expect(reply.flags).toMatchObject({ qr: true, aa: true, rcode: RCODE.NOERROR });
    expect(reply.answers.map((r) => r.data)).toEqual([{ kind: 'a', address: webIP }]);
  });

  it("answers Node's resolver: A, headless pod IPs, SRV, PTR, NXDOMAIN", async () => {
    const r = resolver();
    expect(await r.resolve4('web.default.svc.cluster.local')).toEqual([webIP]);
    expect((await r.resolve4('db.default.svc.cluster.local')).sort()).toEqual([
      '10.244.1.7',
      '10.244.2.8',
    ]);
    expect(await r.resolveSrv('_http._tcp.web.default.svc.cluster.local')).toEqual([
      { name: 'web.default.svc.cluster.local', port: 80, priority: 0, weight: 100 },
    ]);
    expect(await r.reverse(webIP)).toEqual(['web.default.svc.cluster.local']);
    expect(await r.resolve4('10-244-3-4.default.pod.cluster.local')).toEqual(['10.244.3.4']);
    await expect(r.resolve4('nope.default.svc.cluster.local')).rejects.toMatchObject({
      code: 'ENOTFOUND',
    });
    // Not ours and no upstream configured: refused.
    await expect(r.resolve4('example.com')).rejects.toMatchObject({ code: 'EREFUSED' });
  });

  it('follows the API: a new Service resolves, a deleted one is NXDOMAIN', async () => {
    const created = await services().create({
      metadata: { name: 'late' },
      spec: { ports: [{ port: 81 }] },
    });
    const r = resolver();
    await eventually(async () => {
      return (await r.resolve4('late.default.svc.cluster.local'))[0] === created.spec!.clusterIP;
    });
    await services().delete('late');
    await eventually(async () => {
      const m = await udpQuery(
        encodeMessage(queryMessage(3, 'late.default.svc.cluster.local', RR.A)),
      );
      return m.flags.rcode === RCODE.NXDOMAIN;
    });
  });

  it('truncates a reply too big for UDP and serves it whole over TCP', async () => {
    const ips: [string, boolean][] = Array.from({ length: 60 }, (_, i) => [
      `10.244.9.${i + 1}`,
      true,
    ]);
    await services().create({
      metadata: { name: 'big' },
      spec: { clusterIP: 'None', ports: [{ name: 'http', port: 8080 }] },
    });
    await slices().create(slice('big', 'big-abc', ips));
    const q = encodeMessage(queryMessage(4, 'big.default.svc.cluster.local', RR.A));
    await eventually(async () => (await tcpQuery(q)).answers.length === 60);
    const udp = await udpQuery(q);
    expect(udp.flags.tc).toBe(true);
    expect(udp.answers).toEqual([]);
    // Node's resolver retries over TCP by itself.
    expect(await resolver().resolve4('big.default.svc.cluster.local')).toHaveLength(60);
  });

  it('lets the reverse index name a pod IP of a headless Service', async () => {
    const names = await resolver().reverse('10.244.2.8');
    expect(names).toEqual(['db.default.svc.cluster.local']);
    expect(ptrName('10.244.2.8')).toBe('8.2.244.10.in-addr.arpa');
  });
});
