import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src-shared/util/clock';

describe('FakeClock', () => {
  it('fires timers in due order only when time is advanced past them', () => {
    const clock = new FakeClock(0);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('b'), 200);
    clock.setTimeout(() => fired.push('a'), 100);
    const cancel = clock.setTimeout(() => fired.push('never'), 150);
    cancel();
    clock.advance(99);
    expect(fired).toEqual([]);
    clock.advance(200);
    expect(fired).toEqual(['a', 'b']);
    expect(clock.now()).toBe(299);
  });
});
