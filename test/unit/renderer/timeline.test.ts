// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject, ObjectChange } from '../../../src-shared/ipc';
import { ReactionTracker, faultSpans } from '../../../src-renderer/src/diagram/timeline-model';
import TimelineStrip from '../../../src-renderer/src/components/TimelineStrip.vue';
import { useFaultsStore } from '../../../src-renderer/src/stores/faults';
import { useTimelineStore } from '../../../src-renderer/src/stores/timeline';
import { node, pod } from './fixtures';

beforeEach(() => setActivePinia(createPinia()));

function tainted(n: KubeObject, ...taints: string[]): KubeObject {
  return {
    ...n,
    spec: { taints: taints.map((t) => ({ key: t, effect: 'NoExecute' })) },
  };
}
const mod = (object: KubeObject, kind: ObjectChange['kind'] = 'Node'): ObjectChange => ({
  kind,
  type: 'MODIFIED',
  object,
});

describe('reaction tracker', () => {
  it('marks a node going NotReady, its taints, its pods deleted and rebound, and evictions', () => {
    const t = new ReactionTracker();
    t.seed([node('worker-1', 'True'), node('worker-2', 'True')], [pod('a', 'worker-1')]);
    // A heartbeat that changes nothing is no reaction.
    expect(t.observe([mod(node('worker-1', 'True'))], 1000)).toBe(false);
    t.observe([mod(node('worker-1', 'Unknown'))], 2000);
    t.observe([mod(tainted(node('worker-1', 'Unknown'), 'node.kubernetes.io/unreachable'))], 2100);
    t.observe(
      [
        {
          kind: 'Event',
          type: 'ADDED',
          object: {
            metadata: { name: 'a.1', namespace: 'default' },
            reason: 'TaintManagerEviction',
            involvedObject: { kind: 'Pod', name: 'a' },
          },
        },
        mod(
          { ...pod('a', 'worker-1'), metadata: { ...pod('a').metadata, deletionTimestamp: 'x' } },
          'Pod',
        ),
        { kind: 'Pod', type: 'DELETED', object: pod('a', 'worker-1') },
        { kind: 'Pod', type: 'DELETED', object: pod('b', 'worker-1') },
        { kind: 'Pod', type: 'ADDED', object: pod('a2') },
      ],
      3000,
    );
    t.observe([mod(pod('a2', 'worker-2'), 'Pod')], 3500);
    // The same Event seen again unchanged is not another eviction.
    t.observe(
      [
        mod(
          {
            metadata: { name: 'a.1', namespace: 'default' },
            reason: 'TaintManagerEviction',
            involvedObject: { kind: 'Pod', name: 'a' },
          },
          'Event',
        ),
      ],
      3600,
    );
    t.observe([mod(node('worker-1', 'True'))], 9000);
    t.observe([mod(node('worker-1', 'True'))], 9100);
    const summary = t.marks.map((m) => [m.lane, m.kind, m.label, m.node ?? '']);
    expect(summary).toEqual([
      ['nodes', 'node-notready', 'worker-1 NotReady (Unknown)', 'worker-1'],
      ['taints', 'taint-added', '+ node.kubernetes.io/unreachable:NoExecute', 'worker-1'],
      ['evictions', 'TaintManagerEviction', 'TaintManagerEviction', ''],
      ['pods', 'pods-terminating', '1 pod terminating', 'worker-1'],
      ['pods', 'pods-deleted', '2 pods deleted', 'worker-1'],
      ['pods', 'pods-created', '1 pod created', ''],
      ['pods', 'pods-bound', '1 pod bound to worker-2', 'worker-2'],
      ['nodes', 'node-ready', 'worker-1 Ready', 'worker-1'],
      ['taints', 'taint-removed', '− node.kubernetes.io/unreachable:NoExecute', 'worker-1'],
    ]);
    expect(t.marks.find((m) => m.kind === 'pods-deleted')?.names).toEqual(['a', 'b']);
  });

  it('turns the fault service’s marks into spans', () => {
    const spans = faultSpans([
      { faultId: 'f1', kind: 'stop-kubelet', target: 'worker-1', at: 1000, what: 'applied' },
      { faultId: 'f2', kind: 'kill-scheduler', target: '', at: 1500, what: 'applied' },
      { faultId: 'f1', kind: 'stop-kubelet', target: 'worker-1', at: 5000, what: 'reverted' },
      { faultId: 'f3', kind: 'x', target: '', at: 6000, what: 'failed', message: 'no such node' },
    ]);
    expect(spans.map((s) => [s.label, s.at, s.end])).toEqual([
      ['stop-kubelet worker-1', 1000, 5000],
      ['kill-scheduler', 1500, undefined],
      ['x failed: no such node', 6000, undefined],
    ]);
  });
});

describe('TimelineStrip', () => {
  it('draws fault spans and reactions on their lanes, with details on focus', async () => {
    const now = Date.now();
    useFaultsStore().state = {
      active: [],
      marks: [
        {
          faultId: 'f1',
          kind: 'stop-kubelet',
          target: 'worker-1',
          at: now - 60_000,
          what: 'applied',
        },
        {
          faultId: 'f1',
          kind: 'stop-kubelet',
          target: 'worker-1',
          at: now - 5_000,
          what: 'reverted',
        },
      ],
    };
    const timeline = useTimelineStore();
    timeline.seed();
    timeline.observe([mod(node('worker-1', 'True'))], now - 70_000);
    timeline.observe([mod(node('worker-1', 'False'))], now - 40_000);
    const w = mount(TimelineStrip);
    const fault = w.find('[data-testid="timeline-lane-faults"] .mark');
    expect(fault.attributes('aria-label')).toContain('stop-kubelet worker-1');
    expect(fault.attributes('style')).toMatch(/width: [\d.]+%/);
    const notReady = w.find('[data-testid="timeline-lane-nodes"] [data-kind="node-notready"]');
    await notReady.trigger('focus');
    expect(w.find('[data-testid="timeline-details"]').text()).toContain('worker-1 NotReady');
    // The full timeline also says it in words, newest first.
    const list = w.findAll('[data-testid="timeline-list"] li').map((li) => li.text());
    expect(list[0]).toContain('worker-1 NotReady (False)');
    expect(list[1]).toContain('stop-kubelet worker-1');
    w.unmount();
  });
});
