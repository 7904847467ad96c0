/**
 * The bench side of target/reaper-process.ts: `leaveBehind(x)` tells the watchdog that x now
 * exists on the machine (a containerd with pods, a netns, a temp dir) and returns the function to
 * call once x has been cleaned up normally. Only what the bench died without cleaning is reaped.
 * The watchdog starts on first use (or startReaper()) and is detached and unreferenced: it never
 * keeps the bench alive and outlives it by the time the cleanup takes.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Leftover, ReaperMessage } from '../target/reaper-process';

const ENTRY = fileURLToPath(new URL('../target/reaper-process.ts', import.meta.url));
let reaper: ChildProcess | undefined;
let nextId = 1;
/** Messages held until the watchdog says it listens (one sent earlier could be dropped). */
let queue: ReaperMessage[] | undefined = [];

let listening: Promise<boolean> | undefined;

function ensureReaper(): ChildProcess {
  if (reaper) return reaper;
  const child = fork(ENTRY, [], {
    detached: true,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
  });
  listening = new Promise((resolve) => {
    child.once('message', () => {
      for (const q of queue ?? []) child.send(q);
      queue = undefined;
      resolve(true);
    });
    child.once('exit', () => resolve(false));
  });
  child.unref();
  child.channel?.unref();
  reaper = child;
  return child;
}

/**
 * Starts the watchdog and waits (up to 20 s) until it listens: until then, what the bench sets up
 * would not be covered if it died (loading it takes a second or more on a busy machine). Resolves
 * false if it did not come up; the bench then runs without the safety net.
 */
export async function startReaper(): Promise<boolean> {
  ensureReaper();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((r) => (timer = setTimeout(() => r(false), 20_000)));
  try {
    return await Promise.race([listening!, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function send(m: ReaperMessage): void {
  const child = ensureReaper();
  if (queue) queue.push(m);
  else if (child.connected) child.send(m);
}

export function leaveBehind(leftover: Leftover): () => void {
  const id = nextId++;
  send({ type: 'add', id, leftover });
  return () => send({ type: 'remove', id });
}
