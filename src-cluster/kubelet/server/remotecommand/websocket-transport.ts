/**
 * exec/attach over WebSocket (kubectl ≥ 1.30 tries this first): subprotocol v5.channel.k8s.io or
 * v4.channel.k8s.io, binary messages prefixed with a channel byte. Like upstream, the server first
 * sends an empty message on the lowest output channel to say the streams are ready, and closes the
 * WebSocket after writing the outcome on the error channel.
 */
import type { IncomingMessage } from 'node:http';
import { PassThrough, Writable, type Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { ContainerStreamer } from '../streamer';
import { writeRawStatus } from '../status';
import { Channel, decodeChannelMessage, encodeChannelMessage } from '../websocket/channels';
import {
  errorStreamPayload,
  headerValues,
  negotiate,
  protocolVersion,
  WEBSOCKET_PROTOCOLS,
} from './protocol';
import { ResizeDecoder } from './resize';
import { runSession, type ExecTarget } from './session';

/** One per kubelet server: ws only needs it to perform handshakes. */
export function createWebSocketServer(): WebSocketServer {
  return new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    handleProtocols: (offered) => negotiate([...offered], WEBSOCKET_PROTOCOLS) ?? false,
  });
}

/** A Writable that sends each chunk as a message on one channel; drops writes once closed. */
function channelWriter(ws: WebSocket, channel: number): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, cb) {
      if (ws.readyState !== WebSocket.OPEN) return cb();
      ws.send(encodeChannelMessage(channel, chunk), () => cb());
    },
  });
}

export function serveWebSocketExec(
  streamer: ContainerStreamer,
  target: ExecTarget,
  wss: WebSocketServer,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
): void {
  const offered = headerValues(req.headers['sec-websocket-protocol']);
  if (!negotiate(offered, WEBSOCKET_PROTOCOLS)) {
    return writeRawStatus(
      socket,
      400,
      `unable to upgrade: no supported WebSocket subprotocol: client offered [${offered.join(' ')}], server accepts [${WEBSOCKET_PROTOCOLS.join(' ')}]`,
    );
  }
  wss.handleUpgrade(req, socket, head, (ws) => void run(streamer, target, ws));
}

async function run(streamer: ContainerStreamer, target: ExecTarget, ws: WebSocket): Promise<void> {
  const version = protocolVersion(ws.protocol);
  const aborted = new AbortController();
  const stdin = target.flags.stdin ? new PassThrough() : null;
  const resize = new ResizeDecoder();
  ws.on('close', () => {
    aborted.abort();
    stdin?.end();
  });
  ws.on('error', () => ws.terminate());
  ws.on('message', (raw: Buffer) => {
    const msg = decodeChannelMessage(raw, version);
    if (!msg) return;
    if (msg.kind === 'close') {
      if (msg.channel === Channel.Stdin) stdin?.end();
      return;
    }
    if (msg.channel === Channel.Stdin && stdin && !stdin.writableEnded) stdin.write(msg.data);
    else if (msg.channel === Channel.Resize) resize.push(msg.data);
  });
  const { stdout, stderr } = target.flags;
  const first = stdout ? Channel.Stdout : stderr ? Channel.Stderr : Channel.Error;
  ws.send(encodeChannelMessage(first));

  const outcome = await runSession(streamer, target, {
    stdin,
    stdout: stdout ? channelWriter(ws, Channel.Stdout) : null,
    stderr: stderr ? channelWriter(ws, Channel.Stderr) : null,
    resize: resize.events,
    signal: aborted.signal,
  });
  if (ws.readyState !== WebSocket.OPEN) return;
  const payload = errorStreamPayload(outcome, version, target.command);
  if (payload.length) ws.send(encodeChannelMessage(Channel.Error, payload));
  ws.close(1000);
}
