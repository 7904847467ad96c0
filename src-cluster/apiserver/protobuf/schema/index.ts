/**
 * The message registry: every table merged into one lookup by qualified name ("core.PodSpec").
 * `missingRefs` lets a test prove that every message reference resolves, so a typo in a table is a
 * failing test rather than a field silently decoded as unknown.
 */
import { APPS } from './apps';
import { BATCH } from './batch';
import { CORE_AFFINITY } from './core-affinity';
import { CORE_CONFIG } from './core-config';
import { CORE_CONTAINER } from './core-container';
import { CORE_POD } from './core-pod';
import { CORE_POD_STATUS } from './core-pod-status';
import { CORE_PROBE } from './core-probe';
import { CORE_SERVICE } from './core-service';
import { CORE_VOLUME } from './core-volume';
import { META } from './meta';
import { MISC } from './misc';
import { RBAC } from './rbac';
import { isMessageRef, type MessageSchema, type MessageTable } from './types';

export const MESSAGES: MessageTable = {
  ...META,
  ...CORE_CONFIG,
  ...CORE_SERVICE,
  ...CORE_POD,
  ...CORE_POD_STATUS,
  ...CORE_AFFINITY,
  ...CORE_CONTAINER,
  ...CORE_PROBE,
  ...CORE_VOLUME,
  ...APPS,
  ...BATCH,
  ...RBAC,
  ...MISC,
};

export function messageSchema(name: string): MessageSchema | undefined {
  return Object.hasOwn(MESSAGES, name) ? MESSAGES[name] : undefined;
}

/** "message.field → missing" for every reference that names no table (empty when consistent). */
export function missingRefs(): string[] {
  const missing: string[] = [];
  for (const [name, schema] of Object.entries(MESSAGES)) {
    for (const [num, field] of Object.entries(schema)) {
      if (isMessageRef(field.type) && !messageSchema(field.type.message)) {
        missing.push(`${name}.${field.json || `#${num}`} → ${field.type.message}`);
      }
    }
  }
  return missing;
}

export type { FieldSchema, MessageSchema, MessageTable, ValueType } from './types';
