/**
 * Every watched object, kept in plain Maps (not deeply reactive: 500 pods would make every change
 * expensive); a revision per kind tells computed views when to recompute.
 */
import { defineStore } from 'pinia';
import { reactive, shallowRef } from 'vue';
import {
  OBJECT_KINDS,
  type KubeObject,
  type ObjectChange,
  type ObjectKind,
} from '../../../src-shared/ipc';
import { useApi } from '../api/bridge';

export function objectKey(o: KubeObject): string {
  return o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name;
}

export const useObjectsStore = defineStore('objects', () => {
  const maps = shallowRef(new Map<ObjectKind, Map<string, KubeObject>>());
  const rev = reactive(
    Object.fromEntries(OBJECT_KINDS.map((k) => [k, 0])) as Record<ObjectKind, number>,
  );
  let unsubscribe: (() => void) | undefined;

  function mapOf(kind: ObjectKind): Map<string, KubeObject> {
    let m = maps.value.get(kind);
    if (!m) maps.value.set(kind, (m = new Map()));
    return m;
  }

  /** The objects of a kind (reactive through the kind's revision). */
  function list(kind: ObjectKind): KubeObject[] {
    void rev[kind];
    return [...mapOf(kind).values()];
  }

  function get(kind: ObjectKind, key: string): KubeObject | undefined {
    void rev[kind];
    return mapOf(kind).get(key);
  }

  function applyChanges(changes: readonly ObjectChange[]): void {
    const touched = new Set<ObjectKind>();
    for (const c of changes) {
      const m = mapOf(c.kind);
      if (c.type === 'DELETED') m.delete(objectKey(c.object));
      else m.set(objectKey(c.object), c.object);
      touched.add(c.kind);
    }
    for (const k of touched) rev[k]++;
  }

  function reset(snapshot: Partial<Record<ObjectKind, KubeObject[]>>): void {
    for (const k of OBJECT_KINDS) {
      const m = mapOf(k);
      m.clear();
      for (const o of snapshot[k] ?? []) m.set(objectKey(o), o);
      rev[k]++;
    }
  }

  async function init(): Promise<void> {
    const api = useApi();
    unsubscribe ??= api.objects.onChanged((changes) => applyChanges(changes));
    reset(await api.objects.snapshot());
  }

  return { rev, list, get, applyChanges, reset, init };
});
