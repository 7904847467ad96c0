import { describe, expect, it } from 'vitest';
import { ageSince, humanDuration } from '../../../../src-cluster/api/printers';
import { DAY, HOUR, MIN, NOW, SEC } from './fixtures';

const YEAR = 365 * DAY;

describe('humanDuration: the AGE column', () => {
  it.each([
    [0, '0s'],
    [999, '0s'],
    [59 * SEC, '59s'],
    [119 * SEC + 999, '119s'],
    [2 * MIN, '2m'],
    [3 * MIN + 20 * SEC, '3m20s'],
    [9 * MIN + 59 * SEC, '9m59s'],
    [10 * MIN + 30 * SEC, '10m'],
    [60 * MIN, '60m'],
    [179 * MIN, '179m'],
    [3 * HOUR, '3h'],
    [5 * HOUR + 12 * MIN, '5h12m'],
    [7 * HOUR + 59 * MIN + 59 * SEC, '7h59m'],
    [8 * HOUR, '8h'],
    [47 * HOUR, '47h'],
    [2 * DAY, '2d'],
    [3 * DAY + 4 * HOUR, '3d4h'],
    [7 * DAY + 23 * HOUR, '7d23h'],
    [8 * DAY, '8d'],
    [729 * DAY, '729d'],
    [2 * YEAR, '2y'],
    [2 * YEAR + 14 * DAY, '2y14d'],
    [8 * YEAR - DAY, '7y364d'],
    [8 * YEAR, '8y'],
    [30 * YEAR + 100 * DAY, '30y'],
  ])('%i ms → %s', (ms, want) => {
    expect(humanDuration(ms)).toBe(want);
  });

  it('treats up to two seconds of clock skew as "0s" and more as <invalid>', () => {
    expect(humanDuration(-500)).toBe('0s');
    expect(humanDuration(-1999)).toBe('0s');
    expect(humanDuration(-2000)).toBe('<invalid>');
    expect(humanDuration(-HOUR)).toBe('<invalid>');
  });
});

describe('ageSince', () => {
  it('measures from the given now, for whole and fractional-second timestamps', () => {
    expect(ageSince('2026-11-25T14:26:06Z', NOW)).toBe('5h');
    expect(ageSince('2026-11-25T19:25:00.123456Z', NOW)).toBe('65s');
  });

  it('prints <unknown> for a missing or unreadable timestamp', () => {
    expect(ageSince(undefined, NOW)).toBe('<unknown>');
    expect(ageSince('', NOW)).toBe('<unknown>');
    expect(ageSince('yesterday', NOW)).toBe('<unknown>');
  });
});
