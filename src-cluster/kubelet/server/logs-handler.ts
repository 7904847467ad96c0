/**
 * GET /containerLogs/<ns>/<pod>/<container>: the container's log as text/plain. Headers go out
 * before the first byte of log so a following client (kubectl logs -f) sees the stream open at once;
 * each chunk is written as it arrives. limitBytes is enforced here whatever the streamer does.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseLogRequest } from './params';
import { RequestError, writeStatus } from './status';
import { StreamerError, type ContainerStreamer } from './streamer';

function waitDrain(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

export async function serveLogs(
  streamer: ContainerStreamer,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD')
    return writeStatus(res, 405, `method ${req.method} not allowed on container logs`);
  const gone = new AbortController();
  res.on('close', () => gone.abort());
  try {
    const t = parseLogRequest(url);
    const source = await streamer.logs(t.namespace, t.pod, t.container, {
      ...t.options,
      signal: gone.signal,
    });
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private' });
    res.flushHeaders();
    let remaining = t.options.limitBytes ?? Infinity;
    for await (const chunk of source) {
      if (gone.signal.aborted) break;
      let buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
      if (buf.length > remaining) buf = buf.subarray(0, remaining);
      remaining -= buf.length;
      if (!res.write(buf)) await waitDrain(res);
      if (remaining <= 0) break;
    }
    res.end();
  } catch (err) {
    if (err instanceof RequestError || err instanceof StreamerError)
      return writeStatus(res, err.code, err.message);
    writeStatus(res, 500, (err as Error).message);
  }
}
