/**
 * A small fake Kubernetes API server for client tests, speaking the public wire contract only:
 * REST paths, Status errors, list with resourceVersion + limit/continue, chunked JSON watch lines,
 * ERROR 410 for compacted resourceVersions, bookmarks. Tests drive the server side directly
 * (serverPut/serverDelete/compact/closeWatches/inject) to produce the situations an informer meets.
 * Not a model of the real server's storage: continue pages read current state after the last key.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

type Obj = {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace?: string; resourceVersion?: string; [k: string]: unknown };
  [k: string]: unknown;
};

interface Event {
  rv: number;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  coll: string;
  obj: Obj;
}

interface Watcher {
  coll: string;
  ns?: string;
  selector?: string;
  bookmarks: boolean;
  res: http.ServerResponse;
}

/** A recorded request. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Returns a reply to short-circuit a request, or undefined to serve it normally. */
export type Injector = (
  req: SeenRequest,
) => { status: number; body: string; type?: string } | undefined;

interface Route {
  coll: string; // "<group>/<resource>", group "" for core
  ns?: string;
  name?: string;
  sub?: string;
}

export class FakeApiServer {
  readonly requests: SeenRequest[] = [];
  private readonly server = http.createServer((req, res) => this.handle(req, res));
  private readonly store = new Map<string, Map<string, Obj>>();
  private readonly history: Event[] = [];
  private readonly watchers = new Set<Watcher>();
  private rv = 100;
  private compactedRv = 0;
  private injectors: Injector[] = [];
  url = '';

  async start(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.closeWatches();
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }

  /** Current resourceVersion of the server. */
  get resourceVersion(): number {
    return this.rv;
  }

  /** Open watch streams right now. */
  get openWatches(): number {
    return this.watchers.size;
  }

  /** Requests matching a method and URL substring. */
  count(method: string, urlPart: string): number {
    return this.requests.filter((r) => r.method === method && r.url.includes(urlPart)).length;
  }

  /** Adds a hook consulted before each request (first match wins); returns a remover. */
  inject(fn: Injector): () => void {
    this.injectors.push(fn);
    return () => (this.injectors = this.injectors.filter((f) => f !== fn));
  }

  /** Server-side create-or-replace (as if another client wrote it); fans out a watch event. */
  serverPut(coll: string, input: object): Obj {
    const obj = input as Obj;
    const items = this.coll(coll);
    const key = keyOf(obj);
    const type = items.has(key) ? 'MODIFIED' : 'ADDED';
    const stored = structuredClone(obj);
    stored.metadata.resourceVersion = String(++this.rv);
    items.set(key, stored);
    this.record({ rv: this.rv, type, coll, obj: stored });
    return stored;
  }

  /** Server-side delete; fans out DELETED. */
  serverDelete(coll: string, namespace: string | undefined, name: string): void {
    const items = this.coll(coll);
    const key = namespace ? `${namespace}/${name}` : name;
    const old = items.get(key);
    if (!old) return;
    items.delete(key);
    const obj = structuredClone(old);
    obj.metadata.resourceVersion = String(++this.rv);
    this.record({ rv: this.rv, type: 'DELETED', coll, obj });
  }

  /** Forgets all history up to now: watches or continues from older versions get 410. */
  compact(): void {
    this.compactedRv = this.rv;
    this.history.length = 0;
  }

  /** Ends every open watch response cleanly (as a server timeout or restart would). */
  closeWatches(): void {
    for (const w of this.watchers) w.res.end();
    this.watchers.clear();
  }

  /** Sends a BOOKMARK at the current resourceVersion to watchers that asked for bookmarks. */
  bookmark(): void {
    for (const w of this.watchers) {
      if (!w.bookmarks) continue;
      const obj = {
        kind: 'Bookmark',
        apiVersion: 'v1',
        metadata: { resourceVersion: String(this.rv) },
      };
      w.res.write(JSON.stringify({ type: 'BOOKMARK', object: obj }) + '\n');
    }
  }

  /** Objects currently stored in a collection. */
  objects(coll: string): Obj[] {
    return [...this.coll(coll).values()];
  }

