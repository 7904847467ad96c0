/**
 * Replay of a recorded `kubectl apply`: the host records each apply's trace events as a sequence
 * (src-shared/apply-sequence.ts); this store lists them and steps through one, event by event.
 * Playing waits the real gap between two events, but at least long enough to read a step.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { ApplySequence } from '../../../src-shared/apply-sequence';
import { useApi } from '../api/bridge';

/** At 1× a step stays at least this long (real gaps are milliseconds: unreadable as they are). */
export const MIN_DWELL_MS = 1000;
export type Speed = 1 | 0.25;

export const useReplayStore = defineStore('replay', () => {
  const sequences = shallowRef<ApplySequence[]>([]);
  const selectedId = ref('');
  const index = ref(0);
  const playing = ref(false);
  const speed = ref<Speed>(1);
  const error = ref('');
  let timer: ReturnType<typeof setTimeout> | undefined;

  const current = computed(() => sequences.value.find((s) => s.id === selectedId.value));
  const step = computed(() => current.value?.steps[index.value]);
  const total = computed(() => current.value?.steps.length ?? 0);

  async function refresh(): Promise<void> {
    try {
      sequences.value = await useApi().traces.sequences();
      error.value = '';
    } catch (err) {
      error.value = (err as Error).message;
    }
  }

  /** Loads sequences as if the host had sent them (tests, and a refresh already in hand). */
  function load(list: ApplySequence[]): void {
    sequences.value = list;
  }

  function select(id: string): void {
    pause();
    selectedId.value = id;
    index.value = 0;
  }

  function close(): void {
    pause();
    selectedId.value = '';
  }

  function go(i: number): void {
    index.value = Math.max(0, Math.min(total.value - 1, i));
  }
  const next = () => go(index.value + 1);
  const prev = () => go(index.value - 1);

  /** How long step i stays before step i+1 at the current speed. */
  function dwell(i: number): number {
    const s = current.value?.steps;
    if (!s || i + 1 >= s.length) return MIN_DWELL_MS / speed.value;
    const gap = s[i + 1]!.event.time - s[i]!.event.time;
    return Math.max(MIN_DWELL_MS, gap) / speed.value;
  }

  function schedule(): void {
    clearTimeout(timer);
    if (!playing.value) return;
    if (index.value >= total.value - 1) {
      playing.value = false;
      return;
    }
    timer = setTimeout(() => {
      next();
      schedule();
    }, dwell(index.value));
  }

  function play(s: Speed = speed.value): void {
    if (!current.value) return;
    speed.value = s;
    if (index.value >= total.value - 1) index.value = 0;
    playing.value = true;
    schedule();
  }

  function pause(): void {
    playing.value = false;
    clearTimeout(timer);
  }

  return {
    sequences,
    selectedId,
    index,
    playing,
    speed,
    error,
    current,
    step,
    total,
    refresh,
    load,
    select,
    close,
    go,
    next,
    prev,
    dwell,
    play,
    pause,
  };
});
