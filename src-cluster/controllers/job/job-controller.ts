/**
 * The Job controller (k8s-internals §4.4): runs pods from the Job's template until
 * `completions` of them have succeeded, at most `parallelism` at a time, replacing failed ones
 * after a growing delay (10 s, 20 s … 10 min) until more than `backoffLimit` have failed. The Job
 * ends with a Complete or Failed condition (BackoffLimitExceeded, DeadlineExceeded), after which
 * its remaining pods are deleted. Pods are counted through the job-tracking finalizer
 * (finished-pod-tracker.ts), so pods removed early are never lost from the counts.
 */
import type { Job, JobCondition } from 'kubernetes-types/batch/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { isNotFound, objectKey, keyOf, type Lister, type ResourceClient } from '../../client';
import { referenceTo, type EventRecorder } from '../../client/events/event-recorder';
import { fromLabelSelector } from '../../api/selectors';
import { BaseController, RequeueAfter } from '../framework/base-controller';
import type { ControllerContext } from '../framework/context';
import { isPodReady } from '../framework/pod-readiness';
import { JOBS_REF, PODS_REF } from '../framework/resource-refs';
import { Expectations } from './expectations';
import { FinishedPodTracker } from './finished-pod-tracker';
import {
  JOB_TRACKING_FINALIZER,
  failureBackoffMs,
  isActive,
  isJobFinished,
  verdict,
  wantedActive,
} from './job-rules';

