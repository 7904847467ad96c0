/**
 * What every terminal session is to the TerminalManager: bytes in, bytes out, a size, an end.
 * Console, host shell (PTY through `script`/python) and ssh2 sessions all implement it.
 */
export interface TerminalSession {
  /** Keystrokes or pasted text from the view. */
  write(data: string): void;
  /** The view's size in character cells; sessions without a PTY ignore it. */
  resize(cols: number, rows: number): void;
  /** Ends the session and everything it started; resolves once it is gone. */
  close(): Promise<void>;
}

export interface SessionEvents {
  onOutput(data: string): void;
  /** The session ended by itself (shell `exit`, connection lost); not called after close(). */
  onExit(reason: string): void;
}

export interface TermSize {
  cols: number;
  rows: number;
}

export const DEFAULT_SIZE: TermSize = { cols: 80, rows: 24 };

/** A size from the renderer: whole cells within what any terminal could show. */
export function checkSize(cols: unknown, rows: unknown): TermSize {
  const ok = (n: unknown, max: number): n is number =>
    typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= max;
  if (!ok(cols, 1000) || !ok(rows, 500)) {
    throw new Error('a terminal size is whole cols 1–1000 and rows 1–500');
  }
  return { cols, rows };
}
