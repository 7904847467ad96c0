/**
 * The cluster DNS server on the wire: UDP and TCP on one port (53 in a cluster; any port in
 * tests), answering from a Zone through answerQuery.
 *
 * Contract:
 * - `startDnsServer({ zone, port, host })` resolves once both sockets listen; with port 0 both
 *   get the same free port (`server.port`).
 * - `zone` is a Zone or a function returning the current one (a ZoneFeed's `current`), read on
 *   every query, so changes through the API are visible at once.
 * - UDP replies larger than the client's limit (512 bytes, or its EDNS0 size up to ours) are sent
 *   with TC set and no records, and the client retries over TCP (RFC 1035 §4.2.1, RFC 7766),
 *   which carries any size with a 2-byte length prefix and several queries per connection.
 * - Malformed queries get FORMERR when their id is readable, else no reply; a failing upstream
 *   gives SERVFAIL. Out-of-cluster names: forwarded to `upstream` when set, else REFUSED.
 */
import { createSocket, type Socket } from 'node:dgram';
import { createServer, type Server, type Socket as NetSocket } from 'node:net';
import type { Clock } from '../../../src-shared/util/clock';
import { realClock } from '../../../src-shared/util/clock';
import type { TraceSink } from '../../../src-shared/trace';
import { nullTraceSink } from '../../../src-shared/trace';
import { CLUSTER_DOMAIN, type Zone } from '../records';
import { OUR_UDP_SIZE, answerQuery, replyTo } from './answer';
import { DnsFormatError, decodeMessage, encodeMessage, peekId } from './codec';
import { forwardQuery, parseUpstream, type Upstream } from './forwarder';
import { NO_FLAGS, RCODE, optRecord, type Message } from './message';

export interface DnsServerOptions {
  zone: Zone | (() => Zone);
  /** 0 picks a free port (tests). */
  port?: number;
  host?: string;
  /** --cluster-domain (cluster.local). */
  domain?: string;
  ttl?: number;
  /** Where out-of-cluster names go ("10.0.2.3" or "10.0.2.3:53"); unset means REFUSED. */
  upstream?: string;
  trace?: TraceSink;
  clock?: Clock;
  instance?: string;
}

export interface DnsServer {
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

const MIN_UDP = 512;

type Transport = 'udp' | 'tcp';

class Responder {
  private readonly upstream: Upstream | undefined;
  private readonly zone: () => Zone;

  constructor(private readonly o: DnsServerOptions) {
    this.upstream = o.upstream ? parseUpstream(o.upstream) : undefined;
    const z = o.zone;
    this.zone = typeof z === 'function' ? z : () => z;
  }

  /** The reply bytes for one query, or undefined when nothing should be sent. */
  async respond(bytes: Buffer, transport: Transport): Promise<Buffer | undefined> {
    const started = (this.o.clock ?? realClock).now();
    let query: Message;
    try {
      query = decodeMessage(bytes);
    } catch (err) {
      const id = peekId(bytes);
      if (!(err instanceof DnsFormatError) || id === undefined || bytes.length < 12) return;
      return encodeMessage(replyTo({ id, flags: NO_FLAGS, questions: [] }, RCODE.FORMERR));
    }
    const decision = answerQuery(query, this.zone(), {
      domain: this.o.domain ?? CLUSTER_DOMAIN,
      ttl: this.o.ttl ?? 30,
      canForward: this.upstream !== undefined,
    });
    let out: Buffer;
    let outcome: string;
    if (decision.kind === 'forward') {
      const relayed = await forwardQuery(bytes, this.upstream!);
      outcome = relayed ? 'forwarded' : 'SERVFAIL';
      out = relayed ?? encodeMessage(replyTo(query, RCODE.SERVFAIL, true));
    } else {
      const rcode = decision.message.flags.rcode;
      outcome = Object.entries(RCODE).find(([, v]) => v === rcode)?.[0] ?? String(rcode);
      out = encodeMessage(decision.message);
      if (transport === 'udp') out = this.fitUdp(query, decision.message, out);
    }
    const q = query.questions[0];
    (this.o.trace ?? nullTraceSink).emit({
      time: started,
      from: { component: 'dns', instance: this.o.instance },
      verb: 'query',
      name: q?.name,
      latencyMs: (this.o.clock ?? realClock).now() - started,
      outcome,
      detail: { type: q?.type, transport },
    });
    return out;
  }

  /** A reply that fits the client's UDP limit: the full one, or an empty one with TC set. */
  private fitUdp(query: Message, reply: Message, encoded: Buffer): Buffer {
    const opt = optRecord(query);
    const limit = opt ? Math.max(MIN_UDP, Math.min(opt.class, OUR_UDP_SIZE)) : MIN_UDP;
    if (encoded.length <= limit) return encoded;
    return encodeMessage({
      ...reply,
      flags: { ...reply.flags, tc: true },
      answers: [],
      authorities: [],
      additionals: reply.additionals.filter((r) => r === optRecord(reply)),
    });
  }
}

function listenUdp(host: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
    socket.once('error', reject);
    socket.bind(port, host, () => {
      socket.off('error', reject);
      resolve(socket);
    });
  });
}

function listenTcp(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function serveTcp(responder: Responder, open: Set<NetSocket>): Server {
  return createServer((conn) => {
    open.add(conn);
    conn.on('close', () => open.delete(conn));
    let pending = Buffer.alloc(0);
    conn.on('error', () => conn.destroy());
    conn.setTimeout(10_000, () => conn.destroy());
    conn.on('data', (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      // Several length-prefixed queries may arrive in one chunk, or one across many.
      while (pending.length >= 2) {
        const len = pending.readUInt16BE(0);
        if (pending.length < 2 + len) break;
        const msg = pending.subarray(2, 2 + len);
        pending = pending.subarray(2 + len);
        void responder.respond(Buffer.from(msg), 'tcp').then((reply) => {
          if (!reply || conn.destroyed) return;
          const prefix = Buffer.alloc(2);
          prefix.writeUInt16BE(reply.length);
          conn.write(Buffer.concat([prefix, reply]));
        });
      }
    });
  });
}

export async function startDnsServer(opts: DnsServerOptions): Promise<DnsServer> {
  const host = opts.host ?? '127.0.0.1';
  const responder = new Responder(opts);
  // With port 0 the UDP socket picks the port and TCP must get the same one; another process
  // may hold it on TCP, so try a few free UDP ports.
  for (let attempt = 0; ; attempt++) {
    const udp = await listenUdp(host, opts.port ?? 53);
    const port = udp.address().port;
    const open = new Set<NetSocket>();
    const tcp = serveTcp(responder, open);
    try {
      await listenTcp(tcp, host, port);
    } catch (err) {
      udp.close();
      if (opts.port || attempt >= 5) throw err;
      continue;
    }
    udp.on('message', (msg, rinfo) => {
      void responder.respond(msg, 'udp').then((reply) => {
        if (reply) udp.send(reply, rinfo.port, rinfo.address);
      });
    });
    return {
      host,
      port,
      close: () =>
        new Promise<void>((resolve) => {
          udp.close();
          // Idle TCP clients would keep close() waiting for their timeout.
          for (const conn of open) conn.destroy();
          tcp.close(() => resolve());
        }),
    };
  }
}
