/**
 * `kubectl apply -f` for the YAML editor: each document is created, or, when it exists, patched
 * with a strategic merge of the document (the editor always sends whole objects).
 */
import { parseAllDocuments, stringify } from 'yaml';
import { isAlreadyExists, type ApiClient, type ClientObject } from '../../src-cluster/client';
import type { ApplyResult, ObjectRef } from '../../src-shared/ipc';
import { KIND_REFS, refForKind } from './kinds';

export async function applyYaml(client: ApiClient, text: string): Promise<ApplyResult[]> {
  const docs = parseAllDocuments(text);
  const results: ApplyResult[] = [];
  for (const doc of docs) {
    if (doc.errors.length) {
      results.push({
        ref: { kind: '?', name: '?' },
        action: 'failed',
        message: doc.errors[0]!.message,
      });
      continue;
    }
    const obj = doc.toJSON() as ClientObject | null;
    if (!obj) continue;
    results.push(await applyOne(client, obj));
  }
  return results;
}

async function applyOne(client: ApiClient, obj: ClientObject): Promise<ApplyResult> {
  const kind = String(obj.kind ?? '');
  const name = String(obj.metadata?.name ?? '');
  const ref = refForKind(kind);
  const namespace = ref?.namespaced ? (obj.metadata?.namespace ?? 'default') : undefined;
  const id = { kind, name, ...(namespace ? { namespace } : {}) };
  if (!ref) return { ref: id, action: 'failed', message: `kind "${kind}" is not supported here` };
  if (!name) return { ref: id, action: 'failed', message: 'metadata.name is required' };
  const rc = namespace
    ? client.resource<ClientObject>(ref).namespace(namespace)
    : client.resource<ClientObject>(ref);
  try {
    await rc.create(obj);
    return { ref: id, action: 'created' };
  } catch (err) {
    if (!isAlreadyExists(err)) return { ref: id, action: 'failed', message: errMessage(err) };
  }
  try {
    const before = await rc.get(name);
    const body = { ...obj, metadata: { ...obj.metadata } } as ClientObject;
    delete (body.metadata as Record<string, unknown>)['resourceVersion'];
    const after = await rc.patch(name, 'strategic', body);
    const changed = after.metadata?.resourceVersion !== before.metadata?.resourceVersion;
    return { ref: id, action: changed ? 'configured' : 'unchanged' };
  } catch (err) {
    return { ref: id, action: 'failed', message: errMessage(err) };
  }
}

/** One object as YAML, without the noise the editor should not show (managedFields). */
export async function objectYaml(client: ApiClient, r: ObjectRef): Promise<string> {
  const ref = KIND_REFS[r.kind];
  if (!ref) throw new Error(`unknown kind ${r.kind}`);
  const rc = r.namespace
    ? client.resource<ClientObject>(ref).namespace(r.namespace)
    : client.resource<ClientObject>(ref);
  const obj = await rc.get(r.name);
  delete (obj.metadata as Record<string, unknown> | undefined)?.['managedFields'];
  return stringify(obj);
}

export async function deleteObject(client: ApiClient, r: ObjectRef): Promise<void> {
  const ref = KIND_REFS[r.kind];
  if (!ref) throw new Error(`unknown kind ${r.kind}`);
  const rc = r.namespace
    ? client.resource<ClientObject>(ref).namespace(r.namespace)
    : client.resource<ClientObject>(ref);
  await rc.delete(r.name);
}

function errMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
