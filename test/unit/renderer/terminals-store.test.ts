// @vitest-environment happy-dom
/**
 * The renderer's side of terminals and reconnects: attaching is exact (live chunks that race the
 * backlog are trimmed, nothing shows twice), a re-sync redraws from the backlog and drops tabs the
 * host closed, and the WebSocket backoff doubles up to its cap.
 */
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RendererApi, TerminalOutput } from '../../../src-shared/ipc';
import { setApi } from '../../../src-renderer/src/api/bridge';
import { backoffDelay } from '../../../src-renderer/src/api/ws-transport';
import { unseen, useTerminalsStore } from '../../../src-renderer/src/stores/terminals';

beforeEach(() => setActivePinia(createPinia()));

/** A host with one session whose output so far is `text`; attach resolves when released. */
function fakeHost(text: { value: string }, ids = ['t1']) {
  let push: ((o: TerminalOutput) => void) | undefined;
  const releases: (() => void)[] = [];
  const api = {
    terminals: {
      onOutput: (l: (o: TerminalOutput) => void) => ((push = l), () => undefined),
      list: async () => ids.map((id) => ({ id, title: id, kind: 'shell' })),
      attach: ({ id }: { id: string }) => {
        // The backlog as of the call; the answer arrives later (while output keeps flowing).
        const snap = { id, title: id, kind: 'shell', backlog: text.value, end: text.value.length };
        return new Promise((r) => releases.push(() => r(snap)));
      },
    },
  } as unknown as RendererApi;
  const emit = (data: string) => {
    text.value += data;
    push?.({ id: 't1', data, end: text.value.length });
  };
  const late = (o: TerminalOutput) => push?.(o);
  return { api, emit, late, release: () => releases.splice(0).forEach((r) => r()) };
}

describe('terminals store', () => {
  it('trims a chunk to what the backlog does not hold', () => {
    expect(unseen({ id: 't', data: 'abcdef', end: 10 }, 7)).toBe('def');
    expect(unseen({ id: 't', data: 'abc', end: 7 }, 7)).toBe('');
    expect(unseen({ id: 't', data: 'abc', end: 12 }, 7)).toBe('abc');
    expect(unseen({ id: 't', data: 'abc' }, 7)).toBe('abc');
  });

  it('attaches without duplicating output that raced the backlog', async () => {
    const text = { value: 'prompt$ ' };
    const host = fakeHost(text);
    setApi(host.api);
    const terms = useTerminalsStore();
    await terms.init();
    let screen = '';
    const attached = terms.attach('t1', (d) => (screen += d));
    // Output that arrives after the backlog was taken but before the answer reaches the view.
    host.emit('ls\r\n');
    host.release();
    await attached;
    host.emit('file-a\r\n');
    expect(screen).toBe(text.value);
    // A chunk the backlog already held, delivered late by the transport: dropped.
    host.late({ id: 't1', data: 'file-a\r\n', end: text.value.length });
    expect(screen).toBe(text.value);
    setApi(undefined);
  });

  it('re-sync redraws attached views from the backlog and forgets closed tabs', async () => {
    const text = { value: 'one\r\n' };
    const host = fakeHost(text, ['t1', 't2']);
    setApi(host.api);
    const terms = useTerminalsStore();
    await terms.init();
    let screen = '';
    const p = terms.attach('t1', (d) => (screen += d));
    host.release();
    await p;
    // Output sent while the socket was down never reaches the page…
    text.value += 'missed\r\n';
    (host.api.terminals as unknown as { list: () => Promise<unknown[]> }).list = async () => [
      { id: 't1', title: 't1', kind: 'shell' },
    ];
    const r = terms.resync();
    await Promise.resolve();
    await new Promise((res) => setTimeout(res, 0));
    host.release();
    await r;
    // …the re-attach resets the screen and shows the whole backlog, missed output included.
    expect(screen.endsWith('\x1bcone\r\nmissed\r\n')).toBe(true);
    expect(terms.tabs.map((t) => t.id)).toEqual(['t1']);
    setApi(undefined);
  });
});

describe('WebSocket backoff', () => {
  it('doubles from 250 ms up to 5 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 50].map((n) => backoffDelay(n))).toEqual([
      250, 500, 1000, 2000, 4000, 5000, 5000, 5000,
    ]);
  });
});
