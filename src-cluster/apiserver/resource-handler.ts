/**
 * The REST verbs for a resource request: decodes input, calls the registry, encodes output. One
 * function per verb; subresources (status, scale, binding, finalize) are routed here too.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KubeObject, StoredObject } from '../api/object';
import { groupVersion } from '../api/resources';
import { decodeJson, decodeObjectBody, mediaType, readBody, requireObject } from './body';
import { buildFilter } from './registry/filter';
import { listObjects } from './registry/list';
import type { Registry } from './registry/registry';
import { watchObjects } from './registry/watch';
import { applyPatch, patchTypeFromContentType, PatchError } from './patch';
import { boolParam, deleteOptions, intParam, isDryRun } from './query';
import type { ResourceRequest } from './request-info';
import { writeObject } from './response';
import {
  ApiStatusError,
  badRequest,
  conflict,
  methodNotAllowed,
  unsupportedMediaType,
} from './status';
import { getScale, patchScale, updateScale } from './subresources/scale';
import { bindPod } from './subresources/binding';
import { openWatchStream } from './watch-stream';
import { proxyPodSubresource } from './proxy';
import type { ServerContext } from './server-context';
import { checkNamespaceDelete } from './admission/namespace-lifecycle';

export interface HandlerCall {
  req: IncomingMessage;
  res: ServerResponse;
  query: URLSearchParams;
  info: ResourceRequest;
  reg: Registry;
  ctx: ServerContext;
  client: string;
  causalId: string;
}

function listObject(
  reg: Registry,
  items: StoredObject[],
  rv: string,
  cont?: string,
  remaining?: number,
) {
  return {
    kind: reg.info.listKind,
    apiVersion: groupVersion(reg.info),
    metadata: {
      resourceVersion: rv,
      ...(cont ? { continue: cont } : {}),
      ...(remaining !== undefined ? { remainingItemCount: remaining } : {}),
    },
    items,
  };
}

async function handleList(c: HandlerCall) {
  const { query, reg, info } = c;
  const filter = buildFilter(
    reg.info,
    query.get('labelSelector') ?? undefined,
    query.get('fieldSelector') ?? undefined,
  );
  const limit = intParam(query, 'limit');
  const page = await listObjects(reg, info.namespace, {
    filter,
    ...(limit ? { limit } : {}),
    ...(query.get('continue') ? { continueToken: query.get('continue')! } : {}),
    ...(query.get('resourceVersion') !== null
      ? { resourceVersion: query.get('resourceVersion')! }
      : {}),
    ...(query.get('resourceVersionMatch')
      ? { resourceVersionMatch: query.get('resourceVersionMatch')! }
      : {}),
  });
  const list = listObject(
    reg,
    page.items,
    page.resourceVersion,
    page.continueToken,
    page.remainingItemCount,
  );
  c.ctx.respond(c, 200, list);
}

async function handleWatch(c: HandlerCall) {
  const { query, reg, info, ctx } = c;
  const filter = buildFilter(
    reg.info,
    query.get('labelSelector') ?? undefined,
    query.get('fieldSelector') ?? undefined,
  );
  const timeoutSeconds =
    intParam(query, 'timeoutSeconds') ??
    Math.floor(ctx.minRequestTimeoutSeconds * (1 + Math.random()));
  const stream = openWatchStream(c.req, c.res, {
    maxBufferedBytes: ctx.watchBufferLimitBytes,
    timeoutSeconds: Math.max(0, timeoutSeconds),
    clock: ctx.clock,
    trace: ctx.trace,
    traceInfo: {
      resource: info.resource,
      ...(info.namespace ? { namespace: info.namespace } : {}),
      client: c.client,
      causalId: c.causalId,
    },
    ...(ctx.watchEncoder(c) ? { encode: ctx.watchEncoder(c)! } : {}),
  });
  let active;
  try {
    active = await watchObjects(
      reg,
      info.namespace,
      {
        filter,
        ...(query.get('resourceVersion') !== null
          ? { resourceVersion: query.get('resourceVersion')! }
          : {}),
        allowWatchBookmarks: boolParam(query, 'allowWatchBookmarks'),
        ...(query.get('sendInitialEvents') !== null
          ? { sendInitialEvents: boolParam(query, 'sendInitialEvents') }
          : {}),
        bookmarkIntervalMs: ctx.bookmarkIntervalMs,
        clock: ctx.clock,
      },
      stream.sink,
    );
  } catch (err) {
    stream.sink.error(err instanceof ApiStatusError ? err : badRequest((err as Error).message));
    return;
  }
  await stream.done;
  active.stop();
}

async function readObject(c: HandlerCall): Promise<KubeObject> {
  const body = await readBody(c.req, c.ctx.maxBodyBytes);
  return requireObject(decodeObjectBody(body, c.req.headers['content-type'])) as KubeObject;
}

async function handleCreate(c: HandlerCall) {
  const { info, reg, ctx } = c;
  const dryRun = isDryRun(c.query);
  if (info.subresource) return handleSubresourceCreate(c, dryRun);
  if (info.name)
    throw methodNotAllowed(`the server does not allow this method on the requested resource`);
  const obj = await readObject(c);
  const created = await reg.create(info.namespace, obj, { dryRun });
  ctx.respond(c, 201, created);
}

async function handleSubresourceCreate(c: HandlerCall, dryRun: boolean) {
  const { info, reg, ctx } = c;
  if (info.resource === 'pods' && info.subresource === 'binding' && info.namespace && info.name) {
    const obj = await readObject(c);
    const status = await bindPod(reg, info.namespace, info.name, obj, ctx.clock.now(), dryRun);
    writeObject(c.res, 201, status);
    return;
  }
  if (isPodStream(info)) return relayToKubelet(c);
  throw methodNotAllowed('the server does not allow this method on the requested resource');
}

function isPodStream(info: ResourceRequest): boolean {
  return (
    info.group === '' &&
    info.resource === 'pods' &&
    (info.subresource === 'log' || info.subresource === 'exec' || info.subresource === 'attach')
  );
}

/**
 * pods/log, exec and attach are answered by the pod's kubelet. Upgraded exec/attach connections
 * arrive through the server's 'upgrade' event instead; a plain request is relayed as is.
 */
