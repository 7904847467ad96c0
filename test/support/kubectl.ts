/**
 * Real kubectl binaries for acceptance tests: the machine's kubectl (v1.32) and Debian's kubectl
 * 1.20, plus helpers to run them against a test API server with a fresh discovery/HTTP cache per
 * test file and without the user's KUBECONFIG.
 *
 * kubectl 1.20 is found at $KUBECTL_120, else /tmp/kubectl120/usr/bin/kubectl, else in a cache dir
 * under the OS tmpdir; when it is nowhere, it is downloaded there with `apt-get download
 * kubernetes-client` and extracted with `dpkg-deb -x` (never installed: /usr/bin/kubectl belongs
 * to another package). If that is impossible the suite fails with a message saying what to do.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface KubectlClient {
  /** e.g. "kubectl 1.20" */
  name: string;
  /** minor version, for the few places where 1.20 and 1.32 print differently */
  minor: 20 | 32;
  bin: string;
}

const KUBECTL_120_CACHE = join(tmpdir(), 'kubelab-kubectl-1.20');
const KUBECTL_120_IN_CACHE = join(KUBECTL_120_CACHE, 'usr', 'bin', 'kubectl');

/** Downloads Debian's kubernetes-client into the cache dir (exported for the suite's own check). */
export function downloadKubectl120(): string {
  const work = mkdtempSync(join(tmpdir(), 'kubelab-kubectl-dl-'));
  const opts = { cwd: work, stdio: 'pipe' as const, timeout: 180_000 };
  try {
    try {
      execFileSync('apt-get', ['download', 'kubernetes-client'], opts);
    } catch {
      // A fresh machine may not have package lists yet.
      execFileSync('apt-get', ['update'], opts);
      execFileSync('apt-get', ['download', 'kubernetes-client'], opts);
    }
    const deb = readdirSync(work).find((f) => /^kubernetes-client_.*\.deb$/.test(f));
    if (!deb) throw new Error('apt-get download left no kubernetes-client_*.deb');
    const out = join(work, 'root');
    mkdirSync(out);
    execFileSync('dpkg-deb', ['-x', join(work, deb), out], opts);
    if (!existsSync(KUBECTL_120_IN_CACHE)) {
      try {
        // Atomic: another test file may be doing the same right now.
        renameSync(out, KUBECTL_120_CACHE);
      } catch (err) {
        if (!existsSync(KUBECTL_120_IN_CACHE)) throw err;
      }
    }
    return KUBECTL_120_IN_CACHE;
  } catch (err) {
    const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new Error(
      `kubectl 1.20 is missing and could not be fetched (${why}). On Debian run ` +
        '`cd /tmp && apt-get download kubernetes-client && dpkg-deb -x kubernetes-client_*.deb ' +
        '/tmp/kubectl120`, or point KUBECTL_120 at a kubectl 1.20 binary.',
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The kubectl 1.20 binary (see the file comment for where it comes from). */
export function kubectl120(): string {
  const override = process.env.KUBECTL_120;
  if (override) {
    if (!existsSync(override)) throw new Error(`KUBECTL_120=${override} does not exist`);
    return override;
  }
  for (const p of ['/tmp/kubectl120/usr/bin/kubectl', KUBECTL_120_IN_CACHE]) {
    if (existsSync(p)) return p;
  }
  return downloadKubectl120();
}

/** The machine's kubectl ($KUBECTL_132 overrides /usr/bin/kubectl). */
export function kubectl132(): string {
  const bin = process.env.KUBECTL_132 ?? '/usr/bin/kubectl';
  if (!existsSync(bin)) {
    throw new Error(`kubectl 1.32 not found at ${bin}; install kubectl or set KUBECTL_132`);
  }
  return bin;
}

/** Both clients, for describe.each. Throws (never skips) when one is unavailable. */
export function kubectlClients(): KubectlClient[] {
  return [
    { name: 'kubectl 1.20', minor: 20, bin: kubectl120() },
    { name: 'kubectl 1.32', minor: 32, bin: kubectl132() },
  ];
}

export interface KubectlResult {
  /** exit code; null when killed (by kill() or the timeout) */
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  kubeconfig: string;
  stdin?: string;
  /** extra environment (EDITOR, …); KUBECONFIG and HOME are always the test's own */
  env?: Record<string, string>;
  /** kill kubectl after this long (default 20 s); the result then has code null */
  timeoutMs?: number;
}

/** One cache root per test file (vitest runs each file in its own worker). */
let cacheRoot: string | undefined;
function cacheDirFor(bin: string): string {
  if (!cacheRoot) {
    const root = mkdtempSync(join(tmpdir(), 'kubelab-kubectl-cache-'));
    process.once('exit', () => rmSync(root, { recursive: true, force: true }));
    cacheRoot = root;
  }
  return join(cacheRoot, bin.replace(/\W/g, '_'));
}

/** A kubectl running in the background: output so far, waiting for text, and its exit. */
export interface KubectlProcess {
  stdout(): string;
  stderr(): string;
  /** Resolves once stdout contains `text` (or matches it); rejects if kubectl exits first. */
  waitFor(text: string | RegExp): Promise<void>;
  exited: Promise<KubectlResult>;
  kill(): void;
}

export function startKubectl(bin: string, args: string[], opts: RunOptions): KubectlProcess {
  const full = ['--kubeconfig', opts.kubeconfig, '--cache-dir', cacheDirFor(bin), ...args];
  const env: NodeJS.ProcessEnv = { ...process.env, ...opts.env };
  env.KUBECONFIG = opts.kubeconfig;
  env.HOME = cacheRoot!;
  const child = spawn(bin, full, { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiters: { match: (s: string) => boolean; resolve: () => void }[] = [];
  const check = () => {
    for (const w of [...waiters]) {
      if (w.match(out)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString();
    check();
  });
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  child.stdin.on('error', () => {}); // kubectl may exit before reading stdin
  child.stdin.end(opts.stdin ?? '');
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 20_000);
  const exited = new Promise<KubectlResult>((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: out, stderr: err });
    }),
  );
  return {
    stdout: () => out,
    stderr: () => err,
    waitFor: (text) =>
      new Promise<void>((resolve, reject) => {
        const match = (s: string) => (typeof text === 'string' ? s.includes(text) : text.test(s));
        waiters.push({ match, resolve });
        check();
        void exited.then((r) =>
          reject(
            new Error(
              `kubectl ${args.join(' ')} exited before printing ${text}: ${JSON.stringify(r)}`,
            ),
          ),
        );
      }),
    exited,
    kill: () => child.kill(),
  };
}

/** Runs kubectl to completion. */
export function runKubectl(bin: string, args: string[], opts: RunOptions): Promise<KubectlResult> {
  return startKubectl(bin, args, opts).exited;
}

/**
 * kubectl's aligned table output as rows keyed by upper-case header. Columns start where their
 * header starts (kubectl pads with a tabwriter); headers may contain single spaces.
 */
export function parseTable(text: string): { headers: string[]; rows: Record<string, string>[] } {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const header = lines[0] ?? '';
  const cols: { name: string; start: number }[] = [];
  for (const m of header.matchAll(/\S+(?: \S+)*/g)) cols.push({ name: m[0], start: m.index });
  const rows = lines.slice(1).map((line) => {
    const row: Record<string, string> = {};
    cols.forEach((c, i) => {
      const end = i + 1 < cols.length ? cols[i + 1]!.start : undefined;
      row[c.name] = line.slice(c.start, end).trim();
    });
    return row;
  });
  return { headers: cols.map((c) => c.name), rows };
}

/** A tiny JSON client for the API server's loopback HTTP port, to set up and read back state. */
export function restClient(httpUrl: string) {
  return async function rest(
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<{ status: number; json: any }> {
    const res = await fetch(httpUrl + path, {
      method,
      headers: { 'content-type': contentType },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let json: any = text;
    try {
      json = JSON.parse(text);
    } catch {
      // not JSON (e.g. /healthz)
    }
    return { status: res.status, json };
  };
}

export type Rest = ReturnType<typeof restClient>;