  // ---- request handling ----

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let body = '';
    for await (const c of req) body += c;
    const seen: SeenRequest = {
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      body,
    };
    this.requests.push(seen);
    for (const inj of this.injectors) {
      const r = inj(seen);
      if (r) {
        res.writeHead(r.status, { 'Content-Type': r.type ?? 'application/json' });
        res.end(r.body);
        return;
      }
    }
    const url = new URL(req.url ?? '/', 'http://x');
    const route = parseRoute(url.pathname);
    if (!route)
      return this.status(res, 404, 'NotFound', 'the server could not find the requested resource');
    try {
      this.serve(req.method ?? 'GET', route, url.searchParams, body, res);
    } catch (err) {
      this.status(res, 500, 'InternalError', String(err));
    }
  }

  private serve(
    method: string,
    r: Route,
    q: URLSearchParams,
    body: string,
    res: http.ServerResponse,
  ) {
    const items = this.coll(r.coll);
    const resource = r.coll.split('/')[1] as string;
    const key = r.name ? (r.ns ? `${r.ns}/${r.name}` : r.name) : '';
    const notFound = () =>
      this.status(res, 404, 'NotFound', `${resource} "${r.name}" not found`, {
        name: r.name,
        kind: resource,
      });
    if (method === 'GET' && !r.name) {
      if (q.get('watch') === 'true' || q.get('watch') === '1') return this.watch(r, q, res);
      return this.list(r, q, res);
    }
    if (method === 'GET') {
      const obj = items.get(key);
      return obj ? this.json(res, 200, obj) : notFound();
    }
    if (method === 'POST' && !r.name) {
      const obj = JSON.parse(body) as Obj;
      if (r.ns) obj.metadata.namespace = r.ns;
      if (items.has(keyOf(obj))) {
        return this.status(
          res,
          409,
          'AlreadyExists',
          `${resource} "${obj.metadata.name}" already exists`,
          {
            name: obj.metadata.name,
            kind: resource,
          },
        );
      }
      return this.json(res, 201, this.serverPut(r.coll, obj));
    }
    const cur = items.get(key);
    if (!cur) return notFound();
    if (method === 'POST' && r.sub === 'binding') {
      const binding = JSON.parse(body) as { target: { name: string } };
      const next = structuredClone(cur) as Obj & { spec?: Record<string, unknown> };
      next.spec = { ...(next.spec ?? {}), nodeName: binding.target.name };
      this.serverPut(r.coll, next);
      return this.json(res, 201, {
        kind: 'Status',
        apiVersion: 'v1',
        status: 'Success',
        code: 201,
      });
    }
    if (method === 'PUT') {
      const obj = JSON.parse(body) as Obj;
      const want = obj.metadata.resourceVersion;
      if (want && want !== cur.metadata.resourceVersion) {
        return this.status(
          res,
          409,
          'Conflict',
          `Operation cannot be fulfilled on ${resource} "${r.name}": the object has been modified; please apply your changes to the latest version and try again`,
          { name: r.name, kind: resource },
        );
      }
      const next = r.sub === 'status' ? { ...structuredClone(cur), status: obj.status } : obj;
      return this.json(res, 200, this.serverPut(r.coll, next as Obj));
    }
    if (method === 'PATCH') {
      const ct = String(res.req.headers['content-type']);
      if (ct !== 'application/merge-patch+json') {
        return this.status(res, 415, 'UnsupportedMediaType', `unsupported patch type ${ct}`);
      }
      return this.json(res, 200, this.serverPut(r.coll, mergePatch(cur, JSON.parse(body)) as Obj));
    }
    if (method === 'DELETE') {
      this.serverDelete(r.coll, r.ns, r.name as string);
      return this.json(res, 200, cur);
    }
    return this.status(res, 405, 'MethodNotAllowed', `method ${method} not allowed`);
  }

  private list(r: Route, q: URLSearchParams, res: http.ServerResponse) {
    let all = this.select(r, q.get('labelSelector') ?? undefined).sort((a, b) =>
      keyOf(a).localeCompare(keyOf(b)),
    );
    let rv = this.rv;
    const cont = q.get('continue');
    if (cont) {
      const tok = JSON.parse(Buffer.from(cont, 'base64url').toString()) as {
        rv: number;
        start: string;
      };
      if (tok.rv < this.compactedRv) {
        return this.status(res, 410, 'Expired', 'The provided continue parameter is too old');
      }
      rv = tok.rv;
      all = all.filter((o) => keyOf(o) > tok.start);
    }
    const limit = Number(q.get('limit') ?? 0);
    const page = limit > 0 ? all.slice(0, limit) : all;
    const metadata: Record<string, unknown> = { resourceVersion: String(rv) };
    if (limit > 0 && all.length > limit) {
      const last = keyOf(page[page.length - 1] as Obj);
      metadata.continue = Buffer.from(JSON.stringify({ rv, start: last })).toString('base64url');
    }
    this.json(res, 200, { kind: 'List', apiVersion: 'v1', metadata, items: page });
  }

  private watch(r: Route, q: URLSearchParams, res: http.ServerResponse) {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
    res.flushHeaders();
    const rvParam = q.get('resourceVersion');
    const selector = q.get('labelSelector') ?? undefined;
    const w: Watcher = {
      coll: r.coll,
      ns: r.ns,
      selector,
      bookmarks: q.get('allowWatchBookmarks') === 'true',
      res,
    };
    if (!rvParam || rvParam === '0') {
      for (const obj of this.select(r, selector)) send(res, 'ADDED', obj);
    } else {
      const from = Number(rvParam);
      if (from < this.compactedRv) {
        send(res, 'ERROR', {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: `too old resource version: ${from} (${this.compactedRv})`,
          reason: 'Expired',
          code: 410,
        });
        res.end();
        return;
      }
      for (const ev of this.history) if (ev.rv > from && matches(w, ev)) send(res, ev.type, ev.obj);
    }
    this.watchers.add(w);
    res.on('close', () => this.watchers.delete(w));
  }

  private record(ev: Event): void {
    this.history.push(ev);
    for (const w of this.watchers) if (matches(w, ev)) send(w.res, ev.type, ev.obj);
  }

  private select(r: Route, selector?: string): Obj[] {
    return [...this.coll(r.coll).values()].filter(
      (o) => (!r.ns || o.metadata.namespace === r.ns) && labelsMatch(o, selector),
    );
  }

  private coll(name: string): Map<string, Obj> {
    let m = this.store.get(name);
    if (!m) this.store.set(name, (m = new Map()));
    return m;
  }

  private json(res: http.ServerResponse, code: number, obj: unknown) {
    res.writeHead(code, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(obj));
  }

  private status(
    res: http.ServerResponse,
    code: number,
    reason: string,
    message: string,
    details?: object,
  ) {
    this.json(res, code, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message,
      reason,
      ...(details ? { details } : {}),
      code,
    });
  }
}

