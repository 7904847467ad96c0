import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../../src-shared/util/clock';
import { ControllerExpectations } from '../../../../src-cluster/controllers/framework/expectations';
import { slowStartBatch } from '../../../../src-cluster/controllers/framework/pod-control';

describe('expectations', () => {
  it('hold a sync back until every create and delete has been observed', () => {
    const e = new ControllerExpectations(new FakeClock());
    expect(e.satisfied('ns/rs')).toBe(true);
    e.expectCreations('ns/rs', 2);
    expect(e.satisfied('ns/rs')).toBe(false);
    e.creationObserved('ns/rs');
    expect(e.satisfied('ns/rs')).toBe(false);
    e.creationObserved('ns/rs');
    expect(e.satisfied('ns/rs')).toBe(true);
    e.expectDeletions('ns/rs', ['u1', 'u2']);
    e.deletionObserved('ns/rs', 'u1');
    e.deletionObserved('ns/rs', 'u1'); // the same pod seen twice counts once
    expect(e.satisfied('ns/rs')).toBe(false);
    e.deletionObserved('ns/rs', 'u2');
    expect(e.satisfied('ns/rs')).toBe(true);
  });
  it('expire after five minutes, in case an event was lost', () => {
    const clock = new FakeClock();
    const e = new ControllerExpectations(clock);
    e.expectCreations('k', 1);
    clock.advance(5 * 60_000);
    expect(e.satisfied('k')).toBe(false);
    clock.advance(1);
    expect(e.satisfied('k')).toBe(true);
  });
});

describe('slow-start batches', () => {
  it('run 1, 2, 4, … and stop at the first failing batch', async () => {
    const sizes: number[] = [];
    let inFlight = 0;
    let calls = 0;
    const res = await slowStartBatch(20, 1, async () => {
      inFlight++;
      const n = ++calls;
      await Promise.resolve();
      if (n === 6) throw new Error('quota');
      sizes.push(inFlight);
      inFlight--;
    });
    // Batches 1 + 2 + 4 = 7 calls; the third batch had the failure, so 13 were never made.
    expect(calls).toBe(7);
    expect(res).toMatchObject({ succeeded: 6, skipped: 13 });
    expect(res.errors).toHaveLength(1);
    expect(Math.max(...sizes)).toBe(4);
  });
  it('makes every call when nothing fails', async () => {
    let calls = 0;
    const res = await slowStartBatch(10, 1, async () => void calls++);
    expect(calls).toBe(10);
    expect(res).toEqual({ succeeded: 10, skipped: 0, errors: [] });
  });
});