function relayToKubelet(c: HandlerCall): Promise<void> {
  const { info } = c;
  return proxyPodSubresource(
    c.req,
    c.res,
    c.ctx.proxyContext,
    info.namespace!,
    info.name!,
    info.subresource as 'log' | 'exec' | 'attach',
    c.query,
  );
}

async function handleGet(c: HandlerCall) {
  const { info, reg, ctx } = c;
  if (info.subresource === 'scale')
    return ctx.respond(c, 200, await getScale(reg, info.namespace, info.name!), true);
  if (isPodStream(info)) return relayToKubelet(c);
  const obj = await reg.get(info.namespace, info.name!);
  ctx.respond(c, 200, obj);
}

async function handleUpdate(c: HandlerCall) {
  const { info, reg, ctx } = c;
  const dryRun = isDryRun(c.query);
  const obj = await readObject(c);
  if (info.subresource === 'scale') {
    return ctx.respond(
      c,
      200,
      await updateScale(reg, info.namespace, info.name!, obj, dryRun),
      true,
    );
  }
  const updated = await reg.update(info.namespace, info.name!, obj, {
    dryRun,
    ...(info.subresource ? { subresource: info.subresource } : {}),
  });
  ctx.respond(c, 200, updated);
}

async function handlePatch(c: HandlerCall) {
  const { info, reg, ctx } = c;
  const ct = c.req.headers['content-type'];
  const type = patchTypeFromContentType(mediaType(ct));
  if (!type) throw unsupportedMediaType(ct ?? '');
  const dryRun = isDryRun(c.query);
  const patch = decodeJson(await readBody(c.req, ctx.maxBodyBytes));
  if (type !== 'json') requireObject(patch, 'object (a merge patch)');
  else if (!Array.isArray(patch))
    throw badRequest('a JSON patch must be a JSON array of operations');
  const target = { group: reg.info.group, kind: reg.info.kind };
  try {
    if (info.subresource === 'scale') {
      return ctx.respond(
        c,
        200,
        await patchScale(reg, info.namespace, info.name!, type, patch, dryRun),
        true,
      );
    }
    const updated = await reg.guaranteedUpdate(
      info.namespace,
      info.name!,
      (cur) => {
        const next = applyPatch(type, cur, patch, target) as KubeObject;
        // A resourceVersion inside the patch is a precondition, as upstream treats it.
        const rv = next.metadata?.resourceVersion;
        if (rv && rv !== cur.metadata.resourceVersion) throw conflict(reg.qualified, info.name!);
        return next;
      },
      { dryRun, ...(info.subresource ? { subresource: info.subresource } : {}) },
    );
    ctx.respond(c, 200, updated);
  } catch (err) {
    if (err instanceof PatchError) {
      if (err.code === 400) throw badRequest(err.message);
      // Upstream answers a patch that cannot be applied (a failed JSON-patch test, a bad path)
      // with a generic 422 naming no object and no cause.
      throw new ApiStatusError(
        422,
        'Invalid',
        'the server rejected our request due to an error in our request',
        {},
      );
    }
    throw err;
  }
}

