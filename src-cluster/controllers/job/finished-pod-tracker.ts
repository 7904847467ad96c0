/**
 * Counting finished pods exactly once. A Job's pods carry the job-tracking finalizer, so a pod
 * that finishes cannot vanish (pod GC, a user's delete) before it is counted. Counting is a
 * three-step handshake that survives a crash at any point:
 *   1. record the finished pods' uids in status.uncountedTerminatedPods;
 *   2. remove the finalizer from each pod;
 *   3. move each uid whose pod is released (or gone) from uncountedTerminatedPods into
 *      status.succeeded / status.failed.
 * A uid is never counted twice: step 1 skips pods whose finalizer we already removed, even while
 * the pod cache still shows it (removedFinalizers bridges that lag).
 */
import type { Job } from 'kubernetes-types/batch/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { isConflict, isNotFound, type ResourceClient } from '../../client';
import { mutableCopy, type DeepMutable } from '../framework/deep-mutable';
import { JOB_TRACKING_FINALIZER, outcomeOf } from './job-rules';

type MutableJob = DeepMutable<Job>;

export class FinishedPodTracker {
  /** uids whose finalizer we removed but whose update the pod cache may not show yet. */
  private readonly removedFinalizers = new Set<string>();

  constructor(
    private readonly jobs: ResourceClient<Job>,
    private readonly pods: ResourceClient<Pod>,
  ) {}

  /** Called from the pod handler: once the cache shows a pod released or gone, stop bridging. */
  observe(pod: Pod, deleted: boolean): void {
    if (deleted || !(pod.metadata?.finalizers ?? []).includes(JOB_TRACKING_FINALIZER)) {
      this.removedFinalizers.delete(pod.metadata!.uid!);
    }
  }

  /**
   * Runs the handshake for job's pods; returns the Job as last written (or as given when nothing
   * changed). `count` false releases finished pods without counting them (the Job is over).
   */
  async track(job: Job, pods: readonly Pod[], count: boolean): Promise<Job> {
    const finished = pods.filter(
      (p) =>
        (p.metadata?.finalizers ?? []).includes(JOB_TRACKING_FINALIZER) &&
        outcomeOf(p) !== undefined &&
        !this.removedFinalizers.has(p.metadata!.uid!),
    );
    const pending = job.status?.uncountedTerminatedPods;
    if (finished.length === 0 && !pending?.succeeded?.length && !pending?.failed?.length) {
      return job;
    }
    if (count && finished.length > 0) {
      job = await this.writeStatus(job, (s) => {
        const u = (s.status!.uncountedTerminatedPods ??= {});
        for (const p of finished) {
          const list = (u[outcomeOf(p)!] ??= []);
          if (!list.includes(p.metadata!.uid!)) list.push(p.metadata!.uid!);
        }
      });
    }
    for (const p of finished) await this.release(p);
    if (!count) return job;
    const inCache = new Map(pods.map((p) => [p.metadata!.uid!, p]));
    const released = (uid: string) => {
      const p = inCache.get(uid);
      return (
        !p ||
        this.removedFinalizers.has(uid) ||
        !(p.metadata?.finalizers ?? []).includes(JOB_TRACKING_FINALIZER)
      );
    };
    return this.writeStatus(job, (s) => {
      const u = (s.status!.uncountedTerminatedPods ??= {});
      for (const kind of ['succeeded', 'failed'] as const) {
        const list = u[kind] ?? [];
        const done = list.filter(released);
        s.status![kind] = (s.status![kind] ?? 0) + done.length;
        u[kind] = list.filter((uid) => !released(uid));
      }
    });
  }

  private async release(pod: Pod): Promise<void> {
    const i = pod.metadata!.finalizers!.indexOf(JOB_TRACKING_FINALIZER);
    const path = `/metadata/finalizers/${i}`;
    try {
      // test-then-remove: removes exactly our finalizer even if others were added meanwhile.
      await this.pods.namespace(pod.metadata!.namespace!).patch(pod.metadata!.name!, 'json', [
        { op: 'test', path, value: JOB_TRACKING_FINALIZER },
        { op: 'remove', path },
      ]);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    this.removedFinalizers.add(pod.metadata!.uid!);
  }

  /**
   * PUTs job's status after `mutate`; on a conflict (our cache was behind) re-reads the Job and
   * applies `mutate` again — every mutation here is written to be safe to repeat.
   */
  async writeStatus(job: Job, mutate: (j: MutableJob) => void): Promise<Job> {
    for (let attempt = 0; ; attempt++) {
      const copy = mutableCopy(job);
      copy.status ??= {};
      mutate(copy);
      try {
        return await this.jobs.namespace(job.metadata!.namespace!).updateStatus(copy);
      } catch (err) {
        if (!isConflict(err) || attempt >= 3) throw err;
        job = await this.jobs.namespace(job.metadata!.namespace!).get(job.metadata!.name!);
      }
    }
  }
}
