// The server's answer logic over a zone: authoritative records, NXDOMAIN vs NODATA, SRV with
// additional addresses, PTR for ClusterIPs, out-of-cluster names refused or forwarded, EDNS0.
import { describe, expect, it } from 'vitest';
import type { Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { buildZone } from '../../../src-cluster/dns/records';
import { answerQuery, type AnswerOptions } from '../../../src-cluster/dns/server/answer';
import { RCODE, RR, queryMessage, type Message } from '../../../src-cluster/dns/server/message';
import { ptrName } from '../../../src-cluster/dns/server/reverse';

const services: Service[] = [
  {
    metadata: { name: 'web', namespace: 'shop' },
    spec: { clusterIP: '10.96.0.50', ports: [{ name: 'http', port: 80 }] },
  },
  {
    metadata: { name: 'db', namespace: 'shop' },
    spec: { clusterIP: 'None', ports: [{ name: 'pg', port: 5432 }] },
  },
  {
    metadata: { name: 'ext', namespace: 'shop' },
    spec: { type: 'ExternalName', externalName: 'example.com' },
  },
];
const slices: EndpointSlice[] = [
  {
    metadata: { name: 'db-x', namespace: 'shop', labels: { 'kubernetes.io/service-name': 'db' } },
    addressType: 'IPv4',
    endpoints: [
      { addresses: ['10.244.2.4'], hostname: 'db-0', conditions: { ready: true } },
      { addresses: ['10.244.1.3'], conditions: { ready: true } },
      { addresses: ['10.244.1.9'], conditions: { ready: false } },
    ],
    ports: [{ name: 'pg', port: 5432 }],
  },
];
const zone = buildZone(services, slices);
const opts: AnswerOptions = { domain: 'cluster.local', ttl: 30, canForward: false };

function ask(name: string, type: number = RR.A, o = opts): Message {
  const d = answerQuery(queryMessage(1, name, type), zone, o);
  if (d.kind !== 'reply') throw new Error('forwarded');
  return d.message;
}
const data = (m: Message) => m.answers.map((r) => r.data);

describe('DNS server answers', () => {
  it('A for a ClusterIP Service, authoritative, in the case asked', () => {
    const m = ask('WEB.shop.svc.cluster.local');
    expect(m.flags).toMatchObject({ qr: true, aa: true, rcode: RCODE.NOERROR, rd: true });
    expect(m.answers).toEqual([
      {
        name: 'WEB.shop.svc.cluster.local',
        type: RR.A,
        class: 1,
        ttl: 30,
        data: { kind: 'a', address: '10.96.0.50' },
      },
    ]);
  });

  it('a headless Service answers with its ready endpoints, hostnames and dashed names too', () => {
    expect(data(ask('db.shop.svc.cluster.local'))).toEqual([
      { kind: 'a', address: '10.244.1.3' },
      { kind: 'a', address: '10.244.2.4' },
    ]);
    expect(data(ask('db-0.db.shop.svc.cluster.local'))).toEqual([
      { kind: 'a', address: '10.244.2.4' },
    ]);
    expect(data(ask('10-244-1-3.db.shop.svc.cluster.local'))).toEqual([
      { kind: 'a', address: '10.244.1.3' },
    ]);
    // Not ready: not served under the Service's name.
    expect(ask('10-244-1-9.db.shop.svc.cluster.local').flags.rcode).toBe(RCODE.NXDOMAIN);
  });

  it('pod names are synthesised', () => {
    expect(data(ask('10-244-7-8.shop.pod.cluster.local'))).toEqual([
      { kind: 'a', address: '10.244.7.8' },
    ]);
  });

  it('NXDOMAIN with the SOA for unknown names, NODATA for known names of another type', () => {
    const nx = ask('nope.shop.svc.cluster.local');
    expect(nx.flags.rcode).toBe(RCODE.NXDOMAIN);
    expect(nx.authorities.map((r) => r.type)).toEqual([RR.SOA]);
    // The ndots:5 search path tries this first; it must be NXDOMAIN so the resolver moves on.
    expect(ask('example.com.shop.svc.cluster.local').flags.rcode).toBe(RCODE.NXDOMAIN);
    const nodata = ask('web.shop.svc.cluster.local', RR.AAAA);
    expect(nodata.flags.rcode).toBe(RCODE.NOERROR);
    expect(nodata.answers).toEqual([]);
    expect(nodata.authorities.map((r) => r.type)).toEqual([RR.SOA]);
    // A namespace exists as a name with names below it.
    expect(ask('shop.svc.cluster.local').flags.rcode).toBe(RCODE.NOERROR);
  });

  it('SRV per named port, with the targets as additional records', () => {
    const m = ask('_pg._tcp.db.shop.svc.cluster.local', RR.SRV);
    expect(data(m)).toEqual([
      {
        kind: 'srv',
        priority: 0,
        weight: 50,
        port: 5432,
        target: 'db-0.db.shop.svc.cluster.local',
      },
      {
        kind: 'srv',
        priority: 0,
        weight: 50,
        port: 5432,
        target: '10-244-1-3.db.shop.svc.cluster.local',
      },
    ]);
    expect(m.additionals.map((r) => [r.name, r.data])).toEqual([
      ['10-244-1-3.db.shop.svc.cluster.local', { kind: 'a', address: '10.244.1.3' }],
      ['db-0.db.shop.svc.cluster.local', { kind: 'a', address: '10.244.2.4' }],
    ]);
    expect(data(ask('_http._tcp.web.shop.svc.cluster.local', RR.SRV))).toEqual([
      { kind: 'srv', priority: 0, weight: 100, port: 80, target: 'web.shop.svc.cluster.local' },
    ]);
  });

  it('ExternalName is a CNAME, not chased out of the cluster', () => {
    expect(data(ask('ext.shop.svc.cluster.local'))).toEqual([
      { kind: 'cname', target: 'example.com' },
    ]);
  });

  it('PTR for a ClusterIP and a hostname endpoint; unknown reverse names NXDOMAIN', () => {
    expect(ptrName('10.96.0.50')).toBe('50.0.96.10.in-addr.arpa');
    expect(data(ask(ptrName('10.96.0.50'), RR.PTR))).toEqual([
      { kind: 'ptr', target: 'web.shop.svc.cluster.local' },
    ]);
    expect(data(ask(ptrName('10.244.2.4'), RR.PTR))).toEqual([
      { kind: 'ptr', target: 'db-0.db.shop.svc.cluster.local' },
    ]);
    expect(ask(ptrName('10.1.2.3'), RR.PTR).flags.rcode).toBe(RCODE.NXDOMAIN);
  });

  it('out-of-cluster names: REFUSED without an upstream, forwarded with one', () => {
    const m = ask('example.com');
    expect(m.flags).toMatchObject({ rcode: RCODE.REFUSED, aa: false, ra: false });
    const fwd = { ...opts, canForward: true };
    expect(answerQuery(queryMessage(1, 'example.com', RR.A), zone, fwd).kind).toBe('forward');
    expect(answerQuery(queryMessage(1, ptrName('8.8.8.8'), RR.PTR), zone, fwd).kind).toBe(
      'forward',
    );
  });

  it('FORMERR for two questions, NOTIMP for other opcodes, an OPT answered with ours', () => {
    const two = queryMessage(1, 'a.cluster.local', RR.A);
    two.questions.push({ ...two.questions[0]! });
    const d1 = answerQuery(two, zone, opts);
    expect(d1.kind === 'reply' && d1.message.flags.rcode).toBe(RCODE.FORMERR);
    const notify = queryMessage(1, 'cluster.local', RR.SOA);
    notify.flags.opcode = 4;
    const d2 = answerQuery(notify, zone, opts);
    expect(d2.kind === 'reply' && d2.message.flags.rcode).toBe(RCODE.NOTIMP);
    const edns = queryMessage(1, 'web.shop.svc.cluster.local', RR.A);
    edns.additionals.push({
      name: '',
      type: RR.OPT,
      class: 4096,
      ttl: 0,
      data: { kind: 'raw', bytes: new Uint8Array([0, 10, 0, 0]) },
    });
    const d3 = answerQuery(edns, zone, opts);
    expect(d3.kind === 'reply' && d3.message.additionals).toEqual([
      {
        name: '',
        type: RR.OPT,
        class: 1232,
        ttl: 0,
        data: { kind: 'raw', bytes: new Uint8Array() },
      },
    ]);
  });
});
