/**
 * A SPDY/3.1 connection as Kubernetes streaming uses it (client-go's spdystream): the client opens
 * every stream with SYN_STREAM, the server answers each with SYN_REPLY at once (the client waits
 * for it before opening the next), and both sides exchange DATA frames with FIN marking each
 * direction's end. PINGs from the peer are echoed.
 *
 * Server side by default (the kubelet's streaming server, kubectl dials in); with `client: true` it
 * is the dialling side (the kubelet reaching containerd's streaming server): openStream() sends
 * SYN_STREAM with odd ids and resolves on the SYN_REPLY, and streams the peer opens are refused.
 *
 * Deliberately not implemented, because the peer does not use them: server-pushed streams, flow
 * control (spdystream neither sends WINDOW_UPDATE nor honours it) and priorities.
 */
import { EventEmitter } from 'node:events';
import { Duplex } from 'node:stream';
import type { Socket } from 'node:net';
import {
  encodeFrame,
  FLAG_FIN,
  FrameReader,
  GoAwayStatus,
  RstStatus,
  SpdyProtocolError,
  type Frame,
} from './frames';
import { HeaderCompressor, HeaderDecompressor, type HeaderMap } from './header-block';

/** Largest DATA payload this side sends in one frame (keeps one stream from hogging the socket). */
const MAX_DATA_CHUNK = 32 * 1024;

/**
 * One stream (opened by the client). Readable side: the peer's DATA (ends at the peer's FIN or RST).
 * Writable side: DATA frames to the peer; end() sends FIN. Writes after the peer reset the
 * stream are dropped, since client-go resets every stream when it is done reading.
 */
export class SpdyStream extends Duplex {
  /** True once the peer sent RST_STREAM. */
  reset = false;

  constructor(
    readonly id: number,
    readonly headers: HeaderMap,
    private readonly conn: SpdyConnection,
  ) {
    super({ allowHalfOpen: true });
  }

  /** The first value of a request header (names are lower case). */
  header(name: string): string | undefined {
    return this.headers[name]?.[0];
  }

  override _read(): void {
    // Data is pushed as frames arrive; SPDY/3 flow control is not used by the peer.
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    if (this.reset) return cb();
    this.conn.sendData(this.id, chunk, false).then(() => cb(), cb);
  }

  override _final(cb: (err?: Error | null) => void): void {
    if (this.reset) return cb();
    this.conn.sendData(this.id, Buffer.alloc(0), true).then(() => cb(), cb);
  }

  /** True once the peer's side ended (FIN, RST or connection loss). */
  remoteDone = false;

  /** Called by the connection when the peer's side ends; later calls are no-ops. */
  remoteEnded(): void {
    if (this.remoteDone) return;
    this.remoteDone = true;
    this.push(null);
  }
}

export interface SpdyConnectionOptions {
  /** This side dialled: it opens the streams (odd ids) and refuses the peer's. */
  client?: boolean;
}

/** A stream the peer refused or the connection lost before its SYN_REPLY. */
export class SpdyStreamError extends Error {
  override readonly name = 'SpdyStreamError';
}

export interface SpdyConnectionEvents {
  stream: [SpdyStream];
  close: [];
}

/**
 * Wraps an upgraded socket. Emits 'stream' for each SYN_STREAM (after its SYN_REPLY is queued)
 * and 'close' once when the socket closes.
 */
export class SpdyConnection extends EventEmitter<SpdyConnectionEvents> {
  private readonly reader = new FrameReader();
  private readonly inflate = new HeaderDecompressor();
  private readonly deflate = new HeaderCompressor();
  private readonly streams = new Map<number, SpdyStream>();
  private inbound: Promise<void> = Promise.resolve();
  private outbound: Promise<void> = Promise.resolve();
  private lastStreamId = 0;
  private closed = false;
  /** True once the peer sent GOAWAY: it opens no more streams. */
  goneAway = false;
  readonly isClient: boolean;
  /** Client side: the next stream id to open (odd, increasing). */
  private nextStreamId = 1;
  /** Client side: streams sent but not yet answered by SYN_REPLY. */
  private readonly opening = new Map<
    number,
    { resolve: (s: SpdyStream) => void; reject: (e: Error) => void }
  >();

