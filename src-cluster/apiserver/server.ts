/**
 * The API server: routes HTTP(S) requests to discovery, health and the resource registries, and
 * records every request as a trace event. Storage is any Store (SQLite, etcd, memory).
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import { RESOURCES, findResource, type ResourceInfo } from '../api/resources';
import type { StoredObject } from '../api/object';
import { realClock, type Clock } from '../../src-shared/util/clock';
import { nullTraceSink, type TraceSink } from '../../src-shared/trace';
import type { Store } from '../store/store';
import { MAX_BODY_BYTES } from './body';
import { apiGroupDoc, apiGroupList, apiVersions, resourceList, versionInfo } from './discovery';
import { eventsV1Codec } from './registry/events/codec';
import { Registry } from './registry/registry';
import { WatchCache } from './registry/watch-cache';
import { DefaultStrategy, type Strategy } from './registry/strategy';
import { PodStrategy } from './registry/pods/strategy';
import { NamespaceStrategy } from './registry/namespaces/strategy';
import { SecretStrategy } from './registry/secrets/strategy';
import { ServiceStrategy } from './registry/services/strategy';
import {
  DEFAULT_RANGES,
  ServiceAllocator,
  type ServiceRanges,
} from './registry/services/allocator';
import { authenticate } from './authn/authenticator';
import type { UserInfo } from './authn/user';
import {
  tableWatchEncoder,
  toTable,
  wantsTable,
  type IncludeObject,
  type Table,
  type TableVersion,
} from '../api/printers';
import { serveOpenApi } from './openapi';
import { matchPodStreamPath, proxyPodUpgrade, type ProxyContext } from './proxy';
import { writeSocketStatus } from './proxy/upgrade-proxy';
import type { Duplex } from 'node:stream';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { bootstrapSystemObjects, reconcileApiEndpoints } from './bootstrap';
import { namespaceLifecycle } from './admission/namespace-lifecycle';
import { mutateOnCreate } from './admission/mutating';
import { parseRequestInfo } from './request-info';
import { handleResource, type HandlerCall } from './resource-handler';
import { addWarning, writeObject, writeStatus } from './response';
import type { ServerContext } from './server-context';
import {
  badRequest,
  methodNotAllowed,
  notFound,
  pathNotFound,
  toApiStatusError,
  ApiStatusError,
} from './status';
import { componentStatuses } from './virtual/component-status';

export interface ApiServerOptions {
  store: Store;
  clock?: Clock;
  trace?: TraceSink;
  /** What discovery reports as the server address ("127.0.0.1:6443"). */
  serverAddress?: string;
  maxBodyBytes?: number;
  /** Upstream --min-request-timeout: watches last this long × a random factor in [1, 2). */
  minRequestTimeoutSeconds?: number;
  watchBufferLimitBytes?: number;
  bookmarkIntervalMs?: number;
  /** Service CIDR and node-port range (kubeadm defaults 10.96.0.0/12, 30000-32767). */
  serviceRanges?: ServiceRanges;
  /** Static bearer tokens (token → user), from --token-auth-file. */
  tokens?: Map<string, UserInfo>;
}

function includeObjectParam(q: URLSearchParams): IncludeObject {
  const v = q.get('includeObject');
  if (v === 'Object' || v === 'None' || v === 'Metadata') return v;
  if (v)
    throw badRequest(
      `includeObject: Unsupported value: "${v}": supported values: "Metadata", "None", "Object"`,
    );
  return 'Metadata';
}

/**
 * Who is calling, for traces: kubelab's components send `kubelab/<component>` (the component is
 * the name that matters), other clients `<name>/<version> …` (kubectl, node-fetch…).
 */
function clientName(req: IncomingMessage): string {
  const ua = String(req.headers['user-agent'] ?? 'unknown');
  const [first, second] = ua.split(/[/\s]/);
  return (first === 'kubelab' && second ? second : first) || 'unknown';
}

/** Paths anyone may read, as upstream's system:public-info-viewer allows. */
const PUBLIC_PATHS = new Set(['/healthz', '/livez', '/readyz', '/version']);

export interface ListenOptions {
  /** HTTPS on this port (0 = any free port). */
  securePort?: number;
  secureHost?: string;
  tls?: { key: string; cert: string; ca?: string };
  /** Plain HTTP on this port, always bound to loopback. */
  insecurePort?: number;
}

