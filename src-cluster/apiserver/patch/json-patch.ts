/**
 * RFC 6902 JSON Patch, as sent by `kubectl patch --type json`: an array of operations applied in
 * order to a copy of the document. The whole patch applies or nothing does.
 */
import { PatchError } from './errors';
import { arrayIndex, parsePointer } from './json-pointer';
import { cloneJson, isObject, jsonEqual, preview, type JsonObject } from './json';

type Op = 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
const OPS: readonly Op[] = ['add', 'remove', 'replace', 'move', 'copy', 'test'];

interface Operation {
  op: Op;
  path: string;
  from?: string;
  value?: unknown;
  hasValue: boolean;
}

/** Where a pointer lands: the container that holds it and the key/index inside that container. */
interface Slot {
  parent: JsonObject | unknown[];
  token: string;
}

/**
 * Applies an RFC 6902 patch to `doc` and returns the result; `doc` is never mutated.
 * Throws PatchError: 400 when the patch itself is malformed (not an array, unknown op, missing
 * path/from/value), 422 when an operation does not apply (missing path, index out of range,
 * failed `test`). The message names the operation's position, op and path.
 */
export function applyJsonPatch(doc: unknown, patch: unknown): unknown {
  if (!Array.isArray(patch)) {
    throw new PatchError('a JSON patch must be a JSON array of operations', 400);
  }
  const ops = patch.map((raw, i) => decodeOperation(raw, i));
  // The root is held in a box so that operations on "" can replace the whole document.
  const box: JsonObject = { root: cloneJson(doc) };
  ops.forEach((op, i) => {
    try {
      applyOne(box, op);
    } catch (e) {
      if (e instanceof PatchError) {
        const where = op.from !== undefined ? `from "${op.from}" to "${op.path}"` : `"${op.path}"`;
        throw new PatchError(`json patch operation ${i} (${op.op} ${where}): ${e.message}`, e.code);
      }
      throw e;
    }
  });
  return box.root;
}

function decodeOperation(raw: unknown, i: number): Operation {
  const bad = (why: string) => new PatchError(`json patch operation ${i}: ${why}`, 400);
  if (!isObject(raw)) throw bad(`expected an object like {"op":"add","path":"/a","value":1}`);
  const op = raw.op;
  if (typeof op !== 'string' || !OPS.includes(op as Op)) {
    throw bad(`unknown op ${preview(op)}; expected one of ${OPS.join(', ')}`);
  }
  if (typeof raw.path !== 'string') throw bad(`"path" is required and must be a string`);
  const out: Operation = { op: op as Op, path: raw.path, hasValue: 'value' in raw };
  if (op === 'move' || op === 'copy') {
    if (typeof raw.from !== 'string') throw bad(`"from" is required for ${op}`);
    out.from = raw.from;
  }
  if ((op === 'add' || op === 'replace' || op === 'test') && !out.hasValue) {
    throw bad(`"value" is required for ${op}`);
  }
  out.value = raw.value;
  return out;
}

function applyOne(box: JsonObject, op: Operation): void {
  switch (op.op) {
    case 'add':
      return add(box, op.path, cloneJson(op.value));
    case 'remove':
      remove(box, op.path);
      return;
    case 'replace':
      return replace(box, op.path, cloneJson(op.value));
    case 'move': {
      const from = op.from as string;
      if (op.path !== from && op.path.startsWith(`${from}/`)) {
        throw new PatchError('a value cannot be moved into one of its own children', 422);
      }
      const value = remove(box, from);
      return add(box, op.path, value);
    }
    case 'copy':
      return add(box, op.path, cloneJson(get(box, op.from as string)));
    case 'test': {
      const actual = get(box, op.path);
      if (!jsonEqual(actual, op.value)) {
        throw new PatchError(
          `test failed: the value is ${preview(actual)}, expected ${preview(op.value)}`,
          422,
        );
      }
    }
  }
}

/** Resolves every token but the last, returning the container the last token addresses. */
function slot(box: JsonObject, pointer: string): Slot {
  const tokens = ['root', ...parsePointer(pointer)];
  let parent: JsonObject | unknown[] = box;
  for (let i = 0; i < tokens.length - 1; i++) {
    const child = childOf(parent, tokens[i] as string);
    if (!isObject(child) && !Array.isArray(child)) {
      const at = `/${tokens.slice(1, i + 1).join('/')}`;
      throw new PatchError(
        child === undefined
          ? `path not found: ${at} does not exist`
          : `${at} is not an object or array`,
        422,
      );
    }
    parent = child;
  }
  return { parent, token: tokens[tokens.length - 1] as string };
}

function childOf(parent: JsonObject | unknown[], token: string): unknown {
  if (Array.isArray(parent)) {
    const i = arrayIndex(token);
    return i === null ? undefined : parent[i];
  }
  return Object.prototype.hasOwnProperty.call(parent, token) ? parent[token] : undefined;
}

function get(box: JsonObject, pointer: string): unknown {
  const { parent, token } = slot(box, pointer);
  const v = childOf(parent, token);
  if (v === undefined) throw new PatchError(`path not found: ${pointer} does not exist`, 422);
  return v;
}

function add(box: JsonObject, pointer: string, value: unknown): void {
  const { parent, token } = slot(box, pointer);
  if (!Array.isArray(parent)) {
    parent[token] = value;
    return;
  }
  if (token === '-') {
    parent.push(value);
    return;
  }
  const i = arrayIndex(token);
  if (i === null || i > parent.length) {
    throw new PatchError(
      `array index ${token} is out of range (the array has ${parent.length} elements; use "-" to append)`,
      422,
    );
  }
  parent.splice(i, 0, value);
}

function replace(box: JsonObject, pointer: string, value: unknown): void {
  get(box, pointer); // the target must exist
  const { parent, token } = slot(box, pointer);
  if (Array.isArray(parent)) parent[arrayIndex(token) as number] = value;
  else parent[token] = value;
}

function remove(box: JsonObject, pointer: string): unknown {
  if (pointer === '') throw new PatchError('the whole document cannot be removed', 422);
  const value = get(box, pointer);
  const { parent, token } = slot(box, pointer);
  if (Array.isArray(parent)) parent.splice(arrayIndex(token) as number, 1);
  else delete parent[token];
  return value;
}
