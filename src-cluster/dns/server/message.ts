/**
 * The DNS message model (RFC 1035 §4.1, RFC 2782 SRV, RFC 3596 AAAA, RFC 6891 OPT) as plain data:
 * what the codec reads and writes and what the answer logic builds. Names are stored without the
 * trailing dot and in the case they arrived in; comparisons lowercase them (DNS is case-insensitive).
 */

export const RR = {
  A: 1,
  NS: 2,
  CNAME: 5,
  SOA: 6,
  PTR: 12,
  TXT: 16,
  AAAA: 28,
  SRV: 33,
  OPT: 41,
  ANY: 255,
} as const;

export const CLASS_IN = 1;

export const RCODE = {
  NOERROR: 0,
  FORMERR: 1,
  SERVFAIL: 2,
  NXDOMAIN: 3,
  NOTIMP: 4,
  REFUSED: 5,
} as const;

export const OPCODE_QUERY = 0;

/** Header bits besides id and the four section counts (the counts follow from the arrays). */
export interface Flags {
  qr: boolean;
  opcode: number;
  aa: boolean;
  tc: boolean;
  rd: boolean;
  ra: boolean;
  /** The low 4 bits of the response code (EDNS extends it; we never need more). */
  rcode: number;
}

export interface Question {
  name: string;
  type: number;
  class: number;
}

export type RecordData =
  | { kind: 'a'; address: string }
  | { kind: 'aaaa'; address: string }
  | { kind: 'cname'; target: string }
  | { kind: 'ptr'; target: string }
  | { kind: 'ns'; target: string }
  | { kind: 'srv'; priority: number; weight: number; port: number; target: string }
  | {
      kind: 'soa';
      mname: string;
      rname: string;
      serial: number;
      refresh: number;
      retry: number;
      expire: number;
      minimum: number;
    }
  /** Anything we do not interpret (TXT, OPT options, …): kept as bytes so it can be re-sent. */
  | { kind: 'raw'; bytes: Uint8Array };

export interface ResourceRecord {
  name: string;
  type: number;
  /** For OPT this is the sender's UDP payload size (RFC 6891 §6.1.2). */
  class: number;
  /** For OPT this carries extended rcode, version and the DO bit. */
  ttl: number;
  data: RecordData;
}

export interface Message {
  id: number;
  flags: Flags;
  questions: Question[];
  answers: ResourceRecord[];
  authorities: ResourceRecord[];
  additionals: ResourceRecord[];
}

export const NO_FLAGS: Flags = {
  qr: false,
  opcode: OPCODE_QUERY,
  aa: false,
  tc: false,
  rd: false,
  ra: false,
  rcode: RCODE.NOERROR,
};

/** A standard query for one name, as a stub resolver sends it (RD set). */
export function queryMessage(id: number, name: string, type: number): Message {
  return {
    id,
    flags: { ...NO_FLAGS, rd: true },
    questions: [{ name, type, class: CLASS_IN }],
    answers: [],
    authorities: [],
    additionals: [],
  };
}

/** The OPT pseudo-record of a message, if it carries one (EDNS0). */
export function optRecord(m: Message): ResourceRecord | undefined {
  return m.additionals.find((r) => r.type === RR.OPT);
}

/** Lowercased, without the trailing dot: the form names are compared in. */
export function canonicalName(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}
