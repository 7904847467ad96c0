/**
 * Trace events for the diagram and the trace log: the recent ones (bounded), and per-edge activity
 * aggregated over a short window so a burst reads as "busy", not as thousands of dots.
 */
import { defineStore } from 'pinia';
import { shallowRef, ref } from 'vue';
import type { TraceEvent } from '../../../src-shared/trace';
import { useApi } from '../api/bridge';
import { EdgeActivity } from '../diagram/edge-activity';
import { useObjectsStore } from './objects';

/**
 * Which node a kubelet's or kube-proxy's request came from, when the event does not say: a kubelet
 * writes only its own Node and Lease (named after the node) and the pods bound to it.
 */
export function inferNode(
  e: TraceEvent,
  podNode: (ns: string, name: string) => string | undefined,
): string | undefined {
  const c = e.from.component;
  if (c !== 'kubelet' && c !== 'kube-proxy') return undefined;
  if (!e.name) return undefined;
  if (e.resource === 'nodes' || e.resource === 'leases') return e.name;
  if (e.resource === 'pods' && e.namespace) return podNode(e.namespace, e.name);
  return undefined;
}

const KEEP = 400;

export const useTracesStore = defineStore('traces', () => {
  const recent = shallowRef<TraceEvent[]>([]);
  const total = ref(0);
  const activity = new EdgeActivity();
  /** Bumps whenever activity changes (the diagram recomputes edge styles from it). */
  const tick = ref(0);
  const paused = ref(false);
  let unsubscribe: (() => void) | undefined;
  let decay: ReturnType<typeof setInterval> | undefined;

  function add(events: readonly TraceEvent[], now = Date.now()): void {
    total.value += events.length;
    if (paused.value) return;
    const next = recent.value.concat(events);
    recent.value = next.length > KEEP ? next.slice(next.length - KEEP) : next;
    const objects = useObjectsStore();
    activity.record(events, now, (e) =>
      inferNode(
        e,
        (ns, name) => objects.get('Pod', `${ns}/${name}`)?.spec?.nodeName as string | undefined,
      ),
    );
    tick.value++;
  }

  async function init(): Promise<void> {
    const api = useApi();
    unsubscribe ??= api.traces.onBatch((events) => add(events));
    decay ??= setInterval(() => {
      if (activity.prune(Date.now())) tick.value++;
    }, 400);
    add(await api.traces.recent({ limit: 200 }));
  }

  return { recent, total, tick, paused, activity, add, init };
});
