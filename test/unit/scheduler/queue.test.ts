// The scheduling queue on a FakeClock: priority order, backoff doubling to the cap, event-driven
// moves out of the unschedulable set, and the stale-failure rule.
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src-shared/util/clock';
import { newPodInfo } from '../../../src-cluster/scheduler/framework/pod-info';
import { SchedulingQueue } from '../../../src-cluster/scheduler/queue/scheduling-queue';
import { makePod } from './builders';

const pi = (name: string, priority = 0) => newPodInfo(makePod(name).priority(priority).obj());

function queue(clock: FakeClock) {
  const q = new SchedulingQueue(clock, {
    pluginsFor: (e) =>
      new Set(e === 'NodeAdd' ? ['NodeResourcesFit', 'TaintToleration'] : ['NodeResourcesFit']),
  });
  q.run();
  return q;
}

describe('SchedulingQueue', () => {
  it('pops by priority, then by arrival', async () => {
    const clock = new FakeClock();
    const q = queue(clock);
    q.add(pi('a'));
    clock.advance(1);
    q.add(pi('b', 10));
    clock.advance(1);
    q.add(pi('c'));
    const order = [];
    for (let i = 0; i < 3; i++) order.push((await q.pop())!.podInfo.pod.metadata!.name);
    expect(order).toEqual(['b', 'a', 'c']);
    q.close();
  });

  it('backs off 1 s, 2 s, 4 s, 8 s, then 10 s', async () => {
    const clock = new FakeClock();
    const q = queue(clock);
    q.add(pi('p'));
    const waits: number[] = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      const item = (await q.pop())!;
      const cycle = q.schedulingCycle;
      q.addUnschedulable(item, cycle, { error: true }); // errors go straight to backoff
      const failedAt = clock.now();
      while (q.whereIs(item.podInfo.key) !== 'active') clock.advance(100);
      // Flushes happen on a 1 s tick, so the pod is active within a second of its backoff.
      waits.push(Math.ceil((clock.now() - failedAt) / 1000));
    }
    expect(waits).toEqual([1, 2, 4, 8, 10, 10]);
    q.close();
  });

  it('an unschedulable pod stays parked until an event its plugins care about', async () => {
    const clock = new FakeClock();
    const q = queue(clock);
    q.add(pi('p'));
    const item = (await q.pop())!;
    q.addUnschedulable(item, q.schedulingCycle, { plugins: ['TaintToleration'] });
    clock.advance(20_000);
    expect(q.whereIs(item.podInfo.key)).toBe('unschedulable');
    q.onEvent('AssignedPodDelete'); // only NodeResourcesFit cares: not this pod
    expect(q.whereIs(item.podInfo.key)).toBe('unschedulable');
    q.onEvent('NodeAdd');
    expect(q.whereIs(item.podInfo.key)).toBe('active');
    q.close();
  });

  it('a moved pod still in backoff waits in backoffQ first', async () => {
    const clock = new FakeClock();
    const q = queue(clock);
    q.add(pi('p'));
    const item = (await q.pop())!;
    q.addUnschedulable(item, q.schedulingCycle, { plugins: ['NodeResourcesFit'] });
    q.onEvent('NodeAdd');
    expect(q.whereIs(item.podInfo.key)).toBe('backoff');
    clock.advance(1000);
    expect(q.whereIs(item.podInfo.key)).toBe('active');
    q.close();
  });

  it('a failure made stale by an event during the cycle goes to backoff, not parked', async () => {
    const clock = new FakeClock();
    const q = queue(clock);
    q.add(pi('p'));
    const item = (await q.pop())!;
    const cycle = q.schedulingCycle;
    q.onEvent('NodeAdd'); // a node arrived while the pod was being scheduled
    q.addUnschedulable(item, cycle, { plugins: ['NodeResourcesFit'] });
    expect(q.whereIs(item.podInfo.key)).toBe('backoff');
    q.close();
  });

  it('pods parked for 5 minutes are retried anyway', async () => {
    const clock = new FakeClock();
    const q = queue(clock);
    q.add(pi('p'));
    const item = (await q.pop())!;
    q.addUnschedulable(item, q.schedulingCycle, { plugins: ['TaintToleration'] });
    clock.advance(4 * 60_000);
    expect(q.whereIs(item.podInfo.key)).toBe('unschedulable');
    clock.advance(60_000 + 30_000);
    expect(q.whereIs(item.podInfo.key)).toBe('active');
    q.close();
  });

  it('a deleted pod is dropped, and pop waits for the next one', async () => {
    const clock = new FakeClock();
    const q = queue(clock);
    q.add(pi('gone'));
    q.delete('default/gone');
    const next = q.pop();
    q.add(pi('next'));
    expect((await next)!.podInfo.pod.metadata!.name).toBe('next');
    q.close();
  });
});
