import { describe, expect, it } from 'vitest';
import type { Job } from 'kubernetes-types/batch/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import {
  failureBackoffMs,
  failuresCounted,
  outcomeOf,
  verdict,
  wantedActive,
} from '../../../../src-cluster/controllers/job/job-rules';
import { Expectations } from '../../../../src-cluster/controllers/job/expectations';
import { FakeClock } from '../../../../src-shared/util/clock';

function job(spec: Partial<NonNullable<Job['spec']>>, status: Job['status'] = {}): Job {
  return {
    metadata: { name: 'j', namespace: 'default' },
    spec: { template: { spec: { restartPolicy: 'Never', containers: [] } }, ...spec },
    status,
  };
}
const pod = (phase?: string, extra: Partial<Pod> = {}): Pod => ({
  metadata: { name: 'p' },
  status: { phase },
  ...extra,
});

describe('job rules', () => {
  it('runs min(parallelism, completions left) pods', () => {
    expect(wantedActive(job({ completions: 3, parallelism: 2 }))).toBe(2);
    expect(wantedActive(job({ completions: 3, parallelism: 2 }, { succeeded: 2 }))).toBe(1);
    expect(wantedActive(job({ completions: 3, parallelism: 2, suspend: true }))).toBe(0);
    // Work-queue style: once one succeeds, no new pods start.
    expect(wantedActive(job({ parallelism: 3 }))).toBe(3);
    expect(wantedActive(job({ parallelism: 3 }, { succeeded: 1 }))).toBe(0);
  });

  it('completes at completions, or (without completions) on a success with nothing running', () => {
    expect(verdict(job({ completions: 3 }, { succeeded: 3 }), [], 0)).toMatchObject({
      finished: true,
      type: 'Complete',
    });
    expect(verdict(job({ completions: 3 }, { succeeded: 2 }), [], 0)).toEqual({ finished: false });
    expect(verdict(job({}, { succeeded: 1 }), [pod('Running')], 0)).toEqual({ finished: false });
    expect(verdict(job({}, { succeeded: 1 }), [], 0)).toMatchObject({ type: 'Complete' });
  });

  it('fails past backoffLimit (counting restarts under OnFailure) and past the deadline', () => {
    expect(verdict(job({ backoffLimit: 1 }, { failed: 1 }), [], 0)).toEqual({ finished: false });
    expect(verdict(job({ backoffLimit: 1 }, { failed: 2 }), [], 0)).toMatchObject({
      reason: 'BackoffLimitExceeded',
    });
    const onFailure = job({
      backoffLimit: 2,
      template: { spec: { restartPolicy: 'OnFailure', containers: [] } },
    });
    const restarting = pod('Running', {
      status: {
        phase: 'Running',
        containerStatuses: [{ name: 'c', restartCount: 3, ready: false, image: '', imageID: '' }],
      },
    });
    expect(failuresCounted(onFailure, [restarting])).toBe(3);
    expect(verdict(onFailure, [restarting], 0)).toMatchObject({ type: 'Failed' });
    const start = Date.UTC(2026, 0, 1);
    const timed = job({ activeDeadlineSeconds: 60 }, { startTime: new Date(start).toISOString() });
    expect(verdict(timed, [], start + 59_000)).toEqual({ finished: false });
    expect(verdict(timed, [], start + 60_000)).toMatchObject({ reason: 'DeadlineExceeded' });
  });

  it('counts a pod deleted before finishing as failed', () => {
    expect(outcomeOf(pod('Succeeded'))).toBe('succeeded');
    expect(outcomeOf(pod('Failed'))).toBe('failed');
    expect(outcomeOf(pod('Running', { metadata: { name: 'p', deletionTimestamp: 'x' } }))).toBe(
      'failed',
    );
    expect(outcomeOf(pod('Running'))).toBeUndefined();
  });

  it('backs off 10 s, doubling, capped at 10 min', () => {
    expect([0, 1, 2, 3].map(failureBackoffMs)).toEqual([0, 10_000, 20_000, 40_000]);
    expect(failureBackoffMs(20)).toBe(600_000);
  });
});

describe('expectations', () => {
  it('holds until every expected creation is observed, or the wait times out', () => {
    const clock = new FakeClock();
    const e = new Expectations(clock);
    expect(e.satisfied('j')).toBe(true);
    e.expect('j', 2, 0);
    e.observedAdd('j');
    expect(e.satisfied('j')).toBe(false);
    e.observedAdd('j');
    expect(e.satisfied('j')).toBe(true);
    e.expect('j', 1, 0);
    clock.advance(5 * 60_000 + 1);
    expect(e.satisfied('j')).toBe(true);
  });
});