async function readOptionalJson(c: HandlerCall): Promise<unknown> {
  const body = await readBody(c.req, c.ctx.maxBodyBytes);
  if (body.length === 0 || body.toString('utf8').trim() === '') return undefined;
  return decodeJson(body);
}

async function handleDelete(c: HandlerCall) {
  const { info, reg, ctx } = c;
  if (info.subresource)
    throw methodNotAllowed('the server does not allow this method on the requested resource');
  const opts = deleteOptions(c.query, await readOptionalJson(c));
  if (reg.info.kind === 'Namespace' && !reg.info.group) checkNamespaceDelete(info.name!);
  const result = await reg.delete(info.namespace, info.name!, opts);
  if (result.deleted && reg.info.kind !== 'Pod') {
    // Most resources answer an immediate delete with a Success Status naming what went.
    writeObject(c.res, 200, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: {
        name: info.name,
        ...(reg.info.group ? { group: reg.info.group } : {}),
        kind: reg.info.resource,
        uid: result.object.metadata.uid,
      },
    });
    return;
  }
  ctx.respond(c, 200, result.object);
}

async function handleDeleteCollection(c: HandlerCall) {
  const { info, reg, ctx, query } = c;
  const opts = deleteOptions(query, await readOptionalJson(c));
  const filter = buildFilter(
    reg.info,
    query.get('labelSelector') ?? undefined,
    query.get('fieldSelector') ?? undefined,
  );
  const page = await listObjects(reg, info.namespace, { filter });
  const deleted: StoredObject[] = [];
  for (const item of page.items) {
    try {
      deleted.push((await reg.delete(item.metadata.namespace, item.metadata.name!, opts)).object);
    } catch (err: unknown) {
      if (!(err instanceof ApiStatusError && err.code === 404)) throw err;
    }
  }
  ctx.respond(c, 200, listObject(reg, deleted, page.resourceVersion));
}

export async function handleResource(c: HandlerCall): Promise<void> {
  const { info, reg } = c;
  if (
    info.subresource &&
    !reg.info.subresources.includes(info.subresource as never) &&
    !(reg.info.kind === 'Namespace' && info.subresource === 'finalize')
  ) {
    throw c.ctx.notFoundPath();
  }
  if (reg.info.virtual) {
    if (info.verb !== 'get' && info.verb !== 'list')
      throw methodNotAllowed(`the server does not allow this method on the requested resource`);
    return c.ctx.serveVirtual(c);
  }
  switch (info.verb) {
    case 'list':
      return handleList(c);
    case 'watch':
      return handleWatch(c);
    case 'get':
      return handleGet(c);
    case 'create':
      return handleCreate(c);
    case 'update':
      return handleUpdate(c);
    case 'patch':
      return handlePatch(c);
    case 'delete':
      return handleDelete(c);
    case 'deletecollection':
      return handleDeleteCollection(c);
  }
}