function send(res: http.ServerResponse, type: string, object: unknown) {
  res.write(JSON.stringify({ type, object }) + '\n');
}

function matches(w: Watcher, ev: Event): boolean {
  return (
    w.coll === ev.coll &&
    (!w.ns || ev.obj.metadata.namespace === w.ns) &&
    labelsMatch(ev.obj, w.selector)
  );
}

/** Equality-only label selectors ("a=b,c=d"), enough for these tests. */
function labelsMatch(o: Obj, selector?: string): boolean {
  if (!selector) return true;
  const labels = (o.metadata.labels ?? {}) as Record<string, string>;
  return selector.split(',').every((part) => {
    const [k, v] = part.split('=');
    return labels[k as string] === v;
  });
}

function keyOf(o: Obj): string {
  return o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name;
}

function parseRoute(pathname: string): Route | undefined {
  const segs = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  let group: string;
  let rest: string[];
  if (segs[0] === 'api' && segs.length >= 3) {
    group = '';
    rest = segs.slice(2);
  } else if (segs[0] === 'apis' && segs.length >= 4) {
    group = segs[1] as string;
    rest = segs.slice(3);
  } else return undefined;
  let ns: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    ns = rest[1];
    rest = rest.slice(2);
  }
  const [resource, name, sub] = rest;
  if (!resource) return undefined;
  return { coll: `${group}/${resource}`, ns, name, sub };
}

function mergePatch(target: unknown, patch: unknown): unknown {
  if (!patch || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> =
    target && typeof target === 'object' && !Array.isArray(target) ? { ...(target as object) } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}
