// The DNS wire format: queries built by hand byte for byte and one captured from `dig`, replies
// with name compression, and malformed input refused rather than misread.
import { describe, expect, it } from 'vitest';
import {
  DnsFormatError,
  decodeMessage,
  encodeMessage,
} from '../../../src-cluster/dns/server/codec';
import {
  CLASS_IN,
  RR,
  optRecord,
  queryMessage,
  type Message,
} from '../../../src-cluster/dns/server/message';

/** A query as RFC 1035 §4.1 lays it out, written out byte by byte. */
function handBuiltQuery(id: number, name: string, type: number): Buffer {
  const header = [id >> 8, id & 255, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0];
  const qname = name.split('.').flatMap((l) => [l.length, ...Buffer.from(l)]);
  return Buffer.from([...header, ...qname, 0, type >> 8, type & 255, 0, 1]);
}

// Captured from `dig @127.0.0.1 -p 53999 Web.Default.svc.cluster.local A` (DiG 9.18): RD and AD
// set, one question, an EDNS0 OPT record (UDP size 1232) with a client COOKIE option.
const DIG_QUERY = Buffer.from(
  '7ba801200001000000000001035765620744656661756c740373766307636c7573746572056c6f63616c00' +
    '0001000100002904d000000000000c000a0008a5b38e6aaba3925a',
  'hex',
);

describe('DNS wire codec', () => {
  it('decodes a query written by hand', () => {
    const m = decodeMessage(handBuiltQuery(0x1234, 'web.default.svc.cluster.local', RR.A));
    expect(m.id).toBe(0x1234);
    expect(m.flags).toMatchObject({ qr: false, opcode: 0, rd: true, tc: false, rcode: 0 });
    expect(m.questions).toEqual([
      { name: 'web.default.svc.cluster.local', type: RR.A, class: CLASS_IN },
    ]);
    expect(m.answers).toEqual([]);
  });

  it('encodes the same bytes it is given for a plain query', () => {
    const bytes = handBuiltQuery(7, 'kubernetes.default.svc.cluster.local', RR.AAAA);
    expect(encodeMessage(queryMessage(7, 'kubernetes.default.svc.cluster.local', RR.AAAA))).toEqual(
      bytes,
    );
  });

  it("decodes dig's query, EDNS0 OPT included, and keeps the case it was asked in", () => {
    const m = decodeMessage(DIG_QUERY);
    expect(m.id).toBe(0x7ba8);
    expect(m.flags.rd).toBe(true);
    expect(m.questions[0]).toEqual({
      name: 'Web.Default.svc.cluster.local',
      type: RR.A,
      class: CLASS_IN,
    });
    const opt = optRecord(m)!;
    expect(opt).toMatchObject({ name: '', type: RR.OPT, class: 1232, ttl: 0 });
    expect(opt.data.kind).toBe('raw');
    // The options are carried, not interpreted: re-encoding gives dig's bytes back.
    expect(encodeMessage(m)).toEqual(
      Buffer.concat([DIG_QUERY.subarray(0, 2), Buffer.from([0x01, 0x00]), DIG_QUERY.subarray(4)]),
    );
  });

  it('compresses repeated names and round-trips every record type', () => {
    const name = 'web.shop.svc.cluster.local';
    const reply: Message = {
      id: 9,
      flags: { qr: true, opcode: 0, aa: true, tc: false, rd: true, ra: false, rcode: 0 },
      questions: [{ name, type: RR.ANY, class: CLASS_IN }],
      answers: [
        { name, type: RR.A, class: 1, ttl: 30, data: { kind: 'a', address: '10.96.0.50' } },
        { name, type: RR.AAAA, class: 1, ttl: 30, data: { kind: 'aaaa', address: 'fd00::a' } },
        {
          name: `_http._tcp.${name}`,
          type: RR.SRV,
          class: 1,
          ttl: 30,
          data: { kind: 'srv', priority: 0, weight: 100, port: 80, target: name },
        },
        {
          name: '50.0.96.10.in-addr.arpa',
          type: RR.PTR,
          class: 1,
          ttl: 30,
          data: { kind: 'ptr', target: name },
        },
        {
          name: `ext.shop.svc.cluster.local`,
          type: RR.CNAME,
          class: 1,
          ttl: 30,
          data: { kind: 'cname', target: 'example.com' },
        },
      ],
      authorities: [
        {
          name: 'cluster.local',
          type: RR.SOA,
          class: 1,
          ttl: 30,
          data: {
            kind: 'soa',
            mname: 'ns.dns.cluster.local',
            rname: 'hostmaster.cluster.local',
            serial: 1,
            refresh: 7200,
            retry: 1800,
            expire: 86400,
            minimum: 30,
          },
        },
      ],
      additionals: [],
    };
    const bytes = encodeMessage(reply);
    const back = decodeMessage(bytes);
    expect(back.answers[1]!.data).toEqual({ kind: 'aaaa', address: 'fd00:0:0:0:0:0:0:a' });
    back.answers[1]!.data = { kind: 'aaaa', address: 'fd00::a' };
    expect(back).toEqual(reply);
    // The owner name appears once in full; later owners are 2-byte pointers to offset 12.
    expect(bytes.indexOf(Buffer.from('\x03web\x04shop'))).toBe(12);
    expect(bytes.lastIndexOf(Buffer.from('\x03web\x04shop'))).toBeGreaterThan(12); // SRV target: uncompressed
    const pointer = Buffer.from([0xc0, 12]);
    expect(bytes.indexOf(pointer)).toBeGreaterThan(0);
    const uncompressed = [...reply.answers, ...reply.authorities].reduce(
      (n, r) => n + r.name.length + 2,
      0,
    );
    expect(bytes.length).toBeLessThan(12 + name.length + 6 + uncompressed + 200);
  });

  it('refuses malformed messages instead of guessing', () => {
    expect(() => decodeMessage(Buffer.from([1, 2, 3]))).toThrow(DnsFormatError);
    const q = handBuiltQuery(1, 'a.b', RR.A);
    expect(() => decodeMessage(q.subarray(0, q.length - 2))).toThrow(DnsFormatError);
    // A pointer to itself would loop forever if followed.
    const loop = Buffer.from([0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 12, 0, 1, 0, 1]);
    expect(() => decodeMessage(loop)).toThrow(DnsFormatError);
    // A label longer than 63 bytes cannot be encoded.
    expect(() => encodeMessage(queryMessage(1, `${'x'.repeat(64)}.local`, RR.A))).toThrow(
      DnsFormatError,
    );
  });
});
