import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CONTRACT } from '../../../src-shared/ipc';
import { HostBus } from '../../../src-main/ipc/host-bus';
import { startUiServer, type UiServer } from '../../../src-main/server/ui-server';

let server: UiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(): Promise<{ server: UiServer; bus: HostBus; calls: [string, unknown][] }> {
  const root = mkdtempSync(join(tmpdir(), 'kubelab-static-'));
  writeFileSync(join(root, 'index.html'), '<html>kubelab</html>');
  writeFileSync(join(root, 'app.js'), 'console.log(1)');
  const bus = new HostBus();
  const calls: [string, unknown][] = [];
  server = await startUiServer({
    bus,
    staticRoot: root,
    token: 'right-token',
    dispatch: async (ch, req) => {
      calls.push([ch, req]);
      if (ch === 'boom') throw new Error('it broke');
      return { ok: ch };
    },
  });
  return { server, bus, calls };
}

function get(port: number, path: string, host = `127.0.0.1:${port}`): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ port, path, host: '127.0.0.1', headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

function connect(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

describe('browser-mode server', () => {
  it('listens on loopback only and prints a URL carrying the token', async () => {
    const { server } = await start();
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=right-token`);
  });

  it('serves the page only with the token, assets without, and nothing outside the root', async () => {
    const { server } = await start();
    expect(await get(server.port, '/?token=right-token')).toBe(200);
    expect(await get(server.port, '/')).toBe(401);
    expect(await get(server.port, '/?token=wrong')).toBe(401);
    expect(await get(server.port, '/app.js')).toBe(200);
    expect(await get(server.port, '/../../etc/passwd')).toBe(404);
    expect(await get(server.port, '/%2e%2e/%2e%2e/etc/passwd')).toBe(404);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const { server } = await start();
    expect(await get(server.port, '/?token=right-token', `evil.example:${server.port}`)).toBe(403);
  });

  it('refuses a WebSocket with a wrong or missing token, or from a foreign origin', async () => {
    const { server } = await start();
    const base = `ws://127.0.0.1:${server.port}/ws`;
    await expect(connect(`${base}?token=wrong-token`)).rejects.toThrow('HTTP 401');
    await expect(connect(base)).rejects.toThrow('HTTP 401');
    await expect(
      connect(`${base}?token=right-token`, { Origin: 'http://evil.example' }),
    ).rejects.toThrow('HTTP 403');
  });

  it('carries invokes (results and errors) and bus events over an authorised socket', async () => {
    const { server, bus, calls } = await start();
    const ws = await connect(`ws://127.0.0.1:${server.port}/ws?token=right-token`, {
      Origin: `http://127.0.0.1:${server.port}`,
    });
    const frames: any[] = [];
    ws.on('message', (m) => frames.push(JSON.parse(m.toString())));
    ws.send(JSON.stringify({ t: 'invoke', id: 1, ch: 'cluster:status', req: { a: 1 } }));
    ws.send(JSON.stringify({ t: 'invoke', id: 2, ch: 'boom' }));
    ws.send('not json');
    bus.emit(CONTRACT.terminals.onOutput, { id: 't1', data: 'hello' });
    await expect.poll(() => frames.length).toBe(3);
    expect(calls[0]).toEqual(['cluster:status', { a: 1 }]);
    expect(frames).toContainEqual({
      t: 'result',
      id: 1,
      ok: true,
      value: { ok: 'cluster:status' },
    });
    expect(frames).toContainEqual({ t: 'result', id: 2, ok: false, error: 'it broke' });
    expect(frames).toContainEqual({
      t: 'event',
      ch: 'terminals:output-changed',
      payload: { id: 't1', data: 'hello' },
    });
    ws.close();
  });

  it('suspend drops every socket and refuses new ones until resume', async () => {
    const { server } = await start();
    const url = `ws://127.0.0.1:${server.port}/ws?token=right-token`;
    const ws = await connect(url);
    await expect.poll(() => server.clients()).toBe(1);
    const closed = new Promise((r) => ws.once('close', r));
    server.suspend();
    await closed;
    expect(server.clients()).toBe(0);
    await expect(connect(url)).rejects.toThrow('HTTP 503');
    server.resume();
    const again = await connect(url);
    expect(server.clients()).toBe(1);
    again.close();
  });
});
