/**
 * The cluster's reactions over time (node conditions, taints, pods, evictions), derived from the
 * object changes the host streams, plus the fault service's marks. Recorded from app start, so a
 * fault's consequences are on the timeline whichever view was open.
 */
import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import type { ObjectChange } from '../../../src-shared/ipc';
import { useApi } from '../api/bridge';
import { ReactionTracker, faultSpans, type TimelineMark } from '../diagram/timeline-model';
import { useFaultsStore } from './faults';
import { useObjectsStore } from './objects';

export const useTimelineStore = defineStore('timeline', () => {
  const tracker = new ReactionTracker();
  /** Reaction marks (a new array whenever the tracker changed: cheap to watch). */
  const reactions = shallowRef<TimelineMark[]>([]);
  let unsubscribe: (() => void) | undefined;
  let seeded = false;

  function seed(): void {
    if (seeded) return;
    seeded = true;
    const objects = useObjectsStore();
    tracker.seed(objects.list('Node'), objects.list('Pod'));
  }

  function observe(changes: readonly ObjectChange[], now = Date.now()): void {
    seed();
    if (tracker.observe(changes, now)) reactions.value = tracker.marks.map((m) => ({ ...m }));
  }

  const marks = computed<TimelineMark[]>(() =>
    [...faultSpans(useFaultsStore().state.marks), ...reactions.value].sort((a, b) => a.at - b.at),
  );

  /** Call once the objects snapshot is loaded: what is already so is not a reaction. */
  function init(): void {
    seed();
    unsubscribe ??= useApi().objects.onChanged((changes) => observe(changes));
  }

  return { reactions, marks, observe, seed, init };
});