function iso(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** The Job that controls pod, as a cache key ("ns/name"), if any. */
function ownerJobKey(pod: Pod): string | undefined {
  const ref = pod.metadata?.ownerReferences?.find((r) => r.controller);
  if (!ref || ref.kind !== 'Job' || !ref.apiVersion.startsWith('batch/')) return undefined;
  return keyOf(pod.metadata!.namespace, ref.name);
}

export class JobController extends BaseController {
  private readonly jobs: Lister<Job>;
  private readonly pods: Lister<Pod>;
  private readonly jobClient: ResourceClient<Job>;
  private readonly podClient: ResourceClient<Pod>;
  private readonly recorder: EventRecorder;
  private readonly expectations: Expectations;
  private readonly tracker: FinishedPodTracker;
  /** job key → controller time its latest pod failure was counted (for the replacement delay). */
  private readonly lastFailure = new Map<string, number>();

  constructor(ctx: ControllerContext) {
    super('job', ctx.clock, ctx.trace);
    this.recorder = ctx.recorder('job-controller');
    this.jobClient = ctx.client.resource<Job>(JOBS_REF);
    this.podClient = ctx.client.resource<Pod>(PODS_REF);
    this.expectations = new Expectations(ctx.clock);
    this.tracker = new FinishedPodTracker(this.jobClient, this.podClient);

    const jobs = ctx.factory.informerFor<Job>(JOBS_REF);
    this.jobs = jobs.lister();
    jobs.addEventHandler({
      onAdd: (j) => this.enqueue(objectKey(j)),
      onUpdate: (_o, j) => this.enqueue(objectKey(j)),
      onDelete: (j) => {
        this.expectations.forget(objectKey(j));
        this.lastFailure.delete(objectKey(j));
      },
    });
    const pods = ctx.factory.informerFor<Pod>(PODS_REF);
    this.pods = pods.lister();
    pods.addEventHandler({
      onAdd: (p) => {
        const key = ownerJobKey(p);
        if (!key) return;
        this.expectations.observedAdd(key);
        this.tracker.observe(p, false);
        this.enqueue(key);
      },
      onUpdate: (old, p) => {
        const key = ownerJobKey(p);
        if (!key) return;
        if (p.metadata?.deletionTimestamp && !old.metadata?.deletionTimestamp) {
          this.expectations.observedDelete(key);
        }
        this.tracker.observe(p, false);
        this.enqueue(key);
      },
      onDelete: (p) => {
        const key = ownerJobKey(p);
        if (!key) return;
        if (!p.metadata?.deletionTimestamp) this.expectations.observedDelete(key);
        this.tracker.observe(p, true);
        this.enqueue(key);
      },
    });
  }

  protected async sync(key: string): Promise<void> {
    const cached = this.jobs.getByKey(key);
    if (!cached) return;
    const selector = fromLabelSelector(cached.spec?.selector);
    const owned = this.pods.list({
      namespace: cached.metadata!.namespace,
      filter: (p) =>
        selector.matches(p.metadata?.labels) &&
        !!p.metadata?.ownerReferences?.some((r) => r.controller && r.uid === cached.metadata!.uid),
    });
    const finishedBefore = isJobFinished(cached);
    const failedBefore = cached.status?.failed ?? 0;
    let job = await this.tracker.track(cached, owned, !finishedBefore);
    if (finishedBefore) return;
    if ((job.status?.failed ?? 0) > failedBefore) this.lastFailure.set(key, this.clock.now());

    const now = this.clock.now();
    const active = owned.filter(isActive);
    const v = verdict(job, active, now);
    if (v.finished) {
      await this.deletePods(key, active);
      await this.tracker.writeStatus(job, (j) => {
        const s = j.status!;
        const condition: JobCondition = {
          type: v.type,
          status: 'True',
          reason: v.reason,
          message: v.message,
          lastProbeTime: iso(now),
          lastTransitionTime: iso(now),
        };
        s.conditions = [...(s.conditions ?? []).filter((c) => c.type !== v.type), condition];
        s.active = 0;
        s.ready = 0;
        if (v.type === 'Complete') s.completionTime = iso(now);
      });
      if (v.type === 'Complete')
        this.recorder.event(referenceTo(job), 'Normal', 'Completed', 'Job completed');
      else this.recorder.event(referenceTo(job), 'Warning', v.reason, v.message);
      return;
    }

    let requeueMs = 0;
    let activeCount = active.length;
    if (this.expectations.satisfied(key)) {
      const diff = wantedActive(job) - active.length;
      if (diff > 0) {
        const wait =
          (this.lastFailure.get(key) ?? 0) + failureBackoffMs(job.status?.failed ?? 0) - now;
        if (wait > 0) requeueMs = wait;
        else activeCount += await this.createPods(key, job, diff);
      } else if (diff < 0) {
        // Fewest losses first: pods not yet running or not Ready go before Ready ones.
        const victims = [...active]
          .sort((a, b) => Number(isPodReady(a)) - Number(isPodReady(b)))
          .slice(0, -diff);
        await this.deletePods(key, victims);
        activeCount -= victims.length;
      }
    }
    const ready = active.filter(isPodReady).length;
    const s = job.status ?? {};
    if (!s.startTime || s.active !== activeCount || (s.ready ?? 0) !== ready) {
      job = await this.tracker.writeStatus(job, (j) => {
        j.status!.startTime ??= iso(now);
        j.status!.active = activeCount;
        j.status!.ready = ready;
      });
    }
    if (requeueMs > 0) throw new RequeueAfter(requeueMs);
    const deadline = job.spec?.activeDeadlineSeconds;
    if (deadline && job.status?.startTime) {
      throw new RequeueAfter(Date.parse(job.status.startTime) + deadline * 1000 - now);
    }
  }

  /** Creates n pods from the template; returns how many the API server accepted. */
  private async createPods(key: string, job: Job, n: number): Promise<number> {
    this.expectations.expect(key, n, 0);
    const template = job.spec!.template;
    let created = 0;
    for (let i = 0; i < n; i++) {
      const pod: Pod = {
        metadata: {
          generateName: `${job.metadata!.name}-`,
          namespace: job.metadata!.namespace,
          labels: { ...template.metadata?.labels },
          annotations: { ...template.metadata?.annotations },
          finalizers: [JOB_TRACKING_FINALIZER],
          ownerReferences: [
            {
              apiVersion: 'batch/v1',
              kind: 'Job',
              name: job.metadata!.name!,
              uid: job.metadata!.uid!,
              controller: true,
              blockOwnerDeletion: true,
            },
          ],
        },
        spec: structuredClone(template.spec!),
      };
      try {
        const out = await this.podClient.namespace(job.metadata!.namespace!).create(pod);
        created++;
        this.recorder.event(
          referenceTo(job),
          'Normal',
          'SuccessfulCreate',
          `Created pod: ${out.metadata!.name}`,
        );
      } catch (err) {
        // This pod will never show up in the cache: stop waiting for it, and for the rest.
        for (let j = i; j < n; j++) this.expectations.observedAdd(key);
        this.recorder.event(
          referenceTo(job),
          'Warning',
          'FailedCreate',
          `Error creating: ${String(err)}`,
        );
        throw err;
      }
    }
    return created;
  }

  private async deletePods(key: string, pods: readonly Pod[]): Promise<void> {
    if (pods.length === 0) return;
    this.expectations.expect(key, 0, pods.length);
    for (const p of pods) {
      try {
        await this.podClient.namespace(p.metadata!.namespace!).delete(p.metadata!.name!);
      } catch (err) {
        this.expectations.observedDelete(key);
        if (!isNotFound(err)) throw err;
      }
    }
  }
}
