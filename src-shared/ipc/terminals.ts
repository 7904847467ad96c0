/** Terminals: sessions owned by the host, shown as tabs; they outlive the views that show them. */

export interface TerminalInfo {
  id: string;
  title: string;
  /** "console": the built-in console (no-VM mode); "ssh": a shell on a node (VM mode). */
  kind: 'console' | 'ssh';
  node?: string;
  exited?: boolean;
}

export interface TerminalOpen {
  title?: string;
  node?: string;
  cols?: number;
  rows?: number;
}

export interface TerminalOpened extends TerminalInfo {
  /** Output so far (ring buffer), for re-attaching a view. */
  backlog: string;
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
}
