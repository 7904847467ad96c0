// SpdyConnection's client side against a raw peer that writes and reads frames by hand: stream ids,
// SYN_REPLY resolution, refusals, server pings, and streams a server may not open.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  SpdyConnection,
  SpdyStreamError,
} from '../../../../src-cluster/kubelet/server/spdy/connection';
import {
  encodeFrame,
  FrameReader,
  RstStatus,
  type Frame,
} from '../../../../src-cluster/kubelet/server/spdy/frames';
import {
  HeaderCompressor,
  HeaderDecompressor,
} from '../../../../src-cluster/kubelet/server/spdy/header-block';

interface RawPeer {
  /** Frames received so far, header blocks decoded. */
  next(): Promise<Frame & { headers?: Record<string, string[]> }>;
  write(f: Frame): void;
  compress(h: Record<string, string[]>): Promise<Buffer>;
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

async function pair(): Promise<{ client: SpdyConnection; peer: RawPeer }> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const accepted = new Promise<net.Socket>((r) => server.once('connection', r));
  const sock = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
  const raw = await accepted;
  const client = new SpdyConnection(sock, { client: true });
  cleanups.push(() => {
    sock.destroy();
    raw.destroy();
    server.close();
  });
  const reader = new FrameReader();
  const inflate = new HeaderDecompressor();
  const deflate = new HeaderCompressor();
  const frames: Frame[] = [];
  let wake = () => {};
  raw.on('data', (c: Buffer) => {
    frames.push(...reader.push(c));
    wake();
  });
  const peer: RawPeer = {
    async next() {
      while (!frames.length) await new Promise<void>((r) => (wake = r));
      const f = frames.shift()!;
      if (f.type === 'syn_stream')
        return { ...f, headers: await inflate.decompress(f.headerBlock) };
      return f;
    },
    write: (f) => raw.write(encodeFrame(f)),
    compress: (h) => deflate.compress(h),
  };
  return { client, peer };
}

describe('SpdyConnection, client side', () => {
  it('opens streams with odd, increasing ids and resolves each on its SYN_REPLY', async () => {
    const { client, peer } = await pair();
    const first = client.openStream({ streamtype: ['error'] });
    const syn = await peer.next();
    expect(syn).toMatchObject({
      type: 'syn_stream',
      streamId: 1,
      headers: { streamtype: ['error'] },
    });
    peer.write({ type: 'syn_reply', streamId: 1, flags: 0, headerBlock: await peer.compress({}) });
    const s1 = await first;
    expect(s1.id).toBe(1);

    const second = client.openStream({ streamtype: ['stdout'] });
    expect(await peer.next()).toMatchObject({ type: 'syn_stream', streamId: 3 });
    peer.write({ type: 'syn_reply', streamId: 3, flags: 0, headerBlock: await peer.compress({}) });
    const s3 = await second;
    // Data both ways; FIN from the peer ends the readable side.
    s3.write(Buffer.from('to server'));
    expect(await peer.next()).toMatchObject({ type: 'data', streamId: 3 });
    const got: Buffer[] = [];
    s3.on('data', (c: Buffer) => got.push(c));
    const ended = new Promise((r) => s3.once('end', r));
    peer.write({ type: 'data', streamId: 3, flags: 1, data: Buffer.from('to client') });
    await ended;
    expect(Buffer.concat(got).toString()).toBe('to client');
  });

  it('rejects an open the peer resets, and opens after the connection closed', async () => {
    const { client, peer } = await pair();
    const open = client.openStream({ streamtype: ['stdin'] });
    await peer.next();
    peer.write({ type: 'rst_stream', streamId: 1, status: RstStatus.RefusedStream });
    await expect(open).rejects.toBeInstanceOf(SpdyStreamError);
    client.destroy();
    await new Promise<void>((r) => client.once('close', () => r()));
    await expect(client.openStream({ streamtype: ['stdin'] })).rejects.toBeInstanceOf(
      SpdyStreamError,
    );
  });

  it('echoes the server’s pings (even ids) and refuses streams the server opens', async () => {
    const { client, peer } = await pair();
    let opened = false;
    client.on('stream', () => (opened = true));
    peer.write({
      type: 'syn_stream',
      streamId: 2,
      associatedStreamId: 0,
      priority: 0,
      slot: 0,
      flags: 0,
      headerBlock: await peer.compress({ streamtype: ['stdout'] }),
    });
    expect(await peer.next()).toMatchObject({ type: 'rst_stream', streamId: 2 });
    peer.write({ type: 'ping', id: 1 }); // our parity: an answer, not echoed
    peer.write({ type: 'ping', id: 2 });
    expect(await peer.next()).toEqual({ type: 'ping', id: 2 });
    expect(opened).toBe(false);
  });

  it('refuses openStream on the server side', async () => {
    const { client } = await pair();
    const serverSide = new SpdyConnection(new net.Socket());
    await expect(serverSide.openStream({})).rejects.toThrow(/only the client side/);
    client.destroy();
  });
});
