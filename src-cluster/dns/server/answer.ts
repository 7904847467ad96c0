/**
 * One query in, one decision out — the pure heart of the server (no sockets, no clock):
 * - names in the cluster domain are answered authoritatively (AA) from the zone: A, AAAA, CNAME
 *   (ExternalName; the target is not chased when it lies outside the cluster), SRV (with the
 *   targets' addresses as additional records), ANY; a name with no record of the asked type is
 *   NODATA (NOERROR, empty answer); an unknown name is NXDOMAIN. Negative answers carry the zone's
 *   SOA so resolvers can cache them for the TTL;
 * - reverse names (in-addr.arpa, ip6.arpa) answer PTR for the IPs the zone knows; the others fall
 *   through to the upstream like the Corefile's `fallthrough in-addr.arpa ip6.arpa`, or are
 *   NXDOMAIN without one;
 * - every other name is forwarded when an upstream is configured, else REFUSED: we are not a
 *   recursive resolver, and REFUSED tells a stub to try its next nameserver at once.
 * EDNS0: an OPT record in the query is read for its UDP size (by the server) and answered with
 * our own OPT; its options are ignored. Non-QUERY opcodes are NOTIMP; anything but exactly one
 * question is FORMERR.
 */
import type { SrvRecord, Zone } from '../records';
import {
  CLASS_IN,
  NO_FLAGS,
  OPCODE_QUERY,
  RCODE,
  RR,
  canonicalName,
  optRecord,
  type Message,
  type Question,
  type ResourceRecord,
} from './message';
import { lookupName, type NameRecords } from './zone-lookup';

export interface AnswerOptions {
  domain: string;
  /** TTL of every record we serve (the Corefile's `ttl 30`). */
  ttl: number;
  /** True when an upstream is configured: out-of-zone names are forwarded, not refused. */
  canForward: boolean;
}

export type Decision = { kind: 'reply'; message: Message } | { kind: 'forward' };

/** The UDP payload size we advertise in our OPT record (the DNS Flag Day 2020 value). */
export const OUR_UDP_SIZE = 1232;

/** A reply skeleton for `query`: same id, question echoed, RD copied. */
export function replyTo(
  query: Pick<Message, 'id' | 'flags' | 'questions'> & Partial<Message>,
  rcode: number,
  canForward = false,
): Message {
  const edns = query.additionals && optRecord(query as Message);
  return {
    id: query.id,
    flags: {
      ...NO_FLAGS,
      qr: true,
      opcode: query.flags.opcode,
      rd: query.flags.rd,
      ra: canForward,
      rcode,
    },
    questions: [...query.questions],
    answers: [],
    authorities: [],
    additionals: edns
      ? [
          {
            name: '',
            type: RR.OPT,
            class: OUR_UDP_SIZE,
            ttl: 0,
            data: { kind: 'raw', bytes: new Uint8Array() },
          },
        ]
      : [],
  };
}

function soa(domain: string, ttl: number): ResourceRecord {
  return {
    name: domain,
    type: RR.SOA,
    class: CLASS_IN,
    ttl,
    data: {
      kind: 'soa',
      mname: `ns.dns.${domain}`,
      rname: `hostmaster.${domain}`,
      // The zone is rebuilt continuously; secondaries never transfer it, so the serial is fixed.
      serial: 1,
      refresh: 7200,
      retry: 1800,
      expire: 86400,
      minimum: ttl,
    },
  };
}

function srvRecords(name: string, list: SrvRecord[], ttl: number): ResourceRecord[] {
  // Equal weights: every endpoint is as good as another (RFC 2782 weighted selection).
  const weight = Math.max(1, Math.floor(100 / Math.max(list.length, 1)));
  return list.map((s) => ({
    name,
    type: RR.SRV,
    class: CLASS_IN,
    ttl,
    data: { kind: 'srv', priority: 0, weight, port: s.port, target: s.target },
  }));
}