  constructor(
    private readonly socket: Socket,
    opts: SpdyConnectionOptions = {},
  ) {
    super();
    this.isClient = opts.client ?? false;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.feed(chunk));
    socket.on('end', () => socket.end());
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.onClose());
  }

  /** Sends DATA on a stream, split into frames; resolves once handed to the socket. */
  sendData(streamId: number, data: Buffer, fin: boolean): Promise<void> {
    const frames: Buffer[] = [];
    for (let off = 0; off < data.length; off += MAX_DATA_CHUNK) {
      const part = data.subarray(off, off + MAX_DATA_CHUNK);
      const last = off + MAX_DATA_CHUNK >= data.length;
      frames.push(
        encodeFrame({ type: 'data', streamId, flags: fin && last ? FLAG_FIN : 0, data: part }),
      );
    }
    if (data.length === 0)
      frames.push(encodeFrame({ type: 'data', streamId, flags: fin ? FLAG_FIN : 0, data }));
    return this.send(() => Buffer.concat(frames));
  }

  /**
   * Client side: opens a stream with these headers and resolves once the peer replied (client-go
   * opens streams one after another the same way). Rejects with SpdyStreamError on RST or loss.
   */
  openStream(headers: HeaderMap): Promise<SpdyStream> {
    if (!this.isClient) return Promise.reject(new Error('only the client side opens streams'));
    if (this.closed || this.goneAway)
      return Promise.reject(new SpdyStreamError('SPDY connection closed'));
    const id = this.nextStreamId;
    this.nextStreamId += 2;
    const stream = new SpdyStream(id, headers, this);
    stream.on('error', () => {});
    this.streams.set(id, stream);
    const replied = new Promise<SpdyStream>((resolve, reject) =>
      this.opening.set(id, { resolve, reject }),
    );
    void this.send(async () =>
      encodeFrame({
        type: 'syn_stream',
        streamId: id,
        associatedStreamId: 0,
        priority: 0,
        slot: 0,
        flags: 0,
        headerBlock: await this.deflate.compress(headers),
      }),
    ).catch(() => {});
    return replied;
  }

  /** Sends GOAWAY (no new streams accepted) and closes the socket once everything queued is out. */
  async close(status: number = GoAwayStatus.Ok): Promise<void> {
    await this.send(() =>
      encodeFrame({ type: 'goaway', lastGoodStreamId: this.lastStreamId, status }),
    );
    this.socket.end();
  }

  /** Tears the socket down at once. */
  destroy(): void {
    this.socket.destroy();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private pauses = 0;

  /**
   * Stops reading the socket until as many resumeInput() calls: with no SPDY flow control, TCP's
   * is how a relay keeps a fast sender from filling its memory while a slow reader catches up.
   */
  pauseInput(): void {
    if (this.pauses++ === 0) this.socket.pause();
  }

  resumeInput(): void {
    if (this.pauses > 0 && --this.pauses === 0) this.socket.resume();
  }

  /**
   * Queues bytes for the socket. Everything written goes through this one queue because header
   * compression is asynchronous, and a SYN_REPLY must leave before the stream's first DATA frame.
   */
  private send(make: () => Buffer | Promise<Buffer>): Promise<void> {
    const run = async () => {
      const bytes = await make();
      if (this.closed || this.socket.destroyed) return;
      if (!this.socket.write(bytes)) {
        await new Promise<void>((resolve) => {
          const done = () => {
            this.socket.off('drain', done);
            this.socket.off('close', done);
            resolve();
          };
          this.socket.on('drain', done);
          this.socket.on('close', done);
        });
      }
    };
    const p = this.outbound.then(run);
    this.outbound = p.catch(() => {});
    return p;
  }

  /** Handles received bytes (the socket's, and any read ahead with the upgrade request). */
  feed(chunk: Buffer): void {
    let frames: Frame[];
    try {
      frames = this.reader.push(chunk);
    } catch (err) {
      return this.fail(err);
    }
    // Frames are handled strictly in order: header blocks share one zlib context.
    for (const f of frames)
      this.inbound = this.inbound.then(() => this.handle(f)).catch((e) => this.fail(e));
  }

  private fail(err: unknown): void {
    if (this.closed) return;
    const status =
      err instanceof SpdyProtocolError ? GoAwayStatus.ProtocolError : GoAwayStatus.InternalError;
    void this.close(status).catch(() => this.socket.destroy());
  }

  private async handle(f: Frame): Promise<void> {
    switch (f.type) {
      case 'syn_stream': {
        const headers = await this.inflate.decompress(f.headerBlock);
        if (
          this.isClient ||
          f.streamId % 2 !== 1 ||
          f.streamId <= this.lastStreamId ||
          this.goneAway
        ) {
          // Client streams are odd and increasing (§2.3.2); anything else is refused, and so is
          // every stream a server opens towards us (nothing in this protocol does).
          await this.send(() =>
            encodeFrame({
              type: 'rst_stream',
              streamId: f.streamId,
              status: RstStatus.ProtocolError,
            }),
          );
          return;
        }
        this.lastStreamId = f.streamId;
        const stream = new SpdyStream(f.streamId, headers, this);
        this.streams.set(f.streamId, stream);
        stream.on('error', () => {});
        void this.send(async () =>
          encodeFrame({
            type: 'syn_reply',
            streamId: f.streamId,
            flags: 0,
            headerBlock: await this.deflate.compress({}),
          }),
        );
        if (f.flags & FLAG_FIN) stream.remoteEnded();
        this.emit('stream', stream);
        return;
      }
      case 'data': {
        const stream = this.streams.get(f.streamId);
        if (!stream || stream.remoteDone) return;
        if (f.data.length) stream.push(Buffer.from(f.data));
        if (f.flags & FLAG_FIN) stream.remoteEnded();
        return;
      }
      case 'rst_stream': {
        this.opening
          .get(f.streamId)
          ?.reject(new SpdyStreamError(`stream refused by the peer (status ${f.status})`));
        this.opening.delete(f.streamId);
        const stream = this.streams.get(f.streamId);
        if (!stream) return;
        stream.reset = true;
        stream.remoteEnded();
        this.streams.delete(f.streamId);
        return;
      }
      case 'ping':
        // Client pings carry odd ids, server pings even ones; the peer's are echoed, and one with
        // our parity would be the answer to a ping of ours (we send none).
        if ((f.id % 2 === 1) !== this.isClient) await this.send(() => encodeFrame(f));
        return;
      case 'goaway':
        this.goneAway = true;
        return;
      case 'headers':
      case 'syn_reply':
        // They must pass through the shared zlib context whatever they carry.
        await this.inflate.decompress(f.headerBlock);
        if (f.type === 'syn_reply') {
          const stream = this.streams.get(f.streamId);
          if (stream) this.opening.get(f.streamId)?.resolve(stream);
          this.opening.delete(f.streamId);
        }
        if (f.flags & FLAG_FIN) this.streams.get(f.streamId)?.remoteEnded();
        return;
      case 'settings':
      case 'window_update':
      case 'unknown':
        return;
    }
  }

  private onClose(): void {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.streams.values()) {
      s.reset = true;
      s.remoteEnded();
    }
    this.streams.clear();
    for (const o of this.opening.values())
      o.reject(new SpdyStreamError('SPDY connection closed before the stream was accepted'));
    this.opening.clear();
    this.inflate.close();
    this.deflate.close();
    this.emit('close');
  }
}
