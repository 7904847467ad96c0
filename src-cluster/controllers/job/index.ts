/** The Job controller's entry point for the controller registry. */
import type { Controller, ControllerContext } from '../framework/context';
import { JobController } from './job-controller';

export { JobController } from './job-controller';
export { JOB_TRACKING_FINALIZER } from './job-rules';

export function createJobController(ctx: ControllerContext): Controller {
  return new JobController(ctx);
}