function strategyFor(info: ResourceInfo, allocator: ServiceAllocator): Strategy {
  if (info.kind === 'Service' && !info.group) return new ServiceStrategy(info, allocator);
  if (info.kind === 'Pod' && !info.group) return new PodStrategy(info);
  if (info.kind === 'Namespace' && !info.group) return new NamespaceStrategy(info);
  if (info.kind === 'Secret' && !info.group) return new SecretStrategy(info);
  return new DefaultStrategy(info);
}

const regKey = (group: string, version: string, resource: string) =>
  `${group}/${version}/${resource}`;

export class ApiServer implements ServerContext {
  readonly clock: Clock;
  readonly trace: TraceSink;
  readonly maxBodyBytes: number;
  readonly minRequestTimeoutSeconds: number;
  readonly watchBufferLimitBytes: number;
  readonly bookmarkIntervalMs: number;
  private readonly registries = new Map<string, Registry>();
  private readonly watchCaches = new Map<string, WatchCache>();
  private readonly servers: (http.Server | https.Server)[] = [];
  private readonly sockets = new Set<Socket>();
  private serverAddress: string;

  constructor(private readonly opts: ApiServerOptions) {
    this.clock = opts.clock ?? realClock;
    this.trace = opts.trace ?? nullTraceSink;
    this.maxBodyBytes = opts.maxBodyBytes ?? MAX_BODY_BYTES;
    this.minRequestTimeoutSeconds = opts.minRequestTimeoutSeconds ?? 1800;
    this.watchBufferLimitBytes = opts.watchBufferLimitBytes ?? 8 * 1024 * 1024;
    this.bookmarkIntervalMs = opts.bookmarkIntervalMs ?? 60_000;
    this.serverAddress = opts.serverAddress ?? '127.0.0.1:6443';
    const admitCreate = namespaceLifecycle(() => this.registry('', 'v1', 'namespaces')!);
    const deps = {
      store: opts.store,
      clock: this.clock,
      admitCreate,
      mutateCreate: mutateOnCreate,
    };
    const allocator = new ServiceAllocator(opts.store, opts.serviceRanges);
    const coreEvents = RESOURCES.find((r) => r.kind === 'Event' && r.group === '')!;
    for (const info of RESOURCES) {
      const codec = info.group === 'events.k8s.io' ? eventsV1Codec : undefined;
      const reg = new Registry(
        info,
        strategyFor(info, allocator),
        deps,
        codec,
        codec ? coreEvents : undefined,
      );
      // One shared store watch per key space (both Event APIs share /registry/events/).
      const space = `${info.storagePrefix}/`;
      if (!this.watchCaches.has(space))
        this.watchCaches.set(space, new WatchCache(opts.store, space));
      reg.watchSource = this.watchCaches.get(space)!;
      this.registries.set(regKey(info.group, info.version, info.resource), reg);
    }
  }

  get store(): Store {
    return this.opts.store;
  }

  registry(group: string, version: string, resource: string): Registry | undefined {
    return this.registries.get(regKey(group, version, resource));
  }

  /**
   * Creates the system namespaces and the kubernetes Service (idempotent; safe with several API
   * servers on one store).
   */
  async bootstrap(): Promise<void> {
    await bootstrapSystemObjects(
      this.registry('', 'v1', 'namespaces')!,
      this.registry('', 'v1', 'services')!,
      (this.opts.serviceRanges ?? DEFAULT_RANGES).serviceCidr,
    );
  }

  /** Publishes this server's address in the default/kubernetes Endpoints. */
  async advertise(ip: string, port: number): Promise<void> {
    await reconcileApiEndpoints(
      this.registry('', 'v1', 'endpoints')!,
      this.registry('discovery.k8s.io', 'v1', 'endpointslices')!,
      ip,
      port,
    );
  }

  respond(c: HandlerCall, code: number, body: unknown, raw?: boolean): void {
    if (c.reg.info.deprecationWarning) addWarning(c.res, c.reg.info.deprecationWarning);
    const tableVersion = raw ? null : wantsTable(c.req.headers.accept);
    if (tableVersion) body = this.asTable(c, body, tableVersion);
    writeObject(c.res, code, body, c.req.headers.accept);
  }

  /** A list or an object as the meta.k8s.io Table `kubectl get` asks for. */
  private asTable(c: HandlerCall, body: unknown, tableVersion: TableVersion): Table {
    const includeObject = includeObjectParam(c.query);
    const b = body as StoredObject & { items?: StoredObject[] };
    const opts = { now: this.clock.now(), includeObject, tableVersion };
    if (Array.isArray(b.items)) {
      const meta = b.metadata as {
        resourceVersion?: string;
        continue?: string;
        remainingItemCount?: number;
      };
      return toTable(c.reg.info, b.items, { ...opts, listMeta: meta ?? {} });
    }
    return toTable(c.reg.info, [b], opts);
  }

