// Watch and list edge cases: bookmarks, slow watchers cut off without stalling others, future and
// compacted resourceVersions on lists.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { startTestApiServer, rawRequest, type TestApiServer } from '../../support/apiserver';

let api: TestApiServer;

beforeAll(async () => {
  api = await startTestApiServer({
    server: { bookmarkIntervalMs: 200, watchBufferLimitBytes: 256 * 1024 },
  });
});
afterAll(async () => api?.stop());

const cmPath = '/api/v1/namespaces/default/configmaps';

/** Opens a raw watch; returns received lines and controls. `paused` stops reading entirely. */
function openWatch(query: string, paused = false) {
  const lines: any[] = [];
  let buf = '';
  let closed = false;
  let req: http.ClientRequest;
  const ready = new Promise<http.IncomingMessage>((resolve, reject) => {
    req = http.get(`${api.httpUrl}${cmPath}?watch=1&${query}`, (res) => {
      // A paused reader attaches no 'data' listener (that would resume the stream).
      if (!paused)
        res.on('data', (chunk: Buffer) => {
          buf += chunk.toString();
          let i;
          while ((i = buf.indexOf('\n')) >= 0) {
            lines.push(JSON.parse(buf.slice(0, i)));
            buf = buf.slice(i + 1);
          }
        });
      if (paused) res.pause();
      res.on('close', () => (closed = true));
      res.on('error', () => (closed = true));
      resolve(res);
    });
    req.on('error', (e) => {
      closed = true;
      reject(e);
    });
  });
  return {
    lines,
    ready,
    isClosed: () => closed,
    close: () => req.destroy(),
    /** Starts reading what the kernel buffered (a paused socket never notices the server's close). */
    resume: async () => {
      const res = await ready;
      res.on('data', (chunk: Buffer) => {
        buf += chunk.toString();
        let i;
        while ((i = buf.indexOf('\n')) >= 0) {
          lines.push(JSON.parse(buf.slice(0, i)));
          buf = buf.slice(i + 1);
        }
      });
      res.resume();
    },
  };
}

async function until(cond: () => boolean, ms = 15_000) {
  const deadline = Date.now() + ms;
  while (!cond() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  return cond();
}

describe('watch edges', () => {
  it('sends BOOKMARK events with a resourceVersion when allowed', async () => {
    const rv = String(await api.store.currentRevision());
    const w = openWatch(`resourceVersion=${rv}&allowWatchBookmarks=true`);
    await w.ready;
    expect(await until(() => w.lines.some((l) => l.type === 'BOOKMARK'))).toBe(true);
    const bm = w.lines.find((l) => l.type === 'BOOKMARK');
    expect(bm.object).toMatchObject({ kind: 'ConfigMap', apiVersion: 'v1' });
    expect(Number(bm.object.metadata.resourceVersion)).toBeGreaterThanOrEqual(Number(rv));
    w.close();
  });

  it('cuts off a watcher that stops reading, while another watcher gets every event', async () => {
    const rv = String(await api.store.currentRevision());
    const slow = openWatch(`resourceVersion=${rv}`, true);
    const fast = openWatch(`resourceVersion=${rv}`);
    await Promise.all([slow.ready, fast.ready]);
    const blob = 'x'.repeat(60 * 1024);
    const n = 300;
    for (let i = 0; i < n; i++) {
      const r = await rawRequest(
        api.httpUrl,
        'POST',
        cmPath,
        JSON.stringify({ metadata: { name: `blob-${i}` }, data: { blob } }),
      );
      expect(r.status).toBe(201);
    }
    expect(await until(() => fast.lines.length >= n)).toBe(true);
    expect(fast.lines.map((l) => l.object.metadata.name)).toEqual(
      Array.from({ length: n }, (_, i) => `blob-${i}`),
    );
    // The slow watcher was cut off: once it reads again it finds a closed stream holding only
    // the events sent before the cut.
    await slow.resume();
    expect(await until(() => slow.isClosed())).toBe(true);
    expect(slow.lines.length).toBeLessThan(n);
    fast.close();
    await rawRequest(api.httpUrl, 'DELETE', cmPath);
  });
});

describe('list resourceVersion edges', () => {
  it('answers a resourceVersion the store has not reached with 504 Timeout after waiting', async () => {
    const future = (await api.store.currentRevision()) + 1000;
    const r = await rawRequest(api.httpUrl, 'GET', `${cmPath}?resourceVersion=${future}`);
    expect(r.status).toBe(504);
    expect(r.json()).toMatchObject({ reason: 'Timeout', code: 504 });
    expect(r.json().message).toContain(`Too large resource version: ${future}`);
    expect(r.headers.get('retry-after')).toBe('1');
  });

  it('answers an exact list at a compacted revision with 410 Expired', async () => {
    const old = await api.store.currentRevision();
    await rawRequest(api.httpUrl, 'POST', cmPath, JSON.stringify({ metadata: { name: 'bump' } }));
    await api.store.compact(await api.store.currentRevision());
    const r = await rawRequest(
      api.httpUrl,
      'GET',
      `${cmPath}?resourceVersion=${old}&resourceVersionMatch=Exact`,
    );
    expect(r.status).toBe(410);
    expect(r.json()).toMatchObject({
      reason: 'Expired',
      message: 'The resourceVersion for the provided list is too old.',
    });
  });
});
