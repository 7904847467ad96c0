/**
 * Every controller kube-controller-manager can run, by name (the table of contents of
 * controllers/): `--controllers` picks from these names, and the controller manager builds each
 * from one shared ControllerContext. Names are upstream's (`kube-controller-manager --controllers`).
 * Registering a name twice is a programming error and throws at start-up, not silently later.
 */
import type { Controller, ControllerContext } from './framework/context';
import { createDaemonSetController } from './daemon-set/daemon-set-controller';
import { createDeploymentController } from './deployment/deployment-controller';
import { createEndpointSliceController } from './endpoint-slice';
import { createEndpointsController } from './endpoints';
import { createGarbageCollector } from './garbage-collector/garbage-collector';
import { createJobController } from './job';
import { NamespaceController } from './namespace/namespace-controller';
import { createNodeLifecycleController } from './node-lifecycle';
import { createNodeIpamController } from './node-ipam';
import { createReplicaSetController } from './replica-set/replica-set-controller';
import { createRootCACertPublisher, createServiceAccountController } from './service-account';

export type ControllerFactory = (ctx: ControllerContext) => Controller;

export class DuplicateControllerError extends Error {}

export class ControllerRegistry {
  private readonly factories = new Map<string, ControllerFactory>();

  register(name: string, factory: ControllerFactory): this {
    if (this.factories.has(name)) {
      throw new DuplicateControllerError(`controller "${name}" is registered twice`);
    }
    this.factories.set(name, factory);
    return this;
  }

  names(): string[] {
    return [...this.factories.keys()];
  }

  get(name: string): ControllerFactory | undefined {
    return this.factories.get(name);
  }
}

export interface RegistryOptions {
  /** --root-ca-file's contents: published as kube-root-ca.crt in every namespace when given. */
  rootCaPem?: string;
}

/** The controllers kubelab ships, in the order they are started. */
export function defaultControllerRegistry(opts: RegistryOptions = {}): ControllerRegistry {
  const registry = new ControllerRegistry()
    .register(
      'namespace',
      (ctx) => new NamespaceController(ctx.client, ctx.factory, ctx.clock, ctx.trace),
    )
    .register('deployment', createDeploymentController)
    .register('replicaset', createReplicaSetController)
    .register('daemonset', createDaemonSetController)
    .register('garbagecollector', createGarbageCollector)
    .register('nodelifecycle', (ctx) => createNodeLifecycleController(ctx))
    .register('nodeipam', (ctx) => createNodeIpamController(ctx))
    .register('job', createJobController)
    .register('endpoint', createEndpointsController)
    .register('endpointslice', createEndpointSliceController)
    .register('serviceaccount', createServiceAccountController);
  const ca = opts.rootCaPem;
  if (ca) registry.register('root-ca-cert-publisher', (ctx) => createRootCACertPublisher(ctx, ca));
  return registry;
}
