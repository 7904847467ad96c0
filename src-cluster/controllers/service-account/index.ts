/**
 * Entry points for the controller registry: the ServiceAccount controller, and the root CA
 * publisher, which needs the cluster CA's PEM besides the shared context.
 */
import type { Controller, ControllerContext } from '../framework/context';
import { RootCACertPublisher } from './root-ca-publisher';
import { ServiceAccountController } from './service-account-controller';

export { DEFAULT_SERVICE_ACCOUNTS, ServiceAccountController } from './service-account-controller';
export { ROOT_CA_CONFIGMAP, ROOT_CA_KEY, RootCACertPublisher } from './root-ca-publisher';

export function createServiceAccountController(ctx: ControllerContext): Controller {
  return new ServiceAccountController(ctx);
}

export function createRootCACertPublisher(ctx: ControllerContext, caPem: string): Controller {
  return new RootCACertPublisher(ctx, caPem);
}
