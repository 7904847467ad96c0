/**
 * The verdict of one plugin at one extension point. Filter plugins explain a rejection with
 * reasons ("Insufficient cpu", "node(s) had untolerated taint {dedicated: gpu}"); those exact
 * strings are what users read in the FailedScheduling event, so they follow upstream's wording.
 */

/**
 * Success: go on. Unschedulable: this node does not fit now, but evicting pods (preemption) might
 * change that. UnschedulableAndUnresolvable: no preemption can help (a taint, a label). Error: the
 * plugin itself failed; the pod is retried with backoff. Skip: returned by PreFilter/PreScore to
 * say "this plugin has nothing to check for this pod" so its Filter/Score is not called at all.
 */
export type Code = 'Success' | 'Error' | 'Unschedulable' | 'UnschedulableAndUnresolvable' | 'Skip';

export class Status {
  /** Name of the plugin that produced the status (set by the runtime). */
  plugin = '';

  constructor(
    readonly code: Code,
    readonly reasons: readonly string[] = [],
  ) {}

  static readonly SUCCESS = new Status('Success');
  static readonly SKIP = new Status('Skip');

  static unschedulable(...reasons: string[]): Status {
    return new Status('Unschedulable', reasons);
  }

  static unresolvable(...reasons: string[]): Status {
    return new Status('UnschedulableAndUnresolvable', reasons);
  }

  static error(message: string): Status {
    return new Status('Error', [message]);
  }

  isSuccess(): boolean {
    return this.code === 'Success';
  }

  isSkip(): boolean {
    return this.code === 'Skip';
  }

  /** Unschedulable or UnschedulableAndUnresolvable: the node (or pod) was rejected, not broken. */
  isRejected(): boolean {
    return this.code === 'Unschedulable' || this.code === 'UnschedulableAndUnresolvable';
  }

  message(): string {
    return this.reasons.join(', ');
  }

  /** A copy attributed to a plugin (the shared SUCCESS/SKIP instances are never mutated). */
  withPlugin(plugin: string): Status {
    const s = new Status(this.code, this.reasons);
    s.plugin = plugin;
    return s;
  }
}