  watchEncoder(c: HandlerCall): ((type: string, obj: StoredObject) => unknown) | undefined {
    const tableVersion = wantsTable(c.req.headers.accept);
    if (!tableVersion) return undefined;
    const encode = tableWatchEncoder(c.reg.info, {
      now: () => this.clock.now(),
      includeObject: includeObjectParam(c.query),
      tableVersion,
    });
    // Bookmarks carry only a resourceVersion; they stay plain objects.
    return (type, obj) => (type === 'BOOKMARK' ? obj : encode(obj));
  }

  /** How pods/log, exec and attach find the kubelet to relay to. */
  readonly proxyContext: ProxyContext = {
    getPod: async (ns, name) => (await this.registry('', 'v1', 'pods')!.get(ns, name)) as Pod,
    getNode: async (name) => (await this.registry('', 'v1', 'nodes')!.get(undefined, name)) as Node,
  };

  /**
   * `Upgrade:` requests (kubectl exec/attach over SPDY or WebSocket) arrive on the server's
   * 'upgrade' event, not the request handler: authenticate them the same way, then relay them to
   * the kubelet byte for byte.
   */
  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, secure: boolean): void {
    const url = new URL(req.url ?? '/', 'http://kubelab');
    const m = matchPodStreamPath(url.pathname);
    try {
      authenticate(req, secure, { ...(this.opts.tokens ? { tokens: this.opts.tokens } : {}) });
      if (!m || m.subresource === 'log') throw pathNotFound();
    } catch (err) {
      writeSocketStatus(socket, toApiStatusError(err));
      return;
    }
    this.trace.emit({
      time: this.clock.now(),
      from: { component: clientName(req) },
      to: { component: 'apiserver' },
      verb: 'create',
      resource: 'pods',
      subresource: m.subresource,
      namespace: m.namespace,
      name: m.pod,
      outcome: 'upgrade',
    });
    void proxyPodUpgrade(
      req,
      socket,
      head,
      this.proxyContext,
      m.namespace,
      m.pod,
      m.subresource,
      url.searchParams,
    );
  }

  notFoundPath(): ApiStatusError {
    return pathNotFound();
  }

  async serveVirtual(c: HandlerCall): Promise<void> {
    const leases = this.registry('coordination.k8s.io', 'v1', 'leases')!;
    const all = await componentStatuses(this.opts.store, leases, this.clock);
    if (c.info.verb === 'get') {
      const one = all.find((x) => x.metadata.name === c.info.name);
      if (!one) throw notFound(c.reg.qualified, c.info.name!);
      return this.respond(c, 200, one);
    }
    this.respond(c, 200, {
      kind: 'ComponentStatusList',
      apiVersion: 'v1',
      metadata: {},
      items: all,
    });
  }

  /**
   * The request handler for a trusted loopback server (no authentication), usable with any http
   * server or directly in tests.
   */
  readonly handle = (req: IncomingMessage, res: ServerResponse): Promise<void> =>
    this.serve(req, res, false);

  /** Serves one request; `secure` requests must authenticate (client certificate or token). */
  async serve(req: IncomingMessage, res: ServerResponse, secure: boolean): Promise<void> {
    const started = this.clock.now();
    const url = new URL(req.url ?? '/', 'http://kubelab');
    const causalId = String(req.headers['x-kubelab-causal-id'] ?? randomUUID());
    const client = clientName(req);
    let traceFields: {
      verb: string;
      resource?: string;
      subresource?: string;
      namespace?: string;
      name?: string;
    } = {
      verb: (req.method ?? 'GET').toLowerCase(),
    };
    let user: UserInfo | undefined;
    try {
      if (!PUBLIC_PATHS.has(url.pathname)) {
        user = authenticate(req, secure, {
          ...(this.opts.tokens ? { tokens: this.opts.tokens } : {}),
        });
      }
      const info = parseRequestInfo(req.method ?? 'GET', url.pathname, url.searchParams);
      if (!info)
        throw methodNotAllowed(`the server does not allow this method on the requested resource`);
      switch (info.kind) {
        case 'nonresource':
          if (serveOpenApi(req, res, url.pathname)) return;
          return this.serveNonResource(url.pathname, res);
        case 'discovery-root':
          return writeObject(
            res,
            200,
            info.prefix === 'api' ? apiVersions(this.serverAddress) : apiGroupList(),
          );
        case 'discovery-group': {
          const doc = apiGroupDoc(info.group);
          if (!doc) throw pathNotFound();
          return writeObject(res, 200, doc);
        }
        case 'discovery-version': {
          const doc = resourceList(info.group, info.version);
          if (!doc) throw pathNotFound();
          return writeObject(res, 200, doc);
        }
      }
      traceFields = {
        verb: info.verb,
        resource: info.resource,
        ...(info.subresource ? { subresource: info.subresource } : {}),
        ...(info.namespace ? { namespace: info.namespace } : {}),
        ...(info.name ? { name: info.name } : {}),
      };
      const resInfo = findResource(info.group, info.version, info.resource);
      const reg = resInfo && this.registry(info.group, info.version, info.resource);
      if (!reg) throw pathNotFound();
      // A namespaced resource addressed without a namespace is a cluster-wide list/watch only.
      if (
        resInfo.namespaced &&
        info.namespace === undefined &&
        info.verb !== 'list' &&
        info.verb !== 'watch'
      ) {
        if (info.verb !== 'create' || info.name) throw pathNotFound();
      }
      if (!resInfo.namespaced && info.namespace !== undefined) throw pathNotFound();
      await handleResource({
        req,
        res,
        query: url.searchParams,
        info,
        reg,
        ctx: this,
        client,
        causalId,
      });
    } catch (err) {
      const status = toApiStatusError(err);
      if (res.headersSent) res.end();
      else writeStatus(res, status);
    } finally {
      this.trace.emit({
        time: started,
        from: { component: client },
        to: { component: 'apiserver' },
        ...traceFields,
        latencyMs: this.clock.now() - started,
        outcome: res.statusCode,
        causalId,
        ...(user ? { detail: { user: user.name } } : {}),
      });
    }
  }

  private async serveNonResource(path: string, res: ServerResponse): Promise<void> {
    switch (path) {
      case '/version':
        return writeObject(res, 200, versionInfo());
      case '/healthz':
      case '/livez':
      case '/readyz':
      case '/healthz/etcd':
      case '/readyz/etcd': {
        try {
          await this.opts.store.currentRevision();
        } catch (err) {
          res.writeHead(500, { 'Content-Type': 'text/plain' });
          res.end(`[-]etcd failed: ${(err as Error).message}\n${path.slice(1)} check failed`);
          return;
        }
        res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('ok');
        return;
      }
      default:
        throw pathNotFound();
    }
  }

  /** Starts listening; resolves with the bound ports. */
  async listen(opts: ListenOptions): Promise<{ securePort?: number; insecurePort?: number }> {
    const out: { securePort?: number; insecurePort?: number } = {};
    const track = (s: http.Server | https.Server) => {
      s.on('connection', (sock: Socket) => {
        this.sockets.add(sock);
        sock.on('close', () => this.sockets.delete(sock));
      });
      // Watches are long-lived: no server-side socket timeout (the watch has its own).
      s.requestTimeout = 0;
      s.headersTimeout = 60_000;
      this.servers.push(s);
    };
    const bind = (s: http.Server | https.Server, port: number, host: string) =>
      new Promise<number>((resolve, reject) => {
        s.once('error', reject);
        s.listen(port, host, () => resolve((s.address() as AddressInfo).port));
      });
    if (opts.securePort !== undefined) {
      if (!opts.tls) throw new Error('a secure port needs a TLS key and certificate');
      const s = https.createServer(
        {
          key: opts.tls.key,
          cert: opts.tls.cert,
          ...(opts.tls.ca ? { ca: opts.tls.ca } : {}),
          // Client certificates are requested (authentication), not required: tokens work too.
          requestCert: true,
          rejectUnauthorized: false,
        },
        (req, res) => void this.serve(req, res, true),
      );
      s.on('upgrade', (req, socket, head) => this.onUpgrade(req, socket, head, true));
      track(s);
      out.securePort = await bind(s, opts.securePort, opts.secureHost ?? '127.0.0.1');
      this.serverAddress = `${opts.secureHost ?? '127.0.0.1'}:${out.securePort}`;
    }
    if (opts.insecurePort !== undefined) {
      const s = http.createServer((req, res) => void this.handle(req, res));
      s.on('upgrade', (req, socket, head) => this.onUpgrade(req, socket, head, false));
      track(s);
      out.insecurePort = await bind(s, opts.insecurePort, '127.0.0.1');
    }
    return out;
  }

  /** Stops listening and ends open connections (watches included). Does not close the store. */
  async close(): Promise<void> {
    for (const c of this.watchCaches.values()) c.close();
    for (const s of this.sockets) s.destroy();
    await Promise.all(this.servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    this.servers.length = 0;
  }
}
