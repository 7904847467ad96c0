/** Terminals: sessions owned by the host, shown as tabs; they outlive the views that show them. */

/**
 * "console": the built-in console (runs commands, no PTY; every platform); "shell": a shell on the
 * host with a PTY and the cluster's KUBECONFIG (no-VM mode, Linux); "ssh": a shell on a node (VM mode).
 */
export type TerminalKind = 'console' | 'shell' | 'ssh';

export interface TerminalInfo {
  id: string;
  title: string;
  kind: TerminalKind;
  node?: string;
  exited?: boolean;
}

export interface TerminalOpen {
  /** Defaults to "console". A "shell" where no PTY can be opened falls back to the console. */
  kind?: TerminalKind;
  title?: string;
  /** The node of an "ssh" terminal. */
  node?: string;
  cols?: number;
  rows?: number;
}

export interface TerminalOpened extends TerminalInfo {
  /** Output so far (ring buffer), for re-attaching a view. */
  backlog: string;
  /** Why the session is not the kind asked for (e.g. no PTY on this platform). */
  note?: string;
  /** Characters the session has output in all, backlog included (see TerminalOutput.end). */
  end?: number;
}

export interface TerminalWrite {
  id: string;
  data: string;
}

export interface TerminalResize {
  id: string;
  cols: number;
  rows: number;
}

export interface TerminalOutput {
  id: string;
  data: string;
  /**
   * Characters output in all once this chunk is counted: a view attaching while output flows
   * drops the chunks (or the part of one) its backlog already holds, so nothing shows twice.
   */
  end?: number;
}
