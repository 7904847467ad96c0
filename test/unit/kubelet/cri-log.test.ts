import { appendFileSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CriLogDecoder,
  followCriLog,
  parseCriLogEntry,
  readCriLog,
  type CriLogLine,
} from '../../../src-cluster/kubelet/cri/containerd/cri-log';

const T1 = '2026-11-25T22:00:01.123456789Z';
const T2 = '2026-11-25T22:00:02.5Z';
const T3 = '2026-11-25T23:00:03.000000001+01:00';

const texts = (ls: CriLogLine[]) => ls.map((l) => `${l.stream}:${l.text}`);

describe('CRI log entries', () => {
  it('parses time, stream, tag and content (spaces inside content kept)', () => {
    const e = parseCriLogEntry(Buffer.from(`${T1} stderr F two  words `))!;
    expect(e.timestamp).toBe(T1);
    expect(e.time).toBe(Date.parse('2026-11-25T22:00:01.123Z'));
    expect(e.stream).toBe('stderr');
    expect(e.partial).toBe(false);
    expect(e.content.toString()).toBe('two  words ');
  });

  it('accepts an empty line with or without the separating space, and extra tags', () => {
    expect(parseCriLogEntry(Buffer.from(`${T1} stdout F`))!.content.length).toBe(0);
    expect(parseCriLogEntry(Buffer.from(`${T1} stdout F `))!.content.length).toBe(0);
    const e = parseCriLogEntry(Buffer.from(`${T1} stdout P:x chunk`))!;
    expect(e.partial).toBe(true);
    expect(e.content.toString()).toBe('chunk');
  });

  it('parses timestamps with any offset', () => {
    expect(parseCriLogEntry(Buffer.from(`${T3} stdout F x`))!.time).toBe(
      Date.parse('2026-11-25T22:00:03.000Z'),
    );
  });

  it('rejects lines that are not CRI log entries', () => {
    for (const bad of [
      '',
      'hello world',
      `${T1} stdin F x`,
      `${T1} stdout X x`,
      `yesterday stdout F x`,
      `{"log":"docker json","stream":"stdout"}`,
    ])
      expect(parseCriLogEntry(Buffer.from(bad)), bad).toBeUndefined();
  });
});

describe('CriLogDecoder', () => {
  it('joins partial chunks of one stream until its F entry, keeping the first chunk time', () => {
    const d = new CriLogDecoder();
    const out = d.push(
      Buffer.from(
        `${T1} stdout P hel\n${T1} stderr F oops\n${T2} stdout P lo wor\n${T2} stdout F ld\n`,
      ),
    );
    expect(texts(out)).toEqual(['stderr:oops', 'stdout:hello world']);
    expect(out[1]!.timestamp).toBe(T1);
  });

  it('handles entries split anywhere across chunks, including inside a UTF-8 character', () => {
    const whole = Buffer.from(`${T1} stdout F grüße\n${T2} stdout F zwei\n`);
    const cut = whole.indexOf(Buffer.from('ü')) + 1; // between the two bytes of ü
    const d = new CriLogDecoder();
    const out = [...d.push(whole.subarray(0, 5)), ...d.push(whole.subarray(5, cut))];
    expect(out).toEqual([]);
    out.push(...d.push(whole.subarray(cut)));
    expect(texts(out)).toEqual(['stdout:grüße', 'stdout:zwei']);
  });

  it('skips malformed entries and flushes an unfinished line at the end', () => {
    const d = new CriLogDecoder();
    expect(
      texts(d.push(Buffer.from(`garbage\n${T1} stdout F ok\n${T2} stdout P no newline`))),
    ).toEqual(['stdout:ok']);
    // The last entry has no '\n' yet: not an entry until it does.
    expect(d.flush()).toEqual([]);
    expect(texts(d.push(Buffer.from('\n')))).toEqual([]);
    expect(texts(d.flush())).toEqual(['stdout:no newline']);
  });
});

