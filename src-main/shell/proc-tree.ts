/**
 * Linux process facts from /proc, for terminals: a PTY's shell is the leader of its own session
 * (script and python's pty.fork both call setsid), so "everything this terminal started" is that
 * session's members, and the shell's stdin names the PTY to resize.
 */
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

interface ProcStat {
  pid: number;
  ppid: number;
  sid: number;
}

function stat(pid: number): ProcStat | undefined {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid pgrp session …": comm may hold spaces and parentheses.
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return { pid, ppid: Number(f[1]), sid: Number(f[3]) };
  } catch {
    return undefined;
  }
}

function allStats(): ProcStat[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map((d) => stat(Number(d)))
    .filter((s): s is ProcStat => s !== undefined);
}

export function childrenOf(pid: number): number[] {
  return allStats()
    .filter((s) => s.ppid === pid)
    .map((s) => s.pid);
}

/** Every live process of a session (the session leader's pid is the session id). */
export function sessionMembers(sid: number): number[] {
  return allStats()
    .filter((s) => s.sid === sid)
    .map((s) => s.pid);
}

export function alive(pid: number): boolean {
  const s = stat(pid);
  if (!s) return false;
  try {
    // A zombie has exited; only its parent's wait is missing.
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** A process's command line (arguments joined by spaces), or '' once it is gone. */
export function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

/** The terminal device a process reads from (/dev/pts/N), if it is one. */
export function ttyOf(pid: number): string | undefined {
  try {
    const dev = readlinkSync(`/proc/${pid}/fd/0`);
    return dev.startsWith('/dev/pts/') ? dev : undefined;
  } catch {
    return undefined;
  }
}

export function signal(pids: readonly number[], sig: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, sig);
    } catch {
      // Already gone.
    }
  }
}
