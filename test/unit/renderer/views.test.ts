// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RendererApi } from '../../../src-shared/ipc';
import { setApi } from '../../../src-renderer/src/api/bridge';
import StartupTimeline from '../../../src-renderer/src/components/StartupTimeline.vue';
import FaultsView from '../../../src-renderer/src/views/FaultsView.vue';
import { useClusterStore } from '../../../src-renderer/src/stores/cluster';
import { useFaultsStore } from '../../../src-renderer/src/stores/faults';
import { runningStatus } from './fixtures';

beforeEach(() => setActivePinia(createPinia()));

describe('StartupTimeline', () => {
  it('shows one row per node and step, with its state and what it waits on', () => {
    const w = mount(StartupTimeline, {
      props: {
        startedAt: 1000,
        steps: [
          {
            node: 'master-1',
            step: 'start API server',
            state: 'done',
            startedAt: 1000,
            endedAt: 1500,
          },
          {
            node: 'worker-1',
            step: 'wait for Ready',
            state: 'running',
            startedAt: 1200,
            detail: 'kubelet registers the Node',
          },
        ],
      },
    });
    expect(w.find('[data-testid="timeline-master-1"]').text()).toContain('start API server');
    expect(w.find('[data-testid="timeline-master-1"]').text()).toContain('0.5 s');
    expect(w.find('[data-testid="timeline-worker-1"]').text()).toContain(
      'kubelet registers the Node',
    );
    w.unmount();
  });
});

describe('FaultsView', () => {
  it('injects from the catalogue with the chosen node, and reverts an active fault', async () => {
    const calls: [string, unknown][] = [];
    setApi({
      faults: {
        catalogue: async () => [
          {
            kind: 'stop-kubelet',
            title: 's',
            description: 'stop the kubelet',
            targets: 'node',
            usage: '<node>',
          },
        ],
        apply: async (req: unknown) => (calls.push(['apply', req]), { id: 'f1' }),
        revert: async (req: unknown) => void calls.push(['revert', req]),
        revertAll: async () => {},
      },
    } as unknown as RendererApi);
    useClusterStore().status = runningStatus(2);
    const w = mount(FaultsView);
    await expect.poll(() => w.find('[data-testid="apply-stop-kubelet"]').exists()).toBe(true);
    await w.find('select[aria-label="stop-kubelet target"]').setValue('worker-2');
    await w.find('[data-testid="apply-stop-kubelet"]').trigger('click');
    await expect
      .poll(() => calls[0])
      .toEqual(['apply', { kind: 'stop-kubelet', target: 'worker-2' }]);
    useFaultsStore().state = {
      active: [{ id: 'f1', kind: 'stop-kubelet', target: 'worker-2', appliedAt: Date.now() }],
      marks: [],
    };
    await w.vm.$nextTick();
    await w.find('[data-testid="revert-stop-kubelet"]').trigger('click');
    expect(calls[1]).toEqual(['revert', { id: 'f1' }]);
    w.unmount();
    setApi(undefined);
  });
});