describe('CRI log files', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kubelab-crilog-'));
    path = join(dir, '0.log');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads every line; a missing file has none', async () => {
    expect(await readCriLog(path)).toEqual([]);
    writeFileSync(path, `${T1} stdout F one\n${T1} stderr F two\n${T2} stdout P tail\n`);
    expect(texts(await readCriLog(path))).toEqual(['stdout:one', 'stderr:two']);
    expect(texts(await readCriLog(path, { includePartial: true }))).toEqual([
      'stdout:one',
      'stderr:two',
      'stdout:tail',
    ]);
  });

  /** Follows `path` until it ends; returns the lines and a promise of the end. */
  function follow(opts: { skipLines?: number; exited: () => boolean }) {
    const lines: CriLogLine[] = [];
    let onNew = () => {};
    const ended = new Promise<Error | undefined>((resolve) => {
      followCriLog(path, {
        ...opts,
        exited: async () => opts.exited(),
        onLine: (l) => (lines.push(l), onNew()),
        onEnd: resolve,
        pollMs: 10,
      });
    });
    const waitFor = (n: number) =>
      new Promise<void>((resolve) => {
        onNew = () => lines.length >= n && resolve();
        onNew();
      });
    return { lines, ended, waitFor };
  }

  it('follows appended lines, joining chunks split across writes, until the writer exits', async () => {
    writeFileSync(path, `${T1} stdout F old\n`);
    let exited = false;
    const f = follow({ exited: () => exited });
    await new Promise((r) => setTimeout(r, 50));
    appendFileSync(path, `${T2} stdout F new\n${T2} stdout P half`);
    await f.waitFor(1);
    // The rest of the entry, then the F entry ending the line.
    appendFileSync(path, ` a\n${T2} stdout F  line\n${T2} stderr F la`);
    appendFileSync(path, `st\n${T2} stdout P unfinished\n`);
    exited = true;
    expect(await f.ended).toBeUndefined();
    expect(texts(f.lines)).toEqual([
      'stdout:new',
      'stdout:half a line',
      'stderr:last',
      'stdout:unfinished',
    ]);
  });

  it('with skipLines, delivers exactly what came after the lines already read', async () => {
    writeFileSync(path, `${T1} stdout F a\n${T1} stdout F b\n${T1} stdout F c\n`);
    // The reader saw a and b; c was written before the follow started.
    const f = follow({ skipLines: 2, exited: () => true });
    expect(await f.ended).toBeUndefined();
    expect(texts(f.lines)).toEqual(['stdout:c']);
  });

  it('delivers every line of a file created after the follow started', async () => {
    let exited = false;
    const f = follow({ exited: () => exited });
    await new Promise((r) => setTimeout(r, 50));
    writeFileSync(path, `${T1} stdout F first\n`);
    await f.waitFor(1);
    exited = true;
    await f.ended;
    expect(texts(f.lines)).toEqual(['stdout:first']);
  });

  it('reads a truncated (rotated) file again from its start', async () => {
    writeFileSync(path, `${T1} stdout F first file, long enough to be longer than the next\n`);
    let exited = false;
    const f = follow({ skipLines: 1, exited: () => exited });
    await new Promise((r) => setTimeout(r, 50));
    truncateSync(path, 0);
    appendFileSync(path, `${T2} stdout F second\n`);
    await f.waitFor(1);
    exited = true;
    await f.ended;
    expect(texts(f.lines)).toEqual(['stdout:second']);
  });

  it('ends with the error when the writer cannot be asked', async () => {
    writeFileSync(path, '');
    const ended = new Promise<Error | undefined>((resolve) =>
      followCriLog(path, {
        exited: () => Promise.reject(new Error('runtime down')),
        onLine: () => {},
        onEnd: resolve,
      }),
    );
    expect((await ended)?.message).toBe('runtime down');
  });
});
