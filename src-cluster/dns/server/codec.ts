/**
 * The DNS wire format (RFC 1035 §4): encodeMessage and decodeMessage between bytes and Message.
 *
 * Contract:
 * - decodeMessage accepts any well-formed message, follows compression pointers (only backwards,
 *   so a malicious loop cannot hang us) and throws DnsFormatError on anything malformed — the
 *   server answers FORMERR then. Record types it does not interpret are kept as raw bytes.
 * - encodeMessage compresses every name it writes (owner names and the names inside CNAME, PTR,
 *   NS, SOA rdata; RFC 2782 forbids it for SRV targets, so those are written in full) and
 *   computes the section counts from the arrays.
 */
import {
  RR,
  canonicalName,
  type Flags,
  type Message,
  type Question,
  type RecordData,
  type ResourceRecord,
} from './message';

export class DnsFormatError extends Error {}

const MAX_LABEL = 63;
const MAX_NAME = 255;
/** Offsets beyond 14 bits cannot be the target of a pointer. */
const MAX_POINTER = 0x3fff;

class Writer {
  private buf = Buffer.alloc(512);
  length = 0;
  /** Lowercased name suffix → offset where it was first written. */
  private readonly names = new Map<string, number>();

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = Buffer.alloc(Math.max(this.buf.length * 2, this.length + n));
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }
  u8(v: number): void {
    this.room(1);
    this.buf.writeUInt8(v, this.length++);
  }
  u16(v: number): void {
    this.room(2);
    this.buf.writeUInt16BE(v, this.length);
    this.length += 2;
  }
  u32(v: number): void {
    this.room(4);
    this.buf.writeUInt32BE(v >>> 0, this.length);
    this.length += 4;
  }
  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }
  patchU16(at: number, v: number): void {
    this.buf.writeUInt16BE(v, at);
  }
  name(name: string, compress = true): void {
    const labels = name === '' || name === '.' ? [] : name.replace(/\.$/, '').split('.');
    if (name.length > MAX_NAME) throw new DnsFormatError(`name too long: ${name}`);
    for (let i = 0; i < labels.length; i++) {
      const suffix = labels.slice(i).join('.').toLowerCase();
      const seen = compress ? this.names.get(suffix) : undefined;
      if (seen !== undefined) {
        this.u16(0xc000 | seen);
        return;
      }
      if (this.length <= MAX_POINTER) this.names.set(suffix, this.length);
      const label = Buffer.from(labels[i]!, 'utf8');
      if (label.length === 0 || label.length > MAX_LABEL) {
        throw new DnsFormatError(`bad label in ${name}`);
      }
      this.u8(label.length);
      this.bytes(label);
    }
    this.u8(0);
  }
  done(): Buffer {
    return this.buf.subarray(0, this.length);
  }
}

function ipv4Bytes(address: string): number[] {
  const parts = address.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) {
    throw new DnsFormatError(`not an IPv4 address: ${address}`);
  }
  return parts;
}

/** 16 bytes of an IPv6 address, "::" expanded (an embedded IPv4 tail is accepted too). */
export function ipv6Bytes(address: string): number[] {
  let text = address;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  let tail: number[] = [];
  if (v4) {
    tail = ipv4Bytes(v4[1]!);
    text = text.slice(0, -v4[1]!.length) + '0:0';
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const h = groups(head);
  const r = rest === undefined ? [] : groups(rest);
  const fill = rest === undefined ? 0 : 8 - h.length - r.length;
  const all = [...h, ...Array<string>(Math.max(fill, 0)).fill('0'), ...r];
  if (all.length !== 8 || all.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) {
    throw new DnsFormatError(`not an IPv6 address: ${address}`);
  }
  const out = all.flatMap((g) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 255]);
  if (tail.length) out.splice(12, 4, ...tail);
  return out;
}

function writeRdata(w: Writer, d: RecordData): void {
  switch (d.kind) {
    case 'a':
      return w.bytes(Uint8Array.from(ipv4Bytes(d.address)));
    case 'aaaa':
      return w.bytes(Uint8Array.from(ipv6Bytes(d.address)));
    case 'cname':
    case 'ptr':
    case 'ns':
      return w.name(d.target);
    case 'srv':
      w.u16(d.priority);
      w.u16(d.weight);
      w.u16(d.port);
      return w.name(d.target, false);
    case 'soa':
      w.name(d.mname);
      w.name(d.rname);
      for (const v of [d.serial, d.refresh, d.retry, d.expire, d.minimum]) w.u32(v);
      return;
    case 'raw':
      return w.bytes(d.bytes);
  }
}

function flagBits(f: Flags): number {
  return (
    (f.qr ? 0x8000 : 0) |
    ((f.opcode & 0xf) << 11) |
    (f.aa ? 0x0400 : 0) |
    (f.tc ? 0x0200 : 0) |
    (f.rd ? 0x0100 : 0) |
    (f.ra ? 0x0080 : 0) |
    (f.rcode & 0xf)
  );
}

export function encodeMessage(m: Message): Buffer {
  const w = new Writer();
  w.u16(m.id);
  w.u16(flagBits(m.flags));
  w.u16(m.questions.length);
  w.u16(m.answers.length);
  w.u16(m.authorities.length);
  w.u16(m.additionals.length);
  for (const q of m.questions) {
    w.name(q.name);
    w.u16(q.type);
    w.u16(q.class);
  }
  for (const rr of [...m.answers, ...m.authorities, ...m.additionals]) {
    w.name(rr.name);
    w.u16(rr.type);
    w.u16(rr.class);
    w.u32(rr.ttl);
    const lengthAt = w.length;
    w.u16(0);
    writeRdata(w, rr.data);
    w.patchU16(lengthAt, w.length - lengthAt - 2);
  }
  return w.done();
}