function addressRecords(
  name: string,
  recs: NameRecords,
  type: number,
  ttl: number,
): ResourceRecord[] {
  const out: ResourceRecord[] = [];
  if (type === RR.A || type === RR.ANY) {
    for (const address of recs.a)
      out.push({ name, type: RR.A, class: CLASS_IN, ttl, data: { kind: 'a', address } });
  }
  if (type === RR.AAAA || type === RR.ANY) {
    for (const address of recs.aaaa) {
      out.push({ name, type: RR.AAAA, class: CLASS_IN, ttl, data: { kind: 'aaaa', address } });
    }
  }
  return out;
}

function inZone(fqdn: string, zone: string): boolean {
  return fqdn === zone || fqdn.endsWith(`.${zone}`);
}

function answerInZone(reply: Message, q: Question, zone: Zone, opts: AnswerOptions): void {
  const fqdn = canonicalName(q.name);
  const recs = lookupName(zone, fqdn, opts.domain);
  const { ttl } = opts;
  reply.flags.aa = true;
  if (!recs.exists) {
    reply.flags.rcode = RCODE.NXDOMAIN;
    reply.authorities.push(soa(opts.domain, ttl));
    return;
  }
  const ans = reply.answers;
  if (recs.cname && q.type !== RR.CNAME) {
    // A CNAME owns its name: whatever type was asked, the alias is the answer; chase it only
    // while it stays inside the cluster zone.
    ans.push({
      name: q.name,
      type: RR.CNAME,
      class: CLASS_IN,
      ttl,
      data: { kind: 'cname', target: recs.cname },
    });
    if (inZone(recs.cname, opts.domain)) {
      ans.push(
        ...addressRecords(recs.cname, lookupName(zone, recs.cname, opts.domain), q.type, ttl),
      );
    }
  } else if (recs.cname) {
    ans.push({
      name: q.name,
      type: RR.CNAME,
      class: CLASS_IN,
      ttl,
      data: { kind: 'cname', target: recs.cname },
    });
  }
  if (!recs.cname) ans.push(...addressRecords(q.name, recs, q.type, ttl));
  if (q.type === RR.SRV || q.type === RR.ANY) {
    ans.push(...srvRecords(q.name, recs.srv, ttl));
    const targets = [...new Set(recs.srv.map((s) => s.target))];
    for (const t of targets) {
      reply.additionals.unshift(
        ...addressRecords(t, lookupName(zone, t, opts.domain), RR.ANY, ttl),
      );
    }
  }
  if (q.type === RR.PTR || q.type === RR.ANY) {
    for (const target of recs.ptr) {
      ans.push({ name: q.name, type: RR.PTR, class: CLASS_IN, ttl, data: { kind: 'ptr', target } });
    }
  }
  if (ans.length === 0) reply.authorities.push(soa(opts.domain, ttl));
}

export function answerQuery(query: Message, zone: Zone, opts: AnswerOptions): Decision {
  const reply = (rcode: number): Decision => ({
    kind: 'reply',
    message: replyTo(query, rcode, opts.canForward),
  });
  if (query.flags.qr) return reply(RCODE.FORMERR);
  if (query.flags.opcode !== OPCODE_QUERY) return reply(RCODE.NOTIMP);
  if (query.questions.length !== 1) return reply(RCODE.FORMERR);
  const q = query.questions[0]!;
  const fqdn = canonicalName(q.name);
  if (q.class !== CLASS_IN && q.class !== RR.ANY) return reply(RCODE.REFUSED);

  if (inZone(fqdn, opts.domain)) {
    const r = replyTo(query, RCODE.NOERROR, opts.canForward);
    answerInZone(r, q, zone, opts);
    return { kind: 'reply', message: r };
  }
  if (inZone(fqdn, 'in-addr.arpa') || inZone(fqdn, 'ip6.arpa')) {
    const recs = lookupName(zone, fqdn, opts.domain);
    if (recs.ptr.length > 0) {
      const r = replyTo(query, RCODE.NOERROR, opts.canForward);
      answerInZone(r, q, zone, opts);
      return { kind: 'reply', message: r };
    }
    if (opts.canForward) return { kind: 'forward' };
    const r = replyTo(query, RCODE.NXDOMAIN);
    r.authorities.push(soa(opts.domain, opts.ttl));
    return { kind: 'reply', message: r };
  }
  return opts.canForward ? { kind: 'forward' } : reply(RCODE.REFUSED);
}
