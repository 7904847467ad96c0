// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RendererApi } from '../../../src-shared/ipc';
import { SequenceRecorder, type ApplySequence } from '../../../src-shared/apply-sequence';
import type { TraceEvent } from '../../../src-shared/trace';
import { setApi } from '../../../src-renderer/src/api/bridge';
import { MIN_DWELL_MS, useReplayStore } from '../../../src-renderer/src/stores/replay';
import ReplayPanel from '../../../src-renderer/src/components/ReplayPanel.vue';
import HelpOverlay from '../../../src-renderer/src/components/HelpOverlay.vue';
import trace from './fixtures/kubectl-apply-trace.json';

// happy-dom's globals (the test project type-checks without the DOM library).
declare const document: any;
declare const window: any;
declare const KeyboardEvent: any;

function recorded(): ApplySequence[] {
  const r = new SequenceRecorder();
  for (const e of trace as TraceEvent[]) r.add(e);
  return r.sequences();
}

beforeEach(() => setActivePinia(createPinia()));
afterEach(() => {
  vi.useRealTimers();
  setApi(undefined);
});

describe('replay store', () => {
  it('steps within bounds and plays at the chosen speed', () => {
    vi.useFakeTimers();
    const replay = useReplayStore();
    const [seq] = recorded();
    replay.load([seq!]);
    replay.select(seq!.id);
    expect(replay.step?.event).toBe(seq!.steps[0]!.event);
    replay.prev();
    expect(replay.index).toBe(0);
    replay.next();
    replay.next();
    expect(replay.index).toBe(2);
    replay.go(10_000);
    expect(replay.index).toBe(seq!.steps.length - 1);
    // Real gaps are milliseconds: each step stays at least MIN_DWELL_MS, four times that at 0.25×.
    replay.go(0);
    replay.play(1);
    vi.advanceTimersByTime(MIN_DWELL_MS - 1);
    expect(replay.index).toBe(0);
    vi.advanceTimersByTime(1);
    expect(replay.index).toBe(1);
    replay.play(0.25);
    vi.advanceTimersByTime(MIN_DWELL_MS * 4 - 1);
    expect(replay.index).toBe(1);
    vi.advanceTimersByTime(1);
    expect(replay.index).toBe(2);
    replay.pause();
    vi.advanceTimersByTime(60_000);
    expect(replay.index).toBe(2);
    // Playing to the end stops there.
    replay.go(seq!.steps.length - 2);
    replay.play(1);
    vi.advanceTimersByTime(60_000);
    expect(replay.index).toBe(seq!.steps.length - 1);
    expect(replay.playing).toBe(false);
  });
});

describe('ReplayPanel', () => {
  it('lists the recorded applies and steps through one with the keyboard', async () => {
    const seqs = recorded();
    setApi({ traces: { sequences: async () => seqs } } as unknown as RendererApi);
    const w = mount(ReplayPanel, { attachTo: document.body });
    await expect.poll(() => w.find('[data-testid="replay-seq-web"]').exists()).toBe(true);
    expect(w.text()).toContain('3 pods');
    await w.find('[data-testid="replay-seq-web"]').trigger('click');
    expect(w.find('[data-testid="replay-position"]').text()).toBe(`1/${seqs[0]!.steps.length}`);
    expect(w.find('[data-testid="replay-caption"]').text()).toContain(
      'kubectl sends Deployment web',
    );
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight' }));
    await w.vm.$nextTick();
    expect(w.find('[data-testid="replay-position"]').text()).toMatch(/^2\//);
    expect(w.find('[data-testid="replay-caption"]').text()).toContain('deployment controller');
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'End' }));
    await w.vm.$nextTick();
    expect(w.find('[aria-current="step"]').text()).toContain('status of');
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    await w.vm.$nextTick();
    expect(w.find('[data-testid="replay-seq-web"]').exists()).toBe(true);
    w.unmount();
  });
});

describe('HelpOverlay', () => {
  it('lists the shortcuts, takes focus, and closes on Escape', async () => {
    const w = mount(HelpOverlay, { attachTo: document.body });
    await w.vm.$nextTick();
    await w.vm.$nextTick();
    expect(w.text()).toContain('Replay panel');
    expect(document.activeElement?.getAttribute('data-testid')).toBe('help-close');
    await w.find('.backdrop').trigger('keydown', { key: 'Escape' });
    expect(w.emitted('close')).toHaveLength(1);
    w.unmount();
  });
});