class Reader {
  constructor(
    readonly buf: Uint8Array,
    public pos = 0,
  ) {}
  private need(n: number): void {
    if (this.pos + n > this.buf.length) throw new DnsFormatError('message truncated');
  }
  u8(): number {
    this.need(1);
    return this.buf[this.pos++]!;
  }
  u16(): number {
    this.need(2);
    const v = (this.buf[this.pos]! << 8) | this.buf[this.pos + 1]!;
    this.pos += 2;
    return v;
  }
  u32(): number {
    return ((this.u16() << 16) | this.u16()) >>> 0;
  }
  bytes(n: number): Uint8Array {
    this.need(n);
    const b = this.buf.slice(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }
  /** A possibly compressed name; pointers must point strictly backwards. */
  name(): string {
    const labels: string[] = [];
    let pos = this.pos;
    let jumped = false;
    let total = 0;
    for (;;) {
      if (pos >= this.buf.length) throw new DnsFormatError('name runs past the message');
      const len = this.buf[pos]!;
      if ((len & 0xc0) === 0xc0) {
        if (pos + 1 >= this.buf.length) throw new DnsFormatError('truncated pointer');
        const target = ((len & 0x3f) << 8) | this.buf[pos + 1]!;
        if (target >= pos) throw new DnsFormatError('compression pointer does not point back');
        if (!jumped) this.pos = pos + 2;
        jumped = true;
        pos = target;
        continue;
      }
      if (len & 0xc0) throw new DnsFormatError('unsupported label type');
      if (len === 0) {
        if (!jumped) this.pos = pos + 1;
        return labels.join('.');
      }
      if (pos + 1 + len > this.buf.length) throw new DnsFormatError('label runs past the message');
      total += len + 1;
      if (total > MAX_NAME) throw new DnsFormatError('name too long');
      labels.push(Buffer.from(this.buf.subarray(pos + 1, pos + 1 + len)).toString('utf8'));
      pos += 1 + len;
    }
  }
}

function readRdata(r: Reader, type: number, length: number): RecordData {
  const end = r.pos + length;
  let data: RecordData;
  switch (type) {
    case RR.A:
      if (length !== 4) throw new DnsFormatError('A rdata is not 4 bytes');
      data = { kind: 'a', address: [...r.bytes(4)].join('.') };
      break;
    case RR.AAAA: {
      if (length !== 16) throw new DnsFormatError('AAAA rdata is not 16 bytes');
      const b = r.bytes(16);
      const groups: string[] = [];
      for (let i = 0; i < 16; i += 2) groups.push(((b[i]! << 8) | b[i + 1]!).toString(16));
      data = { kind: 'aaaa', address: groups.join(':') };
      break;
    }
    case RR.CNAME:
    case RR.PTR:
    case RR.NS:
      data = {
        kind: type === RR.CNAME ? 'cname' : type === RR.PTR ? 'ptr' : 'ns',
        target: r.name(),
      };
      break;
    case RR.SRV:
      data = { kind: 'srv', priority: r.u16(), weight: r.u16(), port: r.u16(), target: r.name() };
      break;
    case RR.SOA:
      data = {
        kind: 'soa',
        mname: r.name(),
        rname: r.name(),
        serial: r.u32(),
        refresh: r.u32(),
        retry: r.u32(),
        expire: r.u32(),
        minimum: r.u32(),
      };
      break;
    default:
      data = { kind: 'raw', bytes: r.bytes(length) };
  }
  if (r.pos !== end) throw new DnsFormatError(`rdata length mismatch for type ${type}`);
  return data;
}

function readRecord(r: Reader): ResourceRecord {
  const name = r.name();
  const type = r.u16();
  const cls = r.u16();
  const ttl = r.u32();
  const length = r.u16();
  return { name, type, class: cls, ttl, data: readRdata(r, type, length) };
}

/** The header id, readable even from a message too broken to decode (to answer FORMERR). */
export function peekId(buf: Uint8Array): number | undefined {
  return buf.length >= 2 ? (buf[0]! << 8) | buf[1]! : undefined;
}

export function decodeMessage(buf: Uint8Array): Message {
  const r = new Reader(buf);
  if (buf.length < 12) throw new DnsFormatError('shorter than a DNS header');
  const id = r.u16();
  const bits = r.u16();
  const counts = [r.u16(), r.u16(), r.u16(), r.u16()] as const;
  const flags: Flags = {
    qr: (bits & 0x8000) !== 0,
    opcode: (bits >> 11) & 0xf,
    aa: (bits & 0x0400) !== 0,
    tc: (bits & 0x0200) !== 0,
    rd: (bits & 0x0100) !== 0,
    ra: (bits & 0x0080) !== 0,
    rcode: bits & 0xf,
  };
  const questions: Question[] = [];
  for (let i = 0; i < counts[0]; i++) {
    questions.push({ name: r.name(), type: r.u16(), class: r.u16() });
  }
  const section = (n: number) => Array.from({ length: n }, () => readRecord(r));
  return {
    id,
    flags,
    questions,
    answers: section(counts[1]),
    authorities: section(counts[2]),
    additionals: section(counts[3]),
  };
}

/** Names equal as DNS compares them. */
export function sameName(a: string, b: string): boolean {
  return canonicalName(a) === canonicalName(b);
}
