/** The Endpoints controller's entry point for the controller registry. */
import type { Controller, ControllerContext } from '../framework/context';
import { EndpointsController } from './endpoints-controller';

export { EndpointsController, HEADLESS_LABEL } from './endpoints-controller';

export function createEndpointsController(ctx: ControllerContext): Controller {
  return new EndpointsController(ctx);
}
