/**
 * ObjectMeta rules common to every kind: name or generateName, namespace presence, labels,
 * annotations, owner references and finalizers; and on update, the identity fields that never change.
 */
import type { ObjectMeta, OwnerReference } from 'kubernetes-types/meta/v1';
import type { FieldCause } from '../object';
import { forbidden, invalid, required } from './errors';
import { isDNS1123Label, isQualifiedName, validateAnnotations, validateLabels } from './names';
import type { NameValidator } from './names';

/** Deep equality for JSON values (key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => jsonEqual(x, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return ak.length === bk.length && ak.every((k) => jsonEqual(ao[k], bo[k]));
}

/** The detail upstream uses when an immutable field changes. */
export const IMMUTABLE = 'field is immutable';

/** Adds an Invalid "field is immutable" cause when `next` differs from `prev`. */
export function immutable(causes: FieldCause[], next: unknown, prev: unknown, field: string): void {
  if (!jsonEqual(next, prev)) causes.push(invalid(field, next ?? '', IMMUTABLE));
}

function validateOwnerReferences(refs: OwnerReference[] | undefined, field: string): FieldCause[] {
  const causes: FieldCause[] = [];
  let controllers = 0;
  (refs ?? []).forEach((ref, i) => {
    const f = `${field}[${i}]`;
    if (!ref.apiVersion)
      causes.push(invalid(`${f}.apiVersion`, ref.apiVersion ?? '', 'version must not be empty'));
    if (!ref.kind) causes.push(invalid(`${f}.kind`, ref.kind ?? '', 'kind must not be empty'));
    if (!ref.name) causes.push(invalid(`${f}.name`, ref.name ?? '', 'name must not be empty'));
    if (!ref.uid) causes.push(invalid(`${f}.uid`, ref.uid ?? '', 'uid must not be empty'));
    if (ref.controller) controllers += 1;
  });
  if (controllers > 1) {
    causes.push(invalid(field, refs, 'Only one reference can have Controller set to true'));
  }
  return causes;
}

/**
 * Validates metadata on create (and, with the same rules, the new object on update).
 * `namespaced` says whether the kind lives in a namespace; `nameFn` is the kind's name rule.
 */
export function validateObjectMeta(
  meta: ObjectMeta | undefined,
  namespaced: boolean,
  nameFn: NameValidator,
  field = 'metadata',
): FieldCause[] {
  const causes: FieldCause[] = [];
  const m = meta ?? {};
  if (m.generateName) {
    for (const msg of nameFn(m.generateName, true)) {
      causes.push(invalid(`${field}.generateName`, m.generateName, msg));
    }
  }
  if (!m.name) {
    causes.push(required(`${field}.name`, 'name or generateName is required'));
  } else {
    for (const msg of nameFn(m.name, false)) causes.push(invalid(`${field}.name`, m.name, msg));
  }
  if (namespaced) {
    if (!m.namespace) causes.push(required(`${field}.namespace`));
    else
      for (const msg of isDNS1123Label(m.namespace)) {
        causes.push(invalid(`${field}.namespace`, m.namespace, msg));
      }
  } else if (m.namespace) {
    causes.push(forbidden(`${field}.namespace`, 'not allowed on this type'));
  }
  if (m.generation !== undefined && m.generation < 0) {
    causes.push(invalid(`${field}.generation`, m.generation, 'must be greater than or equal to 0'));
  }
  causes.push(...validateLabels(m.labels, `${field}.labels`));
  causes.push(...validateAnnotations(m.annotations, `${field}.annotations`));
  causes.push(...validateOwnerReferences(m.ownerReferences, `${field}.ownerReferences`));
  const seen = new Set<string>();
  (m.finalizers ?? []).forEach((fin, i) => {
    for (const msg of isQualifiedName(fin)) {
      causes.push(invalid(`${field}.finalizers[${i}]`, fin, msg));
    }
    if (seen.has(fin))
      causes.push({
        reason: 'FieldValueDuplicate',
        message: `Duplicate value: ${JSON.stringify(fin)}`,
        field: `${field}.finalizers`,
      });
    seen.add(fin);
  });
  return causes;
}

/**
 * Validates metadata on update: everything `validateObjectMeta` checks plus the fields fixed at
 * creation (name, namespace, uid, creationTimestamp, generateName is free) and the deletion rules.
 */
export function validateObjectMetaUpdate(
  next: ObjectMeta | undefined,
  prev: ObjectMeta | undefined,
  field = 'metadata',
): FieldCause[] {
  const causes: FieldCause[] = [];
  const n = next ?? {};
  const p = prev ?? {};
  immutable(causes, n.name, p.name, `${field}.name`);
  immutable(causes, n.namespace, p.namespace, `${field}.namespace`);
  if (n.uid !== undefined || p.uid !== undefined) immutable(causes, n.uid, p.uid, `${field}.uid`);
  if (p.creationTimestamp !== undefined) {
    immutable(causes, n.creationTimestamp, p.creationTimestamp, `${field}.creationTimestamp`);
  }
  if (p.deletionTimestamp && !jsonEqual(n.deletionTimestamp, p.deletionTimestamp)) {
    causes.push(invalid(`${field}.deletionTimestamp`, n.deletionTimestamp ?? '', IMMUTABLE));
  }
  if (
    p.deletionGracePeriodSeconds !== undefined &&
    n.deletionGracePeriodSeconds !== p.deletionGracePeriodSeconds
  ) {
    causes.push(
      invalid(
        `${field}.deletionGracePeriodSeconds`,
        n.deletionGracePeriodSeconds ?? null,
        IMMUTABLE,
      ),
    );
  }
  if (p.deletionTimestamp) {
    const old = new Set(p.finalizers ?? []);
    const added = (n.finalizers ?? []).filter((f) => !old.has(f));
    if (added.length > 0) {
      causes.push(
        forbidden(
          `${field}.finalizers`,
          `no new finalizers can be added if the object is being deleted, found new finalizers ${JSON.stringify(added)}`,
        ),
      );
    }
  }
  return causes;
}
