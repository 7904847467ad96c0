/** The EndpointSlice controller's entry point for the controller registry. */
import type { Controller, ControllerContext } from '../framework/context';
import { EndpointSliceController } from './endpoint-slice-controller';

export {
  EndpointSliceController,
  MANAGED_BY,
  MANAGED_BY_LABEL,
  MAX_ENDPOINTS_PER_SLICE,
  SERVICE_NAME_LABEL,
} from './endpoint-slice-controller';

export function createEndpointSliceController(ctx: ControllerContext): Controller {
  return new EndpointSliceController(ctx);
}
